package sqlite

import (
	"context"

	"siteward/backend"
)

// syncRoutineTasks brings r's tasks in line with its schedule as of today
// (backend.PlanRoutineTasks), inside the caller's transaction: open tasks
// (not started, due today or later) are given the new due dates in order —
// keeping their numbers and technicians, losing a scheduled date that no
// longer fits — missing visits become new ready tasks, and open tasks left
// over are tombstoned. Started, done and cancelled tasks are not touched.
func syncRoutineTasks(ctx context.Context, tx *Tx, r *backend.Routine, today string) (*backend.RoutineTasksChange, error) {
	type openTask struct {
		due, title string
		tol        int
	}
	rows, err := tx.QueryContext(ctx, `SELECT t.id, COALESCE(t.due_on, ''), t.title, t.tolerance_days,
			t.stage IN ('ready', 'onhold') AND t.performed_at IS NULL AND t.completed_at IS NULL AND t.due_on >= ?
		FROM tasks t WHERE t.routine_id = ? AND t.deleted_at IS NULL`, today, r.ID)
	if err != nil {
		return nil, err
	}
	var existing []backend.RoutineTask
	open := map[string]openTask{}
	for rows.Next() {
		var t backend.RoutineTask
		var o openTask
		if err := rows.Scan(&t.ID, &t.DueOn, &o.title, &o.tol, &t.Open); err != nil {
			rows.Close()
			return nil, err
		}
		o.due = t.DueOn
		existing = append(existing, t)
		if t.Open {
			open[t.ID] = o
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	plan := backend.PlanRoutineTasks(r, today, existing)
	change := &backend.RoutineTasksChange{Kept: plan.Kept}
	for id, due := range plan.Reuse {
		o, title := open[id], backend.RoutineTaskTitle(r.Name, due)
		if o.due == due && o.title == title && o.tol == r.ToleranceDays {
			continue
		}
		// A scheduled date belongs to the old due date; the office books again.
		if _, err := tx.ExecContext(ctx, `UPDATE tasks SET due_on = ?, title = ?, tolerance_days = ?,
			scheduled_on = CASE WHEN due_on = ? THEN scheduled_on END, updated_at = ? WHERE id = ?`,
			due, title, r.ToleranceDays, due, tx.now, id); err != nil {
			return nil, err
		}
		change.Moved++
	}
	for _, id := range plan.Remove {
		if _, err := tx.ExecContext(ctx, `UPDATE tasks SET deleted_at = ?, updated_at = ? WHERE id = ?`, tx.now, tx.now, id); err != nil {
			return nil, err
		}
		change.Removed++
	}
	for _, due := range plan.Create {
		n, err := nextNumber(ctx, tx, "task")
		if err != nil {
			return nil, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO tasks (id, number, property_id, routine_id, kind, priority, stage, title,
			due_on, tolerance_days, created_at, updated_at) VALUES (?, ?, ?, ?, 'routine', 'normal', 'ready', ?, ?, ?, ?, ?)`,
			backend.NewID(), n, r.PropertyID, r.ID, backend.RoutineTaskTitle(r.Name, due), due, r.ToleranceDays, tx.now, tx.now); err != nil {
			return nil, err
		}
		change.Created++
	}
	return change, nil
}
