package http_test

import (
	"strings"
	"testing"
	"time"
)

// A finished background report survives a restart (the jobs in memory are
// gone, the kept one answers), still only for the user and view that asked,
// and only for as long as a job in memory would.
func TestFinishedReportJobSurvivesARestart(t *testing.T) {
	w := newWorld(t)
	nat := w.agent("national")
	nat.chooseView("group", "National")
	status, body := nat.do("POST", "/api/portal/reports/monthly-activity/jobs?month=2026-11", "")
	if status != 202 {
		t.Fatalf("start: %d %s", status, body)
	}
	job := decode[struct{ ID, Status string }](t, body)
	w.ids["KeptJob"] = job.ID
	for i := 0; job.Status == "running" && i < 200; i++ {
		time.Sleep(50 * time.Millisecond)
		_, body = nat.do("GET", "/api/portal/report-jobs/{KeptJob}", "")
		job = decode[struct{ ID, Status string }](t, body)
	}
	if job.Status != "done" {
		t.Fatalf("job: %s", body)
	}
	_, before := nat.do("GET", "/api/portal/report-jobs/{KeptJob}/pdf", "")
	if !strings.HasPrefix(before, "%PDF-") {
		t.Fatalf("pdf before: %.40q", before)
	}

	w.srv.ForgetReportJobs()
	if status, body = nat.do("GET", "/api/portal/report-jobs/{KeptJob}", ""); status != 200 || !strings.Contains(body, `"status":"done"`) {
		t.Fatalf("after a restart: %d %s", status, body)
	}
	if _, after := nat.do("GET", "/api/portal/report-jobs/{KeptJob}/pdf", ""); after != before {
		t.Errorf("the kept PDF differs (%d bytes, was %d)", len(after), len(before))
	}
	other := w.agent("other")
	other.chooseView("group", "Other")
	if status, _ = other.do("GET", "/api/portal/report-jobs/{KeptJob}/pdf", ""); status != 404 {
		t.Errorf("another customer got the kept job: %d", status)
	}
	nat.chooseView("group", "NSW")
	if status, _ = nat.do("GET", "/api/portal/report-jobs/{KeptJob}", ""); status != 404 {
		t.Errorf("the same user in another view got the kept job: %d", status)
	}
	nat.chooseView("group", "National")
	w.now = w.now.Add(20 * time.Minute) // the session stays alive; the job too
	if status, _ = nat.do("GET", "/api/portal/report-jobs/{KeptJob}", ""); status != 200 {
		t.Errorf("a kept job after 20 minutes: %d", status)
	}
	w.now = w.now.Add(11 * time.Minute)
	if status, _ = nat.do("GET", "/api/portal/report-jobs/{KeptJob}", ""); status != 404 {
		t.Errorf("an expired kept job: %d", status)
	}
}
