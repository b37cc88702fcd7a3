package sqlite

import (
	"testing"
	"time"

	"siteward/backend"
)

// A replica restarted after its changes were acknowledged has no change
// rows left to read its clock from, and pulled writes are not logged: its
// next edit must still be stamped after every value it has shown, or the
// hub would let the older value it overwrote win (found by the simulation
// with restarts, seed 4).
func TestSync_ReplicaClockSurvivesARestart(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceOffice)
	w.lapClock.Add(-2 * time.Hour) // the laptop's computer runs two hours behind
	w.hubClock.Add(time.Minute)
	MustExec(t, w.hub, `UPDATE tasks SET description = 'Office note' WHERE id = ?`, w.task)
	w.pull()
	MustExec(t, w.laptop, `UPDATE tasks SET title = 'Laptop title' WHERE id = ?`, w.task)
	w.push()
	if n := MustCount(t, w.laptop, `SELECT COUNT(*) FROM sync_changes`); n != 0 {
		t.Fatalf("%d change rows left after the acknowledgement", n)
	}

	path := w.laptop.Path
	MustCloseDB(t, w.laptop)
	w.laptop = MustOpenDBAt(t, path, w.lapClock)
	w.laptopSync = NewSyncService(w.laptop)
	MustExec(t, w.laptop, `UPDATE tasks SET description = 'Seen the office note, replaced it' WHERE id = ?`, w.task)
	w.push()
	if got := queryString(t, w.hub, `SELECT description FROM tasks WHERE id = ?`, w.task); got != "Seen the office note, replaced it" {
		t.Fatalf("after the laptop's restart its edit of a value it had seen lost: hub has %q", got)
	}
}
