package server

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"siteward/backend"
	"siteward/backend/sqlite"
)

// BenchmarkSyncSlice measures a technician's slice on the medium dataset:
// the enrolment snapshot (time and size, against an office install's whole
// copy) and a pull at the end of the log, which works the slice out again
// (the cost every sync round of a technician's laptop adds at the hub).
//
//	go test -tags sqlite_fts5 -run '^$' -bench SyncSlice -benchtime 20x ./backend/server
func BenchmarkSyncSlice(b *testing.B) {
	ctx := context.Background()
	db, _ := openReportBenchData(b)
	hub := sqlite.NewSyncService(db)
	now := db.Now().UTC()
	var tech, office string
	var tasks int
	err := db.View(ctx, func(tx *sqlite.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT technician_id, COUNT(*) FROM tasks WHERE technician_id IS NOT NULL AND deleted_at IS NULL
			AND COALESCE(scheduled_on, due_on) BETWEEN ? AND ? GROUP BY technician_id ORDER BY COUNT(*) DESC LIMIT 1`,
			now.AddDate(0, 0, -1).Format(time.DateOnly), now.AddDate(0, 0, 14).Format(time.DateOnly)).Scan(&tech, &tasks); err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `SELECT id FROM users WHERE licence = 'office' AND active = 1 LIMIT 1`).Scan(&office)
	})
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	snapshot := func(user string) (site string, size int64, took time.Duration, gen, cursor int64) {
		site = backend.NewID()
		if _, err := hub.EnrolSite(ctx, site, backend.NewID(), user); err != nil {
			b.Fatal(err)
		}
		path := filepath.Join(dir, site+".db")
		t0 := time.Now()
		cursor, gen, err := hub.WriteSnapshot(ctx, site, path)
		took = time.Since(t0)
		if err != nil {
			b.Fatal(err)
		}
		fi, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		return site, fi.Size(), took, gen, cursor
	}
	_, wholeSize, wholeTook, _, _ := snapshot(office)
	site, sliceSize, sliceTook, gen, cursor := snapshot(tech)
	var props int
	if err := db.View(ctx, func(tx *sqlite.Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sync_slice WHERE site_id = ? AND gen = ? AND tbl = 'properties'`, site, gen).Scan(&props)
	}); err != nil {
		b.Fatal(err)
	}
	b.Logf("technician with %d tasks in the window: %d properties in the slice", tasks, props)
	for b.Loop() {
		p, err := hub.Pull(ctx, site, backend.PullFrom{Cursor: cursor, SliceGen: gen, UsersSince: "9999"}, 500)
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Changes) != 0 || p.SliceGen != gen {
			b.Fatalf("nothing moved, yet the pull sent %d changes (generation %d → %d)", len(p.Changes), gen, p.SliceGen)
		}
	}
	b.ReportMetric(float64(wholeSize)/1e6, "whole-MB")
	b.ReportMetric(wholeTook.Seconds(), "whole-s")
	b.ReportMetric(float64(sliceSize)/1e6, "slice-MB")
	b.ReportMetric(sliceTook.Seconds(), "slice-s")
}
