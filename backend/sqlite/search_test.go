package sqlite

import (
	"context"
	"sort"
	"testing"

	"siteward/backend"
)

// hitTitles returns "kind:title" of every hit, sorted.
func hitTitles(r *backend.SearchResult) []string {
	var out []string
	for _, g := range r.Groups {
		for _, h := range g.Hits {
			out = append(out, g.Kind+":"+h.Title)
		}
	}
	sort.Strings(out)
	return out
}

func mustSearch(tb testing.TB, s *SearchService, sc backend.Scope, q string) *backend.SearchResult {
	tb.Helper()
	r, err := s.Search(context.Background(), sc, q)
	if err != nil {
		tb.Fatalf("search %q: %v", q, err)
	}
	return r
}

func TestSearch_FindsOnlyWhatTheScopeMaySee(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	harbour := &backend.Property{ID: w.ID("Harbour View"), ClientID: mustClientOf(t, db, w.ID("Harbour View"))}
	other := &backend.Property{ID: w.ID("Other Site"), ClientID: mustClientOf(t, db, w.ID("Other Site"))}
	asset := func(p *backend.Property, typ, location string, deleted bool) {
		var at any
		if deleted {
			at = "x"
		}
		MustExec(t, db, `INSERT INTO assets (id, property_id, type, location, barcode, created_at, updated_at, deleted_at)
			VALUES (?, ?, ?, ?, 'BC-7781', 'x', 'x', ?)`, backend.NewID(), p.ID, typ, location, at)
	}
	asset(harbour, "Hydrant", "Zebracorn plant room", false)
	asset(harbour, "Hydrant", "Zebracorn old wing", true)
	asset(other, "Hydrant", "Zebracorn other", false)
	quote := func(p *backend.Property, kind, status, title string) {
		MustExec(t, db, `INSERT INTO quotes (id, number, kind, client_id, property_id, title, status, decline_reason, created_at, updated_at)
			VALUES (?, abs(random() % 100000), ?, ?, ?, ?, ?, 'r', 'x', 'x')`, backend.NewID(), kind, p.ClientID, p.ID, title, status)
	}
	quote(harbour, "defect", "submitted", "Zebracorn pump repair")
	quote(harbour, "service", "approved", "Zebracorn annual service")
	quote(harbour, "defect", "draft", "Zebracorn secret draft")
	quote(harbour, "defect", "expired", "Zebracorn expired")
	quote(other, "defect", "submitted", "Zebracorn other quote")
	MustExec(t, db, `INSERT INTO reports (id, property_id, kind, title, published, published_at, created_at, updated_at)
		VALUES (?, ?, 'uploaded', 'Zebracorn condition report', 1, 'x', 'x', 'x'), (?, ?, 'uploaded', 'Zebracorn unpublished', 0, NULL, 'x', 'x')`,
		backend.NewID(), harbour.ID, backend.NewID(), harbour.ID)
	routine := backend.NewID()
	MustExec(t, db, `INSERT INTO routines (id, property_id, name, frequency_months, starts_on, created_at, updated_at) VALUES (?, ?, 'R', 1, '2026-01-01', 'x', 'x')`, routine, harbour.ID)
	MustExec(t, db, `INSERT INTO tasks (id, number, property_id, routine_id, kind, stage, title, created_at, updated_at)
		VALUES (?, 4242, ?, ?, 'routine', 'ready', 'Zebracorn monthly test', 'x', 'x'), (?, 4243, ?, ?, 'routine', 'cancelled', 'Zebracorn cancelled', 'x', 'x')`,
		backend.NewID(), harbour.ID, routine, backend.NewID(), harbour.ID, routine)

	s := NewSearchService(db)
	north := groupScope(w, "Ned North", "Sydney North")
	want := []string{"asset:Hydrant", "defect_quote:", "report:Zebracorn condition report", "service_quote:", "task:T-4242 · Zebracorn monthly test"}
	r := mustSearch(t, s, north, "zebraCORN")
	got := hitTitles(r)
	if len(got) != len(want) {
		t.Fatalf("hits = %v, want %d: %v", got, len(want), want)
	}
	for i, g := range got {
		if g[:len(want[i])] != want[i] {
			t.Errorf("hit %d = %q, want %q…", i, g, want[i])
		}
	}
	for _, g := range r.Groups {
		for _, h := range g.Hits {
			if h.PropertyName != "Harbour View" {
				t.Errorf("%s hit on %s", g.Kind, h.PropertyName)
			}
		}
	}
	// The other group sees only its own.
	if got := hitTitles(mustSearch(t, s, groupScope(w, "Olly Other", "Other"), "zebracorn")); len(got) != 2 {
		t.Errorf("other's hits = %v, want its asset and quote", got)
	}
	// Every word must match; words are text, never FTS syntax.
	if got := hitTitles(mustSearch(t, s, north, "zebracorn pump")); len(got) != 1 {
		t.Errorf("two words: %v", got)
	}
	for _, q := range []string{`"zebracorn`, `zebra* OR x`, `NEAR(zebra corn)`, `bc-7781`} {
		if _, err := s.Search(context.Background(), north, q); err != nil {
			t.Errorf("search %q: %v", q, err)
		}
	}
	if got := hitTitles(mustSearch(t, s, north, "BC-7781")); len(got) != 1 {
		t.Errorf("barcode: %v", got)
	}
	_, err := s.Search(context.Background(), north, " ab ")
	assertField(t, err, backend.EINVALID, "q")
	// Properties by address; inactive ones never.
	if got := hitTitles(mustSearch(t, s, groupScope(w, "Nora NSW", "NSW"), "Harbour")); len(got) != 2 {
		t.Errorf("Harbour in NSW = %v, want Harbour View and its shop (not Harbour Old, inactive)", got)
	}
	if got := hitTitles(mustSearch(t, s, groupScope(w, "Lim Limited", "NSW"), "Harbour")); len(got) != 1 {
		t.Errorf("limited user's Harbour = %v, want Harbour View only", got)
	}
}

// The triggers keep the index in step with every write.
func TestSearch_IndexFollowsChanges(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	s := NewSearchService(db)
	north := groupScope(w, "Ned North", "Sydney North")
	ctx := context.Background()
	props := NewPropertyService(db)
	p, err := props.FindPropertyByID(ctx, w.ID("Harbour View"))
	if err != nil {
		t.Fatal(err)
	}
	p.Name = "Quokka Quays"
	if err := props.UpdateProperty(ctx, p); err != nil {
		t.Fatal(err)
	}
	if got := hitTitles(mustSearch(t, s, north, "quokka")); len(got) != 1 || got[0] != "property:Quokka Quays" {
		t.Errorf("after rename: %v", got)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM search_docs WHERE ref_id = ?`, w.ID("Harbour View")); n != 1 {
		t.Errorf("index rows for the renamed property = %d, want 1", n)
	}
	id := backend.NewID()
	MustExec(t, db, `INSERT INTO assets (id, property_id, type, location, created_at, updated_at) VALUES (?, ?, 'Wombat valve', '', 'x', 'x')`, id, w.ID("Harbour View"))
	MustExec(t, db, `UPDATE assets SET type = 'Echidna valve' WHERE id = ?`, id)
	if got := hitTitles(mustSearch(t, s, north, "wombat")); len(got) != 0 {
		t.Errorf("old asset text found: %v", got)
	}
	if got := hitTitles(mustSearch(t, s, north, "echidna")); len(got) != 1 {
		t.Errorf("new asset text: %v", got)
	}
	MustExec(t, db, `DELETE FROM assets WHERE id = ?`, id)
	if got := hitTitles(mustSearch(t, s, north, "echidna")); len(got) != 0 {
		t.Errorf("hard-deleted asset found: %v", got)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM search_docs WHERE ref_id = ?`, id); n != 0 {
		t.Errorf("index rows left for a deleted asset: %d", n)
	}
	// A quote becomes findable when submitted, and leaves when voided.
	harbour := &backend.Property{ID: w.ID("Harbour View"), ClientID: mustClientOf(t, db, w.ID("Harbour View"))}
	q := MustInsertQuote(t, db, harbour, "draft")
	MustExec(t, db, `UPDATE quotes SET title = 'Platypus pump' WHERE id = ?`, q)
	if got := hitTitles(mustSearch(t, s, north, "platypus")); len(got) != 0 {
		t.Errorf("draft quote found: %v", got)
	}
	MustExec(t, db, `UPDATE quotes SET status = 'submitted', kind = 'service' WHERE id = ?`, q)
	if got := hitTitles(mustSearch(t, s, north, "platypus")); len(got) != 1 || got[0] != "service_quote:Quote · Platypus pump" {
		t.Errorf("submitted quote: %v", got)
	}
	MustExec(t, db, `UPDATE quotes SET status = 'voided' WHERE id = ?`, q)
	if got := hitTitles(mustSearch(t, s, north, "platypus")); len(got) != 0 {
		t.Errorf("voided quote found: %v", got)
	}
}
