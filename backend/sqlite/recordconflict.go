package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"siteward/backend"
)

// RecordConflictService implements backend.RecordConflictService: a sync
// conflict reviewed on the record it is on, by keeping one of its values.
type RecordConflictService struct {
	db    *DB
	tasks *TaskService
}

// NewRecordConflictService returns a RecordConflictService on db; tasks is
// the task edit a kept value goes through.
func NewRecordConflictService(db *DB, tasks *TaskService) *RecordConflictService {
	return &RecordConflictService{db: db, tasks: tasks}
}

var _ backend.RecordConflictService = (*RecordConflictService)(nil)

// taskConflictFields are the task columns an office edit writes, by the
// TaskUpdate field that writes them.
var taskConflictFields = map[string]func(u *backend.TaskUpdate, v *string){
	"stage":         func(u *backend.TaskUpdate, v *string) { u.Stage = v },
	"technician_id": func(u *backend.TaskUpdate, v *string) { u.TechnicianID = v },
	"scheduled_on":  func(u *backend.TaskUpdate, v *string) { u.ScheduledOn = v },
	"due_on":        func(u *backend.TaskUpdate, v *string) { u.DueOn = v },
	"title":         func(u *backend.TaskUpdate, v *string) { u.Title = v },
	"description":   func(u *backend.TaskUpdate, v *string) { u.Description = v },
}

// remarkConflictColumns are the remark columns the office's remark actions write.
var remarkConflictColumns = map[string]bool{"status": true, "published": true, "severity": true, "description": true, "asset_id": true}

// remarkEditFields are the remark columns its office edit (updateRemark)
// writes, by the RemarkUpdate field that writes them.
var remarkEditFields = map[string]func(u *backend.RemarkUpdate, v string){
	"severity":    func(u *backend.RemarkUpdate, v string) { sev := backend.Severity(v); u.Severity = &sev },
	"description": func(u *backend.RemarkUpdate, v string) { u.Description = &v },
	"asset_id":    func(u *backend.RemarkUpdate, v string) { u.AssetID = &v },
}

// conflictCompanions are the columns that follow a kept column: a stage
// move stamps its performed and completed times, resolving its resolved
// date, publishing its published date. Their conflicts are the same
// disagreement, shown and reviewed with the column they follow.
var conflictCompanions = map[string]map[string][]string{
	"tasks":   {"stage": {"performed_at", "completed_at"}},
	"remarks": {"status": {"resolved_at"}, "published": {"published_at"}},
}

// companionOf names the column col follows, if any.
func companionOf(table, col string) string {
	for lead, cols := range conflictCompanions[table] {
		for _, c := range cols {
			if c == col {
				return lead
			}
		}
	}
	return ""
}

func keepable(table, col string) bool {
	switch table {
	case "tasks":
		return taskConflictFields[col] != nil
	case "remarks":
		return remarkConflictColumns[col]
	}
	return false
}

func (s *RecordConflictService) FindRecordConflicts(ctx context.Context, table, rowID string) ([]*backend.RecordConflict, error) {
	out := []*backend.RecordConflict{}
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT c.id, c.tbl, c.row_id, c.col, c.kept, c.kept_hlc, c.kept_site, c.lost, c.lost_hlc,
				c.lost_site, c.recorded_at, c.reason, COALESCE(ku.name, ''), COALESCE(lu.name, '')
			FROM sync_conflicts c
			LEFT JOIN sync_peers kp ON kp.site_id = c.kept_site LEFT JOIN users ku ON ku.id = kp.user_id
			LEFT JOIN sync_peers lp ON lp.site_id = c.lost_site LEFT JOIN users lu ON lu.id = lp.user_id
			WHERE c.tbl = ? AND c.row_id = ? AND c.resolved_at IS NULL ORDER BY c.recorded_at DESC, c.id DESC`, table, rowID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c := &backend.RecordConflict{}
			var kept, lost sql.NullString
			var at string
			if err := rows.Scan(&c.ID, &c.Table, &c.RowID, &c.Column, &kept, &c.KeptHLC, &c.KeptSite, &lost, &c.LostHLC, &c.LostSite,
				&at, &c.Reason, &c.KeptUser, &c.LostUser); err != nil {
				return err
			}
			c.Kept, c.Lost = rawOrNull(kept), rawOrNull(lost)
			c.RecordedAt, _ = backend.ParseTime(at)
			if h, err := backend.ParseHLC(c.KeptHLC); err == nil {
				at := h.Time()
				c.KeptAt = &at
			}
			if h, err := backend.ParseHLC(c.LostHLC); err == nil {
				at := h.Time()
				c.LostAt = &at
			}
			c.Keepable = keepable(c.Table, c.Column)
			out = append(out, c)
		}
		return rows.Err()
	})
	return withoutCompanions(out), err
}

// withoutCompanions leaves out the conflicts of columns that follow another
// conflicting column of the record (reviewed with it).
func withoutCompanions(cs []*backend.RecordConflict) []*backend.RecordConflict {
	leads := map[string]bool{}
	for _, c := range cs {
		leads[c.Column] = true
	}
	out := cs[:0]
	for _, c := range cs {
		if lead := companionOf(c.Table, c.Column); lead == "" || !leads[lead] {
			out = append(out, c)
		}
	}
	return out
}

func (s *RecordConflictService) KeepConflictValue(ctx context.Context, id, side, byUserID string) error {
	if side != backend.KeepKept && side != backend.KeepLost {
		return backend.Problems{"side": "Say which value to keep: kept or lost."}.Err()
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		var table, rowID, col string
		var kept, lost sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT tbl, row_id, col, kept, lost FROM sync_conflicts WHERE id = ? AND resolved_at IS NULL`, id).
			Scan(&table, &rowID, &col, &kept, &lost)
		if err == sql.ErrNoRows {
			return backend.Errorf(backend.ENOTFOUND, "There is no such conflict waiting for review.")
		} else if err != nil {
			return err
		}
		if !keepable(table, col) {
			return backend.Errorf(backend.ECONFLICT, "This conflict cannot be settled from the record; review it on the Sync page.")
		}
		raw := kept
		if side == backend.KeepLost {
			raw = lost
		}
		if err := s.writeValue(ctx, tx, table, rowID, col, raw, byUserID); err != nil {
			return err
		}
		for _, c := range conflictCompanions[table][col] {
			if err := markCompanionsReviewed(ctx, tx, table, rowID, c, byUserID); err != nil {
				return err
			}
		}
		return markConflictReviewed(ctx, tx, id, byUserID, "kept from the record")
	})
}

// writeValue writes a conflict's value through the record's office edit.
func (s *RecordConflictService) writeValue(ctx context.Context, tx *Tx, table, rowID, col string, raw sql.NullString, byUserID string) error {
	var v any
	if raw.Valid {
		if err := json.Unmarshal([]byte(raw.String), &v); err != nil {
			return err
		}
	}
	switch table {
	case "tasks":
		str := ""
		switch x := v.(type) {
		case string:
			str = x
		case nil:
		default:
			return backend.Errorf(backend.EINVALID, "This value cannot be written to the task.")
		}
		var u backend.TaskUpdate
		taskConflictFields[col](&u, &str)
		return s.tasks.updateTask(ctx, tx, rowID, u, byUserID)
	case "remarks":
		if edit := remarkEditFields[col]; edit != nil {
			str, ok := v.(string)
			if !ok && v != nil {
				return backend.Errorf(backend.EINVALID, "This value cannot be written to the remark.")
			}
			var u backend.RemarkUpdate
			edit(&u, str)
			return updateRemark(ctx, tx, rowID, u, byUserID)
		}
		return writeRemarkValue(ctx, tx, rowID, col, v)
	}
	return backend.Errorf(backend.ECONFLICT, "This conflict cannot be settled from the record.")
}

// writeRemarkValue sets a remark's status or published state as resolving
// or publishing it does, keeping their dates consistent.
func writeRemarkValue(ctx context.Context, tx *Tx, id, col string, v any) error {
	var q string
	var args []any
	switch col {
	case "status":
		st, _ := v.(string)
		if st != backend.RemarkOpen && st != backend.RemarkResolved {
			return backend.Errorf(backend.EINVALID, "A remark is open or resolved.")
		}
		q = `UPDATE remarks SET status = ?, resolved_at = CASE WHEN ? = 'resolved' THEN COALESCE(resolved_at, ?) END, updated_at = ? WHERE id = ? AND deleted_at IS NULL`
		args = []any{st, st, tx.now, tx.now, id}
	case "published":
		on := v == true || v == float64(1)
		q = `UPDATE remarks SET published = ?, published_at = CASE WHEN ? THEN COALESCE(published_at, ?) END, updated_at = ? WHERE id = ? AND deleted_at IS NULL`
		args = []any{on, on, tx.now, tx.now, id}
	default:
		return backend.Errorf(backend.ECONFLICT, "This conflict cannot be settled from the record.")
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return backend.Errorf(backend.ENOTFOUND, "Remark not found.")
	}
	return nil
}

// markConflictReviewed marks a waiting conflict reviewed and audits it, in
// the caller's transaction: the Sync page's Mark reviewed
// (SyncService.ResolveConflict) and keeping a value from the record.
func markConflictReviewed(ctx context.Context, tx *Tx, id, byUserID, detail string) error {
	res, err := tx.ExecContext(ctx, `UPDATE sync_conflicts SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL`, tx.now, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return backend.Errorf(backend.ENOTFOUND, "There is no such conflict waiting for review.")
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (id, user_id, action, entity, entity_id, detail, at)
		VALUES (?, NULLIF(?, ''), 'sync.conflict.resolve', 'sync_conflict', ?, ?, ?)`, backend.NewID(), byUserID, id, detail, tx.now)
	return err
}

// markCompanionsReviewed marks reviewed the waiting conflicts on a column
// that follows the one kept.
func markCompanionsReviewed(ctx context.Context, tx *Tx, table, rowID, col, byUserID string) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM sync_conflicts WHERE tbl = ? AND row_id = ? AND col = ? AND resolved_at IS NULL`, table, rowID, col)
	if err != nil {
		return err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if err := markConflictReviewed(ctx, tx, id, byUserID, "kept from the record"); err != nil {
			return err
		}
	}
	return nil
}
