package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"siteward/backend"
)

// TaskService implements backend.TaskService: the office's task detail.
// "Today" and done days are the workspace's local dates.
type TaskService struct {
	db  *DB
	loc *time.Location
}

// NewTaskService returns a TaskService on db.
func NewTaskService(db *DB, loc *time.Location) *TaskService {
	if loc == nil {
		loc = time.UTC
	}
	return &TaskService{db: db, loc: loc}
}

var _ backend.TaskService = (*TaskService)(nil)

var errTaskNotFound = backend.Errorf(backend.ENOTFOUND, "Task not found.")

func (s *TaskService) FindTaskByID(ctx context.Context, id string) (t *backend.Task, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		t, err = s.findTask(ctx, tx, id)
		return err
	})
	return t, err
}

func (s *TaskService) findTask(ctx context.Context, tx *Tx, id string) (*backend.Task, error) {
	if !backend.ValidID(id) {
		return nil, errTaskNotFound
	}
	var t backend.Task
	var num sql.NullInt64
	var routineID, routineName, techID, techName, performed, completed sql.NullString
	var updated string
	err := tx.QueryRowContext(ctx, `SELECT t.id, t.number, t.property_id, p.name, p.client_id, c.name, t.kind, t.priority,
			t.stage, t.title, COALESCE(t.scheduled_on, ''), COALESCE(t.due_on, ''), t.tolerance_days, t.performed_at,
			t.completed_at, `+needsReviewSQL("tasks", "t.id")+`, t.routine_id, r.name, t.description, t.technician_id, u.name, t.updated_at
		FROM tasks t JOIN properties p ON p.id = t.property_id JOIN clients c ON c.id = p.client_id
		LEFT JOIN routines r ON r.id = t.routine_id LEFT JOIN users u ON u.id = t.technician_id
		WHERE t.id = ? AND t.deleted_at IS NULL`, id).Scan(&t.ID, &num, &t.PropertyID, &t.PropertyName, &t.ClientID, &t.ClientName,
		&t.Kind, &t.Priority, &t.Stage, &t.Title, &t.ScheduledOn, &t.DueOn, &t.ToleranceDays, &performed, &completed, &t.NeedsReview,
		&routineID, &routineName, &t.Description, &techID, &techName, &updated)
	if err == sql.ErrNoRows {
		return nil, errTaskNotFound
	} else if err != nil {
		return nil, err
	}
	if num.Valid {
		n := int(num.Int64)
		t.Number = &n
	}
	if performed.Valid {
		t.PerformedAt = &performed.String
	}
	if completed.Valid {
		t.CompletedAt = &completed.String
	}
	if routineID.Valid {
		t.RoutineID, t.RoutineName = &routineID.String, routineName.String
	}
	if techID.Valid {
		t.TechnicianID, t.TechnicianName = &techID.String, techName.String
	}
	t.UpdatedAt, _ = backend.ParseTime(updated)
	t.NextStages = backend.TaskNextStages(t.Stage)
	t.WindowFrom, t.WindowTo, t.Tolerance = s.tolerance(&t)
	rows, err := tx.QueryContext(ctx, `SELECT id, number, severity, status, published, description FROM remarks
		WHERE task_id = ? AND deleted_at IS NULL ORDER BY raised_at, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	t.Remarks = []*backend.TaskRemark{}
	for rows.Next() {
		var r backend.TaskRemark
		var n sql.NullInt64
		if err := rows.Scan(&r.ID, &n, &r.Severity, &r.Status, &r.Published, &r.Description); err != nil {
			return nil, err
		}
		if n.Valid {
			v := int(n.Int64)
			r.Number = &v
		}
		t.Remarks = append(t.Remarks, &r)
	}
	return &t, rows.Err()
}

// tolerance is the window due ± tolerance days and the task's standing
// against it, by the rule of tolerance.go (toleranceStatusSQL): on time when
// done on a local date inside the window.
func (s *TaskService) tolerance(t *backend.Task) (from, to, status string) {
	due, err := time.Parse(backend.DateLayout, t.DueOn)
	if err != nil {
		return "", "", ""
	}
	lo, hi := due.AddDate(0, 0, -t.ToleranceDays), due.AddDate(0, 0, t.ToleranceDays)
	from, to = lo.Format(backend.DateLayout), hi.Format(backend.DateLayout)
	done := t.PerformedAt
	if done == nil {
		done = t.CompletedAt
	}
	switch {
	case done == nil && (t.Stage == "performed" || t.Stage == "complete"):
		status = string(backend.ToleranceCompleted)
	case done == nil:
		today := s.db.Now().In(s.loc).Format(backend.DateLayout)
		status = string(backend.TolerancePending)
		if to < today {
			status = string(backend.TolerancePendingOutside)
		}
	default:
		at, err := backend.ParseTime(*done)
		if err != nil {
			return from, to, ""
		}
		day := at.In(s.loc).Format(backend.DateLayout)
		status = string(backend.ToleranceCompleted)
		if day < from || day > to {
			status = string(backend.ToleranceCompletedOutside)
		}
	}
	return from, to, status
}

func (s *TaskService) UpdateTask(ctx context.Context, id string, u backend.TaskUpdate, byUserID string) (t *backend.Task, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		if err := s.updateTask(ctx, tx, id, u, byUserID); err != nil {
			return err
		}
		t, err = s.findTask(ctx, tx, id)
		return err
	})
	return t, err
}

// updateTask is the one way an office edit writes a task (the detail's
// PATCH and keeping a conflict's value): checked, then written and audited.
func (s *TaskService) updateTask(ctx context.Context, tx *Tx, id string, u backend.TaskUpdate, byUserID string) error {
	cur, err := s.findTask(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := technicianMayUpdate(cur, u); err != nil {
		return err
	}
	p := backend.Problems{}
	set := []string{}
	var args []any
	var changed []string
	date := func(field, col string, v *string, cur string) {
		if v == nil || strings.TrimSpace(*v) == cur {
			return
		}
		d := strings.TrimSpace(*v)
		var val any
		if d != "" {
			if _, err := time.Parse(backend.DateLayout, d); err != nil {
				p.Add(field, "Enter a date as YYYY-MM-DD, or leave it empty.")
				return
			}
			val = d
		}
		set, args, changed = append(set, col+" = ?"), append(args, val), append(changed, field)
	}
	date("scheduledOn", "scheduled_on", u.ScheduledOn, cur.ScheduledOn)
	if u.DueOn != nil && strings.TrimSpace(*u.DueOn) == "" && cur.Kind == "routine" && cur.DueOn != "" {
		p.Add("dueOn", "A routine task keeps a due date: its tolerance window is judged from it.")
	} else {
		date("dueOn", "due_on", u.DueOn, cur.DueOn)
	}
	if u.Title != nil && strings.TrimSpace(*u.Title) != cur.Title {
		title := strings.TrimSpace(*u.Title)
		if title == "" {
			p.Add("title", "Give the task a title.")
		} else if len(title) > 200 {
			p.Add("title", "Keep the title under 200 characters.")
		} else {
			set, args, changed = append(set, "title = ?"), append(args, title), append(changed, "title")
		}
	}
	if u.Description != nil && *u.Description != cur.Description {
		if len(*u.Description) > 10000 {
			p.Add("description", "Keep the results under 10,000 characters.")
		} else {
			set, args, changed = append(set, "description = ?"), append(args, *u.Description), append(changed, "description")
		}
	}
	if u.TechnicianID != nil && *u.TechnicianID != deref(cur.TechnicianID) {
		if *u.TechnicianID == "" {
			set, args, changed = append(set, "technician_id = ?"), append(args, nil), append(changed, "technicianId")
		} else {
			var ok bool
			err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM users WHERE id = ? AND deleted_at IS NULL AND active = 1
				AND licence IN ('technician', 'office'))`, *u.TechnicianID).Scan(&ok)
			if err != nil {
				return err
			}
			if !ok {
				p.Add("technicianId", "Choose an active user with a technician or office licence.")
			} else {
				set, args, changed = append(set, "technician_id = ?"), append(args, *u.TechnicianID), append(changed, "technicianId")
			}
		}
	}
	var stageErr error
	if u.Stage != nil && *u.Stage != cur.Stage {
		if !slices.Contains(backend.TaskStages, *u.Stage) {
			p.Add("stage", "Choose one of: "+strings.Join(backend.TaskStages, ", ")+".")
		} else if err := backend.TaskCanMove(cur.Stage, *u.Stage); err != nil {
			p.Add("stage", backend.ErrorMessage(err))
			stageErr = err
		} else {
			set, args, changed = append(set, "stage = ?"), append(args, *u.Stage), append(changed, "stage")
			switch *u.Stage {
			case "performed":
				set, args = append(set, "performed_at = COALESCE(performed_at, ?)"), append(args, tx.now)
			case "complete":
				set, args = append(set, "completed_at = COALESCE(completed_at, ?)", "performed_at = COALESCE(performed_at, ?)"), append(args, tx.now, tx.now)
			case "ready", "inprogress", "onhold":
				set = append(set, "performed_at = NULL")
			}
		}
	}
	if len(p) > 0 {
		if stageErr != nil && len(p) == 1 {
			e := stageErr.(*backend.Error)
			return &backend.Error{Code: backend.ECONFLICT, Message: e.Message, Fields: map[string]string(p)}
		}
		return p.Err()
	}
	if len(set) == 0 {
		return nil
	}
	set, args = append(set, "updated_at = ?"), append(args, tx.now)
	if _, err := tx.ExecContext(ctx, `UPDATE tasks SET `+strings.Join(set, ", ")+` WHERE id = ?`, append(args, id)...); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (id, user_id, action, entity, entity_id, detail, at)
		VALUES (?, NULLIF(?, ''), 'task.update', 'task', ?, ?, ?)`, backend.NewID(), byUserID, id, strings.Join(changed, ","), tx.now)
	return err
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
