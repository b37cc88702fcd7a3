package sqlite

import (
	"context"
	"slices"
	"testing"
	"time"
	_ "time/tzdata" // Australia/Sydney on any machine

	"siteward/backend"
)

// addPortalCounts adds invoices, quotes and remarks to the portal fixture.
func addPortalCounts(tb testing.TB, db *DB, w *portalWorld) {
	tb.Helper()
	prop := func(name string) *backend.Property {
		return &backend.Property{ID: w.ID(name), ClientID: mustClientOf(tb, db, w.ID(name))}
	}
	harbour, plaza, depot, collins, other := prop("Harbour View"), prop("South Plaza"), prop("NSW Depot"), prop("Collins Tower"), prop("Other Site")

	// Invoices on Harbour View. Today is 11 March in Sydney, 10 March in UTC.
	MustInsertInvoice(tb, db, harbour, "issued", "2026-03-10", 1000, 0)   // overdue in Sydney only
	MustInsertInvoice(tb, db, harbour, "issued", "2026-03-01", 1000, 500) // part-paid: overdue everywhere
	MustInsertInvoice(tb, db, harbour, "issued", "2026-03-01", 1000, 1000)
	MustInsertInvoice(tb, db, harbour, "paid", "2026-03-01", 1000, 1000)
	MustInsertInvoice(tb, db, harbour, "draft", "2026-03-01", 1000, 0)
	MustInsertInvoice(tb, db, harbour, "voided", "2026-03-01", 1000, 0)
	MustInsertInvoice(tb, db, harbour, "issued", "2026-03-11", 1000, 0) // due today in Sydney
	gone := MustInsertInvoice(tb, db, harbour, "issued", "2026-03-01", 1000, 0)
	MustExec(tb, db, `UPDATE invoices SET deleted_at = 'x' WHERE id = ?`, gone)
	MustInsertInvoice(tb, db, other, "issued", "2026-01-01", 1000, 0)

	// Quotes on Harbour View: only submitted ones await the customer.
	for _, s := range []string{"submitted", "submitted", "draft", "approved", "declined", "expired", "voided", "deleted"} {
		MustInsertQuote(tb, db, harbour, s)
	}
	gone = MustInsertQuote(tb, db, harbour, "submitted")
	MustExec(tb, db, `UPDATE quotes SET deleted_at = 'x' WHERE id = ?`, gone)
	MustInsertQuote(tb, db, plaza, "submitted")
	MustInsertQuote(tb, db, other, "submitted")

	// Remarks.
	MustInsertRemark(tb, db, harbour, backend.SeverityNonCritical, "open", true)
	MustInsertRemark(tb, db, harbour, backend.SeverityNonCritical, "open", true)
	MustInsertRemark(tb, db, harbour, backend.SeverityCritical, "resolved", true)
	MustInsertRemark(tb, db, harbour, backend.SeverityInformation, "open", true)
	MustInsertRemark(tb, db, harbour, backend.SeverityCritical, "open", false) // unpublished: invisible
	gone = MustInsertRemark(tb, db, harbour, backend.SeverityCritical, "open", true)
	MustExec(tb, db, `UPDATE remarks SET deleted_at = 'x' WHERE id = ?`, gone)

	MustInsertRemark(tb, db, plaza, backend.SeverityCritical, "open", false) // unpublished: invisible
	MustInsertRemark(tb, db, plaza, backend.SeverityNonConformance, "open", true)
	MustInsertRemark(tb, db, plaza, backend.SeverityRecommendation, "open", true)
	MustInsertRemark(tb, db, plaza, backend.SeverityInformation, "open", true)

	MustInsertRemark(tb, db, depot, backend.SeverityRecommendation, "open", true)
	MustInsertRemark(tb, db, depot, backend.SeverityCritical, "resolved", true)
	MustInsertRemark(tb, db, collins, backend.SeverityInformation, "open", true)
	MustInsertRemark(tb, db, other, backend.SeverityCritical, "open", true)
}

func mustClientOf(tb testing.TB, db *DB, propertyID string) string {
	tb.Helper()
	p, err := NewPropertyService(db).FindPropertyByID(context.Background(), propertyID)
	if err != nil {
		tb.Fatal(err)
	}
	return p.ClientID
}

type portalCounts struct {
	overdue, quotes, defects int
	worst                    string // "" for none
}

func TestPortal_FindPortalPropertiesCounts(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	addPortalCounts(t, db, w)
	sydney, err := time.LoadLocation("Australia/Sydney")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	sc := backend.Scope{UserID: w.ID("Nat National"), View: backend.View{Kind: backend.ViewGroup, ID: w.ID("National")}}

	for _, tz := range []struct {
		loc            *time.Location
		harbourOverdue int
	}{
		{sydney, 2}, // the invoice due 10 March is overdue on 11 March in Sydney
		{time.UTC, 1},
	} {
		t.Run(tz.loc.String(), func(t *testing.T) {
			want := map[string]portalCounts{
				"Harbour View":      {tz.harbourOverdue, 2, 2, "non_critical"},
				"South Plaza":       {0, 1, 1, "non_conformance"},
				"NSW Depot":         {0, 0, 0, "recommendation"},
				"Collins Tower":     {0, 0, 0, "information"},
				"Harbour View Shop": {},
				"HQ Building":       {},
				"West Mall":         {},
			}
			ps, total, err := NewPortalService(db, tz.loc).FindPortalProperties(ctx, sc, backend.PortalPropertyFilter{})
			if err != nil {
				t.Fatal(err)
			}
			if total != len(want) {
				t.Errorf("total = %d, want %d", total, len(want))
			}
			for _, p := range ps {
				name := w.viewKey("p", p.ID)[2:]
				got := portalCounts{p.OverdueInvoices, p.QuotesAwaiting, p.OpenDefects, ""}
				if p.WorstSeverity != nil {
					got.worst = string(*p.WorstSeverity)
				}
				if got != want[name] {
					t.Errorf("%s: {overdue quotes defects worst} = %+v, want %+v", name, got, want[name])
				}
			}
		})
	}

	// Sorting by what needs attention puts the worst first and the quiet last.
	ps, _, err := NewPortalService(db, sydney).FindPortalProperties(ctx, sc, backend.PortalPropertyFilter{Page: backend.Page{Sort: "severity"}})
	if err != nil {
		t.Fatal(err)
	}
	got := w.propertyNames(ps)
	want := []string{"Harbour View", "South Plaza", "NSW Depot", "Collins Tower", "Harbour View Shop", "HQ Building", "West Mall"}
	if !slices.Equal(got, want) {
		t.Errorf("by severity = %v, want %v", got, want)
	}
	ps, _, _ = NewPortalService(db, sydney).FindPortalProperties(ctx, sc, backend.PortalPropertyFilter{Page: backend.Page{Sort: "-defects", Limit: 2}})
	if got := w.propertyNames(ps); !slices.Equal(got, []string{"Harbour View", "South Plaza"}) {
		t.Errorf("by defects descending = %v", got)
	}
}

// The counts of a property-limited user are those of the properties they
// may see, never a sum over their whole view.
func TestPortal_CountsRespectPropertyLimits(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	addPortalCounts(t, db, w)
	sc := backend.Scope{UserID: w.ID("Lim Limited"), View: backend.View{Kind: backend.ViewGroup, ID: w.ID("NSW")}}
	ps, total, err := NewPortalService(db, time.UTC).FindPortalProperties(context.Background(), sc, backend.PortalPropertyFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 1 || len(ps) != 1 {
		t.Fatalf("limited user sees %v, want only Harbour View", w.propertyNames(ps))
	}
	if p := ps[0]; p.ID != w.ID("Harbour View") || p.OverdueInvoices != 1 || p.QuotesAwaiting != 2 || p.OpenDefects != 2 {
		t.Errorf("limited user's Harbour View = %+v", p)
	}
}
