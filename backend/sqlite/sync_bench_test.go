package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"siteward/backend"
)

// BenchmarkSyncConverge is the sync issue's yardstick: 10 laptops make
// 1,000 offline edits each, then all push and pull until they agree with
// the hub. It reports the hub's apply rate and the bytes per change on
// the wire (JSON, before compression).
//
//	go test -tags sqlite_fts5 -run '^$' -bench SyncConverge -benchtime 1x ./backend/sqlite
func BenchmarkSyncConverge(b *testing.B) {
	tpl := makeSimTemplate(b)
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		w := newSimWorldOf(b, tpl, 1, syncFaults{}, 10)
		w.skipReads, w.pullLimit = true, BatchSizeForBench
		for _, l := range w.laptops {
			for i := range 1000 {
				l.clock.Add(time.Second)
				MustExec(b, l.db, `UPDATE tasks SET description = ? WHERE id = ?`, fmt.Sprintf("%s note %d", l.name, i), w.tasks[i%len(w.tasks)])
			}
		}
		b.StartTimer()
		start := time.Now()
		var applyTime time.Duration
		var changes, bytes int
		for _, l := range w.laptops {
			for {
				pending, err := l.sync.PendingChanges(ctx, BatchSizeForBench)
				if err != nil {
					b.Fatal(err)
				}
				if len(pending) == 0 {
					break
				}
				v, _ := l.db.SchemaVersion(ctx)
				batch := backend.PushBatch{SiteID: l.site, Epoch: l.epoch, SchemaVersion: v, Changes: pending}
				body, _ := json.Marshal(batch)
				bytes += len(body)
				changes += len(pending)
				t0 := time.Now()
				res, err := w.hub.sync.ApplyPush(ctx, batch)
				applyTime += time.Since(t0)
				if err != nil {
					b.Fatal(err)
				}
				if err := l.sync.AcknowledgePush(ctx, res); err != nil {
					b.Fatal(err)
				}
			}
		}
		w.settle()
		if bad := w.check(); len(bad) > 0 {
			b.Fatalf("not converged: %v", bad[:min(3, len(bad))])
		}
		b.ReportMetric(time.Since(start).Seconds(), "s-to-converge")
		b.ReportMetric(float64(changes)/applyTime.Seconds(), "hub-changes/s")
		b.ReportMetric(float64(bytes)/float64(changes), "bytes/change")
	}
}

// BatchSizeForBench is the push batch the client uses.
const BatchSizeForBench = 500
