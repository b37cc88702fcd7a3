package sqlite

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"siteward/backend"
)

// wantSeries is a sparse expectation: key → month/category index → value;
// everything not named must be zero.
type wantSeries map[string]map[int]float64

func assertChart(tb testing.TB, d *backend.ChartData, categories []string, keys []string, want wantSeries) {
	tb.Helper()
	if categories != nil && !reflect.DeepEqual(d.Categories, categories) {
		tb.Errorf("categories = %v, want %v", d.Categories, categories)
	}
	var gotKeys []string
	for _, s := range d.Series {
		gotKeys = append(gotKeys, s.Key)
		if len(s.Values) != len(d.Categories) {
			tb.Errorf("series %s has %d values for %d categories", s.Key, len(s.Values), len(d.Categories))
		}
		for i, v := range s.Values {
			if w := want[s.Key][i]; v != w {
				tb.Errorf("%s[%d] (%s) = %v, want %v", s.Key, i, d.Categories[i], v, w)
			}
		}
	}
	if !reflect.DeepEqual(gotKeys, keys) {
		tb.Errorf("series = %v, want %v", gotKeys, keys)
	}
}

// The 12 months ending November 2026 in Sydney.
var dashMonths = []string{"2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
	"2026-07", "2026-08", "2026-09", "2026-10", "2026-11"}

func TestDashboard_DefectsMonthly(t *testing.T) {
	w := newDashWorld(t)
	ctx := context.Background()
	// 14:00Z on 31 October is 01:00 on 1 November in Sydney.
	w.remark(t, "Tower", backend.SeverityNonConformance, "open", "2026-10-31T14:00:00.000Z", true, nil)
	w.remark(t, "Tower", backend.SeverityNonCritical, "resolved", "2026-10-31T12:59:59.999Z", true, nil) // 23:59:59 on 31 Oct
	w.remark(t, "Tower", backend.SeverityCritical, "open", "2026-11-05T00:00:00.000Z", true, nil)
	w.remark(t, "Tower", backend.SeverityCritical, "open", "2026-11-19T13:59:00.000Z", true, nil)       // just before now
	w.remark(t, "Tower", backend.SeverityInformation, "open", "2025-11-30T12:59:00.000Z", true, nil)    // 30 Nov 2025: too old
	w.remark(t, "Tower", backend.SeverityRecommendation, "open", "2025-11-30T13:00:00.000Z", true, nil) // 1 Dec 2025, 00:00
	w.remark(t, "Tower", backend.SeverityCritical, "open", "2026-11-01T00:00:00.000Z", false, nil)      // unpublished
	w.remark(t, "Annex", backend.SeverityCritical, "resolved", "2026-06-15T02:00:00.000Z", true, nil)
	w.remark(t, "Annex", backend.SeverityCritical, "open", "2026-06-15T02:00:00.000Z", true, nil)
	w.remark(t, "Closed", backend.SeverityCritical, "open", "2026-11-02T00:00:00.000Z", true, nil) // inactive property
	w.remark(t, "Plaza", backend.SeverityNonCritical, "open", "2026-11-03T00:00:00.000Z", true, nil)
	w.remark(t, "Court", backend.SeverityCritical, "open", "2026-11-04T00:00:00.000Z", true, nil)

	keys := []string{"critical", "non_critical", "non_conformance", "recommendation", "information", "resolved"}
	d, err := w.svc.DefectsMonthly(ctx, w.north)
	if err != nil {
		t.Fatal(err)
	}
	assertChart(t, d, dashMonths, keys, wantSeries{
		"critical":        {6: 1, 11: 2},
		"non_conformance": {11: 1},
		"recommendation":  {0: 1},
		"resolved":        {6: 1, 10: 1},
	})
	d, err = w.svc.DefectsMonthly(ctx, w.nsw)
	if err != nil {
		t.Fatal(err)
	}
	assertChart(t, d, dashMonths, keys, wantSeries{
		"critical": {6: 1, 11: 2}, "non_critical": {11: 1}, "non_conformance": {11: 1}, "recommendation": {0: 1}, "resolved": {6: 1, 10: 1},
	})
	for _, tc := range []struct {
		scope backend.Scope
		want  wantSeries
	}{{w.limited, wantSeries{"non_critical": {11: 1}}}, {w.other, wantSeries{"critical": {11: 1}}}} {
		d, err := w.svc.DefectsMonthly(ctx, tc.scope)
		if err != nil {
			t.Fatal(err)
		}
		assertChart(t, d, dashMonths, keys, tc.want)
	}
}

func TestDashboard_AssetsByType(t *testing.T) {
	w := newDashWorld(t)
	ctx := context.Background()
	const at = "2026-11-05T00:00:00.000Z"
	a1 := w.asset(t, "Tower", "Extinguisher", false) // critical + non-conformance: critical
	w.remark(t, "Tower", backend.SeverityNonConformance, "open", at, true, a1)
	w.remark(t, "Tower", backend.SeverityCritical, "open", at, true, a1)
	a2 := w.asset(t, "Tower", "Extinguisher", false) // an unpublished critical does not count
	w.remark(t, "Tower", backend.SeverityNonConformance, "open", at, true, a2)
	w.remark(t, "Tower", backend.SeverityCritical, "open", at, false, a2)
	a3 := w.asset(t, "Tower", "Extinguisher", false) // resolved only: no open defects
	w.remark(t, "Tower", backend.SeverityCritical, "resolved", at, true, a3)
	w.asset(t, "Tower", "Extinguisher", false)
	e1 := w.asset(t, "Tower", "Exit light", false)
	w.remark(t, "Tower", backend.SeverityInformation, "open", at, true, e1)
	gone := w.asset(t, "Tower", "Exit light", true) // deleted
	w.remark(t, "Tower", backend.SeverityCritical, "open", at, true, gone)
	h1 := w.asset(t, "Annex", "Hydrant", false)
	w.remark(t, "Annex", backend.SeverityRecommendation, "open", at, true, h1)
	x := w.asset(t, "Closed", "Extinguisher", false)
	w.remark(t, "Closed", backend.SeverityCritical, "open", at, true, x)
	w.asset(t, "Plaza", "Sprinkler system", false)
	o := w.asset(t, "Court", "Extinguisher", false)
	w.remark(t, "Court", backend.SeverityCritical, "open", at, true, o)

	keys := []string{"critical", "non_critical", "non_conformance", "recommendation", "information", "no_open_defects"}
	d, err := w.svc.AssetsByType(ctx, w.north)
	if err != nil {
		t.Fatal(err)
	}
	assertChart(t, d, []string{"Extinguisher", "Exit light", "Hydrant"}, keys, wantSeries{
		"critical": {0: 1}, "non_conformance": {0: 1}, "no_open_defects": {0: 2}, "information": {1: 1}, "recommendation": {2: 1},
	})
	d, err = w.svc.AssetsByType(ctx, w.limited)
	if err != nil {
		t.Fatal(err)
	}
	assertChart(t, d, []string{"Sprinkler system"}, keys, wantSeries{"no_open_defects": {0: 1}})
	d, err = w.svc.AssetsByType(ctx, w.other)
	if err != nil {
		t.Fatal(err)
	}
	assertChart(t, d, []string{"Extinguisher"}, keys, wantSeries{"critical": {0: 1}})
}

func TestDashboard_ServiceCallsMonthly(t *testing.T) {
	w := newDashWorld(t)
	ctx := context.Background()
	w.task(t, "Tower", "service_call", "ready", "2026-10-31T13:30:00.000Z", nil, 0, nil, nil)    // 1 Nov, 00:30 in Sydney
	w.task(t, "Tower", "service_call", "complete", "2026-10-31T12:30:00.000Z", nil, 0, nil, nil) // 31 Oct, 23:30
	w.task(t, "Tower", "service_call", "onhold", "2026-11-10T00:00:00.000Z", nil, 0, nil, nil)
	w.task(t, "Annex", "service_call", "inprogress", "2026-11-11T00:00:00.000Z", nil, 0, nil, nil)
	w.task(t, "Annex", "service_call", "performed", "2026-01-11T00:00:00.000Z", nil, 0, nil, nil)
	w.task(t, "Tower", "service_call", "cancelled", "2026-11-12T00:00:00.000Z", nil, 0, nil, nil)
	w.task(t, "Tower", "service_call", "performed", "2025-11-30T12:00:00.000Z", nil, 0, nil, nil) // 30 Nov 2025: too old
	w.task(t, "Tower", "routine", "ready", "2026-11-12T00:00:00.000Z", "2026-11-20", 0, nil, nil)
	w.task(t, "Tower", "other", "ready", "2026-11-12T00:00:00.000Z", nil, 0, nil, nil)
	w.task(t, "Closed", "service_call", "ready", "2026-11-12T00:00:00.000Z", nil, 0, nil, nil)
	w.task(t, "Court", "service_call", "ready", "2026-11-12T00:00:00.000Z", nil, 0, nil, nil)
	w.task(t, "Tower", "service_call", "ready", "2026-11-13T00:00:00.000Z", nil, 0, nil, nil)
	MustExec(t, w.db, `UPDATE tasks SET deleted_at = 'x' WHERE created_at = '2026-11-13T00:00:00.000Z'`)

	keys := []string{"onhold", "ready", "inprogress", "performed", "complete"}
	d, err := w.svc.ServiceCallsMonthly(ctx, w.north)
	if err != nil {
		t.Fatal(err)
	}
	assertChart(t, d, dashMonths, keys, wantSeries{
		"onhold": {11: 1}, "ready": {11: 1}, "inprogress": {11: 1}, "performed": {1: 1}, "complete": {10: 1},
	})
	d, err = w.svc.ServiceCallsMonthly(ctx, w.other)
	if err != nil {
		t.Fatal(err)
	}
	assertChart(t, d, dashMonths, keys, wantSeries{"ready": {11: 1}})
	d, err = w.svc.ServiceCallsMonthly(ctx, w.limited)
	if err != nil {
		t.Fatal(err)
	}
	assertChart(t, d, dashMonths, keys, nil)
}

func TestDashboard_SpendMonthly(t *testing.T) {
	w := newDashWorld(t)
	ctx := context.Background()
	w.invoice(t, "Tower", "issued", "2026-11-01", "2026-12-01", 10000, 0)
	w.invoice(t, "Tower", "issued", "2026-10-31", "2026-11-30", 20000, 0)
	w.invoice(t, "Tower", "issued", "2026-09-15", "2026-10-15", 30050, 30050)
	w.invoice(t, "Tower", "paid", "2025-12-01", "2026-01-01", 40000, 40000)
	w.invoice(t, "Tower", "paid", "2025-11-30", "2025-12-30", 70000, 70000) // before the window
	w.invoice(t, "Tower", "voided", "2026-11-02", "2026-12-02", 50000, 0)
	w.invoice(t, "Tower", "draft", nil, nil, 60000, 0)
	w.invoice(t, "Annex", "issued", "2026-06-10", "2026-07-10", 5000, 0)
	w.invoice(t, "Closed", "issued", "2026-06-10", "2026-07-10", 1000, 0)
	w.invoice(t, "Court", "issued", "2026-11-01", "2026-12-01", 99900, 0)

	d, err := w.svc.SpendMonthly(ctx, w.north)
	if err != nil {
		t.Fatal(err)
	}
	assertChart(t, d, dashMonths, []string{"invoiced"}, wantSeries{"invoiced": {0: 400, 6: 50, 9: 300.5, 10: 200, 11: 100}})
	d, err = w.svc.SpendMonthly(ctx, w.other)
	if err != nil {
		t.Fatal(err)
	}
	assertChart(t, d, dashMonths, []string{"invoiced"}, wantSeries{"invoiced": {11: 999}})
}

func TestDashboard_RoutinesByMonth(t *testing.T) {
	w := newDashWorld(t)
	ctx := context.Background()
	const c = "2026-01-01T00:00:00.000Z"
	routine := func(prop, stage, due string, tol int, performed, completed any) {
		w.task(t, prop, "routine", stage, c, due, tol, performed, completed)
	}
	// March is AEDT (UTC+11): the window of 10 March ± 7 days is 3–17 March, local dates.
	routine("Tower", "complete", "2026-03-10", 7, "2026-03-15T00:00:00.000Z", "2026-03-16T00:00:00.000Z")
	routine("Tower", "complete", "2026-03-10", 7, "2026-03-02T14:00:00.000Z", nil) // 3 March in Sydney: on time
	routine("Tower", "complete", "2026-03-10", 7, "2026-03-02T12:00:00.000Z", nil) // 2 March: early
	// From 5 April it is AEST (UTC+10): 10 April ± 7 days closes on the 17th.
	routine("Tower", "complete", "2026-04-10", 7, "2026-04-17T14:30:00.000Z", nil) // 18 April in Sydney: late
	// No tolerance: done on the due date only.
	routine("Tower", "performed", "2026-07-01", 0, "2026-07-01T14:30:00.000Z", nil) // 2 July: late
	routine("Tower", "performed", "2026-08-01", 0, "2026-07-31T14:30:00.000Z", nil) // 1 August: on time
	routine("Tower", "complete", "2026-05-01", 3, nil, "2026-05-02T03:00:00.000Z")  // completed, no performed time
	routine("Tower", "complete", "2026-05-20", 3, nil, nil)                         // complete without times
	// Today is 20 November in Sydney.
	routine("Tower", "ready", "2026-11-15", 7, nil, nil)      // window to the 22nd: pending
	routine("Tower", "inprogress", "2026-11-10", 7, nil, nil) // window closed on the 17th: overdue
	routine("Annex", "ready", "2026-11-13", 6, nil, nil)      // window closed on the 19th: overdue
	routine("Annex", "onhold", "2026-12-05", 7, nil, nil)
	routine("Tower", "cancelled", "2026-04-01", 7, nil, nil)
	routine("Tower", "complete", "2025-12-31", 7, "2025-12-31T00:00:00.000Z", nil) // another year
	routine("Closed", "ready", "2026-03-10", 7, nil, nil)
	routine("Court", "ready", "2026-03-10", 7, nil, nil)
	w.task(t, "Tower", "service_call", "ready", c, "2026-03-10", 0, nil, nil)

	keys := []string{"completed", "completed_outside", "pending", "pending_outside"}
	months := make([]string, 12)
	for i := range months {
		months[i] = fmt.Sprintf("2026-%02d", i+1)
	}
	d, err := w.svc.RoutinesByMonth(ctx, w.north, 2026)
	if err != nil {
		t.Fatal(err)
	}
	assertChart(t, d, months, keys, wantSeries{
		"completed":         {2: 2, 4: 2, 7: 1},
		"completed_outside": {2: 1, 3: 1, 6: 1},
		"pending":           {10: 1, 11: 1},
		"pending_outside":   {10: 2},
	})
	d, err = w.svc.RoutinesByMonth(ctx, w.north, 2025)
	if err != nil {
		t.Fatal(err)
	}
	assertChart(t, d, nil, keys, wantSeries{"completed": {11: 1}})
	d, err = w.svc.RoutinesByMonth(ctx, w.other, 2026)
	if err != nil {
		t.Fatal(err)
	}
	assertChart(t, d, months, keys, wantSeries{"completed_outside": {}, "pending_outside": {2: 1}})
	_, err = w.svc.RoutinesByMonth(ctx, w.north, 1999)
	assertField(t, err, backend.EINVALID, "year")
}

// In a zone without daylight saving the tolerance check has no offsets to
// switch between: Brisbane is UTC+10 all year.
func TestDashboard_RoutinesWithoutDaylightSaving(t *testing.T) {
	w := newDashWorld(t)
	bne, err := time.LoadLocation("Australia/Brisbane")
	if err != nil {
		t.Fatal(err)
	}
	w.svc = NewDashboardService(w.db, bne)
	w.task(t, "Tower", "routine", "complete", "2026-01-01T00:00:00.000Z", "2026-03-10", 0, "2026-03-09T14:30:00.000Z", nil) // 10 March
	w.task(t, "Tower", "routine", "complete", "2026-01-01T00:00:00.000Z", "2026-03-10", 0, "2026-03-10T14:30:00.000Z", nil) // 11 March
	d, err := w.svc.RoutinesByMonth(context.Background(), w.north, 2026)
	if err != nil {
		t.Fatal(err)
	}
	assertChart(t, d, nil, []string{"completed", "completed_outside", "pending", "pending_outside"},
		wantSeries{"completed": {2: 1}, "completed_outside": {2: 1}})
}
