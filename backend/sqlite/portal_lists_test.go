package sqlite

import (
	"context"
	"testing"

	"siteward/backend"
)

// addListFixture fills the dashboard world with remarks, assets, routine
// tasks and service calls across time-zone edges, so each chart bar and
// its list can be compared.
func addListFixture(tb testing.TB, w *dashWorld) {
	tb.Helper()
	a1 := w.asset(tb, "Tower", "Extinguisher", false)
	a2 := w.asset(tb, "Tower", "Extinguisher", false)
	w.asset(tb, "Tower", "Extinguisher", false)
	e1 := w.asset(tb, "Annex", "Exit light", false)
	x := w.asset(tb, "Closed", "Extinguisher", false)
	o := w.asset(tb, "Court", "Extinguisher", false)
	w.asset(tb, "Plaza", "Sprinkler system", false)
	// 31 Oct 13:30 UTC is 1 November in Sydney.
	w.remark(tb, "Tower", backend.SeverityCritical, "open", "2026-10-31T13:30:00.000Z", true, a1)
	w.remark(tb, "Tower", backend.SeverityNonConformance, "open", "2026-10-31T12:30:00.000Z", true, a1)
	w.remark(tb, "Tower", backend.SeverityNonCritical, "resolved", "2026-09-03T00:00:00.000Z", true, a2)
	w.remark(tb, "Tower", backend.SeverityCritical, "open", "2026-09-03T00:00:00.000Z", false, a2) // unpublished
	w.remark(tb, "Annex", backend.SeverityInformation, "open", "2026-06-01T00:00:00.000Z", true, e1)
	w.remark(tb, "Annex", backend.SeverityRecommendation, "open", "2026-06-01T00:00:00.000Z", true, nil)
	w.remark(tb, "Plaza", backend.SeverityNonCritical, "open", "2026-11-02T00:00:00.000Z", true, nil)
	w.remark(tb, "Closed", backend.SeverityCritical, "open", "2026-11-02T00:00:00.000Z", true, x)
	w.remark(tb, "Court", backend.SeverityCritical, "open", "2026-11-02T00:00:00.000Z", true, o)

	routine := func(prop, stage, due string, tol int, performed any) {
		w.task(tb, prop, "routine", stage, "2026-01-01T00:00:00.000Z", due, tol, performed, nil)
	}
	routine("Tower", "complete", "2026-03-10", 7, "2026-03-02T14:00:00.000Z") // 3 March in Sydney: on time
	routine("Tower", "complete", "2026-03-10", 7, "2026-03-02T12:00:00.000Z") // 2 March: early
	routine("Tower", "ready", "2026-11-15", 7, nil)                           // pending
	routine("Tower", "inprogress", "2026-11-10", 7, nil)                      // overdue
	routine("Annex", "onhold", "2026-12-05", 7, nil)
	routine("Tower", "cancelled", "2026-04-01", 7, nil)
	routine("Plaza", "ready", "2026-11-25", 7, nil)
	routine("Court", "ready", "2026-03-10", 7, nil)
	call := func(prop, stage, created string) { w.task(tb, prop, "service_call", stage, created, nil, 0, nil, nil) }
	call("Tower", "ready", "2026-10-31T13:30:00.000Z") // November in Sydney
	call("Tower", "complete", "2026-10-31T12:30:00.000Z")
	call("Annex", "inprogress", "2026-07-01T00:00:00.000Z")
	call("Tower", "cancelled", "2026-07-01T00:00:00.000Z")
	call("Plaza", "onhold", "2026-11-01T00:00:00.000Z")
	call("Court", "ready", "2026-11-01T00:00:00.000Z")
}

// Each bar of each chart, clicked, lists exactly the items it counts: the
// list filters are the charts' own definitions.
func TestPortalLists_MatchChartBars(t *testing.T) {
	w := newDashWorld(t)
	addListFixture(t, w)
	ctx := context.Background()
	lists := NewPortalListService(w.db, w.svc.Location)
	for name, sc := range map[string]backend.Scope{"north": w.north, "nsw": w.nsw, "national": w.national, "other": w.other, "limited": w.limited} {
		d, err := w.svc.DefectsMonthly(ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		eachBar(t, name+" defects", d, func(cat, key string) int {
			f := backend.DefectFilter{RaisedMonth: &cat, Status: ptr("open")}
			if key == backend.SeriesResolved {
				f.Status = ptr("resolved")
			} else {
				f.Severity = ptr(backend.Severity(key))
			}
			_, n, err := lists.FindPortalDefects(ctx, sc, f)
			if err != nil {
				t.Fatal(err)
			}
			return n
		})
		d, err = w.svc.AssetsByType(ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		eachBar(t, name+" assets", d, func(cat, key string) int {
			_, n, err := lists.FindPortalAssets(ctx, sc, backend.PortalAssetFilter{Type: &cat, Worst: &key})
			if err != nil {
				t.Fatal(err)
			}
			return n
		})
		d, err = w.svc.RoutinesByMonth(ctx, sc, 2026)
		if err != nil {
			t.Fatal(err)
		}
		eachBar(t, name+" routines", d, func(cat, key string) int {
			tol := backend.ToleranceStatus(key)
			_, n, err := lists.FindPortalTasks(ctx, sc, backend.PortalTaskFilter{Kind: ptr("routine"), DueMonth: &cat, Tolerance: &tol})
			if err != nil {
				t.Fatal(err)
			}
			return n
		})
		d, err = w.svc.ServiceCallsMonthly(ctx, sc)
		if err != nil {
			t.Fatal(err)
		}
		eachBar(t, name+" calls", d, func(cat, key string) int {
			_, n, err := lists.FindPortalTasks(ctx, sc, backend.PortalTaskFilter{Kind: ptr("service_call"), CreatedMonth: &cat, Stage: &key})
			if err != nil {
				t.Fatal(err)
			}
			return n
		})
	}
}

func eachBar(t *testing.T, what string, d *backend.ChartData, count func(cat, key string) int) {
	t.Helper()
	for _, s := range d.Series {
		for i, cat := range d.Categories {
			if got, want := count(cat, s.Key), int(s.Values[i]); got != want {
				t.Errorf("%s %s %s: list has %d, bar says %d", what, cat, s.Key, got, want)
			}
		}
	}
}

func TestPortalLists_Filters(t *testing.T) {
	w := newDashWorld(t)
	addListFixture(t, w)
	ctx := context.Background()
	lists := NewPortalListService(w.db, w.svc.Location)

	// The properties panel's "open defects" leaves out information and recommendation.
	_, n, err := lists.FindPortalDefects(ctx, w.north, backend.DefectFilter{Status: ptr("open"), Serious: true})
	if err != nil || n != 2 {
		t.Errorf("serious open defects in north = %d %v, want 2", n, err)
	}
	ds, n, _ := lists.FindPortalDefects(ctx, w.north, backend.DefectFilter{})
	if n != 5 {
		t.Errorf("published defects in north = %d, want 5 (unpublished and inactive left out)", n)
	}
	for _, d := range ds {
		if d.Description == "" || d.PropertyName == "" {
			t.Errorf("defect without description or property: %+v", d)
		}
	}
	_, n, _ = lists.FindPortalDefects(ctx, w.limited, backend.DefectFilter{})
	if n != 1 {
		t.Errorf("limited user sees %d defects, want Plaza's 1", n)
	}
	_, _, err = lists.FindPortalDefects(ctx, w.north, backend.DefectFilter{Severity: ptr(backend.Severity("awful"))})
	assertField(t, err, backend.EINVALID, "severity")
	_, _, err = lists.FindPortalTasks(ctx, w.north, backend.PortalTaskFilter{DueMonth: ptr("Nov")})
	assertField(t, err, backend.EINVALID, "dueMonth")
	_, _, err = lists.FindPortalAssets(ctx, w.north, backend.PortalAssetFilter{Worst: ptr("bad")})
	assertField(t, err, backend.EINVALID, "worst")

	// Upcoming: not done, due or scheduled from today (20 Nov in Sydney), soonest first.
	ts, n, err := lists.FindPortalTasks(ctx, w.nsw, backend.PortalTaskFilter{Upcoming: true})
	if err != nil || n != 2 {
		t.Fatalf("upcoming in nsw = %d %v, want 2", n, err)
	}
	if *ts[0].DueOn != "2026-11-25" || *ts[1].DueOn != "2026-12-05" {
		t.Errorf("upcoming order: %s, %s", *ts[0].DueOn, *ts[1].DueOn)
	}
	// Cancelled tasks only when asked for.
	_, n, _ = lists.FindPortalTasks(ctx, w.north, backend.PortalTaskFilter{})
	_, all, _ := lists.FindPortalTasks(ctx, w.north, backend.PortalTaskFilter{Stage: ptr("cancelled")})
	if n != 8 || all != 2 {
		t.Errorf("north tasks = %d (cancelled %d), want 8 and 2", n, all)
	}
	// Assets carry their worst open published defect.
	as, _, _ := lists.FindPortalAssets(ctx, w.north, backend.PortalAssetFilter{Type: ptr("Extinguisher"), Page: backend.Page{Sort: "severity"}})
	if len(as) != 3 || as[0].WorstSeverity == nil || *as[0].WorstSeverity != backend.SeverityCritical || as[0].OpenDefects != 2 {
		t.Fatalf("extinguishers = %+v", as)
	}
}
