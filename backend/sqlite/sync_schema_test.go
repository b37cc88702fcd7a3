package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

// An install newer than its hub keeps working and holds its changes: the
// hub refuses the batch as a whole, saying it needs upgrading, and applies
// nothing of it.
func TestSync_NewerInstallIsHeldUntilTheHubIsUpgraded(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceTechnician)
	ctx := context.Background()
	MustExec(t, w.laptop, `UPDATE tasks SET description = 'From the future' WHERE id = ?`, w.task)
	pending, _ := w.laptopSync.PendingChanges(ctx, 100)
	b := w.batch(pending)
	b.SchemaVersion = "999912312359_from_a_newer_siteward"
	_, err := w.hubSync.ApplyPush(ctx, b)
	if backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(backend.ErrorMessage(err), "until the hub is upgraded") {
		t.Fatalf("push from a newer install: %v", err)
	}
	if got := queryString(t, w.hub, `SELECT description FROM tasks WHERE id = ?`, w.task); got != "" {
		t.Errorf("the hub applied a newer install's change: %q", got)
	}
	if left, _ := w.laptopSync.PendingChanges(ctx, 100); len(left) != 1 {
		t.Errorf("%d changes waiting on the newer install, want 1 held", len(left))
	}
}

// An install older than its hub (its tasks have no description column)
// sends only the columns it has: the hub's value of the column it does not
// know is never blanked. What the hub sends back that it cannot hold is
// refused whole, asking for an upgrade, without moving its cursor.
func TestSync_OlderInstallNeverBlanksAColumnItDoesNotKnow(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceOffice)
	ctx := context.Background()
	MustExec(t, w.hub, `UPDATE tasks SET description = 'Access via the loading dock' WHERE id = ?`, w.task)

	// Make the laptop an older install: no tasks.description.
	path := w.laptop.Path
	w.laptop.Close()
	raw, err := sql.Open("sqlite3", dsn(path, nil))
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TRIGGER sw_capture_tasks_insert`, `DROP TRIGGER sw_capture_tasks_update`, `DROP TRIGGER sw_capture_tasks_delete`,
		`ALTER TABLE tasks DROP COLUMN description`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	w.laptop = MustOpenDBAt(t, path, w.lapClock)
	w.laptopSync = NewSyncService(w.laptop)

	w.lapClock.Add(time.Minute) // the later edit
	MustExec(t, w.laptop, `UPDATE tasks SET title = 'Monthly inspection, level 2' WHERE id = ?`, w.task)
	if res := w.push(); res.Applied != 1 || res.Quarantined != 0 {
		t.Fatalf("push from the older install: %+v", res)
	}
	if got := queryString(t, w.hub, `SELECT title || ' / ' || description FROM tasks WHERE id = ?`, w.task); got != "Monthly inspection, level 2 / Access via the loading dock" {
		t.Errorf("hub task %q: the older install's edit must apply and the column it does not know stay", got)
	}

	before, _ := w.laptopSync.Cursor(ctx)
	b, err := w.hubSync.Pull(ctx, w.site, backend.PullFrom{Cursor: before}, 100)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.laptopSync.ApplyPull(ctx, b); backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(backend.ErrorMessage(err), "upgrade Siteward here") {
		t.Fatalf("pulling a column the install does not have: %v", err)
	}
	if after, _ := w.laptopSync.Cursor(ctx); after != before {
		t.Errorf("the refused pull moved the cursor %d → %d", before, after)
	}
}
