package sqlite

import (
	"context"
	"testing"
	"time"

	"siteward/backend"
)

// A laptop whose cursor is behind pulls, one change at a time, an office
// value logged before the hub dealt with the laptop's own (newer) edit of
// the same field: it must never show it, not even between two pulls.
func TestSync_PullNeverShowsAValueTheOwnEditSuperseded(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceOffice)
	ctx := context.Background()
	MustExec(t, w.hub, `UPDATE tasks SET title = 'Office title' WHERE id = ?`, w.task)
	w.lapClock.Add(time.Hour) // the laptop's edit is the newer one
	MustExec(t, w.laptop, `UPDATE tasks SET title = 'Laptop title' WHERE id = ?`, w.task)
	res := w.push()
	if res.Conflicts != 1 || len(res.Positions) != 1 || res.Positions[0].Log == 0 {
		t.Fatalf("push result %+v, want one conflict and the position the hub dealt with the change at", res)
	}
	for {
		b, err := w.hubSync.Pull(ctx, w.site, mustPullFrom(t, w.laptopSync), 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.laptopSync.ApplyPull(ctx, b); err != nil {
			t.Fatal(err)
		}
		if got := queryString(t, w.laptop, `SELECT title FROM tasks WHERE id = ?`, w.task); got != "Laptop title" {
			t.Fatalf("after pulling up to %d the laptop shows %q, not its own newer edit", b.Cursor, got)
		}
		if !b.More && len(b.Changes) == 0 {
			break
		}
	}
	if n := MustCount(t, w.laptop, `SELECT COUNT(*) FROM sync_floor`); n != 0 {
		t.Errorf("%d floors left once the cursor passed them", n)
	}
}

// A re-sent batch whose acknowledgement was lost is answered with the
// positions of the first delivery, for every change it acknowledges.
func TestSync_DuplicatePushRepeatsThePositions(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceOffice)
	ctx := context.Background()
	MustExec(t, w.laptop, `UPDATE tasks SET title = 'One' WHERE id = ?`, w.task)
	MustExec(t, w.laptop, `UPDATE tasks SET description = 'Two' WHERE id = ?`, w.task)
	pending, _ := w.laptopSync.PendingChanges(ctx, 100)
	first, err := w.hubSync.ApplyPush(ctx, w.batch(pending))
	if err != nil {
		t.Fatal(err)
	}
	// Lost acknowledgement; the laptop sends a shorter batch again.
	again, err := w.hubSync.ApplyPush(ctx, w.batch(pending[:1]))
	if err != nil {
		t.Fatal(err)
	}
	if again.Duplicates != 1 || again.LastSeq != first.LastSeq || len(again.Positions) != 2 ||
		again.Positions[0] != first.Positions[0] || again.Positions[1] != first.Positions[1] {
		t.Fatalf("re-sent: %+v, first: %+v; want the same positions for both acknowledged changes", again, first)
	}
}

// A delete the hub refuses (not a technician's to make) or lets lose (the
// office edited the row later) brings the row back on the laptop whole.
func TestSync_RefusedOrLosingDeleteBringsTheRowBack(t *testing.T) {
	for _, tc := range []struct {
		name    string
		licence backend.Licence
	}{{"refused", backend.LicenceTechnician}, {"losing", backend.LicenceOffice}} {
		t.Run(tc.name, func(t *testing.T) {
			w := newSyncWorld(t, tc.licence)
			line := backend.NewID()
			MustExec(t, w.hub, `INSERT INTO quote_lines (id, quote_id, position, description, unit_cents, created_at) VALUES (?, ?, 1, 'Replace door closer', 18000, ?)`,
				line, w.quote, backend.FormatTime(testNow))
			w.pull()
			MustExec(t, w.laptop, `DELETE FROM quote_lines WHERE id = ?`, line)
			w.hubClock.Add(10 * time.Minute) // the office's edit is the newer one
			MustExec(t, w.hub, `UPDATE quote_lines SET unit_cents = 19500 WHERE id = ?`, line)
			w.push()
			w.pull()
			if got := queryString(t, w.laptop, `SELECT description || ' ' || unit_cents FROM quote_lines WHERE id = ?`, line); got != "Replace door closer 19500" {
				t.Errorf("laptop has %q, want the hub's row back", got)
			}
		})
	}
}
