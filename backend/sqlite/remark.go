package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"siteward/backend"
)

// RemarkService implements backend.RemarkService.
type RemarkService struct{ db *DB }

// NewRemarkService returns a RemarkService on db.
func NewRemarkService(db *DB) *RemarkService { return &RemarkService{db: db} }

var _ backend.RemarkService = (*RemarkService)(nil)

func (s *RemarkService) FindRemarks(ctx context.Context, f backend.RemarkFilter) (rs []*backend.Remark, n int, err error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	err = s.db.View(ctx, func(tx *Tx) error {
		rs, n, err = findRemarks(ctx, tx, f)
		return err
	})
	return rs, n, err
}

func (s *RemarkService) FindRemarkByID(ctx context.Context, id string) (r *backend.Remark, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		r, err = findRemarkByID(ctx, tx, id)
		return err
	})
	return r, err
}

func findRemarkByID(ctx context.Context, tx *Tx, id string) (*backend.Remark, error) {
	rs, _, err := findRemarks(ctx, tx, backend.RemarkFilter{ID: &id, Page: backend.Page{Limit: 1}})
	if err != nil {
		return nil, err
	} else if len(rs) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "Remark not found.")
	}
	return rs[0], nil
}

func findRemarks(ctx context.Context, tx *Tx, f backend.RemarkFilter) ([]*backend.Remark, int, error) {
	f.Normalize()
	w := where{"r.deleted_at IS NULL"}
	var args []any
	for cond, v := range map[string]*string{"r.id = ?": f.ID, "r.status = ?": f.Status, "p.client_id = ?": f.ClientID, "r.property_id = ?": f.PropertyID} {
		if v != nil {
			w, args = append(w, cond), append(args, *v)
		}
	}
	if f.TechnicianID != nil {
		w = append(w, "(r.task_id IS NULL OR EXISTS (SELECT 1 FROM tasks tt WHERE tt.id = r.task_id AND tt.technician_id = ?))")
		args = append(args, *f.TechnicianID)
	}
	if f.Severity != nil {
		w, args = append(w, "r.severity = ?"), append(args, string(*f.Severity))
	}
	if f.Published != nil {
		w, args = append(w, "r.published = ?"), append(args, *f.Published)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := likeArg(q)
		cond := `(r.description LIKE ? ESCAPE '\' OR p.name LIKE ? ESCAPE '\' OR c.name LIKE ? ESCAPE '\'`
		args = append(args, pat, pat, pat)
		if num, err := strconv.Atoi(strings.TrimPrefix(strings.ToUpper(q), "R-")); err == nil {
			cond += ` OR r.number = ?`
			args = append(args, num)
		}
		w = append(w, cond+")")
	}
	col, desc := f.SortKey("raisedAt", "raisedAt", "number", "severity", "property", "status")
	if f.Sort == "" {
		desc = true // newest first
	}
	order := map[string]string{"raisedAt": "r.raised_at", "number": "r.number", "severity": severityRankSQL,
		"property": "p.name COLLATE NOCASE", "status": "r.status"}[col]
	total, err := countRows(ctx, tx, `remarks r JOIN properties p ON p.id = r.property_id JOIN clients c ON c.id = p.client_id`, w, args)
	if err != nil {
		return nil, 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT r.id, r.number, r.property_id, p.name, p.client_id, c.name, r.asset_id,
			COALESCE(a.type, ''), r.task_id, r.severity, r.status, r.description, r.raised_at, r.resolved_at, r.published,
			r.published_at, r.updated_at, `+needsReviewSQL("remarks", "r.id")+`
		FROM remarks r
		JOIN properties p ON p.id = r.property_id
		JOIN clients c ON c.id = p.client_id
		LEFT JOIN assets a ON a.id = r.asset_id`+w.sql()+`
		ORDER BY `+order+dir(desc)+`, r.raised_at DESC, r.id LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*backend.Remark
	for rows.Next() {
		var r backend.Remark
		var number sql.NullInt64
		var asset, task, resolved, published sql.NullString
		var raised, updated string
		if err := rows.Scan(&r.ID, &number, &r.PropertyID, &r.PropertyName, &r.ClientID, &r.ClientName, &asset, &r.AssetType,
			&task, &r.Severity, &r.Status, &r.Description, &raised, &resolved, &r.Published, &published, &updated, &r.NeedsReview); err != nil {
			return nil, 0, err
		}
		if number.Valid {
			n := int(number.Int64)
			r.Number = &n
		}
		if asset.Valid {
			r.AssetID = &asset.String
		}
		if task.Valid {
			r.TaskID = &task.String
		}
		r.RaisedAt, _ = backend.ParseTime(raised)
		r.UpdatedAt, _ = backend.ParseTime(updated)
		r.ResolvedAt = parseTimePtr(resolved)
		r.PublishedAt = parseTimePtr(published)
		out = append(out, &r)
	}
	return out, total, rows.Err()
}

func parseTimePtr(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t, err := backend.ParseTime(s.String)
	if err != nil {
		return nil
	}
	return &t
}

func (s *RemarkService) SetRemarksPublished(ctx context.Context, ids []string, published bool) (n int, err error) {
	if len(ids) == 0 {
		return 0, &backend.Error{Code: backend.EINVALID, Message: "Select at least one remark.", Fields: map[string]string{"ids": "Select at least one remark."}}
	}
	if len(ids) > backend.MaxBulk {
		return 0, &backend.Error{Code: backend.EINVALID, Message: "Select at most 500 remarks at a time.",
			Fields: map[string]string{"ids": "Select at most 500 remarks at a time."}}
	}
	js, err := json.Marshal(ids)
	if err != nil {
		return 0, err
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		var found int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM remarks WHERE deleted_at IS NULL
			AND id IN (SELECT DISTINCT value FROM json_each(?))`, string(js)).Scan(&found); err != nil {
			return err
		}
		if distinct := countDistinct(ids); found != distinct {
			return backend.Errorf(backend.ENOTFOUND, "%d of the selected remarks no longer exist; nothing was changed. Reload the list.", distinct-found)
		}
		var res sql.Result
		if published {
			res, err = tx.ExecContext(ctx, `UPDATE remarks SET published = 1, published_at = ?, updated_at = ?
				WHERE published = 0 AND deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))`, tx.now, tx.now, string(js))
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE remarks SET published = 0, published_at = NULL, updated_at = ?
				WHERE published = 1 AND deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))`, tx.now, string(js))
		}
		if err != nil {
			return err
		}
		changed, err := res.RowsAffected()
		n = int(changed)
		return err
	})
	return n, err
}

func countDistinct(ids []string) int {
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		seen[id] = true
	}
	return len(seen)
}

func (s *RemarkService) ResolveRemark(ctx context.Context, id string) (*backend.Remark, error) {
	return s.setStatus(ctx, id, backend.RemarkResolved)
}

func (s *RemarkService) ReopenRemark(ctx context.Context, id string) (*backend.Remark, error) {
	return s.setStatus(ctx, id, backend.RemarkOpen)
}

func (s *RemarkService) setStatus(ctx context.Context, id, status string) (r *backend.Remark, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		if r, err = findRemarkByID(ctx, tx, id); err != nil {
			return err
		}
		if r.Status == status {
			if status == backend.RemarkResolved {
				return backend.Errorf(backend.ECONFLICT, "This remark is already resolved.")
			}
			return backend.Errorf(backend.ECONFLICT, "This remark is already open.")
		}
		var resolvedAt any
		if status == backend.RemarkResolved {
			resolvedAt = tx.now
		}
		if _, err := tx.ExecContext(ctx, `UPDATE remarks SET status = ?, resolved_at = ?, updated_at = ? WHERE id = ?`,
			status, resolvedAt, tx.now, id); err != nil {
			return err
		}
		r, err = findRemarkByID(ctx, tx, id)
		return err
	})
	return r, err
}
