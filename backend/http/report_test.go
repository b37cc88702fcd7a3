package http_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

// buildReports adds November 2026 activity to the world, each item named
// for where it is, so a report's text shows exactly whose data it holds:
//
//	NorthTower  Q-7001 submitted, Q-7006 decided in Nov; drafts/voided/expired/deleted
//	            Q-7002–7005; Q-7010 of October; INV-8001 overdue, INV-8003 draft;
//	            T-9001 performed with R-6001 open, R-6002 resolved, R-6003 unpublished
//	SouthPlaza  Q-7007 declined, INV-8004 paid, T-9003 outside tolerance
//	OtherCourt  Q-7008, INV-8002, T-9002 with R-6004
//	NorthClosed Q-7009 (inactive property)
func (w *world) buildReports() {
	client := map[string]string{"NorthTower": "NorthClient", "NorthClosed": "NorthClient", "SouthPlaza": "SouthClient",
		"VicHouse": "VicClient", "OtherCourt": "OtherClient"}
	quote := func(n int, prop, kind, title, status, issued string, decided any) {
		reason := ""
		if status == "declined" {
			reason = "Too dear"
		}
		w.exec(`INSERT INTO quotes (id, number, kind, client_id, property_id, title, status, total_cents, issued_on, decided_at,
			decline_reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 12345, ?, ?, ?, 'x', 'x')`,
			backend.NewID(), n, kind, w.ids[client[prop]], w.ids[prop], title, status, issued, decided, reason)
	}
	quote(7001, "NorthTower", "defect", "North defect works", "submitted", "2026-11-05", nil)
	quote(7002, "NorthTower", "defect", "North draft works", "draft", "2026-11-05", nil)
	quote(7003, "NorthTower", "service", "North voided works", "voided", "2026-11-06", nil)
	quote(7004, "NorthTower", "service", "North expired works", "expired", "2026-11-06", nil)
	quote(7005, "NorthTower", "defect", "North deleted works", "deleted", "2026-11-06", nil)
	quote(7006, "NorthTower", "service", "North approved service", "approved", "2026-10-01", "2026-11-03T00:00:00.000Z")
	quote(7007, "SouthPlaza", "service", "South declined service", "declined", "2026-11-07", "2026-11-08T00:00:00.000Z")
	quote(7008, "OtherCourt", "defect", "Other court works", "submitted", "2026-11-08", nil)
	quote(7009, "NorthClosed", "defect", "Closed building works", "submitted", "2026-11-08", nil)
	quote(7010, "NorthTower", "defect", "North october works", "submitted", "2026-10-15", nil)

	invoice := func(n int, prop, status, issued, due string, total, paid int) {
		w.exec(`INSERT INTO invoices (id, number, client_id, property_id, status, issued_on, due_on, total_cents, paid_cents,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'x', 'x')`,
			backend.NewID(), n, w.ids[client[prop]], w.ids[prop], status, issued, due, total, paid)
	}
	invoice(8001, "NorthTower", "issued", "2026-11-03", "2026-11-17", 55000, 0)
	invoice(8002, "OtherCourt", "issued", "2026-11-04", "2026-12-04", 66000, 0)
	invoice(8003, "NorthTower", "draft", "2026-11-05", "2026-12-05", 77000, 0)
	invoice(8004, "SouthPlaza", "paid", "2026-11-06", "2026-12-06", 30000, 30000)

	task := func(n int, prop, title, due, performed string, tolerance int) {
		routine := backend.NewID()
		w.exec(`INSERT INTO routines (id, property_id, name, frequency_months, starts_on, created_at, updated_at)
			VALUES (?, ?, ?, 1, '2026-01-01', 'x', 'x')`, routine, w.ids[prop], title)
		id := backend.NewID()
		w.exec(`INSERT INTO tasks (id, number, property_id, routine_id, kind, stage, title, due_on, tolerance_days, performed_at,
			created_at, updated_at) VALUES (?, ?, ?, ?, 'routine', 'performed', ?, ?, ?, ?, 'x', 'x')`,
			id, n, w.ids[prop], routine, title, due, tolerance, performed)
		w.ids["T"+title] = id
	}
	task(9001, "NorthTower", "North monthly service", "2026-11-10", "2026-11-11T02:00:00.000Z", 3)
	task(9002, "OtherCourt", "Other monthly service", "2026-11-10", "2026-11-11T02:00:00.000Z", 3)
	task(9003, "SouthPlaza", "South monthly service", "2026-11-01", "2026-11-18T02:00:00.000Z", 2)
	w.exec(`UPDATE routines SET asset_types = '["Extinguisher","Hose reel"]' WHERE name = 'North monthly service'`)

	remark := func(n int, prop, taskTitle, sev, desc string, published bool, resolved any) {
		status := "open"
		if resolved != nil {
			status = "resolved"
		}
		var publishedAt any
		if published {
			publishedAt = "2026-11-12T00:00:00.000Z"
		}
		w.exec(`INSERT INTO remarks (id, number, property_id, task_id, severity, status, description, raised_at, resolved_at,
			published, published_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, '2026-11-11T03:00:00.000Z', ?, ?, ?, 'x', 'x')`,
			backend.NewID(), n, w.ids[prop], w.ids["T"+taskTitle], sev, status, desc, resolved, published, publishedAt)
	}
	remark(6001, "NorthTower", "North monthly service", "critical", "North hydrant leaking", true, nil)
	remark(6002, "NorthTower", "North monthly service", "non_critical", "North exit sign dim", true, "2026-11-15T03:00:00.000Z")
	remark(6003, "NorthTower", "North monthly service", "critical", "North secret defect", false, nil)
	remark(6004, "OtherCourt", "Other monthly service", "critical", "Other pump failed", true, nil)

	w.exec(`INSERT INTO assets (id, property_id, type, last_service_on, last_result, created_at, updated_at)
		VALUES (?, ?, 'Hose reel', '2026-11-11', 'pass', 'x', 'x')`, backend.NewID(), w.ids["NorthTower"])
	w.buildSavedReport()
}

// buildSavedReport saves a report against NorthTower and gives NorthClient
// a reports address; it changes none of the portal panels' numbers.
func (w *world) buildSavedReport() {
	w.exec(`UPDATE clients SET email_reports = 'reports@north.example' WHERE id = ?`, w.ids["NorthClient"])

	rep := &backend.Report{PropertyID: w.ids["NorthTower"], Kind: backend.ReportMonthlyActivity, Title: "North saved report",
		PeriodStart: "2026-11-01", PeriodEnd: "2026-12-01"}
	w.must(w.srv.Reports.SaveReport(context.Background(), rep, []byte("%PDF-1.4 saved")))
	w.ids["NorthReport"] = rep.ID
	for _, r := range []struct{ name, prop string }{{"NorthPublished", "NorthTower"}, {"OtherPublished", "OtherCourt"}} {
		rep := &backend.Report{PropertyID: w.ids[r.prop], Kind: backend.ReportUploaded, Title: r.name + " report", Published: true}
		w.must(w.srv.Reports.SaveReport(context.Background(), rep, []byte("%PDF-1.4 "+r.name)))
		w.ids[r.name] = rep.ID
	}
	// Published without a file, as the demo saves generated reports: drawn on request.
	w.exec(`INSERT INTO reports (id, property_id, kind, title, period_start, period_end, published, published_at, created_at, updated_at)
		VALUES ('south-published', ?, 'monthly_activity', 'SouthPublished report', '2026-11-01', '2026-11-30', 1, 'x', 'x', 'x')`, w.ids["SouthPlaza"])
	w.ids["SouthPublished"] = "south-published"

	// A finished background report of SydneyNorth's customer.
	north := w.agent("north")
	north.chooseView("group", "SydneyNorth")
	status, body := north.do("POST", "/api/portal/reports/monthly-activity/jobs?month=2026-11", "")
	if status != 202 {
		w.t.Fatalf("start a report job: %d %s", status, body)
	}
	job := decode[struct{ ID, Status string }](w.t, body)
	for i := 0; job.Status == "running" && i < 100; i++ {
		time.Sleep(50 * time.Millisecond)
		_, body = north.do("GET", "/api/portal/report-jobs/"+job.ID, "")
		job = decode[struct{ ID, Status string }](w.t, body)
	}
	if job.Status != "done" {
		w.t.Fatalf("report job: %s", body)
	}
	w.ids["NorthJob"] = job.ID
}

// reportRows put every report route before every role: portal reports for
// each scope level (a property outside the view is 404, exactly like a
// missing one), office routes for a guest, customers and the office.
func reportRows() []scenario {
	var rows []scenario
	for _, p := range []string{"monthly-activity?month=2026-11", "monthly-maintenance?month=2026-11",
		"routine-activity?from=2026-11-01&to=2026-11-30", "yearly-condition?year=2026&property={NorthTower}"} {
		path := "/api/portal/reports/" + p
		pdf := []string{"%PDF-"}
		rows = append(rows,
			scenario{as: "guest", method: "GET", path: path, wantStatus: 401},
			scenario{as: "north", method: "GET", path: path, wantStatus: 200, wantContains: pdf},
			scenario{as: "nsw", method: "GET", path: path, wantStatus: 200, wantContains: pdf},
			scenario{as: "national", method: "GET", path: path, wantStatus: 200, wantContains: pdf},
			scenario{as: "office", method: "GET", path: path, wantStatus: 409},
			scenario{as: "office", method: "GET", path: path + "&asKind=client&asId={NorthClient}", wantStatus: 200, wantContains: pdf},
			scenario{as: "office", method: "GET", path: path + "&asKind=client&asId={OtherClient}&property={NorthTower}", wantStatus: 404},
		)
		if strings.Contains(p, "property=") {
			rows = append(rows,
				scenario{as: "other", method: "GET", path: path, wantStatus: 404, wantNotContains: pdf},
				scenario{as: "limited", method: "GET", path: path, wantStatus: 404, wantNotContains: pdf},
				scenario{as: "limited", method: "GET", path: strings.Replace(path, "{NorthTower}", "{SouthPlaza}", 1), wantStatus: 200, wantContains: pdf},
				scenario{as: "north", method: "GET", path: strings.Replace(path, "{NorthTower}", "{NorthClosed}", 1), wantStatus: 404},
				scenario{as: "north", method: "GET", path: strings.Replace(path, "{NorthTower}", "not-an-id", 1), wantStatus: 404},
			)
		} else {
			rows = append(rows,
				scenario{as: "other", method: "GET", path: path, wantStatus: 200, wantContains: pdf},
				scenario{as: "other", method: "GET", path: path + "&property={NorthTower}", wantStatus: 404, wantNotContains: pdf},
				scenario{as: "limited", method: "GET", path: path, wantStatus: 200, wantContains: pdf},
				scenario{as: "limited", method: "GET", path: path + "&property={NorthTower}", wantStatus: 404},
			)
		}
	}
	rows = append(rows,
		scenario{as: "north", method: "GET", path: "/api/portal/reports/monthly-activity?month=2026-13", wantStatus: 400, wantContains: []string{"Choose a month", `"month"`}},
		scenario{as: "north", method: "GET", path: "/api/portal/reports/monthly-maintenance?month=November", wantStatus: 400, wantContains: []string{`"month"`}},
		scenario{as: "north", method: "GET", path: "/api/portal/reports/routine-activity?from=2026-12-01&to=2026-11-01", wantStatus: 400, wantContains: []string{"before the start"}},
		scenario{as: "north", method: "GET", path: "/api/portal/reports/routine-activity?from=2020-01-01&to=2026-11-01", wantStatus: 400, wantContains: []string{"at most"}},
		scenario{as: "north", method: "GET", path: "/api/portal/reports/yearly-condition?year=2026", wantStatus: 400, wantContains: []string{`"property"`}},
		scenario{as: "north", method: "GET", path: "/api/portal/reports/yearly-condition?year=26&property={NorthTower}", wantStatus: 400, wantContains: []string{`"year"`}},
	)
	for _, p := range []string{"monthly-activity/jobs?month=2026-11", "monthly-maintenance/jobs?month=2026-11",
		"routine-activity/jobs?from=2026-11-01&to=2026-11-30", "yearly-condition/jobs?year=2026&property={NorthTower}"} {
		path := "/api/portal/reports/" + p
		started := []string{`"status":`}
		rows = append(rows,
			scenario{as: "guest", method: "POST", path: path, wantStatus: 401},
			scenario{as: "north", method: "POST", path: path, wantStatus: 202, wantContains: started},
			scenario{as: "nsw", method: "POST", path: path, wantStatus: 202, wantContains: started},
			scenario{as: "national", method: "POST", path: path, wantStatus: 202, wantContains: started},
			scenario{as: "office", method: "POST", path: path, wantStatus: 409},
			scenario{as: "office", method: "POST", path: path + "&asKind=client&asId={NorthClient}", wantStatus: 202, wantContains: started},
		)
		if strings.Contains(p, "property=") {
			rows = append(rows,
				scenario{as: "other", method: "POST", path: path, wantStatus: 404},
				scenario{as: "limited", method: "POST", path: path, wantStatus: 404},
			)
		} else {
			rows = append(rows,
				scenario{as: "other", method: "POST", path: path, wantStatus: 202, wantContains: started},
				scenario{as: "other", method: "POST", path: path + "&property={NorthTower}", wantStatus: 404},
				scenario{as: "limited", method: "POST", path: path, wantStatus: 202, wantContains: started},
			)
		}
	}
	rows = append(rows,
		scenario{as: "north", method: "POST", path: "/api/portal/reports/monthly-activity/jobs?month=13-2026", wantStatus: 400, wantContains: []string{`"month"`}})
	// A job is its asker's, in the view they asked from: anyone else, or
	// the same user in another view, gets 404.
	for _, p := range []string{"/api/portal/report-jobs/{NorthJob}", "/api/portal/report-jobs/{NorthJob}/pdf"} {
		ok := []string{`"status":"done"`}
		if strings.HasSuffix(p, "/pdf") {
			ok = []string{"%PDF-"}
		}
		rows = append(rows,
			scenario{as: "guest", method: "GET", path: p, wantStatus: 401},
			scenario{as: "north", method: "GET", path: p, wantStatus: 200, wantContains: ok},
			scenario{as: "nsw", method: "GET", path: p, wantStatus: 404},
			scenario{as: "national", method: "GET", path: p, wantStatus: 404},
			scenario{as: "other", method: "GET", path: p, wantStatus: 404},
			scenario{as: "limited", method: "GET", path: p, wantStatus: 404},
			scenario{as: "office", method: "GET", path: p, wantStatus: 409},
			scenario{as: "office", method: "GET", path: p + "?asKind=group&asId={SydneyNorth}", wantStatus: 404},
		)
	}
	rows = append(rows,
		scenario{as: "north", method: "GET", path: "/api/portal/report-jobs/not-an-id", wantStatus: 404},
		scenario{as: "north", method: "GET", path: "/api/portal/report-jobs/00000000-0000-7000-8000-000000000000/pdf", wantStatus: 404})

	latest := "/api/portal/latest-reports"
	unpublished := "North saved report"
	rows = append(rows,
		scenario{as: "guest", method: "GET", path: latest, wantStatus: 401},
		scenario{as: "north", method: "GET", path: latest, wantStatus: 200, wantContains: []string{"NorthPublished report", "North yearly condition report", `"total":2`},
			wantNotContains: []string{unpublished, "Secret draft report", "SouthPublished", "OtherPublished"}},
		scenario{as: "nsw", method: "GET", path: latest, wantStatus: 200, wantContains: []string{"NorthPublished report", "SouthPublished report", `"total":3`},
			wantNotContains: []string{unpublished, "OtherPublished"}},
		scenario{as: "national", method: "GET", path: latest + "?property={SouthPlaza}", wantStatus: 200, wantContains: []string{"SouthPublished report", `"total":1`},
			wantNotContains: []string{"NorthPublished"}},
		scenario{as: "other", method: "GET", path: latest, wantStatus: 200, wantContains: []string{"OtherPublished report", `"total":1`},
			wantNotContains: []string{"North", "South"}},
		scenario{as: "other", method: "GET", path: latest + "?property={NorthTower}", wantStatus: 200, wantContains: []string{`"total":0`}},
		scenario{as: "limited", method: "GET", path: latest, wantStatus: 200, wantContains: []string{"SouthPublished report", `"total":1`},
			wantNotContains: []string{"North", "Other"}},
		scenario{as: "office", method: "GET", path: latest, wantStatus: 409},
		scenario{as: "office", method: "GET", path: latest + "?asKind=client&asId={NorthClient}", wantStatus: 200,
			wantContains: []string{"NorthPublished report"}, wantNotContains: []string{unpublished, "South"}},
	)
	for _, c := range []struct {
		who, report string
		status      int
	}{
		{"guest", "NorthPublished", 401}, {"north", "NorthPublished", 200}, {"nsw", "NorthPublished", 200},
		{"national", "NorthPublished", 200}, {"other", "NorthPublished", 404}, {"limited", "NorthPublished", 404},
		{"office", "NorthPublished", 409}, {"north", "NorthReport", 404}, {"limited", "SouthPublished", 200},
		{"north", "SouthPublished", 404}, {"other", "OtherPublished", 200}, {"north", "not-an-id", 404},
	} {
		sc := scenario{as: c.who, method: "GET", path: latest + "/{" + c.report + "}/pdf", wantStatus: c.status}
		if c.report == "not-an-id" {
			sc.path = latest + "/not-an-id/pdf"
		}
		if c.status == 200 {
			sc.wantContains = []string{"%PDF-"}
		}
		rows = append(rows, sc)
	}
	rows = append(rows, scenario{as: "office", method: "GET", path: latest + "/{NorthPublished}/pdf?asKind=client&asId={NorthClient}",
		wantStatus: 200, wantContains: []string{"%PDF-1.4 NorthPublished"}})

	office := []struct {
		method, path, body string
		okStatus           int
		okContains         string
	}{
		{"GET", "/api/properties/{NorthTower}/reports", "", 200, "North saved report"},
		{"POST", "/api/properties/{NorthTower}/reports", `{"kind":"monthly-maintenance","month":"2026-11","published":true}`, 201, "Monthly Maintenance Report November 2026"},
		{"GET", "/api/reports/{NorthReport}/pdf", "", 200, "%PDF-1.4 saved"},
		{"POST", "/api/reports/{NorthReport}/email", "", 200, "reports@north.example"},
	}
	for _, r := range office {
		rows = append(rows,
			scenario{as: "guest", method: r.method, path: r.path, body: r.body, wantStatus: 401},
			scenario{as: "north", method: r.method, path: r.path, body: r.body, wantStatus: 403, wantNotContains: []string{"saved"}},
			scenario{as: "national", method: r.method, path: r.path, body: r.body, wantStatus: 403},
			scenario{as: "office", method: r.method, path: r.path, body: r.body, wantStatus: r.okStatus, wantContains: []string{r.okContains}},
		)
	}
	return rows
}

// pdfText extracts a PDF's text with pdftotext (poppler-utils).
func pdfText(t testing.TB, b []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	in := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(in, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// savePages renders a PDF's pages to PNG under ARTIFACTS, to look at.
func savePages(t testing.TB, name string, b []byte) {
	dir := os.Getenv("ARTIFACTS")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, name+".pdf")
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := exec.Command("pdftoppm", "-png", "-r", "60", in, filepath.Join(dir, name)).Run(); err != nil {
		t.Logf("pdftoppm: %v", err)
	}
}
