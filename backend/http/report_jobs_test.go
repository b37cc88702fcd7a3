package http

import (
	"testing"
	"time"

	"siteward/backend"
)

// Jobs are kept per user and view, for a while, and never shown to anyone else.
func TestReportJobsKeepAndFind(t *testing.T) {
	js := newReportJobs()
	now := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
	north := backend.Scope{UserID: "u1", View: backend.View{Kind: backend.ViewGroup, ID: "north"}}
	south := backend.Scope{UserID: "u1", View: backend.View{Kind: backend.ViewGroup, ID: "south"}}
	other := backend.Scope{UserID: "u2", View: backend.View{Kind: backend.ViewGroup, ID: "north"}}
	var ids []string
	for i := range reportJobsPerKey + 2 {
		j := &reportJob{ID: backend.NewID(), Status: "done", scope: north, created: now.Add(time.Duration(i) * time.Second)}
		if err := js.add(j, j.created); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, j.ID)
	}
	if len(js.jobs) != reportJobsPerKey {
		t.Errorf("kept %d jobs of one user and view, want %d", len(js.jobs), reportJobsPerKey)
	}
	at := now.Add(time.Minute)
	if _, err := js.find(ids[0], north, at); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("the oldest job is still there: %v", err)
	}
	last := ids[len(ids)-1]
	if _, err := js.find(last, north, at); err != nil {
		t.Errorf("the newest job: %v", err)
	}
	for _, sc := range []backend.Scope{south, other} {
		if _, err := js.find(last, sc, at); backend.ErrorCode(err) != backend.ENOTFOUND {
			t.Errorf("%+v found another's job: %v", sc, err)
		}
	}
	if _, err := js.find(last, north, now.Add(reportJobTTL+time.Hour)); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("an expired job was found: %v", err)
	}
	later := now.Add(reportJobTTL + time.Hour)
	if err := js.add(&reportJob{ID: "new", Status: "running", scope: south, created: later}, later); err != nil {
		t.Fatal(err)
	}
	if len(js.jobs) != 1 {
		t.Errorf("expired jobs were kept: %d", len(js.jobs))
	}

	// Work still running is bounded per user and view.
	if err := js.add(&reportJob{ID: "second", Status: "running", scope: south, created: later}, later); err != nil {
		t.Fatal(err)
	}
	err := js.add(&reportJob{ID: "third", Status: "running", scope: south, created: later}, later)
	if backend.ErrorCode(err) != backend.ETOOMANY {
		t.Errorf("a third running job: %v", err)
	}
	if err := js.add(&reportJob{ID: "theirs", Status: "running", scope: other, created: later}, later); err != nil {
		t.Errorf("another user is held up by this one's jobs: %v", err)
	}
}
