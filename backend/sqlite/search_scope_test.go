package sqlite

import (
	"context"
	"fmt"
	"testing"

	"siteward/backend"
)

// directSearchTotals counts, per kind, the visible index rows matching
// words on the scope's properties the way search did before the scope
// moved into the index: every hit joined to search_docs and scoped.
func directSearchTotals(tb testing.TB, db *DB, sc backend.Scope, words ...string) map[string]int {
	tb.Helper()
	cte, args := scopeCTE(sc)
	args = append(args, matchExpr(words))
	out := map[string]int{}
	err := db.View(context.Background(), func(tx *Tx) error {
		rows, err := tx.Query(cte+` SELECT d.kind, COUNT(*) FROM (SELECT rowid AS doc FROM search_fts WHERE search_fts MATCH ?4) h
			JOIN search_docs d ON d.doc = h.doc WHERE d.visible = 1 AND d.property_id IN (SELECT id FROM scope_properties) GROUP BY 1`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				return err
			}
			out[k] = n
		}
		return rows.Err()
	})
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// assertSearchScoped checks every scope's totals against directSearchTotals.
func assertSearchScoped(tb testing.TB, db *DB, step string, scopes map[string]backend.Scope, word string) {
	tb.Helper()
	s := NewSearchService(db)
	for name, sc := range scopes {
		want := directSearchTotals(tb, db, sc, word)
		r := mustSearch(tb, s, sc, word)
		for _, g := range r.Groups {
			if g.Total != want[g.Kind] || g.More {
				tb.Errorf("%s, %s: %s total %d (more %v), want %d", step, name, g.Kind, g.Total, g.More, want[g.Kind])
			}
		}
	}
}

// The view is applied inside the index (client and group codes on each
// row), so every change that moves a row in or out of a view re-codes it:
// a client moving group, a property moving client, a property or client
// (de)activated, a group nested under another.
func TestSearch_ScopeInTheIndexFollowsMoves(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	scopes := map[string]backend.Scope{
		"national": groupScope(w, "Nat National", "National"), "nsw": groupScope(w, "Nora NSW", "NSW"),
		"north": groupScope(w, "Ned North", "Sydney North"), "other": groupScope(w, "Olly Other", "Other"),
		"limited": groupScope(w, "Lim Limited", "NSW"),
		"client":  {UserID: w.ID("Dee Direct"), View: backend.View{Kind: backend.ViewClient, ID: w.ID("Direct Client")}},
	}
	for _, name := range []string{"Harbour View", "South Plaza", "Other Site", "Direct Site", "Collins Tower"} {
		MustExec(t, db, `INSERT INTO assets (id, property_id, type, location, created_at, updated_at) VALUES (?, ?, 'Hydrant', 'Bandicoot room', 'x', 'x')`,
			backend.NewID(), w.ID(name))
	}
	assertSearchScoped(t, db, "start", scopes, "bandicoot")
	if r := mustSearch(t, NewSearchService(db), scopes["north"], "bandicoot"); r.Groups[1].Total != 1 {
		t.Fatalf("north finds %d assets, want 1", r.Groups[1].Total)
	}
	ctx := context.Background()
	for i, step := range []struct {
		what  string
		query string
		args  []any
	}{
		{"client moves to another group", `UPDATE clients SET group_id = ? WHERE id = ?`, []any{w.ID("Other"), w.ID("North Shore Strata")}},
		{"property moves to another client", `UPDATE properties SET client_id = ? WHERE id = ?`, []any{w.ID("Direct Client"), w.ID("South Plaza")}},
		{"property deactivated", `UPDATE properties SET active = 0 WHERE id = ?`, []any{w.ID("Other Site")}},
		{"client deactivated", `UPDATE clients SET active = 0 WHERE id = ?`, []any{w.ID("Melbourne Towers")}},
		{"group nested under another", `UPDATE client_groups SET parent_id = ? WHERE id = ?`, []any{w.ID("NSW"), w.ID("Other")}},
		{"property reactivated", `UPDATE properties SET active = 1 WHERE id = ?`, []any{w.ID("Other Site")}},
		{"client reactivated", `UPDATE clients SET active = 1 WHERE id = ?`, []any{w.ID("Melbourne Towers")}},
		{"client moves back", `UPDATE clients SET group_id = ? WHERE id = ?`, []any{w.ID("Sydney North"), w.ID("North Shore Strata")}},
	} {
		MustExec(t, db, step.query, step.args...)
		assertSearchScoped(t, db, fmt.Sprintf("%d %s", i, step.what), scopes, "bandicoot")
	}
	// A client added later gets its code; its property's rows are found.
	c := MustCreateClient(t, db, "New Client", &backend.ClientGroup{ID: w.ID("Sydney North")})
	p := MustCreateProperty(t, db, c, "Bandicoot Lodge")
	_ = p
	assertSearchScoped(t, db, "new client", scopes, "bandicoot")
	if r, err := NewSearchService(db).Search(ctx, scopes["north"], "bandicoot lodge"); err != nil || r.Groups[0].Total != 1 {
		t.Fatalf("new client's property: %+v %v", r, err)
	}
}

// A common word's count stops at the cap and says so; the first hits are
// the newest. Each kind is counted and listed on its own: many newer rows
// of one kind hide nothing of another.
func TestSearch_CountsStopAtTheCap(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	insert := func(query string, n int) {
		err := db.Update(context.Background(), func(tx *Tx) error {
			for i := range n {
				if _, err := tx.Exec(query, backend.NewID(), w.ID("Harbour View"), fmt.Sprintf("Wallaby %04d", i)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	insert(`INSERT INTO assets (id, property_id, type, location, created_at, updated_at) VALUES (?, ?, 'Hydrant', ?, 'x', 'x')`, backend.SearchCap+5)
	s := NewSearchService(db)
	nat := groupScope(w, "Nat National", "National")
	g := mustSearch(t, s, nat, "wallaby").Groups[1]
	if g.Kind != backend.SearchAsset || g.Total != backend.SearchCap || !g.More || len(g.Hits) != backend.SearchPerKind {
		t.Fatalf("assets: total %d more %v hits %d, want %d, true, %d", g.Total, g.More, len(g.Hits), backend.SearchCap, backend.SearchPerKind)
	}
	if g.Hits[0].Detail != fmt.Sprintf("Wallaby %04d", backend.SearchCap+4) {
		t.Errorf("first hit %q, want the newest", g.Hits[0].Detail)
	}
	if g := mustSearch(t, s, groupScope(w, "Olly Other", "Other"), "wallaby").Groups[1]; g.Total != 0 {
		t.Errorf("another group's search found %d", g.Total)
	}
	if g := mustSearch(t, s, nat, "wallaby 0007").Groups[1]; g.Total != 1 || g.More {
		t.Errorf("a rarer phrase: total %d more %v, want 1 exactly", g.Total, g.More)
	}

	// Many newer tasks, and one newer property: the assets are still all
	// counted and listed, and the property is found.
	insert(`INSERT INTO tasks (id, property_id, kind, stage, title, created_at, updated_at) VALUES (?, ?, 'other', 'ready', ?, 'x', 'x')`,
		2*backend.SearchCap)
	MustExec(t, db, `INSERT INTO properties (id, client_id, name, street, suburb, state, postcode, active, created_at, updated_at)
		SELECT ?, client_id, 'Wallaby Court', '1 Pouch Lane', 'Bondi', 'NSW', '2026', 1, 'x', 'x' FROM properties WHERE id = ?`,
		backend.NewID(), w.ID("Harbour View"))
	r := mustSearch(t, s, nat, "wallaby")
	if p, a, k := r.Groups[0], r.Groups[1], r.Groups[5]; p.Total != 1 || p.More || len(p.Hits) != 1 || p.Hits[0].Title != "Wallaby Court" ||
		a.Total != backend.SearchCap || !a.More || len(a.Hits) != backend.SearchPerKind || a.Hits[0].Detail != fmt.Sprintf("Wallaby %04d", backend.SearchCap+4) ||
		k.Total != backend.SearchCap || !k.More || len(k.Hits) != backend.SearchPerKind {
		t.Errorf("properties %d (more %v) %+v, assets %d (more %v), tasks %d (more %v); want 1 exactly, and %d for both, both more",
			p.Total, p.More, p.Hits, a.Total, a.More, k.Total, k.More, backend.SearchCap)
	}
	// A property-limited user's limit is applied after the index: what they
	// may see is counted (up to the cap) however much else matches.
	if g := mustSearch(t, s, groupScope(w, "Lim Limited", "NSW"), "wallaby").Groups[1]; g.Total != backend.SearchCap || !g.More {
		t.Errorf("limited user's assets: total %d more %v", g.Total, g.More)
	}
}
