package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"siteward/backend"
)

// assertDocsNumberedByKind checks that every search row lies in its kind's
// rowid range and that the index holds exactly the docs' rows.
func assertDocsNumberedByKind(tb testing.TB, db *DB, step string) {
	tb.Helper()
	for kind, n := range searchKindNumber {
		if bad := MustCount(tb, db, `SELECT COUNT(*) FROM search_docs WHERE kind = ? AND (doc <= ? OR doc >= ?)`,
			kind, n*searchKindSpan, (n+1)*searchKindSpan); bad != 0 {
			tb.Errorf("%s: %d %s rows outside their range", step, bad, kind)
		}
	}
	docs := MustCount(tb, db, `SELECT COUNT(*) FROM search_docs`)
	if both := MustCount(tb, db, `SELECT COUNT(*) FROM search_docs d JOIN search_fts f ON f.rowid = d.doc`); both != docs ||
		MustCount(tb, db, `SELECT COUNT(*) FROM search_fts`) != docs {
		tb.Errorf("%s: %d docs, %d index rows, %d matched", step, docs, MustCount(tb, db, `SELECT COUNT(*) FROM search_fts`), both)
	}
}

// searchSummary is a search's groups as kind, count and hit ids.
func searchSummary(tb testing.TB, s *SearchService, sc backend.Scope, q string) []string {
	tb.Helper()
	var out []string
	for _, g := range mustSearch(tb, s, sc, q).Groups {
		ids := make([]string, len(g.Hits))
		for i, h := range g.Hits {
			ids[i] = h.ID
		}
		out = append(out, fmt.Sprintf("%s %d %v %s", g.Kind, g.Total, g.More, strings.Join(ids, ",")))
	}
	return out
}

// A folder written before migration 202612041000 is renumbered by kind and
// searches find what they found before; rows added after take their kind's
// next number, and a quote that changes kind moves with its index row.
func TestSearch_DocsNumberedByKindFromAnOlderFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "siteward.db")
	older := fstest.MapFS{}
	for _, name := range releasedMigrations(t) {
		if name >= "202612041000_search_docs_by_kind" {
			continue
		}
		body, err := migrationFS.ReadFile("migrations/" + name + ".sql")
		if err != nil {
			t.Fatal(err)
		}
		older["migrations/"+name+".sql"] = &fstest.MapFile{Data: body}
	}
	clock := NewTestClock()
	db := NewDB(path)
	db.Now, db.migrations = clock.Now, older
	if err := db.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	w := newPortalWorld(t, db)
	harbour := w.ID("Harbour View")
	client := mustClientOf(t, db, harbour)
	// Interleaved kinds, as an office writes them over time.
	quote := ""
	for i := range 12 {
		MustExec(t, db, `INSERT INTO assets (id, property_id, type, location, created_at, updated_at) VALUES (?, ?, 'Hydrant', ?, 'x', 'x')`,
			backend.NewID(), harbour, fmt.Sprintf("Quokka wing %d", i))
		quote = backend.NewID()
		MustExec(t, db, `INSERT INTO quotes (id, number, kind, client_id, property_id, title, status, created_at, updated_at)
			VALUES (?, ?, 'defect', ?, ?, ?, 'submitted', 'x', 'x')`, quote, 700+i, client, harbour, fmt.Sprintf("Quokka pump %d", i))
		MustExec(t, db, `INSERT INTO reports (id, property_id, kind, title, published, published_at, created_at, updated_at)
			VALUES (?, ?, 'uploaded', ?, 1, 'x', 'x', 'x')`, backend.NewID(), harbour, fmt.Sprintf("Quokka report %d", i))
	}
	s := NewSearchService(db)
	nat := groupScope(w, "Nat National", "National")
	if MustCount(t, db, `SELECT COUNT(*) FROM search_docs WHERE doc > ?`, searchKindSpan) != 0 {
		t.Fatal("the older folder's docs are already numbered by kind")
	}
	MustCloseDB(t, db)

	db = MustOpenDBAt(t, path, clock)
	assertDocsNumberedByKind(t, db, "after the migration")
	// The folder was backed up before it was migrated, as the older release left it.
	backups, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "backups", "*-pre-migrate.db"))
	if len(backups) != 1 {
		t.Fatalf("backups before migrating: %v", backups)
	}
	if got := mustReadOnlyQuery(t, backups[0], `SELECT COUNT(*) FROM schema_migrations WHERE name >= '202612041000'`); got != "0" {
		t.Errorf("the backup has %s of the new migrations", got)
	}
	s = NewSearchService(db)
	got := searchSummary(t, s, nat, "quokka")
	for i, want := range []string{"property 0", "asset 12", "report 12", "defect_quote 12", "service_quote 0", "task 0"} {
		if !strings.HasPrefix(got[i], want+" false") {
			t.Errorf("after the migration: %q, want %q", got[i], want)
		}
	}

	// A new asset is numbered in the assets' range and is the newest hit.
	asset := backend.NewID()
	MustExec(t, db, `INSERT INTO assets (id, property_id, type, location, created_at, updated_at) VALUES (?, ?, 'Hydrant', 'Quokka annex', 'x', 'x')`, asset, harbour)
	assertDocsNumberedByKind(t, db, "after a new asset")
	if r := mustSearch(t, s, nat, "quokka").Groups[1]; r.Total != 13 || r.Hits[0].ID != asset {
		t.Errorf("assets after a new one: total %d, first %s; want 13 and the new one first", r.Total, r.Hits[0].ID)
	}
	// The newest defect quote becomes a service quote: it moves groups.
	before := searchSummary(t, s, nat, "quokka pump")
	MustExec(t, db, `UPDATE quotes SET kind = 'service' WHERE id = ?`, quote)
	assertDocsNumberedByKind(t, db, "after a quote changed kind")
	after := mustSearch(t, s, nat, "quokka pump")
	if d, sv := after.Groups[3], after.Groups[4]; d.Total != 11 || sv.Total != 1 || sv.Hits[0].ID != quote {
		t.Errorf("after the kind change: defect %d, service %d %+v (before %v)", d.Total, sv.Total, sv.Hits, before)
	}
	MustExec(t, db, `UPDATE quotes SET kind = 'defect' WHERE id = ?`, quote)
	if again := searchSummary(t, s, nat, "quokka pump"); !reflect.DeepEqual(again, before) {
		t.Errorf("changed back: %v, want %v", again, before)
	}
	assertDocsNumberedByKind(t, db, "after the quote changed back")
}
