package demo_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"siteward/backend"
	"siteward/backend/demo"
	"siteward/backend/sqlite"
)

var testNow = time.Date(2026, 11, 22, 3, 0, 0, 0, time.UTC)

// mustGenerate generates a dataset into a new database file in a temp dir.
func mustGenerate(tb testing.TB, size demo.Size, seed uint64) (*sqlite.DB, *demo.Logins, string) {
	tb.Helper()
	dir := tb.TempDir()
	path := filepath.Join(dir, "siteward.db")
	db := sqlite.NewDB(path)
	db.Now = func() time.Time { return testNow }
	ctx := context.Background()
	if err := db.Open(ctx); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	var files int
	logins, err := demo.Generate(ctx, db, demo.Options{Size: size, Seed: seed, Now: testNow,
		WriteFile: func(sha, mime string, content []byte) error {
			if got := sha256.Sum256(content); hex.EncodeToString(got[:]) != sha {
				return fmt.Errorf("file %s: wrong hash", sha)
			}
			files++
			return nil
		}})
	if err != nil {
		tb.Fatal(err)
	}
	if files == 0 {
		tb.Fatal("WriteFile was never called")
	}
	return db, logins, path
}

// mustOpenRaw opens the file for direct queries.
func mustOpenRaw(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	raw, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_foreign_keys=1")
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { raw.Close() })
	return raw
}

func mustInt(tb testing.TB, db *sql.DB, query string, args ...any) int {
	tb.Helper()
	var n sql.NullInt64
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return int(n.Int64)
}

func mustFloat(tb testing.TB, db *sql.DB, query string, args ...any) float64 {
	tb.Helper()
	var f sql.NullFloat64
	if err := db.QueryRow(query, args...).Scan(&f); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return f.Float64
}

// tableHash hashes every row of a table in primary-key order.
func tableHash(tb testing.TB, db *sql.DB, table, orderBy string) string {
	tb.Helper()
	rows, err := db.Query(`SELECT * FROM ` + table + ` ORDER BY ` + orderBy)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	h := sha256.New()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			tb.Fatal(err)
		}
		fmt.Fprintf(h, "%v\n", vals)
	}
	if err := rows.Err(); err != nil {
		tb.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestGenerateSmall(t *testing.T) {
	t.Parallel()
	checkSmall(t, 1)
}

// checkSmall generates the small dataset with seed and checks it.
func checkSmall(t *testing.T, seed uint64) {
	_, logins, path := mustGenerate(t, demo.Small, seed)
	db := mustOpenRaw(t, path)
	want, _ := demo.CountsFor(demo.Small)

	t.Run("counts", func(t *testing.T) {
		for _, c := range []struct {
			query string
			want  int
		}{
			{`SELECT COUNT(*) FROM client_groups`, want.ClientGroups},
			{`SELECT COUNT(*) FROM clients`, want.Clients},
			{`SELECT COUNT(*) FROM properties`, want.Properties},
			{`SELECT COUNT(*) FROM assets`, want.Assets},
			{`SELECT COUNT(*) FROM tasks`, want.Tasks},
			{`SELECT COUNT(*) FROM remarks`, want.Remarks},
			{`SELECT COUNT(*) FROM quotes`, want.Quotes},
			{`SELECT COUNT(*) FROM invoices`, want.Invoices},
			{`SELECT COUNT(*) FROM users WHERE licence = 'customer'`, want.CustomerUsers},
			{`SELECT COUNT(*) FROM users WHERE licence = 'office' AND email = 'office@siteward.demo'`, 1},
		} {
			if got := mustInt(t, db, c.query); got != c.want {
				t.Errorf("%s = %d, want %d", c.query, got, c.want)
			}
		}
	})

	t.Run("integrity", func(t *testing.T) {
		if n := mustInt(t, db, `SELECT COUNT(*) FROM pragma_foreign_key_check`); n != 0 {
			t.Errorf("%d foreign key violations", n)
		}
		if s := mustString(t, db, `PRAGMA integrity_check`); s != "ok" {
			t.Errorf("integrity_check: %s", s)
		}
	})

	t.Run("groups nest at most six deep with no cycles", func(t *testing.T) {
		depth := mustInt(t, db, `WITH RECURSIVE d(id, depth) AS (
				SELECT id, 1 FROM client_groups WHERE parent_id IS NULL
				UNION ALL SELECT g.id, d.depth + 1 FROM client_groups g JOIN d ON g.parent_id = d.id WHERE d.depth < 20)
			SELECT MAX(depth) FROM d`)
		if depth > 6 || depth < 4 {
			t.Errorf("deepest group is at depth %d, want 4..6", depth)
		}
		reached := mustInt(t, db, `WITH RECURSIVE d(id) AS (
				SELECT id FROM client_groups WHERE parent_id IS NULL
				UNION SELECT g.id FROM client_groups g JOIN d ON g.parent_id = d.id)
			SELECT COUNT(*) FROM d`)
		if reached != want.ClientGroups {
			t.Errorf("%d groups reachable from a root, want all %d", reached, want.ClientGroups)
		}
	})

	t.Run("rules", func(t *testing.T) {
		for _, c := range []struct{ name, query string }{
			{"clients without exactly one primary contact",
				`SELECT COUNT(*) FROM clients c WHERE (SELECT COUNT(*) FROM client_contacts k WHERE k.client_id = c.id AND k.is_primary = 1) <> 1`},
			{"routine tasks without a routine", `SELECT COUNT(*) FROM tasks WHERE kind = 'routine' AND routine_id IS NULL`},
			{"routine on another property", `SELECT COUNT(*) FROM tasks t JOIN routines r ON r.id = t.routine_id WHERE r.property_id <> t.property_id`},
			{"tasks done without dates", `SELECT COUNT(*) FROM tasks WHERE stage IN ('performed', 'complete') AND performed_at IS NULL`},
			{"tasks complete without completion", `SELECT COUNT(*) FROM tasks WHERE (stage = 'complete') <> (completed_at IS NOT NULL)`},
			{"tasks not done with a performed date", `SELECT COUNT(*) FROM tasks WHERE stage IN ('onhold', 'ready', 'inprogress') AND performed_at IS NOT NULL`},
			{"tasks completed before performed", `SELECT COUNT(*) FROM tasks WHERE completed_at < performed_at`},
			{"tasks performed before created", `SELECT COUNT(*) FROM tasks WHERE performed_at < created_at`},
			{"records in the future", `SELECT (SELECT COUNT(*) FROM tasks WHERE created_at > ?1 OR performed_at > ?1 OR completed_at > ?1)
				+ (SELECT COUNT(*) FROM remarks WHERE raised_at > ?1 OR resolved_at > ?1 OR published_at > ?1)
				+ (SELECT COUNT(*) FROM quotes WHERE created_at > ?1 OR decided_at > ?1)
				+ (SELECT COUNT(*) FROM invoices WHERE created_at > ?1)`},
			{"remarks resolved before raised", `SELECT COUNT(*) FROM remarks WHERE resolved_at < raised_at`},
			{"remarks on another property's asset", `SELECT COUNT(*) FROM remarks r JOIN assets a ON a.id = r.asset_id WHERE a.property_id <> r.property_id`},
			{"remarks from a task not performed", `SELECT COUNT(*) FROM remarks r JOIN tasks t ON t.id = r.task_id WHERE t.performed_at IS NULL`},
			{"quote totals that are not their lines", `SELECT COUNT(*) FROM quotes q WHERE total_cents <> (SELECT SUM(quantity * unit_cents) FROM quote_lines l WHERE l.quote_id = q.id)`},
			{"defect quote lines on another property's remark", `SELECT COUNT(*) FROM quote_lines l JOIN quotes q ON q.id = l.quote_id JOIN remarks r ON r.id = l.remark_id WHERE r.property_id <> q.property_id`},
			{"defect quotes without remarks", `SELECT COUNT(*) FROM quotes q WHERE kind = 'defect' AND NOT EXISTS (SELECT 1 FROM quote_lines l WHERE l.quote_id = q.id AND l.remark_id IS NOT NULL)`},
			{"approved quotes without an approver", `SELECT COUNT(*) FROM quotes WHERE status = 'approved' AND (decided_by_name = '' OR decided_at IS NULL)`},
			{"submitted quotes already expired", `SELECT COUNT(*) FROM quotes WHERE status = 'submitted' AND expires_on < substr(?1, 1, 10)`},
			{"expired quotes not yet expired", `SELECT COUNT(*) FROM quotes WHERE status = 'expired' AND expires_on >= substr(?1, 1, 10)`},
			{"issued quotes without dates", `SELECT COUNT(*) FROM quotes WHERE status IN ('submitted', 'approved', 'declined', 'expired') AND (issued_on IS NULL OR expires_on IS NULL)`},
			{"invoices paid wrong", `SELECT COUNT(*) FROM invoices i WHERE paid_cents <> COALESCE((SELECT SUM(amount_cents) FROM invoice_payments p WHERE p.invoice_id = i.id), 0)`},
			{"paid invoices not paid in full", `SELECT COUNT(*) FROM invoices WHERE status = 'paid' AND paid_cents <> total_cents`},
			{"issued invoices without dates", `SELECT COUNT(*) FROM invoices WHERE status <> 'draft' AND (issued_on IS NULL OR due_on IS NULL)`},
			{"invoices for another property's task", `SELECT COUNT(*) FROM invoices i JOIN tasks t ON t.id = i.task_id WHERE t.property_id <> i.property_id OR t.stage <> 'complete'`},
			{"invoices of another client", `SELECT COUNT(*) FROM invoices i JOIN properties p ON p.id = i.property_id WHERE p.client_id <> i.client_id`},
			{"tenancies in another client's building", `SELECT COUNT(*) FROM properties t JOIN properties b ON b.id = t.parent_id WHERE b.client_id <> t.client_id OR b.parent_id IS NOT NULL`},
			{"properties outside Australia", `SELECT COUNT(*) FROM properties WHERE lat NOT BETWEEN -44 AND -10 OR lng NOT BETWEEN 112 AND 154`},
			{"pins without a floorplan", `SELECT COUNT(*) FROM assets WHERE (pin_x IS NULL) <> (floorplan_id IS NULL)`},
			{"assets on another property's floorplan", `SELECT COUNT(*) FROM assets a JOIN floorplans f ON f.id = a.floorplan_id WHERE f.property_id <> a.property_id`},
			{"duplicate barcodes", `SELECT COUNT(*) - COUNT(DISTINCT barcode) FROM assets WHERE barcode <> ''`},
			{"numbers out of creation order", `SELECT COUNT(*) FROM (SELECT number, LAG(number) OVER (ORDER BY created_at, number) AS prev FROM tasks) WHERE number < prev`},
		} {
			if n := mustInt(t, db, c.query, backend.FormatTime(testNow)); n != 0 {
				t.Errorf("%s: %d", c.name, n)
			}
		}
	})

	t.Run("mixes", func(t *testing.T) {
		total := float64(want.Remarks)
		for sev, share := range map[string]float64{"critical": 0.05, "non_critical": 0.20, "non_conformance": 0.35, "recommendation": 0.25, "information": 0.15} {
			got := float64(mustInt(t, db, `SELECT COUNT(*) FROM remarks WHERE severity = ?`, sev)) / total
			if got < share-0.03 || got > share+0.03 {
				t.Errorf("severity %s: %.3f of remarks, want %.2f ± 0.03", sev, got, share)
			}
		}
		for _, c := range []struct {
			name   string
			query  string
			lo, hi float64
		}{
			{"resolved", `SELECT AVG(status = 'resolved') FROM remarks`, 0.63, 0.77},
			{"published", `SELECT AVG(published) FROM remarks`, 0.80, 0.90},
			{"inactive properties", `SELECT AVG(active = 0) FROM properties`, 0.01, 0.10},
			{"tenancies", `SELECT AVG(parent_id IS NOT NULL) FROM properties`, 0.02, 0.12},
			{"routine tasks", `SELECT AVG(kind = 'routine') FROM tasks`, 0.55, 0.80},
			{"ESM assets", `SELECT AVG(esm) FROM assets`, 0.8, 0.97},
			{"overdue invoices", `SELECT AVG(status = 'issued' AND due_on < substr(?1, 1, 10)) FROM invoices`, 0.01, 0.12},
			{"routine tasks done late", `SELECT AVG(julianday(substr(performed_at, 1, 10)) > julianday(due_on) + tolerance_days) FROM tasks WHERE kind = 'routine' AND performed_at IS NOT NULL`, 0.05, 0.2},
			{"routine tasks overdue", `SELECT AVG(performed_at IS NULL AND stage <> 'cancelled' AND julianday(due_on) + tolerance_days < julianday(substr(?1, 1, 10))) FROM tasks WHERE kind = 'routine'`, 0.002, 0.08},
		} {
			got := mustFloat(t, db, c.query, backend.FormatTime(testNow))
			if got < c.lo || got > c.hi {
				t.Errorf("%s: %.3f, want %.3f..%.3f", c.name, got, c.lo, c.hi)
			}
		}
		for _, c := range []struct {
			column string
			values []string
			where  string
		}{
			{"stage", []string{"onhold", "ready", "inprogress", "performed", "complete", "cancelled"}, `FROM tasks WHERE kind = 'service_call'`},
			{"stage", []string{"ready", "complete", "cancelled", "performed"}, `FROM tasks WHERE kind = 'routine'`},
			{"status", []string{"draft", "submitted", "approved", "declined", "expired", "voided", "deleted"}, `FROM quotes WHERE kind = 'defect'`},
			{"status", []string{"draft", "submitted", "approved", "declined", "expired", "voided", "deleted"}, `FROM quotes WHERE kind = 'service'`},
			{"status", []string{"draft", "issued", "paid", "voided"}, `FROM invoices WHERE 1`},
			{"folder", []string{"public", "Internal"}, `FROM documents WHERE 1`},
			{"kind", []string{"yearly_condition", "routine_activity", "uploaded"}, `FROM reports WHERE 1`},
			{"type", []string{"Extinguisher", "Hydrant", "Hose reel", "Exit light", "Emergency light", "Fire door", "Sprinkler system", "Detector", "Fire indicator panel"}, `FROM assets WHERE 1`},
		} {
			for _, v := range c.values {
				if n := mustInt(t, db, `SELECT COUNT(*) `+c.where+` AND `+c.column+` = ?`, v); n == 0 {
					t.Errorf("no rows %s with %s = %s", c.where, c.column, v)
				}
			}
		}
		for _, q := range []string{
			`SELECT COUNT(*) FROM reports WHERE published = 0`,
			`SELECT COUNT(*) FROM reports WHERE published = 1`,
			`SELECT COUNT(*) FROM signoffs`,
			`SELECT COUNT(*) FROM property_contacts WHERE receive_reports = 1`,
			`SELECT COUNT(*) FROM client_tags`,
			`SELECT COUNT(*) FROM client_users`,
			`SELECT COUNT(*) FROM client_group_accounts`,
			`SELECT COUNT(*) FROM user_property_limits`,
			`SELECT COUNT(*) FROM remark_photos`,
			`SELECT COUNT(*) FROM floorplans`,
			`SELECT COUNT(*) FROM invoice_payments`,
			`SELECT COUNT(*) FROM invitations`,
			`SELECT COUNT(*) FROM quotes WHERE status = 'approved' AND po_reference <> ''`,
			`SELECT COUNT(*) FROM documents WHERE client_id IS NOT NULL`,
			`SELECT COUNT(*) FROM documents WHERE property_id IS NOT NULL`,
		} {
			if mustInt(t, db, q) == 0 {
				t.Errorf("%s: none", q)
			}
		}
	})

	t.Run("logins", func(t *testing.T) { checkLogins(t, path, logins) })
}

func mustString(tb testing.TB, db *sql.DB, query string) string {
	tb.Helper()
	var s string
	if err := db.QueryRow(query).Scan(&s); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return s
}

func TestGenerateIsDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("generates three datasets")
	}
	t.Parallel()
	_, _, a := mustGenerate(t, demo.Small, 7)
	_, _, b := mustGenerate(t, demo.Small, 7)
	_, _, c := mustGenerate(t, demo.Small, 8)
	da, db, dc := mustOpenRaw(t, a), mustOpenRaw(t, b), mustOpenRaw(t, c)
	for _, tbl := range []string{"client_groups", "clients", "properties", "assets", "tasks", "remarks", "quotes", "quote_lines",
		"invoices", "invoice_payments", "reports", "documents", "client_users", "sign_ins"} {
		ha, hb, hc := tableHash(t, da, tbl, "1, 2"), tableHash(t, db, tbl, "1, 2"), tableHash(t, dc, tbl, "1, 2")
		if ha != hb {
			t.Errorf("%s differs between two runs with the same seed", tbl)
		}
		if ha == hc {
			t.Errorf("%s is the same for different seeds", tbl)
		}
	}
	// Users match too, except for the salted password hashes.
	q := `SELECT id || email || name || licence || active || COALESCE(last_login_at, '') || (password_hash <> '') FROM users ORDER BY id`
	if tableHashQuery(t, da, q) != tableHashQuery(t, db, q) {
		t.Error("users differ between two runs with the same seed")
	}
}

func tableHashQuery(tb testing.TB, db *sql.DB, q string) string {
	tb.Helper()
	rows, err := db.Query(q)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	h := sha256.New()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			tb.Fatal(err)
		}
		fmt.Fprintln(h, s)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestGenerateRefusesADatabaseWithData(t *testing.T) {
	t.Parallel()
	db, _, _ := mustGenerate(t, demo.Small, 1)
	_, err := demo.Generate(context.Background(), db, demo.Options{Size: demo.Small, Seed: 1, Now: testNow})
	if backend.ErrorCode(err) != backend.ECONFLICT {
		t.Fatalf("second Generate: %v, want a conflict", err)
	}
}

func TestGenerateChecksOptions(t *testing.T) {
	db := sqlite.NewDB(filepath.Join(t.TempDir(), "siteward.db"))
	if err := db.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := demo.Generate(context.Background(), db, demo.Options{Size: "huge", Now: testNow}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("unknown size: %v", err)
	}
	if _, err := demo.Generate(context.Background(), db, demo.Options{Size: demo.Small}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("no Now: %v", err)
	}
	if s, err := demo.ParseSize(" Medium "); err != nil || s != demo.Medium {
		t.Errorf("ParseSize = %q, %v", s, err)
	}
}

func TestWriteLogins(t *testing.T) {
	dir := t.TempDir()
	in := &demo.Logins{Size: demo.Small, Seed: 3, Logins: []demo.Login{{Role: demo.RoleOffice, Email: demo.OfficeEmail, Password: demo.Password}}}
	if err := demo.WriteLogins(dir, in); err != nil {
		t.Fatal(err)
	}
	out, err := demo.ReadLogins(dir)
	if err != nil {
		t.Fatal(err)
	}
	if out.Get(demo.RoleOffice).Email != demo.OfficeEmail || out.Seed != 3 {
		t.Errorf("read back %+v", out)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left %d files in the folder, want only %s", len(entries), demo.LoginsFile)
	}
}

// BenchmarkGenerate generates each size once per iteration; run one with
// e.g. -bench 'Generate/medium' -benchtime 1x.
func BenchmarkGenerate(b *testing.B) {
	for _, size := range demo.Sizes {
		b.Run(string(size), func(b *testing.B) {
			for range b.N {
				start := time.Now()
				_, _, path := mustGenerate(b, size, 1)
				elapsed := time.Since(start)
				fi, _ := os.Stat(path)
				b.ReportMetric(elapsed.Seconds(), "s/op-wall")
				b.ReportMetric(float64(fi.Size())/1e6, "MB")
			}
		})
	}
}
