package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"siteward/backend"
)

// assertCountsMatch checks that every panel read from the portal counts
// equals the old direct query over the rows (portalcounts_direct_test.go).
func assertCountsMatch(tb testing.TB, svc *DashboardService, step string, scopes map[string]backend.Scope) {
	tb.Helper()
	ctx := context.Background()
	for name, sc := range scopes {
		type pair struct {
			what      string
			got, want any
			err1      error
			err2      error
		}
		var ps []pair
		add := func(what string, got any, err1 error, want any, err2 error) {
			ps = append(ps, pair{what, got, want, err1, err2})
		}
		g1, e1 := svc.PortalDashboard(ctx, sc)
		w1, f1 := svc.directPortalDashboard(ctx, sc)
		add("tally", g1, e1, w1, f1)
		g2, e2 := svc.PortalMap(ctx, sc)
		w2, f2 := svc.directPortalMap(ctx, sc)
		if e2 == nil && f2 == nil {
			assertMapGeneration(tb, svc, step, name, g2)
			w2.Generation = g2.Generation
		}
		add("map", g2, e2, w2, f2)
		g3, e3 := svc.DefectsMonthly(ctx, sc)
		w3, f3 := svc.directDefectsMonthly(ctx, sc)
		add("defects", g3, e3, w3, f3)
		g4, e4 := svc.ServiceCallsMonthly(ctx, sc)
		w4, f4 := svc.directServiceCallsMonthly(ctx, sc)
		add("service calls", g4, e4, w4, f4)
		g5, e5 := svc.SpendMonthly(ctx, sc)
		w5, f5 := svc.directSpendMonthly(ctx, sc)
		add("spend", g5, e5, w5, f5)
		g6, e6 := svc.AssetsByType(ctx, sc)
		w6, f6 := svc.directAssetsByType(ctx, sc)
		add("assets", g6, e6, w6, f6)
		for _, year := range []int{2025, 2026} {
			g, e := svc.RoutinesByMonth(ctx, sc, year)
			w, f := svc.directRoutinesByMonth(ctx, sc, year)
			add(fmt.Sprint("routines ", year), g, e, w, f)
		}
		portal := NewPortalService(svc.db, svc.Location)
		activity := NewActivityService(svc.db, svc.Location)
		submitted := backend.QuoteSubmitted
		for _, kind := range []*string{nil, ptr(backend.QuoteKindDefect), ptr(backend.QuoteKindService)} {
			qs, got, e := activity.FindPortalQuotes(ctx, sc, backend.PortalQuoteFilter{Kind: kind, Status: &submitted, Page: backend.Page{Limit: 3}})
			want, d := directQuotesAwaiting(ctx, svc.db, sc, kind)
			add(fmt.Sprintf("quotes awaiting (%v, %d listed)", kind != nil, len(qs)), got, e, want, d)
		}
		reports, reportsTotal, e := NewReportService(svc.db, nil).FindPortalReports(ctx, sc, backend.ReportFilter{Page: backend.Page{Limit: 5}})
		wantReports, wantTotal, d := directPortalReports(ctx, svc.db, sc, 5)
		var got []string
		for _, r := range reports {
			got = append(got, r.ID)
		}
		add("latest reports", append(got, fmt.Sprint("total ", reportsTotal)), e, append(wantReports, fmt.Sprint("total ", wantTotal)), d)
		for _, sort := range []string{"name", "-client", "-defects", "quotes", "-invoices", "severity"} {
			f := backend.PortalPropertyFilter{Page: backend.Page{Limit: 200, Sort: sort}}
			got, gotTotal, e := portal.FindPortalProperties(ctx, sc, f)
			want, wantTotal, d := portal.directPortalProperties(ctx, sc, f)
			add("properties by "+sort, propertyCounts(got, gotTotal), e, propertyCounts(want, wantTotal), d)
		}
		for _, p := range ps {
			if p.err1 != nil || p.err2 != nil {
				tb.Fatalf("%s, %s, %s: %v / %v", step, name, p.what, p.err1, p.err2)
			}
			if !reflect.DeepEqual(p.got, p.want) {
				tb.Fatalf("%s, %s, %s:\n counts %+v\n direct %+v", step, name, p.what, p.got, p.want)
			}
		}
	}
}

// propertyCounts is a properties list as its order, counts and total.
func propertyCounts(ps []*backend.PortalProperty, total int) []string {
	out := []string{fmt.Sprint("total ", total)}
	for _, p := range ps {
		worst := "none"
		if p.WorstSeverity != nil {
			worst = string(*p.WorstSeverity)
		}
		out = append(out, fmt.Sprintf("%s %s: %d overdue, %d quotes, %d defects, worst %s", p.Name, p.ClientName,
			p.OverdueInvoices, p.QuotesAwaiting, p.OpenDefects, worst))
	}
	return out
}

// mapSeen is the last map each scope read, per service.
var mapSeen = map[*DashboardService]map[string]*backend.PortalMap{}

// assertMapGeneration checks the map generation's promise (the HTTP map
// cache relies on it): a scope's map read at the same generation as its
// last read is the same map.
func assertMapGeneration(tb testing.TB, svc *DashboardService, step, scope string, m *backend.PortalMap) {
	tb.Helper()
	if mapSeen[svc] == nil {
		mapSeen[svc] = map[string]*backend.PortalMap{}
		tb.Cleanup(func() { delete(mapSeen, svc) })
	}
	if last := mapSeen[svc][scope]; last != nil && last.Generation == m.Generation && !reflect.DeepEqual(last, m) {
		tb.Fatalf("%s, %s: the map changed but its generation stayed %d:\n before %+v\n now %+v", step, scope, m.Generation, last, m)
	}
	mapSeen[svc][scope] = m
}

// The pre-aggregated counts stay exactly what the direct queries count
// through a random history of every kind of change the panels depend on —
// inserts, updates and hard and soft deletes of remarks, tasks, invoices,
// quotes and assets; publishing, resolving, stage changes, payments; a
// property deactivated or moved to another client, a client moved to
// another group — at five scopes, one of them limited to chosen properties.
func TestPortalCounts_MatchDirectQueries(t *testing.T) {
	w := newDashWorld(t)
	db := w.db
	scopes := map[string]backend.Scope{"north": w.north, "nsw": w.nsw, "national": w.national, "other": w.other, "limited": w.limited}
	var clientID string
	if err := db.read.QueryRow(`SELECT client_id FROM properties WHERE id = ?`, w.prop["Tower"].ID).Scan(&clientID); err != nil {
		t.Fatal(err)
	}
	scopes["one client"] = backend.Scope{UserID: w.north.UserID, View: backend.View{Kind: backend.ViewClient, ID: clientID}}

	rng := rand.New(rand.NewPCG(9, 2026))
	props := []string{"Tower", "Annex", "Closed", "Plaza", "Court"}
	prop := func() *backend.Property { return w.prop[props[rng.IntN(len(props))]] }
	pick := func(xs ...string) string { return xs[rng.IntN(len(xs))] }
	// Times from September 2025 to the end of 2026, some on local-month
	// edges (13:00 and 14:00 UTC are midnight in Sydney in and out of DST).
	start := time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)
	when := func() time.Time {
		if rng.IntN(4) == 0 {
			d := time.Date(2025, time.Month(9+rng.IntN(16)), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -rng.IntN(2))
			return d.Add(time.Duration(12+rng.IntN(3))*time.Hour + time.Duration(rng.IntN(3)-1)*time.Minute)
		}
		return start.Add(time.Duration(rng.Int64N(int64(485 * 24 * time.Hour))))
	}
	stamp := func() string { return backend.FormatTime(when()) }
	day := func() string { return when().Format(backend.DateLayout) }
	maybe := func(s string) any {
		if rng.IntN(3) == 0 {
			return nil
		}
		return s
	}
	random := func(table string) (string, bool) {
		var id string
		err := db.read.QueryRow(`SELECT id FROM ` + table + ` ORDER BY random() LIMIT 1`).Scan(&id)
		return id, err == nil
	}
	var clients, groups []string
	rows, err := db.read.Query(`SELECT id FROM clients`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		clients = append(clients, id)
	}
	rows.Close()
	rows, err = db.read.Query(`SELECT id FROM client_groups`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		rows.Scan(&id)
		groups = append(groups, id)
	}
	rows.Close()

	sevs := []string{"critical", "non_critical", "non_conformance", "recommendation", "information"}
	ops := []func() string{
		func() string { // a remark, on an asset of its property or another, or none
			p := prop()
			var asset any
			if id, ok := random("assets"); ok && rng.IntN(2) == 0 {
				asset = id
			}
			status, published := pick("open", "open", "resolved"), rng.IntN(4) > 0
			raised := stamp()
			var resolvedAt, publishedAt any
			if status == "resolved" {
				resolvedAt = raised
			}
			if published {
				publishedAt = raised
			}
			MustExec(t, db, `INSERT INTO remarks (id, property_id, asset_id, severity, status, description, raised_at, resolved_at,
				published, published_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'R', ?, ?, ?, ?, ?, ?)`,
				backend.NewID(), p.ID, asset, pick(sevs...), status, raised, resolvedAt, published, publishedAt, raised, raised)
			return "insert remark"
		},
		func() string {
			id, ok := random("remarks")
			if !ok {
				return "no remark"
			}
			switch rng.IntN(7) {
			case 0:
				MustExec(t, db, `UPDATE remarks SET status = 'resolved', resolved_at = ? WHERE id = ?`, stamp(), id)
				return "resolve remark"
			case 1:
				MustExec(t, db, `UPDATE remarks SET status = 'open', resolved_at = NULL WHERE id = ?`, id)
				return "reopen remark"
			case 2:
				MustExec(t, db, `UPDATE remarks SET published = 1 - published, published_at = ? WHERE id = ?`, stamp(), id)
				return "publish or unpublish remark"
			case 3:
				MustExec(t, db, `UPDATE remarks SET severity = ?, raised_at = ? WHERE id = ?`, pick(sevs...), stamp(), id)
				return "re-grade remark"
			case 4:
				MustExec(t, db, `UPDATE remarks SET deleted_at = CASE WHEN deleted_at IS NULL THEN 'x' END WHERE id = ?`, id)
				return "soft-delete or restore remark"
			case 5:
				var asset any
				if a, ok := random("assets"); ok {
					asset = maybe(a)
				}
				MustExec(t, db, `UPDATE remarks SET asset_id = ?, property_id = ? WHERE id = ?`, asset, prop().ID, id)
				return "move remark"
			}
			MustExec(t, db, `DELETE FROM remarks WHERE id = ?`, id)
			return "delete remark"
		},
		func() string {
			p := prop()
			MustExec(t, db, `INSERT INTO assets (id, property_id, type, created_at, updated_at) VALUES (?, ?, ?, 'x', 'x')`,
				backend.NewID(), p.ID, pick("Extinguisher", "Hydrant", "Exit light"))
			return "insert asset"
		},
		func() string {
			id, ok := random("assets")
			if !ok {
				return "no asset"
			}
			switch rng.IntN(4) {
			case 0:
				MustExec(t, db, `UPDATE assets SET type = ? WHERE id = ?`, pick("Extinguisher", "Hydrant", "Fire door"), id)
				return "retype asset"
			case 1:
				MustExec(t, db, `UPDATE assets SET deleted_at = CASE WHEN deleted_at IS NULL THEN 'x' END WHERE id = ?`, id)
				return "soft-delete or restore asset"
			case 2:
				MustExec(t, db, `UPDATE assets SET property_id = ? WHERE id = ?`, prop().ID, id)
				return "move asset"
			}
			MustExec(t, db, `DELETE FROM assets WHERE id = ? AND NOT EXISTS (SELECT 1 FROM remarks WHERE asset_id = ?)`, id, id)
			return "delete asset"
		},
		func() string {
			p := prop()
			kind := pick("routine", "service_call", "other")
			var routineID any
			if kind == "routine" {
				routineID = backend.NewID()
				MustExec(t, db, `INSERT INTO routines (id, property_id, name, frequency_months, starts_on, created_at, updated_at)
					VALUES (?, ?, 'Routine', 1, '2020-01-01', 'x', 'x')`, routineID, p.ID)
			}
			MustExec(t, db, `INSERT INTO tasks (id, property_id, routine_id, kind, stage, title, due_on, tolerance_days, performed_at,
				completed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'T', ?, ?, ?, ?, ?, 'x')`,
				backend.NewID(), p.ID, routineID, kind, pick("onhold", "ready", "inprogress", "performed", "complete", "cancelled"),
				maybe(day()), rng.IntN(10), maybe(stamp()), maybe(stamp()), stamp())
			return "insert task"
		},
		func() string {
			id, ok := random("tasks")
			if !ok {
				return "no task"
			}
			switch rng.IntN(5) {
			case 0:
				MustExec(t, db, `UPDATE tasks SET stage = ? WHERE id = ?`, pick("ready", "performed", "complete", "cancelled"), id)
				return "task stage"
			case 1:
				MustExec(t, db, `UPDATE tasks SET performed_at = ?, completed_at = ? WHERE id = ?`, maybe(stamp()), maybe(stamp()), id)
				return "task done"
			case 2:
				MustExec(t, db, `UPDATE tasks SET due_on = ?, tolerance_days = ? WHERE id = ?`, maybe(day()), rng.IntN(20), id)
				return "task due"
			case 3:
				MustExec(t, db, `UPDATE tasks SET deleted_at = CASE WHEN deleted_at IS NULL THEN 'x' END, property_id = ? WHERE id = ?`, prop().ID, id)
				return "soft-delete or move task"
			}
			MustExec(t, db, `DELETE FROM tasks WHERE id = ?`, id)
			return "delete task"
		},
		func() string {
			p := prop()
			total := 100 * (1 + rng.IntN(50))
			MustExec(t, db, `INSERT INTO invoices (id, client_id, property_id, status, issued_on, due_on, total_cents, paid_cents, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'x', 'x')`, backend.NewID(), p.ClientID, p.ID, pick("draft", "issued", "issued", "paid", "voided"),
				maybe(day()), maybe(pick(day(), "2026-11-19", "2026-11-20")), total, pick("0", "0", fmt.Sprint(total/2), fmt.Sprint(total)))
			return "insert invoice"
		},
		func() string {
			id, ok := random("invoices")
			if !ok {
				return "no invoice"
			}
			switch rng.IntN(4) {
			case 0:
				MustExec(t, db, `UPDATE invoices SET paid_cents = total_cents * ? / 4 WHERE id = ?`, rng.IntN(5), id)
				return "payment"
			case 1:
				MustExec(t, db, `UPDATE invoices SET status = ?, issued_on = ? WHERE id = ?`, pick("issued", "paid", "voided"), maybe(day()), id)
				return "invoice status"
			case 2:
				MustExec(t, db, `UPDATE invoices SET deleted_at = CASE WHEN deleted_at IS NULL THEN 'x' END, due_on = ? WHERE id = ?`, maybe(day()), id)
				return "soft-delete or redate invoice"
			}
			MustExec(t, db, `DELETE FROM invoices WHERE id = ?`, id)
			return "delete invoice"
		},
		func() string {
			p := prop()
			status := pick("draft", "submitted", "submitted", "approved", "expired")
			MustExec(t, db, `INSERT INTO quotes (id, kind, client_id, property_id, title, status, created_at, updated_at)
				VALUES (?, ?, ?, ?, 'Q', ?, 'x', 'x')`, backend.NewID(), pick("defect", "service"), p.ClientID, p.ID, status)
			return "insert quote"
		},
		func() string {
			id, ok := random("quotes")
			if !ok {
				return "no quote"
			}
			switch rng.IntN(4) {
			case 0:
				MustExec(t, db, `UPDATE quotes SET status = ? WHERE id = ?`, pick("submitted", "approved", "voided"), id)
				return "quote status"
			case 1:
				MustExec(t, db, `UPDATE quotes SET kind = ? WHERE id = ?`, pick("defect", "service"), id)
				return "quote kind"
			case 2:
				MustExec(t, db, `UPDATE quotes SET deleted_at = CASE WHEN deleted_at IS NULL THEN 'x' END WHERE id = ?`, id)
				return "soft-delete quote"
			}
			MustExec(t, db, `DELETE FROM quotes WHERE id = ?`, id)
			return "delete quote"
		},
		func() string {
			p := prop()
			switch rng.IntN(3) {
			case 0:
				MustExec(t, db, `UPDATE properties SET active = 1 - active WHERE id = ?`, p.ID)
				return "property (de)activated"
			case 1:
				MustExec(t, db, `UPDATE properties SET client_id = ? WHERE id = ?`, clients[rng.IntN(len(clients))], p.ID)
				return "property moved to another client"
			}
			MustExec(t, db, `UPDATE clients SET group_id = ? WHERE id = ?`, groups[rng.IntN(len(groups))], clients[rng.IntN(len(clients))])
			return "client moved to another group"
		},
		func() string {
			switch rng.IntN(4) {
			case 0:
				MustExec(t, db, `UPDATE clients SET active = 1 - active WHERE id = ?`, clients[rng.IntN(len(clients))])
				return "client (de)activated"
			case 1:
				MustExec(t, db, `UPDATE clients SET group_id = NULL WHERE id = ?`, clients[rng.IntN(len(clients))])
				return "client out of every group"
			case 2:
				MustExec(t, db, `UPDATE clients SET deleted_at = CASE WHEN deleted_at IS NULL THEN 'x' END WHERE id = ?`, clients[rng.IntN(len(clients))])
				return "client soft-deleted or restored"
			}
			g := groups[rng.IntN(len(groups))]
			MustExec(t, db, `UPDATE client_groups SET deleted_at = CASE WHEN deleted_at IS NULL AND id <> ? THEN 'x' END WHERE id = ?`, w.national.View.ID, g)
			return "group soft-deleted or restored"
		},
	}
	// A group re-parented under a group outside its subtree, or made a root.
	reparent := func() string {
		g := groups[rng.IntN(len(groups))]
		var parent any
		if rng.IntN(4) > 0 {
			parent = groups[rng.IntN(len(groups))]
		}
		MustExec(t, db, `UPDATE client_groups SET parent_id = ?1 WHERE id = ?2 AND ?1 IS NOT ?2
			AND (?1 IS NULL OR ?1 NOT IN (SELECT descendant FROM client_group_paths WHERE ancestor = ?2))`, parent, g)
		return "group re-parented"
	}
	reports := func() string { // a report, published or not; or one published, withdrawn or deleted
		if id, ok := random("reports"); ok && rng.IntN(2) == 0 {
			if rng.IntN(3) == 0 {
				MustExec(t, db, `UPDATE reports SET deleted_at = CASE WHEN deleted_at IS NULL THEN ? END WHERE id = ?`, stamp(), id)
				return "report deleted or restored"
			}
			MustExec(t, db, `UPDATE reports SET published = 1 - published WHERE id = ?`, id)
			return "report published or withdrawn"
		}
		MustExec(t, db, `INSERT INTO reports (id, property_id, kind, title, published, created_at, updated_at)
			VALUES (?, ?, 'uploaded', 'Report', ?, ?, ?)`, backend.NewID(), prop().ID, rng.IntN(3) > 0, stamp(), stamp())
		return "insert report"
	}
	ops = append(ops, ops[0], ops[4], ops[4], ops[6], reparent, reports) // more inserts than changes
	// Somewhere in the history every panel had something to count, so the
	// comparison means something (a random history may end with little in view).
	ctx := context.Background()
	panels := map[string]func(context.Context, backend.Scope) (*backend.ChartData, error){
		"defects": w.svc.DefectsMonthly, "assets": w.svc.AssetsByType, "service calls": w.svc.ServiceCallsMonthly, "spend": w.svc.SpendMonthly,
		"routines": func(ctx context.Context, sc backend.Scope) (*backend.ChartData, error) {
			return w.svc.RoutinesByMonth(ctx, sc, 2026)
		},
	}
	counted := map[string]bool{}
	noteCounted := func() {
		for name, f := range panels {
			for _, sc := range scopes {
				d, err := f(ctx, sc)
				if err != nil {
					t.Fatal(err)
				}
				counted[name] = counted[name] || d.Total() > 0
			}
		}
	}
	assertCountsMatch(t, w.svc, "empty", scopes)
	for i := range 600 {
		what := ops[rng.IntN(len(ops))]()
		if i%10 == 0 || i > 590 {
			assertCountsMatch(t, w.svc, fmt.Sprintf("step %d (%s)", i, what), scopes)
			noteCounted()
		}
	}
	for name := range panels {
		if !counted[name] {
			t.Errorf("%s: the history never had anything to count", name)
		}
	}
	// Rebuilt in another zone, and back: still the same as the rows say.
	assertCountsMatch(t, NewDashboardService(db, time.UTC), "rebuilt in UTC", scopes)
	assertCountsMatch(t, w.svc, "rebuilt in Sydney", scopes)
}

// A bulk load (the demo generator) drops the counts' triggers and rebuilds
// the counts once at its end: they match the direct queries, and the
// triggers are back for the next write.
func TestPortalCounts_AfterBulkLoad(t *testing.T) {
	now := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
	clock := NewTestClock()
	clock.Add(now.Sub(clock.Now()))
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "siteward.db"), clock)
	sc := mustDemo(t, db, now)
	syd, _ := time.LoadLocation("Australia/Sydney")
	svc := NewDashboardService(db, syd)
	assertCountsMatch(t, svc, "after the demo", map[string]backend.Scope{"national": sc})
	if n := MustCount(t, db, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sw_counts_%'`); n != len(countTriggers()) {
		t.Fatalf("%d counts triggers after the load, want %d", n, len(countTriggers()))
	}
	MustExec(t, db, `UPDATE remarks SET status = 'open', resolved_at = NULL WHERE status = 'resolved'`)
	assertCountsMatch(t, svc, "after reopening every remark", map[string]backend.Scope{"national": sc})
}
