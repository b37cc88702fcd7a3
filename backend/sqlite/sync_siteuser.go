package sqlite

import (
	"context"
	"database/sql"
	"errors"
)

// SiteUser is the user this install was enrolled for ("" on a hub or a
// lone install): the desktop window acts for them, and a technician does
// field work only on the install enrolled for them.
func (s *SyncService) SiteUser(ctx context.Context) (id string, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT site_user FROM sync_state WHERE id = 1`).Scan(&id)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}
