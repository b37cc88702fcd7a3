package sqlite

import (
	"context"
	"testing"

	"siteward/backend"
)

func TestCustomerData_AssetAndTaskLists(t *testing.T) {
	f := newRemarkFixture(t)
	ctx := context.Background()
	s := NewCustomerDataService(f.db, sydney(t))
	asset := func(p *backend.Property, typ string, esm bool, loc, result string) {
		MustExec(t, f.db, `INSERT INTO assets (id, property_id, type, esm, location, last_result, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, 'x', 'x')`, backend.NewID(), p.ID, typ, esm, loc, result)
	}
	asset(f.north, "Extinguisher", true, "Level 2 lobby", "pass")
	asset(f.north, "Hydrant", true, "Basement", "fail")
	asset(f.south, "Exit light", false, "Stairs", "")
	yes := true
	fail := "fail"
	for name, c := range map[string]struct {
		flt  backend.AssetFilter
		want int
	}{
		"all": {backend.AssetFilter{}, 3}, "esm": {backend.AssetFilter{ESM: &yes}, 2}, "failed": {backend.AssetFilter{Result: &fail}, 1},
		"client": {backend.AssetFilter{ClientID: &f.south.ClientID}, 1}, "text": {backend.AssetFilter{Query: "lobby"}, 1},
	} {
		if _, n, err := s.FindAssets(ctx, c.flt); err != nil || n != c.want {
			t.Errorf("assets %s: %d %v, want %d", name, n, err, c.want)
		}
	}

	task := func(p *backend.Property, number int, kind, stage, priority, dueOn string) {
		var due any
		if dueOn != "" {
			due = dueOn
		}
		MustExec(t, f.db, `INSERT INTO tasks (id, number, property_id, routine_id, kind, priority, stage, title, due_on, created_at, updated_at)
			VALUES (?, ?, ?, NULL, ?, ?, ?, ?, ?, 'x', 'x')`, backend.NewID(), number, p.ID, kind, priority, stage, "Task "+kind, due)
	}
	task(f.north, 7, "service_call", "ready", "urgent", "2026-03-20")
	task(f.north, 8, "other", "complete", "low", "2026-03-12")
	task(f.south, 9, "service_call", "onhold", "normal", "")
	rows, n, err := s.FindTasks(ctx, backend.TaskFilter{})
	if err != nil || n != 3 || *rows[0].Number != 8 || *rows[2].Number != 9 {
		t.Fatalf("tasks by due date, undated last: %d %v %+v", n, err, rows)
	}
	sc := "service_call"
	if _, n, _ := s.FindTasks(ctx, backend.TaskFilter{Kind: &sc}); n != 2 {
		t.Errorf("service calls: %d", n)
	}
	if rows, _, _ := s.FindTasks(ctx, backend.TaskFilter{Page: backend.Page{Sort: "priority"}}); *rows[0].Number != 7 {
		t.Errorf("urgent first: %+v", rows[0])
	}
	if _, n, _ := s.FindTasks(ctx, backend.TaskFilter{Query: "T-9"}); n != 1 {
		t.Errorf("by number: %d", n)
	}
	bad := "doing"
	if _, _, err := s.FindTasks(ctx, backend.TaskFilter{Stage: &bad}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("bad stage: %v", err)
	}
}
