package http_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"siteward/backend/sqlite"
)

func (w *world) count(q string, args ...any) int {
	w.t.Helper()
	var n int
	w.must(w.db.View(context.Background(), func(tx *sqlite.Tx) error {
		return tx.QueryRowContext(context.Background(), q, args...).Scan(&n)
	}))
	return n
}

// The office saves a report against a property, downloads it, and emails
// it to the client's report recipients, which publishes it; refusals write
// nothing.
func TestSaveAndEmailReport(t *testing.T) {
	w := newWorld(t)
	w.buildReports()
	office := w.agent("office")
	reports := func() int { return w.count(`SELECT COUNT(*) FROM reports`) }
	messages := func() int { return w.count(`SELECT COUNT(*) FROM outbox_messages`) }
	before, mails := reports(), messages()

	for _, bad := range []struct{ body, field string }{
		{`{"kind":"weekly","month":"2026-11"}`, `"kind"`},
		{`{"kind":"monthly-activity","month":"2026-13"}`, `"month"`},
		{`{"kind":"routine-activity","from":"2026-12-01","to":"2026-11-01"}`, `"to"`},
		{`{"kind":"monthly-activity","month":"2026-11","colour":"red"}`, `unknown field`},
	} {
		status, body := office.do("POST", "/api/properties/{SouthPlaza}/reports", bad.body)
		if status != 400 || !strings.Contains(body, bad.field) {
			t.Errorf("%s: %d %s", bad.body, status, body)
		}
	}
	if status, _ := office.do("POST", "/api/properties/00000000-0000-7000-8000-000000000000/reports", `{"kind":"monthly-activity"}`); status != 404 {
		t.Errorf("unknown property: %d", status)
	}
	if reports() != before {
		t.Fatalf("a refused save wrote a report")
	}

	status, body := office.do("POST", "/api/properties/{SouthPlaza}/reports", `{"kind":"monthly-activity","month":"2026-11"}`)
	if status != 201 {
		t.Fatalf("save: %d %s", status, body)
	}
	rep := decode[struct {
		ID        string `json:"id"`
		Title     string `json:"title"`
		Published bool   `json:"published"`
		Size      int    `json:"size"`
	}](t, body)
	if rep.Title != "Monthly Activity Report November 2026" || rep.Published || rep.Size == 0 {
		t.Errorf("saved %+v", rep)
	}
	status, pdf := office.do("GET", "/api/reports/"+rep.ID+"/pdf", "")
	if status != 200 {
		t.Fatalf("pdf: %d", status)
	}
	text := pdfText(t, []byte(pdf))
	for _, want := range []string{"Scope: SouthPlaza — SouthClient", "Q-7007", "INV-8004"} {
		if !strings.Contains(text, want) {
			t.Errorf("saved report lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "North") {
		t.Errorf("saved report for SouthPlaza holds NorthTower's data:\n%s", text)
	}
	status, list := office.do("GET", "/api/properties/{SouthPlaza}/reports?published=false", "")
	if status != 200 || !strings.Contains(list, rep.ID) || !strings.Contains(list, `"total":1`) {
		t.Errorf("list: %d %s", status, list)
	}

	// SouthClient has no reports address and no primary contact: refused,
	// nothing queued, still unpublished.
	status, body = office.do("POST", "/api/reports/"+rep.ID+"/email", "")
	if status != 400 || !strings.Contains(body, "no address for reports") {
		t.Errorf("email without a recipient: %d %s", status, body)
	}
	if messages() != mails || w.count(`SELECT published FROM reports WHERE id = ?`, rep.ID) != 0 {
		t.Fatalf("a refused email changed something")
	}

	w.exec(`UPDATE clients SET email_reports = 'accounts@south.example' WHERE id = ?`, w.ids["SouthClient"])
	w.exec(`INSERT INTO property_contacts (id, property_id, name, email, receive_reports, created_at, updated_at)
		VALUES ('c1', ?, 'Building Manager', 'bm@south.example', 1, 'x', 'x'),
		       ('c2', ?, 'Tenant', 'tenant@south.example', 0, 'x', 'x'),
		       ('c3', ?, 'Same Person', 'ACCOUNTS@south.example', 1, 'x', 'x')`,
		w.ids["SouthPlaza"], w.ids["SouthPlaza"], w.ids["SouthPlaza"])
	status, body = office.do("POST", "/api/reports/"+rep.ID+"/email", "")
	if status != 200 || !strings.Contains(body, `"total":2`) || !strings.Contains(body, "bm@south.example") ||
		!strings.Contains(body, "accounts@south.example") || strings.Contains(body, "tenant@") {
		t.Fatalf("email: %d %s", status, body)
	}
	if messages() != mails+2 || w.count(`SELECT published FROM reports WHERE id = ?`, rep.ID) != 1 {
		t.Errorf("emailing queued %d messages; published %d", messages()-mails, w.count(`SELECT published FROM reports WHERE id = ?`, rep.ID))
	}
	if n := w.count(`SELECT COUNT(*) FROM outbox_messages WHERE kind = 'report' AND subject = ?`,
		"Monthly Activity Report November 2026 — SouthPlaza"); n != 2 {
		t.Errorf("subject: %d messages", n)
	}
	if status, _ := office.do("GET", "/api/reports/00000000-0000-7000-8000-000000000000/pdf", ""); status != 404 {
		t.Errorf("missing report: %d", status)
	}
}

// A generated report saved without a file (as the demo saves them) is drawn
// again from its period, within its client's view; an uploaded one without
// a file is not found.
func TestSavedReportWithoutFileIsRendered(t *testing.T) {
	w := newWorld(t)
	w.buildReports()
	w.exec(`INSERT INTO reports (id, property_id, kind, title, period_start, period_end, published, created_at, updated_at)
		VALUES ('r1', ?, 'monthly_maintenance', 'Monthly maintenance report — November 2026', '2026-11-01', '2026-11-30', 0, 'x', 'x'),
		       ('r2', ?, 'uploaded', 'Fire Safety Certificate 2026', NULL, NULL, 0, 'x', 'x')`, w.ids["NorthTower"], w.ids["NorthTower"])
	office := w.agent("office")
	status, body := office.do("GET", "/api/reports/r1/pdf", "")
	if status != 200 {
		t.Fatalf("status %d: %s", status, body)
	}
	text := pdfText(t, []byte(body))
	for _, want := range []string{"Period: November 2026", "Scope: NorthTower — NorthClient", "North hydrant leaking"} {
		if !strings.Contains(text, want) {
			t.Errorf("lacks %q:\n%s", want, text)
		}
	}
	for _, never := range []string{"North secret defect", "Other pump failed", "South"} {
		if strings.Contains(text, never) {
			t.Errorf("has %q:\n%s", never, text)
		}
	}
	if status, _ := office.do("GET", "/api/reports/r2/pdf", ""); status != 404 {
		t.Errorf("uploaded report without a file: %d", status)
	}
}

// A report that is not ready when the POST answers is drawn in the
// background: the portal keeps answering meanwhile, the PDF is offered once
// it is done, and only to the user and view that asked.
func TestReportJobRunsInTheBackground(t *testing.T) {
	w := newWorld(t)
	w.buildReports()
	north := w.agent("north")
	north.chooseView("group", "SydneyNorth")
	nsw := w.agent("nsw")
	nsw.chooseView("group", "NSW")

	release := w.srv.HoldReportJobs()
	status, body := north.do("POST", "/api/portal/reports/monthly-maintenance/jobs?month=2026-11", "")
	if status != 202 || !strings.Contains(body, `"status":"running"`) {
		release()
		t.Fatalf("start: %d %s", status, body)
	}
	job := decode[struct{ ID string }](t, body)
	if status, _ := north.do("GET", "/api/portal/report-jobs/"+job.ID+"/pdf", ""); status != 409 {
		t.Errorf("PDF of a running job: %d", status)
	}
	if status, _ := north.do("GET", "/api/portal/dashboard", ""); status != 200 {
		t.Errorf("the portal stopped answering while a report was drawn: %d", status)
	}
	if status, _ := nsw.do("GET", "/api/portal/report-jobs/"+job.ID, ""); status != 404 {
		t.Errorf("another user saw the job: %d", status)
	}
	release()
	for i := 0; i < 100 && !strings.Contains(body, `"status":"done"`); i++ {
		time.Sleep(20 * time.Millisecond)
		_, body = north.do("GET", "/api/portal/report-jobs/"+job.ID, "")
	}
	if !strings.Contains(body, `"status":"done"`) {
		t.Fatalf("job: %s", body)
	}
	status, pdf := north.do("GET", "/api/portal/report-jobs/"+job.ID+"/pdf?download=1", "")
	if status != 200 || !strings.Contains(pdfText(t, []byte(pdf)), "North hydrant leaking") {
		t.Errorf("PDF: %d", status)
	}
}
