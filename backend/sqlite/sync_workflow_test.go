package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

// A stage the flow does not allow from the hub's (the office completed the
// task meanwhile) is not applied, whoever's clock is later: a conflict with
// the reason, and the laptop gets the hub's stage back.
func TestSync_IllegalStageMoveIsAConflict(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceTechnician)
	MustExec(t, w.hub, `UPDATE tasks SET stage = 'complete', completed_at = '2026-03-10T15:00:00.000Z' WHERE id = ?`, w.task)
	w.lapClock.Add(time.Hour) // the laptop's edit is the later one
	MustExec(t, w.laptop, `UPDATE tasks SET stage = 'inprogress' WHERE id = ?`, w.task)
	res := w.push()
	if res.Conflicts != 1 || res.Quarantined != 0 {
		t.Fatalf("push %+v, want one conflict", res)
	}
	if got := queryString(t, w.hub, `SELECT stage FROM tasks WHERE id = ?`, w.task); got != "complete" {
		t.Errorf("hub stage %s: an illegal move was applied", got)
	}
	cs, _ := w.hubSync.FindConflicts(context.Background())
	if len(cs) != 1 || cs[0].Column != "stage" || string(cs[0].Kept) != `"complete"` || string(cs[0].Lost) != `"inprogress"` ||
		!strings.Contains(cs[0].Reason, "cannot change any more") {
		t.Fatalf("conflicts %+v", cs)
	}
	w.pull()
	if got := queryString(t, w.laptop, `SELECT stage FROM tasks WHERE id = ?`, w.task); got != "complete" {
		t.Errorf("laptop stage %s, want the hub's complete back", got)
	}

	// The office sees "needs review" on the task itself until it marks the
	// conflict reviewed.
	ctx := context.Background()
	needsReview := func() bool {
		t.Helper()
		rows, _, err := NewCustomerDataService(w.hub, time.UTC).FindTasks(ctx, backend.TaskFilter{Query: "Monthly inspection", Page: backend.Page{Limit: 10}})
		if err != nil || len(rows) != 1 {
			t.Fatalf("tasks %v, %v", rows, err)
		}
		return rows[0].NeedsReview
	}
	if !needsReview() {
		t.Error("the task does not say it needs review")
	}
	if err := w.hubSync.ResolveConflict(ctx, cs[0].ID, ""); err != nil {
		t.Fatal(err)
	}
	if needsReview() {
		t.Error("the task still needs review after the conflict was reviewed")
	}
}

// A remark edited on two devices says so in the office's remark list.
func TestSync_RemarkInConflictNeedsReview(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceTechnician)
	MustExec(t, w.hub, `UPDATE remarks SET description = 'Office wording' WHERE id = ?`, w.remark)
	w.lapClock.Add(time.Hour)
	MustExec(t, w.laptop, `UPDATE remarks SET description = 'Site wording' WHERE id = ?`, w.remark)
	if res := w.push(); res.Conflicts != 1 {
		t.Fatalf("push %+v", res)
	}
	rs, _, err := NewRemarkService(w.hub).FindRemarks(context.Background(), backend.RemarkFilter{Page: backend.Page{Limit: 10}})
	if err != nil || len(rs) != 1 || !rs[0].NeedsReview {
		t.Fatalf("remarks %+v, %v; want the remark marked as needing review", rs, err)
	}
}

// A move the flow allows from the hub's stage applies even when the
// laptop's clock is older: the work moved on (ready → in progress at the
// office, performed on site).
func TestSync_LegalStageMoveAppliesWhateverTheClocks(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceTechnician)
	w.hubClock.Add(time.Hour)
	MustExec(t, w.hub, `UPDATE tasks SET stage = 'inprogress' WHERE id = ?`, w.task)
	MustExec(t, w.laptop, `UPDATE tasks SET stage = 'performed', performed_at = '2026-03-10T14:40:00.000Z' WHERE id = ?`, w.task)
	if res := w.push(); res.Conflicts != 0 || res.Applied != 1 {
		t.Fatalf("push %+v, want it applied without a conflict", res)
	}
	if got := queryString(t, w.hub, `SELECT stage FROM tasks WHERE id = ?`, w.task); got != "performed" {
		t.Errorf("hub stage %s, want performed", got)
	}
	w.pull()
	if got := queryString(t, w.laptop, `SELECT stage FROM tasks WHERE id = ?`, w.task); got != "performed" {
		t.Errorf("laptop stage %s", got)
	}
}

// Quote status follows the quote flow the same way: approving a quote the
// office voided meanwhile is a conflict.
func TestSync_IllegalQuoteStatusMoveIsAConflict(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceOffice)
	MustExec(t, w.hub, `UPDATE quotes SET status = 'voided' WHERE id = ?`, w.quote)
	w.lapClock.Add(time.Hour)
	MustExec(t, w.laptop, `UPDATE quotes SET status = 'approved' WHERE id = ?`, w.quote)
	if res := w.push(); res.Conflicts != 1 {
		t.Fatalf("push %+v, want a conflict", res)
	}
	w.pull()
	for name, db := range map[string]*DB{"hub": w.hub, "laptop": w.laptop} {
		if got := queryString(t, db, `SELECT status FROM quotes WHERE id = ?`, w.quote); got != "voided" {
			t.Errorf("%s quote status %s, want voided", name, got)
		}
	}
}
