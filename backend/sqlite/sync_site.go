package sqlite

import (
	"context"
	"database/sql"

	"siteward/backend"
)

// openSync readies change capture after migrations: this install's site
// identity (made on first open), a clock that never runs behind the writes
// already recorded, and triggers that match the registry and the schema.
func (db *DB) openSync(ctx context.Context) error {
	now := backend.FormatTime(db.Now())
	if _, err := db.write.ExecContext(ctx, `INSERT INTO sync_site (id, site_id, epoch, created_at) VALUES (1, ?, ?, ?)
		ON CONFLICT (id) DO NOTHING`, backend.NewID(), backend.NewID(), now); err != nil {
		return openError(db.Path, err)
	}
	if err := db.write.QueryRowContext(ctx, `SELECT site_id FROM sync_site WHERE id = 1`).Scan(&db.siteID); err != nil {
		return openError(db.Path, err)
	}
	db.capture.setSite(db.siteID)
	var base int64
	if err := db.write.QueryRowContext(ctx, `SELECT COALESCE((SELECT hub_cursor FROM sync_state WHERE id = 1), 0)`).Scan(&base); err != nil {
		return openError(db.Path, err)
	}
	db.capture.setBase(base)
	var replica bool
	if err := db.write.QueryRowContext(ctx, `SELECT COALESCE((SELECT hub_token <> '' FROM sync_state WHERE id = 1), 0)`).Scan(&replica); err != nil {
		return openError(db.Path, err)
	}
	db.replica.Store(replica)
	var last sql.NullString
	if err := db.write.QueryRowContext(ctx, `SELECT MAX(hlc) FROM (SELECT MAX(hlc) AS hlc FROM sync_changes
		UNION ALL SELECT NULLIF(hlc, '') FROM sync_state WHERE id = 1)`).Scan(&last); err != nil {
		return openError(db.Path, err)
	}
	if last.Valid {
		if t, err := backend.ParseHLC(last.String); err == nil {
			db.clock.Observe(t)
		}
	}
	return db.installCapture(ctx)
}

// SiteID is this install's identity for offline sync.
func (db *DB) SiteID() string { return db.siteID }
