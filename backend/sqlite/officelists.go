package sqlite

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"siteward/backend"
)

// CustomerDataService implements backend.CustomerDataService; "today" is
// the workspace's local date.
type CustomerDataService struct {
	db  *DB
	loc *time.Location
}

// NewCustomerDataService returns a CustomerDataService on db.
func NewCustomerDataService(db *DB, loc *time.Location) *CustomerDataService {
	if loc == nil {
		loc = time.UTC
	}
	return &CustomerDataService{db: db, loc: loc}
}

// outsideToleranceSQL is a routine task (t) whose window closed unperformed
// before the local date given as its parameter.
const outsideToleranceSQL = `(t.kind = 'routine' AND t.stage <> 'cancelled' AND t.performed_at IS NULL AND t.completed_at IS NULL
	AND t.due_on IS NOT NULL AND date(t.due_on, '+' || t.tolerance_days || ' days') < ?)`

var _ backend.CustomerDataService = (*CustomerDataService)(nil)

func (s *CustomerDataService) FindAssets(ctx context.Context, f backend.AssetFilter) (out []*backend.AssetRow, total int, err error) {
	f.Normalize()
	w := where{"a.deleted_at IS NULL", "p.deleted_at IS NULL"}
	var args []any
	for cond, v := range map[string]*string{"a.id = ?": f.ID, "a.type = ?": f.Type, "a.last_result = ?": f.Result, "p.client_id = ?": f.ClientID,
		"a.property_id = ?": f.PropertyID} {
		if v != nil {
			w, args = append(w, cond), append(args, *v)
		}
	}
	if f.ESM != nil {
		w, args = append(w, "a.esm = ?"), append(args, *f.ESM)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := likeArg(q)
		w = append(w, `(a.location LIKE ? ESCAPE '\' OR a.barcode LIKE ? ESCAPE '\' OR a.type LIKE ? ESCAPE '\' OR p.name LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat, pat, pat)
	}
	col, desc := f.SortKey("property", "property", "type", "lastServiceOn")
	order := map[string]string{"property": "p.name COLLATE NOCASE", "type": "a.type", "lastServiceOn": "a.last_service_on"}[col]
	err = s.db.View(ctx, func(tx *Tx) error {
		if total, err = countRows(ctx, tx, `assets a JOIN properties p ON p.id = a.property_id JOIN clients c ON c.id = p.client_id`, w, args); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT a.id, a.property_id, p.name, p.client_id, c.name, a.type, a.esm, a.location,
				a.barcode, COALESCE(a.last_service_on, ''), a.last_result
			FROM assets a JOIN properties p ON p.id = a.property_id JOIN clients c ON c.id = p.client_id`+w.sql()+`
			ORDER BY `+order+dir(desc)+`, a.type, a.location, a.id LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a backend.AssetRow
			if err := rows.Scan(&a.ID, &a.PropertyID, &a.PropertyName, &a.ClientID, &a.ClientName, &a.Type, &a.ESM, &a.Location,
				&a.Barcode, &a.LastServiceOn, &a.LastResult); err != nil {
				return err
			}
			out = append(out, &a)
		}
		return rows.Err()
	})
	return out, total, err
}

func (s *CustomerDataService) FindTasks(ctx context.Context, f backend.TaskFilter) (out []*backend.TaskRow, total int, err error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	f.Normalize()
	w := where{"t.deleted_at IS NULL"}
	var args []any
	for cond, v := range map[string]*string{"t.kind = ?": f.Kind, "t.stage = ?": f.Stage, "t.priority = ?": f.Priority,
		"p.client_id = ?": f.ClientID, "t.property_id = ?": f.PropertyID, "t.technician_id = ?": f.TechnicianID,
		"t.routine_id = ?": f.RoutineID} {
		if v != nil {
			w, args = append(w, cond), append(args, *v)
		}
	}
	if f.Done != nil {
		w, args = append(w, "(NOT ("+routineNotDoneSQL+")) = ?"), append(args, *f.Done)
	}
	if f.OutsideTolerance {
		w, args = append(w, outsideToleranceSQL), append(args, s.db.Now().In(s.loc).Format(backend.DateLayout))
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := likeArg(q)
		cond := `(t.title LIKE ? ESCAPE '\' OR p.name LIKE ? ESCAPE '\'`
		args = append(args, pat, pat)
		if num, err := strconv.Atoi(strings.TrimPrefix(strings.ToUpper(q), "T-")); err == nil {
			cond += ` OR t.number = ?`
			args = append(args, num)
		}
		w = append(w, cond+")")
	}
	col, desc := f.SortKey("dueOn", "dueOn", "number", "stage", "priority", "property")
	order := map[string]string{"dueOn": "t.due_on IS NULL, t.due_on", "number": "t.number", "stage": "t.stage",
		"priority": "CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END",
		"property": "p.name COLLATE NOCASE"}[col]
	err = s.db.View(ctx, func(tx *Tx) error {
		if total, err = countRows(ctx, tx, `tasks t JOIN properties p ON p.id = t.property_id JOIN clients c ON c.id = p.client_id`, w, args); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT t.id, t.number, t.property_id, p.name, p.client_id, c.name, t.kind, t.priority,
				t.stage, t.title, COALESCE(t.scheduled_on, ''), COALESCE(t.due_on, ''), t.tolerance_days, t.performed_at,
				t.completed_at, `+needsReviewSQL("tasks", "t.id")+`
			FROM tasks t JOIN properties p ON p.id = t.property_id JOIN clients c ON c.id = p.client_id`+w.sql()+`
			ORDER BY `+order+dir(desc)+`, t.created_at DESC, t.id LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t backend.TaskRow
			var num sql.NullInt64
			var performed, completed sql.NullString
			if err := rows.Scan(&t.ID, &num, &t.PropertyID, &t.PropertyName, &t.ClientID, &t.ClientName, &t.Kind, &t.Priority,
				&t.Stage, &t.Title, &t.ScheduledOn, &t.DueOn, &t.ToleranceDays, &performed, &completed, &t.NeedsReview); err != nil {
				return err
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
			out = append(out, &t)
		}
		return rows.Err()
	})
	return out, total, err
}
