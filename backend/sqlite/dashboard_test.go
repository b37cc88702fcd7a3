package sqlite

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"
	_ "time/tzdata" // Australia/Sydney on any machine

	"siteward/backend"
)

// dashNow is 01:00 on Friday 20 November 2026 in Sydney (AEDT, UTC+11) but
// still the 19th in UTC, so "today" and month buckets show their time zone.
var dashNow = time.Date(2026, 11, 19, 14, 0, 0, 0, time.UTC)

// dashWorld is the fixture behind the dashboard tests:
//
//	National ─ NSW ─┬─ North (North Client: Tower, Annex, Closed — inactive)
//	                └─ (NSW Client: Plaza)
//	Other (Other Client: Court)
//
// Scopes: north, nsw, national, other, and limited (NSW, limited to Plaza).
type dashWorld struct {
	db                                   *DB
	svc                                  *DashboardService
	prop                                 map[string]*backend.Property
	north, nsw, national, other, limited backend.Scope
}

func newDashWorld(tb testing.TB) *dashWorld {
	tb.Helper()
	db := MustOpenDBAt(tb, filepath.Join(tb.TempDir(), "siteward.db"), &TestClock{t: dashNow})
	syd, err := time.LoadLocation("Australia/Sydney")
	if err != nil {
		tb.Fatal(err)
	}
	w := &dashWorld{db: db, svc: NewDashboardService(db, syd), prop: map[string]*backend.Property{}}
	national := MustCreateClientGroup(tb, db, "National", nil)
	nsw := MustCreateClientGroup(tb, db, "NSW", national)
	north := MustCreateClientGroup(tb, db, "North", nsw)
	other := MustCreateClientGroup(tb, db, "Other", nil)
	northClient := MustCreateClient(tb, db, "North Client", north)
	nswClient := MustCreateClient(tb, db, "NSW Client", nsw)
	otherClient := MustCreateClient(tb, db, "Other Client", other)
	add := func(c *backend.Client, name string, active bool, lat, lng *float64) {
		w.prop[name] = MustCreatePropertyWith(tb, db, &backend.Property{ClientID: c.ID, Name: name, Street: "1 " + name + " St",
			Suburb: "Sydney", State: "NSW", Postcode: "2000", Active: active, Lat: lat, Lng: lng})
	}
	add(northClient, "Tower", true, ptr(-33.85), ptr(151.21))
	add(northClient, "Annex", true, nil, nil)
	add(northClient, "Closed", false, ptr(-33.9), ptr(151.1))
	add(nswClient, "Plaza", true, ptr(-33.87), ptr(151.2))
	add(otherClient, "Court", true, ptr(-37.81), ptr(144.96))

	viewer := MustCreateUser(tb, db, "Vera Viewer", backend.LicenceCustomer)
	limited := MustCreateUser(tb, db, "Lim Limited", backend.LicenceCustomer)
	MustLimitUserToProperties(tb, db, limited, w.prop["Plaza"])
	scope := func(u *backend.User, g *backend.ClientGroup) backend.Scope {
		return backend.Scope{UserID: u.ID, View: backend.View{Kind: backend.ViewGroup, ID: g.ID, Name: g.Name}}
	}
	w.north, w.nsw, w.national, w.other = scope(viewer, north), scope(viewer, nsw), scope(viewer, national), scope(viewer, other)
	w.limited = scope(limited, nsw)
	return w
}

// remark inserts a remark raised at a stored time; resolved ones are
// resolved a day later.
func (w *dashWorld) remark(tb testing.TB, prop string, sev backend.Severity, status, raised string, published bool, assetID any) {
	tb.Helper()
	var resolvedAt, publishedAt any
	if status == "resolved" {
		resolvedAt = raised
	}
	if published {
		publishedAt = raised
	}
	MustExec(tb, w.db, `INSERT INTO remarks (id, property_id, asset_id, severity, status, description, raised_at, resolved_at,
		published, published_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'Remark', ?, ?, ?, ?, ?, ?)`,
		backend.NewID(), w.prop[prop].ID, assetID, sev, status, raised, resolvedAt, published, publishedAt, raised, raised)
}

func (w *dashWorld) quote(tb testing.TB, prop, kind, status string, deleted bool) {
	tb.Helper()
	var deletedAt any
	if deleted {
		deletedAt = "2026-11-01T00:00:00.000Z"
	}
	MustExec(tb, w.db, `INSERT INTO quotes (id, kind, client_id, property_id, title, status, total_cents, created_at, updated_at, deleted_at)
		VALUES (?, ?, ?, ?, 'Quote', ?, 10000, 'x', 'x', ?)`, backend.NewID(), kind, w.prop[prop].ClientID, w.prop[prop].ID, status, deletedAt)
}

func (w *dashWorld) invoice(tb testing.TB, prop, status string, issuedOn, dueOn any, total, paid int) {
	tb.Helper()
	MustExec(tb, w.db, `INSERT INTO invoices (id, client_id, property_id, status, issued_on, due_on, total_cents, paid_cents, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'x', 'x')`, backend.NewID(), w.prop[prop].ClientID, w.prop[prop].ID, status, issuedOn, dueOn, total, paid)
}

func (w *dashWorld) asset(tb testing.TB, prop, typ string, deleted bool) string {
	tb.Helper()
	id := backend.NewID()
	var deletedAt any
	if deleted {
		deletedAt = "2026-11-01T00:00:00.000Z"
	}
	MustExec(tb, w.db, `INSERT INTO assets (id, property_id, type, created_at, updated_at, deleted_at) VALUES (?, ?, ?, 'x', 'x', ?)`,
		id, w.prop[prop].ID, typ, deletedAt)
	return id
}

// task inserts a task; routine tasks get a routine of their own.
func (w *dashWorld) task(tb testing.TB, prop, kind, stage, created string, due any, tol int, performed, completed any) {
	tb.Helper()
	var routineID any
	if kind == "routine" {
		routineID = backend.NewID()
		MustExec(tb, w.db, `INSERT INTO routines (id, property_id, name, frequency_months, starts_on, created_at, updated_at)
			VALUES (?, ?, 'Routine', 1, '2020-01-01', 'x', 'x')`, routineID, w.prop[prop].ID)
	}
	MustExec(tb, w.db, `INSERT INTO tasks (id, property_id, routine_id, kind, stage, title, due_on, tolerance_days, performed_at,
		completed_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'Task', ?, ?, ?, ?, ?, ?)`,
		backend.NewID(), w.prop[prop].ID, routineID, kind, stage, due, tol, performed, completed, created, created)
}

func TestDashboard_Tallies(t *testing.T) {
	w := newDashWorld(t)
	ctx := context.Background()
	const nov = "2026-11-05T00:00:00.000Z"
	w.remark(t, "Tower", backend.SeverityCritical, "open", nov, true, nil)
	w.remark(t, "Tower", backend.SeverityCritical, "open", "2023-01-01T00:00:00.000Z", true, nil) // old but still open
	w.remark(t, "Tower", backend.SeverityNonConformance, "open", nov, true, nil)
	w.remark(t, "Tower", backend.SeverityInformation, "open", nov, true, nil)
	w.remark(t, "Tower", backend.SeverityNonCritical, "resolved", nov, true, nil)
	w.remark(t, "Tower", backend.SeverityCritical, "open", nov, false, nil) // unpublished
	MustExec(t, w.db, `UPDATE remarks SET deleted_at = 'x' WHERE rowid = (SELECT MAX(rowid) FROM remarks)`)
	w.remark(t, "Annex", backend.SeverityRecommendation, "open", nov, true, nil)
	w.remark(t, "Closed", backend.SeverityCritical, "open", nov, true, nil) // inactive property
	w.remark(t, "Plaza", backend.SeverityNonCritical, "open", nov, true, nil)
	w.remark(t, "Court", backend.SeverityCritical, "open", nov, true, nil)

	w.quote(t, "Tower", "defect", "submitted", false)
	w.quote(t, "Tower", "defect", "submitted", false)
	w.quote(t, "Annex", "service", "submitted", false)
	w.quote(t, "Tower", "defect", "draft", false)
	w.quote(t, "Tower", "defect", "approved", false)
	w.quote(t, "Tower", "defect", "submitted", true)
	w.quote(t, "Closed", "defect", "submitted", false)
	w.quote(t, "Plaza", "service", "submitted", false)
	w.quote(t, "Court", "defect", "submitted", false)

	// Today is 20 November in Sydney (19th in UTC): due on the 19th is overdue.
	w.invoice(t, "Tower", "issued", "2026-10-01", "2026-11-19", 10000, 2500)
	w.invoice(t, "Tower", "issued", "2026-10-01", "2026-11-20", 20000, 0) // due today
	w.invoice(t, "Tower", "issued", "2026-09-01", "2026-10-01", 30000, 30000)
	w.invoice(t, "Tower", "paid", "2026-09-01", "2026-10-01", 40000, 40000)
	w.invoice(t, "Tower", "voided", "2026-09-01", "2026-10-01", 50000, 0)
	w.invoice(t, "Tower", "draft", nil, "2026-10-01", 60000, 0)
	w.invoice(t, "Annex", "issued", "2026-08-01", "2026-09-01", 5000, 0)
	w.invoice(t, "Closed", "issued", "2026-08-01", "2026-09-01", 7000, 0)
	w.invoice(t, "Plaza", "issued", "2026-08-01", "2026-09-01", 800, 0)
	w.invoice(t, "Court", "issued", "2026-08-01", "2026-09-01", 99900, 0)

	tally := func(crit, nonCrit, nonConf, rec, info int) map[backend.Severity]int {
		return map[backend.Severity]int{backend.SeverityCritical: crit, backend.SeverityNonCritical: nonCrit,
			backend.SeverityNonConformance: nonConf, backend.SeverityRecommendation: rec, backend.SeverityInformation: info}
	}
	for _, tc := range []struct {
		name    string
		scope   backend.Scope
		defects map[backend.Severity]int
		quotes  backend.QuoteTally
		overdue backend.InvoiceTally
	}{
		{"north", w.north, tally(2, 0, 1, 1, 1), backend.QuoteTally{Defect: 2, Service: 1}, backend.InvoiceTally{Count: 2, AmountCents: 12500}},
		{"nsw", w.nsw, tally(2, 1, 1, 1, 1), backend.QuoteTally{Defect: 2, Service: 2}, backend.InvoiceTally{Count: 3, AmountCents: 13300}},
		{"national", w.national, tally(2, 1, 1, 1, 1), backend.QuoteTally{Defect: 2, Service: 2}, backend.InvoiceTally{Count: 3, AmountCents: 13300}},
		{"limited", w.limited, tally(0, 1, 0, 0, 0), backend.QuoteTally{Service: 1}, backend.InvoiceTally{Count: 1, AmountCents: 800}},
		{"other", w.other, tally(1, 0, 0, 0, 0), backend.QuoteTally{Defect: 1}, backend.InvoiceTally{Count: 1, AmountCents: 99900}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := w.svc.PortalDashboard(ctx, tc.scope)
			if err != nil {
				t.Fatal(err)
			}
			total := 0
			for _, n := range tc.defects {
				total += n
			}
			if !reflect.DeepEqual(d.OpenDefects, tc.defects) || d.OpenDefectsTotal != total {
				t.Errorf("open defects = %v (total %d), want %v (%d)", d.OpenDefects, d.OpenDefectsTotal, tc.defects, total)
			}
			if d.QuotesAwaiting != tc.quotes {
				t.Errorf("quotes awaiting = %+v, want %+v", d.QuotesAwaiting, tc.quotes)
			}
			if d.OverdueInvoices != tc.overdue {
				t.Errorf("overdue invoices = %+v, want %+v", d.OverdueInvoices, tc.overdue)
			}
			if d.Panels != backend.DefaultPortalPanels() {
				t.Errorf("panels = %+v", d.Panels)
			}
		})
	}
}

func TestDashboard_Map(t *testing.T) {
	w := newDashWorld(t)
	ctx := context.Background()
	const at = "2026-11-05T00:00:00.000Z"
	w.remark(t, "Tower", backend.SeverityNonConformance, "open", at, true, nil)
	w.remark(t, "Tower", backend.SeverityNonCritical, "open", at, true, nil)
	w.remark(t, "Tower", backend.SeverityCritical, "resolved", at, true, nil)
	w.remark(t, "Tower", backend.SeverityCritical, "open", at, false, nil)
	w.remark(t, "Court", backend.SeverityCritical, "open", at, true, nil)

	m, err := w.svc.PortalMap(ctx, w.north)
	if err != nil {
		t.Fatal(err)
	}
	// Annex has no coordinates; Closed is inactive; Plaza and Court are outside.
	if len(m.Pins) != 1 || m.Unmapped != 1 {
		t.Fatalf("north map = %d pins, %d unmapped; want 1, 1", len(m.Pins), m.Unmapped)
	}
	p := m.Pins[0]
	if p.Name != "Tower" || p.Lat != -33.85 || p.Lng != 151.21 || p.WorstSeverity == nil || *p.WorstSeverity != backend.SeverityNonCritical ||
		p.Address != "1 Tower St, Sydney, NSW 2000" {
		t.Errorf("pin = %+v (worst %v)", p, p.WorstSeverity)
	}
	for _, tc := range []struct {
		scope backend.Scope
		want  []string
	}{{w.nsw, []string{"Plaza", "Tower"}}, {w.limited, []string{"Plaza"}}, {w.other, []string{"Court"}}} {
		m, err := w.svc.PortalMap(ctx, tc.scope)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range m.Pins {
			names = append(names, p.Name)
		}
		if !reflect.DeepEqual(names, tc.want) {
			t.Errorf("%s pins = %v, want %v", tc.scope.View.Name, names, tc.want)
		}
		if len(m.Pins) > 0 && m.Pins[0].Name == "Plaza" && m.Pins[0].WorstSeverity != nil {
			t.Errorf("Plaza has no defects, got worst %v", *m.Pins[0].WorstSeverity)
		}
	}
}
