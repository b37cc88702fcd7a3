package sqlite

import (
	"context"
	"database/sql"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"siteward/backend"
)

const firstMigration = "202611220800_initial"

// migrationsWith returns the real first migration plus extra ones, as a
// newer binary would embed them.
func migrationsWith(tb testing.TB, extra map[string]string) fstest.MapFS {
	tb.Helper()
	m := fstest.MapFS{}
	for _, name := range shippedMigrations(tb) {
		body, err := fs.ReadFile(migrationFS, "migrations/"+name+".sql")
		if err != nil {
			tb.Fatal(err)
		}
		m["migrations/"+name+".sql"] = &fstest.MapFile{Data: body}
	}
	for name, sql := range extra {
		m["migrations/"+name+".sql"] = &fstest.MapFile{Data: []byte(sql)}
	}
	return m
}

// shippedMigrations names the embedded migrations, the last release's
// schema every test database starts from.
func shippedMigrations(tb testing.TB) []string {
	tb.Helper()
	names, err := migrationNames(migrationFS)
	if err != nil {
		tb.Fatal(err)
	}
	return names
}

func appliedNames(tb testing.TB, db *DB) map[string]string {
	tb.Helper()
	rows, err := db.write.Query(`SELECT name, applied_at FROM schema_migrations`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var n, at string
		if err := rows.Scan(&n, &at); err != nil {
			tb.Fatal(err)
		}
		out[n] = at
	}
	return out
}

func tableExists(tb testing.TB, db *DB, name string) bool {
	tb.Helper()
	return MustCount(tb, db, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, name) > 0
}

func TestMigrate_Fresh(t *testing.T) {
	db := MustOpenDB(t)
	names, err := migrationNames(migrationFS)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 || names[0] != firstMigration {
		t.Fatalf("embedded migrations = %v, want %s first", names, firstMigration)
	}
	applied := appliedNames(t, db)
	if len(applied) != len(names) {
		t.Fatalf("applied %v, want every embedded migration %v", applied, names)
	}
	for _, n := range names {
		if applied[n] != backend.FormatTime(testNow) {
			t.Errorf("migration %s applied_at %q, want the pinned clock", n, applied[n])
		}
	}
	for _, table := range []string{"users", "client_groups", "clients", "properties", "remarks", "quotes", "invoices", "sessions"} {
		if !tableExists(t, db, table) {
			t.Errorf("table %s missing after a fresh migration", table)
		}
	}
	v, err := db.SchemaVersion(context.Background())
	if err != nil || v != names[len(names)-1] {
		t.Errorf("SchemaVersion = %q, %v; want %q", v, err, names[len(names)-1])
	}
	// A fresh database has nothing to protect: no backup is taken.
	if _, err := os.Stat(filepath.Join(filepath.Dir(db.Path), "backups")); !os.IsNotExist(err) {
		t.Errorf("a fresh database was backed up (%v)", err)
	}
}

func TestMigrate_ReRunAppliesNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "siteward.db")
	clock := NewTestClock()
	db := MustOpenDBAt(t, path, clock)
	u := MustCreateUser(t, db, "Still Here", backend.LicenceOffice)
	before := appliedNames(t, db)
	MustCloseDB(t, db)

	clock.Add(24 * time.Hour)
	db = MustOpenDBAt(t, path, clock)
	after := appliedNames(t, db)
	if len(after) != len(before) {
		t.Fatalf("migrations after reopening = %v, want %v", after, before)
	}
	for n, at := range before {
		if after[n] != at {
			t.Errorf("migration %s re-applied: applied_at %q → %q", n, at, after[n])
		}
	}
	got, err := NewUserService(db).FindUserByID(context.Background(), u.ID)
	if err != nil || got.Email != u.Email {
		t.Fatalf("user after reopening: %+v, %v", got, err)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "backups")); !os.IsNotExist(err) {
		t.Errorf("reopening with nothing to migrate made a backup (%v)", err)
	}
}

func TestMigrate_RefusesNewerDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "siteward.db")
	db := MustOpenDBAt(t, path, NewTestClock())
	u := MustCreateUser(t, db, "Future Proof", backend.LicenceOffice)
	MustExec(t, db, `INSERT INTO schema_migrations (name, applied_at) VALUES ('209901010000_from_the_future', ?)`, backend.FormatTime(testNow))
	MustCloseDB(t, db)

	db = NewDB(path)
	db.Now = NewTestClock().Now
	e := assertCode(t, db.Open(context.Background()), backend.ECONFLICT)
	if !strings.Contains(e.Message, "newer") || !strings.Contains(e.Message, "209901010000_from_the_future") {
		t.Errorf("message %q should say a newer Siteward wrote it, and name the migration", e.Message)
	}
	if db.write != nil && db.write.Ping() == nil {
		t.Error("the refused database was left open")
	}
	// Nothing was touched: the data is there and no backup was taken.
	if got := mustReadOnlyQuery(t, path, `SELECT email FROM users WHERE id = '`+u.ID+`'`); got != u.Email {
		t.Errorf("user after refusal = %q, want %q", got, u.Email)
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(path), "backups")); !os.IsNotExist(err) {
		t.Errorf("a refused database was backed up (%v)", err)
	}
}

func TestMigrate_UpgradeBacksUpFirst(t *testing.T) {
	db := MustOpenDB(t) // the last release: the first migration applied
	db.BackupDir = filepath.Join(t.TempDir(), "backups")
	u := MustCreateUser(t, db, "Old Data", backend.LicenceOffice)

	next := migrationsWith(t, map[string]string{
		"202701010900_widgets": `CREATE TABLE widgets (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users (id));
			INSERT INTO widgets (id, user_id) SELECT 'w-' || id, id FROM users;`,
	})
	if err := db.migrateFrom(context.Background(), next); err != nil {
		t.Fatal(err)
	}

	// Migrated: the new table holds a row derived from the old data, recorded once.
	if n := MustCount(t, db, `SELECT COUNT(*) FROM widgets WHERE user_id = ?`, u.ID); n != 1 {
		t.Errorf("widgets for the old user = %d, want 1", n)
	}
	if applied := appliedNames(t, db); len(applied) != len(shippedMigrations(t))+1 || applied["202701010900_widgets"] == "" {
		t.Errorf("applied = %v, want the first and the widgets migration", applied)
	}

	// Backed up before migrating: one file, a valid database with the old
	// data and without the new table.
	entries, err := os.ReadDir(db.BackupDir)
	if err != nil || len(entries) != 1 {
		t.Fatalf("backup dir holds %v (%v), want exactly one backup", entries, err)
	}
	backup := filepath.Join(db.BackupDir, entries[0].Name())
	if !strings.Contains(entries[0].Name(), "pre-migrate") {
		t.Errorf("backup named %s, want the pre-migrate label", entries[0].Name())
	}
	if got := mustReadOnlyQuery(t, backup, `SELECT email FROM users WHERE id = '`+u.ID+`'`); got != u.Email {
		t.Errorf("backup has user %q, want %q", got, u.Email)
	}
	if got := mustReadOnlyQuery(t, backup, `SELECT name FROM sqlite_master WHERE name = 'widgets'`); got != "" {
		t.Error("the backup already has the new table: it was taken after migrating")
	}
	if got := mustReadOnlyQuery(t, backup, `SELECT group_concat(name) FROM (SELECT name FROM schema_migrations ORDER BY name)`); got != strings.Join(shippedMigrations(t), ",") {
		t.Errorf("backup records migrations %q, want only %v", got, shippedMigrations(t))
	}

	// Running the same migrations again does nothing, and takes no backup.
	if err := db.migrateFrom(context.Background(), next); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(db.BackupDir); len(entries) != 1 {
		t.Errorf("a re-run with nothing pending made another backup: %d files", len(entries))
	}
}

func TestMigrate_FailureRollsBackEntirely(t *testing.T) {
	db := MustOpenDB(t)
	db.BackupDir = filepath.Join(t.TempDir(), "backups")
	u := MustCreateUser(t, db, "Keep Me", backend.LicenceOffice)

	broken := migrationsWith(t, map[string]string{
		"202701010900_broken": `CREATE TABLE gadgets (id TEXT PRIMARY KEY);
			INSERT INTO gadgets (id) VALUES ('g1');
			UPDATE users SET name = 'Overwritten';
			INSERT INTO no_such_table (id) VALUES (1);`,
	})
	err := db.migrateFrom(context.Background(), broken)
	if err == nil || !strings.Contains(err.Error(), "202701010900_broken") {
		t.Fatalf("migrateFrom = %v, want an error naming the failed migration", err)
	}
	if tableExists(t, db, "gadgets") {
		t.Error("the failed migration's table survived")
	}
	if applied := appliedNames(t, db); len(applied) != len(shippedMigrations(t)) || applied[firstMigration] == "" {
		t.Errorf("applied = %v, want only %v", applied, shippedMigrations(t))
	}
	got, err := NewUserService(db).FindUserByID(context.Background(), u.ID)
	if err != nil || got.Name != "Keep Me" {
		t.Errorf("earlier data after a failed migration: %+v, %v", got, err)
	}

	// A fixed migration then applies cleanly on the same database.
	fixed := migrationsWith(t, map[string]string{"202701010900_broken": `CREATE TABLE gadgets (id TEXT PRIMARY KEY);`})
	if err := db.migrateFrom(context.Background(), fixed); err != nil {
		t.Fatal(err)
	}
	if !tableExists(t, db, "gadgets") {
		t.Error("the fixed migration did not apply")
	}
}

// Migrations apply in the order of their names, which start with the time.
func TestMigrationNames_OrderedByTime(t *testing.T) {
	names, err := migrationNames(migrationsWith(t, map[string]string{"202701010900_b": "", "202701010800_a": ""}))
	if err != nil {
		t.Fatal(err)
	}
	want := append(shippedMigrations(t), "202701010800_a", "202701010900_b")
	if strings.Join(names, ",") != strings.Join(want, ",") {
		t.Errorf("migration order = %v, want %v (by name, which starts with the time)", names, want)
	}
}

func TestOpen_RefusesAForeignDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	h, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.Exec(`CREATE TABLE invoices_from_another_app (id INTEGER PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	h.Close()
	db := NewDB(path)
	err = db.Open(context.Background())
	if backend.ErrorCode(err) != backend.EINVALID || !strings.Contains(backend.ErrorMessage(err), "not a Siteward database") {
		t.Fatalf("Open = %v", err)
	}
	h, _ = sql.Open("sqlite3", path)
	defer h.Close()
	var n int
	if err := h.QueryRow(`SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("the foreign database was changed: %d tables, %v", n, err)
	}
}
