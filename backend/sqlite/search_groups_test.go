package sqlite

import (
	"context"
	"fmt"
	"testing"

	"siteward/backend"
)

// assertGroupPaths checks client_group_paths against the tree walked
// afresh: every group with each group above it (and itself) at its depth.
func assertGroupPaths(tb testing.TB, db *DB, step string) {
	tb.Helper()
	var missing, extra int
	err := db.View(context.Background(), func(tx *Tx) error {
		const tree = `WITH RECURSIVE t(ancestor, descendant, depth) AS (
				SELECT id, id, 0 FROM client_groups
				UNION ALL SELECT t.ancestor, g.id, t.depth + 1 FROM t JOIN client_groups g ON g.parent_id = t.descendant)`
		if err := tx.QueryRow(tree + ` SELECT COUNT(*) FROM (SELECT * FROM t EXCEPT SELECT * FROM client_group_paths)`).Scan(&missing); err != nil {
			return err
		}
		return tx.QueryRow(tree + ` SELECT COUNT(*) FROM (SELECT * FROM client_group_paths EXCEPT SELECT * FROM t)`).Scan(&extra)
	})
	if err != nil {
		tb.Fatal(err)
	}
	if missing != 0 || extra != 0 {
		tb.Errorf("%s: group paths: %d missing, %d extra", step, missing, extra)
	}
}

// Each index row carries the codes of every group above its client, so a
// group view's search is one match on the view's code; every change to
// the group tree re-codes the rows below it. After each step every group's
// and client's search must count exactly what the scope's own walk of the
// tree finds (directSearchTotals), and the closure table must equal the tree.
func TestSearch_GroupViewsFollowTheGroupTree(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	ctx := context.Background()
	groups := NewClientGroupService(db)
	scopes := map[string]backend.Scope{}
	view := func(kind backend.ViewKind, name string) {
		scopes[name] = backend.Scope{UserID: w.ID("Nat National"), View: backend.View{Kind: kind, ID: w.ID(name)}}
	}
	for _, g := range []string{"National", "NSW", "Sydney North", "Sydney South", "Sydney West", "VIC", "Other"} {
		view(backend.ViewGroup, g)
	}
	for _, c := range []string{"National HQ", "NSW Office", "North Shore Strata", "South Strata", "West Client", "Melbourne Towers", "Other Portfolio", "Direct Client"} {
		view(backend.ViewClient, c)
	}
	for _, name := range []string{"HQ Building", "NSW Depot", "Harbour View", "South Plaza", "West Mall", "Collins Tower", "Other Site", "Direct Site"} {
		MustExec(t, db, `INSERT INTO assets (id, property_id, type, location, created_at, updated_at) VALUES (?, ?, 'Hydrant', 'Bandicoot room', 'x', 'x')`,
			backend.NewID(), w.ID(name))
	}
	check := func(step string) {
		t.Helper()
		assertGroupPaths(t, db, step)
		assertSearchScoped(t, db, step, scopes, "bandicoot")
	}
	check("start")
	assets := func(view string) int {
		return mustSearch(t, NewSearchService(db), scopes[view], "bandicoot").Groups[1].Total
	}
	// Three levels down: National sees Sydney North's asset through NSW.
	if n := assets("National"); n != 6 {
		t.Fatalf("National finds %d assets, want 6", n)
	}
	move := func(group, parent string) func() {
		return func() {
			var p *string
			if parent != "" {
				id := w.ID(parent)
				p = &id
			}
			if _, err := groups.UpdateClientGroup(ctx, w.ID(group), backend.ClientGroupUpdate{SetParent: true, ParentID: p}); err != nil {
				t.Fatal(err)
			}
		}
	}
	sql := func(query string, args ...any) func() { return func() { MustExec(t, db, query, args...) } }
	for i, step := range []struct {
		what string
		do   func()
	}{
		{"subgroup moves to another branch", move("Sydney North", "VIC")},
		{"subgroup becomes a root", move("Sydney North", "")},
		{"subgroup nests under another root", move("Sydney North", "Other")},
		{"a whole tree nests under another", func() {
			if n := assets("Other"); n != 2 {
				t.Fatalf("Other finds %d assets with Sydney North below it, want 2", n)
			}
			move("Other", "NSW")()
		}},
		{"a middle group deleted (soft)", sql(`UPDATE client_groups SET deleted_at = 'x' WHERE id = ?`, w.ID("NSW"))},
		{"a client moves while its group's parent is deleted", sql(`UPDATE clients SET group_id = ? WHERE id = ?`, w.ID("Sydney South"), w.ID("West Client"))},
		{"the middle group brought back", sql(`UPDATE client_groups SET deleted_at = NULL WHERE id = ?`, w.ID("NSW"))},
		{"renamed, parent unchanged", sql(`UPDATE client_groups SET name = 'NSW & ACT', parent_id = parent_id WHERE id = ?`, w.ID("NSW"))},
		{"a new group deep down, a client moved in", func() {
			g := MustCreateClientGroup(t, db, "Sydney Deep", &backend.ClientGroup{ID: w.ID("Sydney North")})
			w.id["Sydney Deep"] = g.ID
			view(backend.ViewGroup, "Sydney Deep")
			MustExec(t, db, `UPDATE clients SET group_id = ? WHERE id = ?`, g.ID, w.ID("South Strata"))
		}},
		{"the tree moves back out", move("Other", "")},
		{"a group deleted by the office (its subgroups move up)", func() {
			if err := groups.DeleteClientGroup(ctx, w.ID("Sydney North")); err != nil {
				t.Fatal(err)
			}
			delete(scopes, "Sydney North")
		}},
		{"an empty leaf group removed for good", func() {
			g := MustCreateClientGroup(t, db, "Empty Leaf", &backend.ClientGroup{ID: w.ID("VIC")})
			MustExec(t, db, `DELETE FROM search_codes WHERE ref_id = ?`, g.ID)
			MustExec(t, db, `DELETE FROM client_groups WHERE id = ?`, g.ID)
		}},
	} {
		step.do()
		check(fmt.Sprintf("%d %s", i, step.what))
	}
}

// A copy may insert a group after its subgroups (a slice snapshot inserts
// rows with foreign keys off; here they are deferred to the commit): the
// paths down into them are made when the group arrives, and their rows
// re-coded.
func TestSearch_GroupArrivingAfterItsSubgroups(t *testing.T) {
	db := MustOpenDB(t)
	parent, child, grandchild, client, property := backend.NewID(), backend.NewID(), backend.NewID(), backend.NewID(), backend.NewID()
	err := db.Update(context.Background(), func(tx *Tx) error {
		for _, q := range []struct {
			sql  string
			args []any
		}{
			{`PRAGMA defer_foreign_keys = ON`, nil},
			{`INSERT INTO client_groups (id, name, parent_id, created_at, updated_at) VALUES (?, 'Grandchild', ?, 'x', 'x')`, []any{grandchild, child}},
			{`INSERT INTO clients (id, name, group_id, created_at, updated_at) VALUES (?, 'Deep Client', ?, 'x', 'x')`, []any{client, grandchild}},
			{`INSERT INTO properties (id, client_id, name, created_at, updated_at) VALUES (?, ?, 'Wombat House', 'x', 'x')`, []any{property, client}},
			{`INSERT INTO client_groups (id, name, parent_id, created_at, updated_at) VALUES (?, 'Child', ?, 'x', 'x')`, []any{child, parent}},
			{`INSERT INTO client_groups (id, name, created_at, updated_at) VALUES (?, 'Parent', 'x', 'x')`, []any{parent}},
		} {
			if _, err := tx.Exec(q.sql, q.args...); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	assertGroupPaths(t, db, "parents arrived")
	scopes := map[string]backend.Scope{}
	for name, id := range map[string]string{"parent": parent, "child": child, "grandchild": grandchild} {
		scopes[name] = backend.Scope{View: backend.View{Kind: backend.ViewGroup, ID: id}}
	}
	scopes["client"] = backend.Scope{View: backend.View{Kind: backend.ViewClient, ID: client}}
	assertSearchScoped(t, db, "parents arrived", scopes, "wombat")
	if r := mustSearch(t, NewSearchService(db), scopes["parent"], "wombat"); r.Groups[0].Total != 1 {
		t.Fatalf("the top group's search finds %d properties, want 1", r.Groups[0].Total)
	}
}
