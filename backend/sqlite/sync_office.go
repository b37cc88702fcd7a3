package sqlite

import (
	"context"
	"database/sql"

	"siteward/backend"
)

// What the office sees of sync at the hub: installs, conflicts to review,
// refused changes.

// ResolveConflict marks a conflict reviewed.
func (s *SyncService) ResolveConflict(ctx context.Context, id, byUserID string) error {
	return s.db.Update(ctx, func(tx *Tx) error { return markConflictReviewed(ctx, tx, id, byUserID, "") })
}

// FindSites lists the enrolled installs, newest first.
func (s *SyncService) FindSites(ctx context.Context) ([]*backend.SyncSite, error) {
	out := []*backend.SyncSite{}
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT p.site_id, p.user_id, u.name, p.enrolled_at, p.last_push_at, p.applied_seq, p.retired_at IS NOT NULL
			FROM sync_peers p JOIN users u ON u.id = p.user_id ORDER BY p.enrolled_at DESC, p.site_id DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			site := &backend.SyncSite{}
			var enrolled string
			var last sql.NullString
			if err := rows.Scan(&site.SiteID, &site.UserID, &site.UserName, &enrolled, &last, &site.AppliedSeq, &site.Retired); err != nil {
				return err
			}
			site.EnrolledAt, _ = backend.ParseTime(enrolled)
			if last.Valid {
				t, _ := backend.ParseTime(last.String)
				site.LastPushAt = &t
			}
			out = append(out, site)
		}
		return rows.Err()
	})
	return out, err
}

// FindQuarantine lists refused changes not yet dealt with, newest first.
func (s *SyncService) FindQuarantine(ctx context.Context) ([]*backend.SyncQuarantined, error) {
	out := []*backend.SyncQuarantined{}
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, site_id, seq, change, reason, recorded_at FROM sync_quarantine
			WHERE resolved_at IS NULL ORDER BY recorded_at DESC, id DESC LIMIT 500`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			q := &backend.SyncQuarantined{}
			var change, at string
			if err := rows.Scan(&q.ID, &q.SiteID, &q.Seq, &change, &q.Reason, &at); err != nil {
				return err
			}
			q.Change = []byte(change)
			q.RecordedAt, _ = backend.ParseTime(at)
			out = append(out, q)
		}
		return rows.Err()
	})
	return out, err
}

// needsReviewSQL is the SQL saying whether a record has a sync conflict
// the office has not reviewed (shown on the record in the workspace).
func needsReviewSQL(table, idExpr string) string {
	return `EXISTS (SELECT 1 FROM sync_conflicts sc WHERE sc.tbl = '` + table + `' AND sc.row_id = ` + idExpr + ` AND sc.resolved_at IS NULL)`
}

// ResolveQuarantined marks a refused change dealt with.
func (s *SyncService) ResolveQuarantined(ctx context.Context, id, byUserID string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sync_quarantine SET resolved_at = ? WHERE id = ? AND resolved_at IS NULL`, tx.now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return backend.Errorf(backend.ENOTFOUND, "There is no such refused change waiting.")
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (id, user_id, action, entity, entity_id, detail, at)
			VALUES (?, NULLIF(?, ''), 'sync.quarantine.resolve', 'sync_quarantine', ?, '', ?)`, backend.NewID(), byUserID, id, tx.now)
		return err
	})
}
