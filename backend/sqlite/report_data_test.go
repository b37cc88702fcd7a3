package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"siteward/backend"
	"siteward/backend/demo"
)

// mustDemo fills db with the small demo dataset as of now and returns the
// national login's scope.
func mustDemo(tb testing.TB, db *DB, now time.Time) backend.Scope {
	tb.Helper()
	ctx := context.Background()
	logins, err := demo.Generate(ctx, db, demo.Options{Size: demo.Small, Seed: 1, Now: now})
	if err != nil {
		tb.Fatal(err)
	}
	nat := logins.Get(demo.RoleNational)
	var userID string
	if err := db.read.QueryRowContext(ctx, `SELECT id FROM users WHERE email = ?`, nat.Email).Scan(&userID); err != nil {
		tb.Fatal(err)
	}
	return backend.Scope{UserID: userID, View: backend.View{Kind: backend.ViewGroup, ID: nat.Scope.ID, Name: nat.Scope.Name}}
}

// The reports answer the same questions as the portal's panels from the
// same rules: a year's Routine Activity Report counts exactly what the
// routines chart counts, month by month and status by status; the Monthly
// Activity Report holds exactly the view's customer-visible quotes.
func TestReportsAgreeWithThePortal(t *testing.T) {
	now := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
	clock := NewTestClock()
	clock.Add(now.Sub(clock.Now()))
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "siteward.db"), clock)
	sc := mustDemo(t, db, now)
	syd, _ := time.LoadLocation("Australia/Sydney")
	ctx := context.Background()
	data := NewReportDataService(db, syd)

	chart, err := NewDashboardService(db, syd).RoutinesByMonth(ctx, sc, 2026)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := data.RoutineActivity(ctx, sc, backend.ReportRequest{Kind: backend.ReportRoutineActivity, From: "2026-01-01", To: "2027-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	if chart.Total() == 0 || rep.Chart.Total() != chart.Total() {
		t.Fatalf("report counts %v routine tasks, the chart %v", rep.Chart.Total(), chart.Total())
	}
	for i, s := range chart.Series {
		for m, v := range s.Values {
			if got := rep.Chart.Series[i].Values[m]; rep.Chart.Series[i].Key != s.Key || got != v {
				t.Errorf("%s %s: report %v, chart %v", chart.Categories[m], s.Key, got, v)
			}
		}
	}

	act, err := data.MonthlyActivity(ctx, sc, backend.ReportRequest{Kind: backend.ReportMonthlyActivity, From: "2026-10-01", To: "2026-11-01"})
	if err != nil {
		t.Fatal(err)
	}
	cte, args := scopeCTE(sc)
	var want int
	if err := db.read.QueryRowContext(ctx, cte+` SELECT COUNT(*) FROM quotes q
		WHERE q.property_id IN (SELECT id FROM scope_properties) AND q.deleted_at IS NULL
			AND q.status IN ('submitted', 'approved', 'declined')
			AND ((q.issued_on >= '2026-10-01' AND q.issued_on < '2026-11-01')
				OR (q.decided_at >= '2026-09-30T14:00:00.000Z' AND q.decided_at < '2026-10-31T13:00:00.000Z'))`, args...).Scan(&want); err != nil {
		t.Fatal(err)
	}
	got := len(act.DefectQuotes) + len(act.ServiceQuotes)
	if want == 0 || got != want {
		t.Errorf("report has %d quotes, the view %d", got, want)
	}
	for _, q := range append(act.DefectQuotes, act.ServiceQuotes...) {
		switch q.Status {
		case "submitted", "approved", "declined":
		default:
			t.Errorf("quote %s in status %s reached a report", q.Number, q.Status)
		}
	}
}

// A report whose file cannot be written saves nothing; one that saves has
// its file and its row.
func TestSaveReportIsAllOrNothing(t *testing.T) {
	db := MustOpenDB(t)
	c := MustCreateClient(t, db, "Harbour Strata", nil)
	p := MustCreateProperty(t, db, c, "Harbour Tower")
	ctx := context.Background()
	pdf := []byte("%PDF-1.4 report")

	// A file where the store's folder should be: every write fails.
	blocked := filepath.Join(t.TempDir(), "files")
	if err := os.WriteFile(blocked, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	broken := NewReportService(db, backend.NewDirFileStore(blocked))
	r := &backend.Report{PropertyID: p.ID, Kind: backend.ReportMonthlyActivity, Title: "November", PeriodStart: "2026-11-01", PeriodEnd: "2026-11-30"}
	if err := broken.SaveReport(ctx, r, pdf); err == nil {
		t.Fatal("saved a report whose file could not be written")
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM reports`) + MustCount(t, db, `SELECT COUNT(*) FROM files`); n != 0 {
		t.Fatalf("a failed save left %d rows", n)
	}
	for _, bad := range []*backend.Report{
		{PropertyID: p.ID, Kind: backend.ReportMonthlyActivity, Title: " "},
		{PropertyID: "00000000-0000-7000-8000-000000000000", Kind: backend.ReportMonthlyActivity, Title: "x"},
	} {
		if err := NewReportService(db, backend.NewDirFileStore(t.TempDir())).SaveReport(ctx, bad, pdf); err == nil {
			t.Errorf("saved %+v", bad)
		}
	}

	dir := t.TempDir()
	svc := NewReportService(db, backend.NewDirFileStore(dir))
	if err := svc.SaveReport(ctx, r, pdf); err != nil {
		t.Fatal(err)
	}
	got, b, err := svc.ReportFile(ctx, r.ID)
	if err != nil || string(b) != string(pdf) || got.Size != int64(len(pdf)) || got.Published {
		t.Fatalf("read back %+v %q %v", got, b, err)
	}
	// The same content is stored once.
	again := &backend.Report{PropertyID: p.ID, Kind: backend.ReportMonthlyActivity, Title: "Copy", Published: true}
	if err := svc.SaveReport(ctx, again, pdf); err != nil {
		t.Fatal(err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM files`); n != 1 {
		t.Errorf("%d file rows for one content", n)
	}
	if !again.Published || again.PublishedAt == nil {
		t.Errorf("published report: %+v", again)
	}
}
