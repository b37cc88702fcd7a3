package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

// Keeping the value the merge did not keep is an ordinary edit: it is
// captured (so it syncs back to the laptop), audited, and the conflict is
// reviewed in the same transaction.
func TestRecordConflict_KeepingAValueIsAnEditThatSyncs(t *testing.T) {
	ctx := context.Background()
	w := newSyncWorld(t, backend.LicenceTechnician)
	w.hubClock.Add(10 * time.Minute)
	MustExec(t, w.hub, `UPDATE tasks SET description = 'Office: bring the ladder' WHERE id = ?`, w.task)
	w.lapClock.Add(20 * time.Minute)
	MustExec(t, w.laptop, `UPDATE tasks SET description = 'Tech: level 3 door jammed' WHERE id = ?`, w.task)
	if res := w.push(); res.Conflicts != 1 {
		t.Fatalf("push %+v, want one conflict", res)
	}
	tasks := NewTaskService(w.hub, time.UTC)
	svc := NewRecordConflictService(w.hub, tasks)
	office := MustCreateUser(t, w.hub, "Olive Office", backend.LicenceOffice)

	cs, err := svc.FindRecordConflicts(ctx, "tasks", w.task)
	if err != nil || len(cs) != 1 {
		t.Fatalf("conflicts %v, %v", cs, err)
	}
	c := cs[0]
	if c.KeptUser != "Tess Tech" || c.LostUser != "" || c.KeptAt == nil || c.LostAt == nil || !c.Keepable {
		t.Errorf("conflict %+v, want who and when for both sides", c)
	}
	changesBefore := MustCount(t, w.hub, `SELECT COUNT(*) FROM sync_changes WHERE tbl = 'tasks' AND row_id = ?`, w.task)
	if err := svc.KeepConflictValue(ctx, c.ID, backend.KeepLost, office.ID); err != nil {
		t.Fatal(err)
	}
	if got := queryString(t, w.hub, `SELECT description FROM tasks WHERE id = ?`, w.task); got != "Office: bring the ladder" {
		t.Errorf("description %q, want the kept office value", got)
	}
	last := queryString(t, w.hub, `SELECT cols FROM sync_changes WHERE tbl = 'tasks' AND row_id = ? ORDER BY seq DESC LIMIT 1`, w.task)
	if n := MustCount(t, w.hub, `SELECT COUNT(*) FROM sync_changes WHERE tbl = 'tasks' AND row_id = ?`, w.task); n != changesBefore+1 ||
		!strings.Contains(last, "Office: bring the ladder") {
		t.Errorf("%d new captured changes (want 1), the last %s", n-changesBefore, last)
	}
	if n := MustCount(t, w.hub, `SELECT COUNT(*) FROM sync_conflicts WHERE id = ? AND resolved_at IS NOT NULL`, c.ID); n != 1 {
		t.Error("the conflict is not marked reviewed")
	}
	if n := MustCount(t, w.hub, `SELECT COUNT(*) FROM audit_log WHERE user_id = ? AND action IN ('task.update', 'sync.conflict.resolve')`, office.ID); n != 2 {
		t.Errorf("%d audit rows, want the edit and the review", n)
	}
	w.pull()
	if got := queryString(t, w.laptop, `SELECT description FROM tasks WHERE id = ?`, w.task); got != "Office: bring the ladder" {
		t.Errorf("laptop has %q after pulling the kept value", got)
	}
}

// A value the edit refuses (a stage move the flow does not allow from
// where the task is now) writes nothing and leaves the conflict waiting.
func TestRecordConflict_ARefusedValueWritesNothing(t *testing.T) {
	ctx := context.Background()
	w := newSyncWorld(t, backend.LicenceTechnician)
	id := backend.NewID()
	MustExec(t, w.hub, `INSERT INTO sync_conflicts (id, tbl, row_id, col, kept, kept_hlc, kept_site, lost, lost_hlc, lost_site, recorded_at, reason)
		VALUES (?, 'tasks', ?, 'stage', '"ready"', ?, ?, '"complete"', ?, ?, ?, 'A task ready can become …')`,
		id, w.task, backend.HLC{Wall: 1}.String(), w.hub.SiteID(), backend.HLC{Wall: 2}.String(), w.site, backend.FormatTime(testNow))
	svc := NewRecordConflictService(w.hub, NewTaskService(w.hub, time.UTC))
	before := MustCount(t, w.hub, `SELECT COUNT(*) FROM sync_changes`)
	err := svc.KeepConflictValue(ctx, id, backend.KeepLost, "")
	if backend.ErrorCode(err) != backend.ECONFLICT {
		t.Fatalf("keep an illegal move: %v, want ECONFLICT", err)
	}
	if got := queryString(t, w.hub, `SELECT stage FROM tasks WHERE id = ?`, w.task); got != "ready" {
		t.Errorf("stage %q", got)
	}
	if n := MustCount(t, w.hub, `SELECT COUNT(*) FROM sync_changes`); n != before {
		t.Errorf("%d changes captured by a refused keep", n-before)
	}
	if n := MustCount(t, w.hub, `SELECT COUNT(*) FROM sync_conflicts WHERE id = ? AND resolved_at IS NULL`, id); n != 1 {
		t.Error("a refused keep marked the conflict reviewed")
	}
}
