package sqlite

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"siteward/backend"
)

func TestReportJobStore(t *testing.T) {
	ctx := context.Background()
	clock := NewTestClock()
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "siteward.db"), clock)
	files := backend.NewDirFileStore(filepath.Join(t.TempDir(), "files"))
	s := NewReportJobStore(db, files)
	u := MustCreateUser(t, db, "Nina", backend.LicenceCustomer)
	sc := backend.Scope{UserID: u.ID, View: backend.View{Kind: backend.ViewGroup, ID: "g1"}}
	if err := s.SaveReportJob(ctx, &backend.FinishedReportJob{ID: "r", Status: "running", Scope: sc, CreatedAt: clock.Now()}, nil); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("a running job was kept: %v", err)
	}
	pdf := []byte("%PDF-1.4 kept")
	if err := s.SaveReportJob(ctx, &backend.FinishedReportJob{ID: "a", Kind: "monthly-activity", Name: "a.pdf", Status: "done",
		Scope: sc, CreatedAt: clock.Now()}, pdf); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveReportJob(ctx, &backend.FinishedReportJob{ID: "b", Status: "failed", Error: "no data", Scope: sc, CreatedAt: clock.Now()}, nil); err != nil {
		t.Fatal(err)
	}
	j, err := s.FindReportJob(ctx, "a")
	if err != nil || j.Scope != sc || j.Name != "a.pdf" || j.FileSHA256 == "" || !j.CreatedAt.Equal(clock.Now()) {
		t.Fatalf("%+v %v", j, err)
	}
	if b, err := files.ReadFile(j.FileSHA256); err != nil || !bytes.Equal(b, pdf) {
		t.Errorf("kept PDF: %v", err)
	}
	if j, _ := s.FindReportJob(ctx, "b"); j.Status != "failed" || j.Error != "no data" || j.FileSHA256 != "" {
		t.Errorf("failed job %+v", j)
	}
	// A day later, saving another drops the old ones.
	clock.Add(25 * time.Hour)
	if err := s.SaveReportJob(ctx, &backend.FinishedReportJob{ID: "c", Status: "failed", Scope: sc, CreatedAt: clock.Now()}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FindReportJob(ctx, "a"); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("a day-old job is still kept: %v", err)
	}
}
