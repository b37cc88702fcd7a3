package sqlite

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"siteward/backend"
)

// RoutineService implements backend.RoutineService; "today" for the
// schedule is the workspace's local date.
type RoutineService struct {
	db  *DB
	loc *time.Location
}

// NewRoutineService returns a RoutineService on db.
func NewRoutineService(db *DB, loc *time.Location) *RoutineService {
	if loc == nil {
		loc = time.UTC
	}
	return &RoutineService{db: db, loc: loc}
}

var _ backend.RoutineService = (*RoutineService)(nil)

func (s *RoutineService) today() string { return s.db.Now().In(s.loc).Format(backend.DateLayout) }

func (s *RoutineService) FindRoutineByID(ctx context.Context, id string) (r *backend.Routine, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		r, err = findRoutineByID(ctx, tx, id, s.today())
		return err
	})
	return r, err
}

func findRoutineByID(ctx context.Context, tx *Tx, id, today string) (*backend.Routine, error) {
	rs, _, err := findRoutines(ctx, tx, backend.RoutineFilter{ID: &id, Page: backend.Page{Limit: 1}}, today)
	if err != nil {
		return nil, err
	} else if len(rs) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "Routine not found.")
	}
	return rs[0], nil
}

func (s *RoutineService) FindRoutines(ctx context.Context, f backend.RoutineFilter) (rs []*backend.Routine, n int, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		rs, n, err = findRoutines(ctx, tx, f, s.today())
		return err
	})
	return rs, n, err
}

// routineNotDoneSQL is a task (t) not yet done: neither performed nor
// completed, nor cancelled.
const routineNotDoneSQL = `t.stage NOT IN ('performed', 'complete', 'cancelled') AND t.performed_at IS NULL AND t.completed_at IS NULL`

func findRoutines(ctx context.Context, tx *Tx, f backend.RoutineFilter, today string) ([]*backend.Routine, int, error) {
	f.Normalize()
	w := where{"r.deleted_at IS NULL", "p.deleted_at IS NULL"}
	var args []any
	for cond, v := range map[string]*string{"r.id = ?": f.ID, "r.property_id = ?": f.PropertyID, "p.client_id = ?": f.ClientID} {
		if v != nil {
			w, args = append(w, cond), append(args, *v)
		}
	}
	if f.Active != nil {
		w, args = append(w, "r.active = ?"), append(args, *f.Active)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := likeArg(q)
		w = append(w, `(r.name LIKE ? ESCAPE '\' OR r.standard LIKE ? ESCAPE '\' OR p.name LIKE ? ESCAPE '\')`)
		args = append(args, pat, pat, pat)
	}
	col, desc := f.SortKey("name", "name", "property", "client", "frequency", "nextDue")
	order := map[string]string{"name": "r.name COLLATE NOCASE", "property": "p.name COLLATE NOCASE", "client": "c.name COLLATE NOCASE",
		"frequency": "r.frequency_months", "nextDue": "next_due IS NULL, next_due"}[col]
	from := ` FROM routines r JOIN properties p ON p.id = r.property_id JOIN clients c ON c.id = p.client_id`
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.property_id, r.name, r.standard, r.frequency_months, r.asset_types,
			r.tolerance_days, r.starts_on, r.active, r.created_at, r.updated_at, p.name, p.client_id, c.name,
			(SELECT MIN(t.due_on) FROM tasks t WHERE t.routine_id = r.id AND t.deleted_at IS NULL AND t.due_on >= ?1 AND `+routineNotDoneSQL+`) AS next_due,
			(SELECT COUNT(*) FROM tasks t WHERE t.routine_id = r.id AND t.deleted_at IS NULL AND t.due_on >= ?1 AND `+routineNotDoneSQL+`),
			(SELECT COUNT(*) FROM tasks t WHERE t.routine_id = r.id AND t.deleted_at IS NULL AND `+routineNotDoneSQL+`
				AND date(t.due_on, '+' || t.tolerance_days || ' days') < ?1),
			COUNT(*) OVER ()`+from+w.sql()+` ORDER BY `+order+dir(desc)+`, r.name COLLATE NOCASE, r.id LIMIT ? OFFSET ?`,
		append(append([]any{today}, args...), f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*backend.Routine
	var total int
	for rows.Next() {
		var r backend.Routine
		var types, created, updated string
		var next *string
		if err := rows.Scan(&r.ID, &r.PropertyID, &r.Name, &r.Standard, &r.FrequencyMonths, &types, &r.ToleranceDays, &r.StartsOn,
			&r.Active, &created, &updated, &r.PropertyName, &r.ClientID, &r.ClientName, &next, &r.UpcomingTasks, &r.OverdueTasks, &total); err != nil {
			return nil, 0, err
		}
		if next != nil {
			r.NextDueOn = *next
		}
		_ = json.Unmarshal([]byte(types), &r.AssetTypes) // a malformed list covers none
		if r.AssetTypes == nil {
			r.AssetTypes = []string{}
		}
		r.CreatedAt, _ = backend.ParseTime(created)
		r.UpdatedAt, _ = backend.ParseTime(updated)
		out = append(out, &r)
	}
	return out, total, rows.Err()
}

func (s *RoutineService) CreateRoutine(ctx context.Context, r *backend.Routine) (change *backend.RoutineTasksChange, err error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	today := s.today()
	err = s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findPropertyByID(ctx, tx, r.PropertyID); err != nil {
			return fieldErr(err, "propertyId", "Choose an existing property.")
		}
		r.ID = backend.NewID()
		types, _ := json.Marshal(r.AssetTypes)
		if _, err := tx.ExecContext(ctx, `INSERT INTO routines (id, property_id, name, standard, frequency_months, asset_types,
			tolerance_days, starts_on, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.PropertyID, r.Name, r.Standard, r.FrequencyMonths, string(types), r.ToleranceDays, r.StartsOn, r.Active,
			tx.now, tx.now); err != nil {
			return err
		}
		if change, err = syncRoutineTasks(ctx, tx, r, today); err != nil {
			return err
		}
		found, err := findRoutineByID(ctx, tx, r.ID, today)
		if err == nil {
			*r = *found
		}
		return err
	})
	return change, err
}

func (s *RoutineService) UpdateRoutine(ctx context.Context, r *backend.Routine) (change *backend.RoutineTasksChange, err error) {
	today := s.today()
	err = s.db.Update(ctx, func(tx *Tx) error {
		old, err := findRoutineByID(ctx, tx, r.ID, today)
		if err != nil {
			return err
		}
		r.PropertyID = old.PropertyID // a routine stays on its property
		if err := r.Validate(); err != nil {
			return err
		}
		types, _ := json.Marshal(r.AssetTypes)
		if _, err := tx.ExecContext(ctx, `UPDATE routines SET name = ?, standard = ?, frequency_months = ?, asset_types = ?,
			tolerance_days = ?, starts_on = ?, active = ?, updated_at = ? WHERE id = ?`,
			r.Name, r.Standard, r.FrequencyMonths, string(types), r.ToleranceDays, r.StartsOn, r.Active, tx.now, r.ID); err != nil {
			return err
		}
		if change, err = syncRoutineTasks(ctx, tx, r, today); err != nil {
			return err
		}
		found, err := findRoutineByID(ctx, tx, r.ID, today)
		if err == nil {
			*r = *found
		}
		return err
	})
	return change, err
}
