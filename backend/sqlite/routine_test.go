package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

type routineFixture struct {
	db   *DB
	svc  *RoutineService
	prop *backend.Property
}

func newRoutineFixture(t *testing.T) *routineFixture {
	db := MustOpenDB(t)
	c := MustCreateClient(t, db, "Alpha Strata", nil)
	return &routineFixture{db: db, svc: NewRoutineService(db, sydney(t)), prop: MustCreateProperty(t, db, c, "North Tower")}
}

type routineTaskRow struct {
	id, due, stage, title string
	tol                   int
	number                *int
}

// tasks lists the routine's live tasks by due date.
func (f *routineFixture) tasks(t *testing.T, routineID string) []routineTaskRow {
	t.Helper()
	var out []routineTaskRow
	err := f.db.View(context.Background(), func(tx *Tx) error {
		rows, err := tx.Query(`SELECT id, due_on, stage, title, tolerance_days, number FROM tasks
			WHERE routine_id = ? AND deleted_at IS NULL ORDER BY due_on`, routineID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r routineTaskRow
			if err := rows.Scan(&r.id, &r.due, &r.stage, &r.title, &r.tol, &r.number); err != nil {
				return err
			}
			out = append(out, r)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func dues(ts []routineTaskRow) string {
	var d []string
	for _, t := range ts {
		d = append(d, t.due)
	}
	return strings.Join(d, " ")
}

func (f *routineFixture) quarterly() *backend.Routine {
	return &backend.Routine{PropertyID: f.prop.ID, Name: "Hydrant service", Standard: "AS 1851", FrequencyMonths: 3,
		AssetTypes: []string{"Hydrant", "Sprinkler system"}, ToleranceDays: 7, StartsOn: "2026-04-01", Active: true}
}

// Today is 11 March 2026 in Sydney (testNow): a quarterly routine from
// 1 April has four visits in the next twelve months.
func TestCreateRoutine_GeneratesUpcomingTasks(t *testing.T) {
	f := newRoutineFixture(t)
	ctx := context.Background()
	r := f.quarterly()
	change, err := f.svc.CreateRoutine(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if change.Created != 4 || r.UpcomingTasks != 4 || r.NextDueOn != "2026-04-01" || r.PropertyName != "North Tower" {
		t.Fatalf("change %+v, routine %+v", change, r)
	}
	ts := f.tasks(t, r.ID)
	if got := dues(ts); got != "2026-04-01 2026-07-01 2026-10-01 2027-01-01" {
		t.Errorf("due dates %s", got)
	}
	for _, tk := range ts {
		if tk.stage != "ready" || tk.tol != 7 || tk.number == nil || !strings.HasPrefix(tk.title, "Hydrant service (") {
			t.Errorf("task %+v", tk)
		}
	}
	if ts[0].title != "Hydrant service (Apr 2026)" {
		t.Errorf("title %q", ts[0].title)
	}
	// Saving again with nothing changed changes no task.
	if change, err := f.svc.UpdateRoutine(ctx, r); err != nil || *change != (backend.RoutineTasksChange{}) {
		t.Errorf("unchanged save: %+v %v", change, err)
	}
	// A missed visit is overdue, and not the next due.
	MustExec(t, f.db, `INSERT INTO tasks (id, property_id, routine_id, kind, stage, title, due_on, tolerance_days, created_at, updated_at)
		VALUES (?, ?, ?, 'routine', 'ready', 'Missed', '2025-12-01', 7, 'x', 'x')`, backend.NewID(), f.prop.ID, r.ID)
	if got, err := f.svc.FindRoutineByID(ctx, r.ID); err != nil || got.OverdueTasks != 1 || got.NextDueOn != "2026-04-01" || got.UpcomingTasks != 4 {
		t.Errorf("with a missed visit: %+v %v", got, err)
	}
	// The Customer Data list finds it by property name.
	if rs, n, err := f.svc.FindRoutines(ctx, backend.RoutineFilter{Query: "north"}); err != nil || n != 1 || rs[0].ID != r.ID {
		t.Errorf("find: %d %v", n, err)
	}
}

// Changing the frequency regenerates only the visits nobody has started:
// the started and the completed task stay, open tasks move (keeping their
// numbers), the rest are created; going back to yearly removes open tasks.
func TestUpdateRoutine_FrequencyKeepsStartedAndCompleted(t *testing.T) {
	f := newRoutineFixture(t)
	ctx := context.Background()
	r := f.quarterly()
	if _, err := f.svc.CreateRoutine(ctx, r); err != nil {
		t.Fatal(err)
	}
	ts := f.tasks(t, r.ID)
	MustExec(t, f.db, `UPDATE tasks SET stage = 'inprogress' WHERE id = ?`, ts[0].id)
	MustExec(t, f.db, `UPDATE tasks SET stage = 'complete', performed_at = '2026-03-10T01:00:00.000Z',
		completed_at = '2026-03-10T02:00:00.000Z' WHERE id = ?`, ts[1].id)
	openNumbers := map[int]bool{*ts[2].number: true, *ts[3].number: true}

	r.FrequencyMonths = 1
	r.ToleranceDays = 3
	change, err := f.svc.UpdateRoutine(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if *change != (backend.RoutineTasksChange{Created: 8, Moved: 2, Removed: 0, Kept: 2}) {
		t.Errorf("change %+v", *change)
	}
	after := f.tasks(t, r.ID)
	want := "2026-04-01 2026-05-01 2026-06-01 2026-07-01 2026-08-01 2026-09-01 2026-10-01 2026-11-01 2026-12-01 2027-01-01 2027-02-01 2027-03-01"
	if got := dues(after); got != want {
		t.Errorf("due dates %s", got)
	}
	for _, tk := range after {
		switch tk.id {
		case ts[0].id:
			if tk.stage != "inprogress" || tk.tol != 7 || tk.due != "2026-04-01" {
				t.Errorf("the started task changed: %+v", tk)
			}
		case ts[1].id:
			if tk.stage != "complete" || tk.tol != 7 {
				t.Errorf("the completed task changed: %+v", tk)
			}
		case ts[2].id, ts[3].id:
			// reused open tasks keep their numbers
			if tk.due != "2026-05-01" && tk.due != "2026-06-01" || !openNumbers[*tk.number] || tk.tol != 3 {
				t.Errorf("an open task was not moved to the first free visits: %+v", tk)
			}
		default:
			if tk.stage != "ready" || tk.tol != 3 {
				t.Errorf("new task %+v", tk)
			}
		}
	}

	r.FrequencyMonths = 12
	change, err = f.svc.UpdateRoutine(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if change.Removed != 10 || change.Created != 0 || change.Kept != 2 {
		t.Errorf("back to yearly: %+v", *change)
	}
	if got := dues(f.tasks(t, r.ID)); got != "2026-04-01 2026-07-01" {
		t.Errorf("after yearly: %s", got)
	}
	// Removed tasks are tombstones (synced deletes), not erased.
	if gone := MustCount(t, f.db, `SELECT COUNT(*) FROM tasks WHERE routine_id = ? AND deleted_at IS NOT NULL`, r.ID); gone != 10 {
		t.Errorf("%d tombstones", gone)
	}
}

func TestRoutine_BadInputWritesNothing(t *testing.T) {
	f := newRoutineFixture(t)
	ctx := context.Background()
	r := f.quarterly()
	r.ToleranceDays = 60
	r.PropertyID = "00000000-0000-7000-8000-000000000000"
	_, err := f.svc.CreateRoutine(ctx, r)
	if backend.ErrorCode(err) != backend.EINVALID || err.(*backend.Error).Fields["toleranceDays"] == "" {
		t.Fatalf("too much tolerance: %v", err)
	}
	r.ToleranceDays = 7
	_, err = f.svc.CreateRoutine(ctx, r)
	if backend.ErrorCode(err) != backend.EINVALID || err.(*backend.Error).Fields["propertyId"] == "" {
		t.Fatalf("unknown property: %v", err)
	}
	// A failure while generating tasks leaves no routine behind.
	MustExec(t, f.db, `CREATE TRIGGER refuse_boom BEFORE INSERT ON tasks WHEN NEW.title LIKE 'Boom%'
		BEGIN SELECT RAISE(ABORT, 'boom'); END`)
	r = f.quarterly()
	r.Name = "Boom check"
	if _, err := f.svc.CreateRoutine(ctx, r); err == nil {
		t.Fatal("the failing insert went unnoticed")
	}
	routines, tasks := MustCount(t, f.db, `SELECT COUNT(*) FROM routines`), MustCount(t, f.db, `SELECT COUNT(*) FROM tasks`)
	if routines != 0 || tasks != 0 {
		t.Errorf("half-written: %d routines, %d tasks", routines, tasks)
	}
	if _, err := f.svc.UpdateRoutine(ctx, &backend.Routine{ID: "00000000-0000-7000-8000-000000000000"}); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("update of no routine: %v", err)
	}
}

// As days pass the daily top-up adds the visits that came into the
// horizon, touching nothing else; a paused routine gets none.
func TestTopUpRoutineTasks_KeepsTwelveMonthsAhead(t *testing.T) {
	clock := NewTestClock()
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "siteward.db"), clock)
	c := MustCreateClient(t, db, "Alpha Strata", nil)
	f := &routineFixture{db: db, svc: NewRoutineService(db, sydney(t)), prop: MustCreateProperty(t, db, c, "North Tower")}
	ctx := context.Background()
	r := f.quarterly()
	if _, err := f.svc.CreateRoutine(ctx, r); err != nil {
		t.Fatal(err)
	}
	paused := f.quarterly()
	paused.Name, paused.Active = "Paused service", false
	if _, err := f.svc.CreateRoutine(ctx, paused); err != nil {
		t.Fatal(err)
	}
	if n, err := f.svc.TopUpRoutineTasks(ctx); err != nil || n != 0 {
		t.Fatalf("nothing new today: %d %v", n, err)
	}
	clock.Add(100 * 24 * time.Hour) // 19 June 2026: April's visit is history, April 2027 is in
	if n, err := f.svc.TopUpRoutineTasks(ctx); err != nil || n != 1 {
		t.Fatalf("after 100 days: %d %v", n, err)
	}
	if got := dues(f.tasks(t, r.ID)); got != "2026-04-01 2026-07-01 2026-10-01 2027-01-01 2027-04-01" {
		t.Errorf("due dates %s", got)
	}
	if n := len(f.tasks(t, paused.ID)); n != 0 {
		t.Errorf("the paused routine got %d tasks", n)
	}
}
