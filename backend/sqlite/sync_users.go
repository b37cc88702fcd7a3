package sqlite

import (
	"context"
	"database/sql"

	"siteward/backend"
)

// Users in offline sync: the hub's own rows, not captured (their password
// hashes and sign-ins never leave it), yet tasks, notes, documents and
// customers' approvals name them. Every pull brings the users changed since
// the newest one the replica has, ahead of the batch's changes.

// changedUsers lists users changed at or after since (an updated_at: two
// changes in one millisecond must not be missed, so the newest is sent
// again), oldest first.
func changedUsers(ctx context.Context, tx *Tx, since string) ([]backend.SyncUser, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, email, name, licence, active, created_at, updated_at, deleted_at FROM users
		WHERE updated_at >= ? ORDER BY updated_at, id LIMIT 1000`, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []backend.SyncUser
	for rows.Next() {
		var u backend.SyncUser
		var deleted sql.NullString
		if err := rows.Scan(&u.ID, &u.Email, &u.Name, &u.Licence, &u.Active, &u.CreatedAt, &u.UpdatedAt, &deleted); err != nil {
			return nil, err
		}
		if deleted.Valid {
			u.DeletedAt = &deleted.String
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// applyUsers upserts pulled users (keeping this install's own password
// hashes and sign-ins) and moves the replica's users watermark.
func applyUsers(ctx context.Context, tx *Tx, users []backend.SyncUser) error {
	newest := ""
	for _, u := range users {
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, name, licence, active, created_at, updated_at, deleted_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO UPDATE SET email = excluded.email, name = excluded.name, licence = excluded.licence,
				active = excluded.active, updated_at = excluded.updated_at, deleted_at = excluded.deleted_at`,
			u.ID, u.Email, u.Name, u.Licence, u.Active, u.CreatedAt, u.UpdatedAt, u.DeletedAt); err != nil {
			return err
		}
		newest = max(newest, u.UpdatedAt)
	}
	if newest == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `UPDATE sync_state SET users_since = MAX(users_since, ?) WHERE id = 1`, newest)
	return err
}
