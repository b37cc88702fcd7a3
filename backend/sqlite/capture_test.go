package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

// change is one row of sync_changes.
type change struct {
	Seq        int64
	Table, Row string
	Op         string
	Cols       map[string]any
	HLC        backend.HLC
}

func mustChanges(tb testing.TB, db *DB, table string) []change {
	tb.Helper()
	rows, err := db.write.Query(`SELECT seq, tbl, row_id, op, cols, hlc FROM sync_changes WHERE tbl = ? ORDER BY seq`, table)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	var out []change
	for rows.Next() {
		var c change
		var cols sql.NullString
		var hlc string
		if err := rows.Scan(&c.Seq, &c.Table, &c.Row, &c.Op, &cols, &hlc); err != nil {
			tb.Fatal(err)
		}
		if cols.Valid {
			if err := json.Unmarshal([]byte(cols.String), &c.Cols); err != nil {
				tb.Fatalf("cols %q: %v", cols.String, err)
			}
		}
		if c.HLC, err = backend.ParseHLC(hlc); err != nil {
			tb.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

func TestCapture_RecordsEveryWriteOfASyncedTable(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	c := MustCreateClientWith(t, db, &backend.Client{Name: "Harbour Strata", Active: true, Tags: []string{"Key account"}})

	got := mustChanges(t, db, "clients")
	if len(got) != 1 || got[0].Op != "insert" || got[0].Row != c.ID || got[0].Cols["name"] != "Harbour Strata" {
		t.Fatalf("after create: %+v, want one insert with every column", got)
	}
	if _, ok := got[0].Cols["pricing_tier"]; !ok {
		t.Errorf("insert cols %v lack pricing_tier: an insert carries every column", got[0].Cols)
	}
	tags := mustChanges(t, db, "client_tags")
	if len(tags) != 1 || tags[0].Row != `["`+c.ID+`","Key account"]` {
		t.Fatalf("tag changes %+v, want one insert keyed by the composite key", tags)
	}

	tier := "preferred"
	if _, err := NewClientService(db).UpdateClient(ctx, c.ID, backend.ClientUpdate{PricingTier: &tier}); err != nil {
		t.Fatal(err)
	}
	got = mustChanges(t, db, "clients")
	if len(got) != 2 {
		t.Fatalf("after update: %d changes, want 2", len(got))
	}
	upd := got[1]
	if upd.Op != "update" || upd.Cols["pricing_tier"] != "preferred" {
		t.Fatalf("update change %+v, want pricing_tier", upd)
	}
	if _, ok := upd.Cols["name"]; ok {
		t.Errorf("update change %v carries an unchanged column", upd.Cols)
	}
	if upd.HLC.Compare(got[0].HLC) <= 0 {
		t.Errorf("the update's clock %v is not after the insert's %v", upd.HLC, got[0].HLC)
	}

	MustExec(t, db, `DELETE FROM client_tags WHERE client_id = ?`, c.ID)
	tags = mustChanges(t, db, "client_tags")
	if len(tags) != 2 || tags[1].Op != "delete" || tags[1].Cols != nil {
		t.Fatalf("tag changes after delete %+v, want a delete with no columns", tags)
	}
}

// An update that changes nothing records nothing.
func TestCapture_NoOpUpdateRecordsNothing(t *testing.T) {
	db := MustOpenDB(t)
	c := MustCreateClient(t, db, "Same Name", nil)
	MustExec(t, db, `UPDATE clients SET name = name WHERE id = ?`, c.ID)
	if got := mustChanges(t, db, "clients"); len(got) != 1 {
		t.Fatalf("changes %+v, want only the insert", got)
	}
}

// A failed operation leaves neither its rows nor their changes.
func TestCapture_RollbackTakesTheChangesWithIt(t *testing.T) {
	db := MustOpenDB(t)
	boom := errors.New("boom")
	err := db.Update(context.Background(), func(tx *Tx) error {
		if _, err := tx.Exec(`INSERT INTO client_groups (id, name, created_at, updated_at) VALUES (?, 'Half Done', ?, ?)`,
			backend.NewID(), tx.now, tx.now); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("Update = %v, want boom", err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM sync_changes`); n != 0 {
		t.Errorf("%d changes survived a rolled-back operation", n)
	}
}

// The application's own connection outside Update cannot write a synced
// table, and neither can any other program's connection.
func TestCapture_WriteOutsideCaptureFails(t *testing.T) {
	db := MustOpenDB(t)
	c := MustCreateClient(t, db, "Untouched", nil)

	_, err := db.write.Exec(`UPDATE clients SET name = 'Sneaky' WHERE id = ?`, c.ID)
	if err == nil || !strings.Contains(err.Error(), "outside change capture") {
		t.Fatalf("write outside Update = %v, want it refused", err)
	}

	other, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: db.Path}).EscapedPath()+"?_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = other.Exec(`UPDATE clients SET name = 'Sneaky' WHERE id = ?`, c.ID)
	if err == nil || !strings.Contains(err.Error(), "no such function") {
		t.Fatalf("write from another program = %v, want it refused", err)
	}
	// Tables that are not synced stay writable by the application.
	if _, err := db.write.Exec(`INSERT INTO settings (key, value, updated_at) VALUES ('x', '1', '2026-01-01T00:00:00.000Z')`); err != nil {
		t.Errorf("write to an unsynced table: %v", err)
	}

	got, err := NewClientService(db).FindClientByID(context.Background(), c.ID)
	if err != nil || got.Name != "Untouched" {
		t.Errorf("client after refused writes: %+v, %v", got, err)
	}
	if n := len(mustChanges(t, db, "clients")); n != 1 {
		t.Errorf("%d client changes, want only the insert", n)
	}
}

// A bulk load is a snapshot: rows, no change log.
func TestCapture_BulkLoadWritesNoChanges(t *testing.T) {
	db := MustOpenDB(t)
	err := db.BulkLoad(context.Background(), func(exec func(string, ...any) error, commit func() error) error {
		for i := range 3 {
			if err := exec(`INSERT INTO client_groups (id, name, created_at, updated_at) VALUES (?, ?, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
				backend.NewID(), "Bulk "+string(rune('A'+i))); err != nil {
				return err
			}
		}
		return commit()
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM client_groups`); n != 3 {
		t.Fatalf("%d groups loaded, want 3", n)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM sync_changes`); n != 0 {
		t.Errorf("a bulk load logged %d changes, want none", n)
	}
	// And capture is closed again afterwards.
	if _, err := db.write.Exec(`DELETE FROM client_groups`); err == nil {
		t.Error("a write after the bulk load escaped capture")
	}
}

// Every registered table has its triggers, and a column a migration adds
// is captured from then on.
func TestCapture_TriggersFollowTheSchema(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	if n := MustCount(t, db, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sw\_capture\_%' ESCAPE '\'`); n != 3*len(syncedTables) {
		t.Fatalf("%d capture triggers, want %d (3 per synced table)", n, 3*len(syncedTables))
	}
	before := MustCount(t, db, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%sw_capture(%'`)

	next := migrationsWith(t, map[string]string{"202701010900_client_colour": `ALTER TABLE clients ADD COLUMN colour TEXT NOT NULL DEFAULT ''`})
	if err := db.migrateFrom(ctx, next); err != nil {
		t.Fatal(err)
	}
	if err := db.installCapture(ctx); err != nil {
		t.Fatal(err)
	}
	if after := MustCount(t, db, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%sw_capture(%'`); after != before {
		t.Fatalf("%d triggers after the migration, want %d", after, before)
	}
	c := MustCreateClient(t, db, "Colourful", nil)
	MustExec(t, db, `UPDATE clients SET colour = 'teal' WHERE id = ?`, c.ID)
	got := mustChanges(t, db, "clients")
	if last := got[len(got)-1]; last.Cols["colour"] != "teal" {
		t.Errorf("the new column's change %+v was not captured", last)
	}

}

func TestCapture_InstallIsIdempotent(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	seqBefore := MustCount(t, db, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'`)
	// Record the triggers' text, install again, and compare: a rewrite on
	// every open would be wasted work (and would hide a generator that is
	// not deterministic).
	rows := func() map[string]string {
		tx, err := db.write.BeginTx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer tx.Rollback()
		m, err := triggersNamed(ctx, tx, captureTriggerPrefix)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	first := rows()
	if err := db.installCapture(ctx); err != nil {
		t.Fatal(err)
	}
	second := rows()
	if len(first) != len(second) || seqBefore != MustCount(t, db, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger'`) {
		t.Fatalf("trigger count changed: %d → %d", len(first), len(second))
	}
	for name, body := range first {
		if second[name] != body {
			t.Errorf("trigger %s changed on a second install", name)
		}
	}
	// The generator's text is what SQLite stores, so comparison works.
	tx, _ := db.write.BeginTx(ctx, nil)
	defer tx.Rollback()
	cols, key, err := tableColumns(ctx, tx, "tasks")
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range captureTriggers("tasks", cols, key) {
		if first[name] != body {
			t.Errorf("stored %s differs from the generated text", name)
		}
	}
}

// The clock survives a restart even if the computer's clock went back.
func TestCapture_ClockNeverRunsBackAcrossRestarts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "siteward.db")
	clock := NewTestClock()
	db := MustOpenDBAt(t, path, clock)
	MustCreateClient(t, db, "Before", nil)
	first := mustChanges(t, db, "clients")[0].HLC
	MustCloseDB(t, db)

	clock.Add(-48 * time.Hour) // the computer's clock is set two days back
	db = MustOpenDBAt(t, path, clock)
	if db.SiteID() == "" {
		t.Fatal("no site id")
	}
	MustCreateClient(t, db, "After", nil)
	got := mustChanges(t, db, "clients")
	if got[1].HLC.Compare(first) <= 0 {
		t.Errorf("after a restart with the clock set back, %v is not after %v", got[1].HLC, first)
	}
}

// Capture crosses from SQLite into Go once per written row, whatever the
// statement — the cost it adds to a bulk write — and still refuses a write
// outside capture that changes nothing.
func TestCapture_OneCallPerRow(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	c := MustCreateClient(t, db, "Counted", nil)
	for _, tc := range []struct {
		what  string
		query string
		rows  int64
	}{
		{"insert of three rows", `INSERT INTO client_tags (client_id, tag) VALUES (?1, 'a'), (?1, 'b'), (?1, 'c')`, 3},
		{"update of one row", `UPDATE clients SET name = 'Counted Again' WHERE id = ?1`, 1},
		{"update that changes nothing", `UPDATE clients SET name = name WHERE id = ?1`, 1},
		{"delete of three rows", `DELETE FROM client_tags WHERE client_id = ?1`, 3},
	} {
		before := db.capture.calls.Load()
		if err := db.Update(ctx, func(tx *Tx) error { _, err := tx.Exec(tc.query, c.ID); return err }); err != nil {
			t.Fatalf("%s: %v", tc.what, err)
		}
		if got := db.capture.calls.Load() - before; got != tc.rows {
			t.Errorf("%s: %d calls of sw_capture, want %d", tc.what, got, tc.rows)
		}
	}
	if _, err := db.write.Exec(`UPDATE clients SET name = name WHERE id = ?`, c.ID); err == nil || !strings.Contains(err.Error(), "outside change capture") {
		t.Errorf("an update changing nothing outside capture = %v, want it refused", err)
	}
	var n int
	if err := db.write.QueryRow(`SELECT COUNT(*) FROM sync_changes WHERE tbl = 'client_tags'`).Scan(&n); err != nil || n != 6 {
		t.Errorf("client_tags changes = %d (%v), want 3 inserts and 3 deletes", n, err)
	}
}

// Rows inserted through Tx.insertLogged are logged exactly as the triggers
// log them one at a time: same rows, columns and values, in the same order.
func TestCapture_BulkInsertLogEqualsTheTriggers(t *testing.T) {
	ctx := context.Background()
	write := func(tx *Tx, bulk bool) error {
		ids := []string{"c-b", "c-a", "c-c"}
		clients := func() error {
			for i, id := range ids {
				if _, err := tx.ExecContext(ctx, `INSERT INTO clients (id, code, name, active, created_at, updated_at)
					VALUES (?, ?, ?, 1, ?, ?)`, id, fmt.Sprintf("C%d", i), "Client "+id, tx.now, tx.now); err != nil {
					return err
				}
			}
			return nil
		}
		tags := func() error {
			for _, id := range ids {
				if _, err := tx.ExecContext(ctx, `INSERT INTO client_tags (client_id, tag) VALUES (?, 'alpha'), (?, 'zeta')`, id, id); err != nil {
					return err
				}
			}
			return nil
		}
		if !bulk {
			if err := clients(); err != nil {
				return err
			}
			return tags()
		}
		if err := tx.insertLogged(ctx, "clients", "id", ids, clients); err != nil {
			return err
		}
		return tx.insertLogged(ctx, "client_tags", "client_id", ids, tags)
	}
	logs := map[bool][]string{}
	for _, bulk := range []bool{false, true} {
		db := MustOpenDB(t)
		if err := db.Update(ctx, func(tx *Tx) error { return write(tx, bulk) }); err != nil {
			t.Fatalf("bulk %v: %v", bulk, err)
		}
		rows, err := db.write.QueryContext(ctx, `SELECT tbl, row_id, op, cols, origin, base_seq,
			hlc = (SELECT MIN(hlc) FROM sync_changes) FROM sync_changes ORDER BY seq`)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var tbl, row, op, cols, origin string
			var base int64
			var sameClock bool
			if err := rows.Scan(&tbl, &row, &op, &cols, &origin, &base, &sameClock); err != nil {
				t.Fatal(err)
			}
			if origin != db.siteID || !sameClock {
				t.Errorf("bulk %v: change of %s %s has origin %s, one clock %v", bulk, tbl, row, origin, sameClock)
			}
			// The two installs' clocks differ; everything else must not.
			logs[bulk] = append(logs[bulk], fmt.Sprintf("%s %s %s %s %d", tbl, row, op, cols, base))
		}
		rows.Close()
	}
	if len(logs[false]) != 9 || !slices.Equal(logs[false], logs[true]) {
		t.Errorf("one at a time:\n%s\nin bulk:\n%s", strings.Join(logs[false], "\n"), strings.Join(logs[true], "\n"))
	}
}

// A row written to the table meanwhile that is not among the keys fails the
// whole write: nothing escapes the log.
func TestCapture_BulkInsertLogRefusesAnUnlistedRow(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	err := db.Update(ctx, func(tx *Tx) error {
		return tx.insertLogged(ctx, "clients", "id", []string{"listed"}, func() error {
			for _, id := range []string{"listed", "unlisted"} {
				if _, err := tx.ExecContext(ctx, `INSERT INTO clients (id, code, name, active, created_at, updated_at)
					VALUES (?, ?, 'X', 1, ?, ?)`, id, id, tx.now, tx.now); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err == nil || !strings.Contains(err.Error(), "2 rows written to clients, 1 logged") {
		t.Fatalf("write with an unlisted row = %v, want it refused", err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM clients`) + MustCount(t, db, `SELECT COUNT(*) FROM sync_changes`); n != 0 {
		t.Errorf("%d rows and changes left by the refused write", n)
	}
}
