package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"siteward/backend"
)

// PendingChanges returns this install's unpushed changes, oldest first.
func (s *SyncService) PendingChanges(ctx context.Context, limit int) ([]backend.Change, error) {
	if limit <= 0 || limit > 1000 {
		limit = 500
	}
	out := []backend.Change{}
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT seq, tbl, row_id, op, cols, hlc, base_seq FROM sync_changes
			WHERE origin = ? AND seq > COALESCE((SELECT pushed_seq FROM sync_state WHERE id = 1), 0) ORDER BY seq LIMIT ?`, s.db.siteID, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			ch := backend.Change{Origin: s.db.siteID}
			var cols sql.NullString
			if err := rows.Scan(&ch.Seq, &ch.Table, &ch.RowID, &ch.Op, &cols, &ch.HLC, &ch.BaseSeq); err != nil {
				return err
			}
			if cols.Valid {
				ch.Cols = json.RawMessage(cols.String)
			}
			out = append(out, ch)
		}
		return rows.Err()
	})
	return out, err
}

// AcknowledgePush forgets the changes the hub has dealt with, and settles
// the hub values held back for them (sync_hold.go).
func (s *SyncService) AcknowledgePush(ctx context.Context, r *backend.PushResult) error {
	if hlc, err := backend.ParseHLC(r.HubHLC); err == nil {
		s.db.clock.Observe(hlc)
	}
	return s.db.applyTx(ctx, func(tx *Tx) error {
		if err := ensureSyncState(ctx, tx); err != nil {
			return err
		}
		if err := s.recordFloors(ctx, tx, r); err != nil {
			return err
		}
		if err := s.releaseHeld(ctx, tx, r.LastSeq); err != nil {
			return err
		}
		if err := s.faults.crashed("ack"); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sync_state SET pushed_seq = MAX(pushed_seq, ?), last_sync = ?, hlc = MAX(hlc, ?) WHERE id = 1`,
			r.LastSeq, tx.now, s.db.clock.Last().String()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_changes WHERE origin = ? AND seq <= ?`, s.db.siteID, r.LastSeq); err != nil {
			return err
		}
		return pruneFloors(ctx, tx)
	})
}

// PullFrom is where this install's next pull starts.
func (s *SyncService) PullFrom(ctx context.Context) (backend.PullFrom, error) {
	var f backend.PullFrom
	err := s.db.View(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT hub_cursor, slice_gen, users_since FROM sync_state WHERE id = 1`).Scan(&f.Cursor, &f.SliceGen, &f.UsersSince)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		return err
	})
	return f, err
}

// Cursor is how far into the hub's log this install has applied.
func (s *SyncService) Cursor(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COALESCE((SELECT hub_cursor FROM sync_state WHERE id = 1), 0)`).Scan(&n)
	})
	return n, err
}

// ApplyPull applies the hub's changes and the new cursor in one
// transaction. A field this install changed and has not pushed keeps its
// local value (the pulled one is held back until the hub has dealt with
// the edit), and a value the hub logged before it dealt with an
// acknowledged edit is never shown (sync_hold.go). Pulled writes are not
// logged for pushing back.
func (s *SyncService) ApplyPull(ctx context.Context, b *backend.PullBatch) error {
	if hlc, err := backend.ParseHLC(b.HubHLC); err == nil {
		s.db.clock.Observe(hlc)
	}
	err := s.db.applyTx(ctx, func(tx *Tx) error {
		if err := ensureSyncState(ctx, tx); err != nil {
			return err
		}
		if err := applyUsers(ctx, tx, b.Users); err != nil {
			return err
		}
		tables := syncTables{}
		for i := range b.Changes {
			ch := &b.Changes[i]
			if hlc, err := backend.ParseHLC(ch.HLC); err == nil {
				s.db.clock.Observe(hlc)
			}
			if ch.Op == backend.OpDelete && s.faults.skipDeletes {
				continue
			}
			t, err := tables.get(ctx, tx, ch.Table)
			if err != nil {
				return backend.Errorf(backend.ECONFLICT, "The hub sent a change this install cannot apply (%v); upgrade Siteward here.", err)
			}
			vals, err := t.decodeCols(ch.Cols)
			if err != nil {
				return backend.Errorf(backend.ECONFLICT, "The hub sent a change this install cannot apply (%v); upgrade Siteward here.", err)
			}
			local, err := s.localState(ctx, tx, ch.Table, ch.RowID)
			if err != nil {
				return err
			}
			if s.faults.skipFloors {
				clear(local.floors)
			}
			s.db.capture.beginRemote(ch.HLC, ch.Origin, false)
			if err := applyPulled(ctx, tx, t, ch, vals, local); err != nil {
				return err
			}
			s.db.capture.end()
			if err := s.faults.crashed("pull"); err != nil {
				return err
			}
		}
		// The clock as it is after this batch is kept, to start from after a restart.
		if _, err := tx.ExecContext(ctx, `UPDATE sync_state SET hub_cursor = MAX(hub_cursor, ?), last_sync = ?,
			slice_gen = CASE WHEN ? > 0 THEN ? ELSE slice_gen END, hlc = MAX(hlc, ?) WHERE id = 1`, b.Cursor, tx.now, b.SliceGen, b.SliceGen, s.db.clock.Last().String()); err != nil {
			return err
		}
		// Leaves that waited only on other rows this batch dropped.
		if err := s.releaseHeld(ctx, tx, -1); err != nil {
			return err
		}
		return pruneFloors(ctx, tx)
	})
	if err != nil {
		return err
	}
	cursor, err := s.Cursor(ctx)
	if err != nil {
		return err
	}
	s.db.capture.setBase(cursor)
	return nil
}

func ensureSyncState(ctx context.Context, tx *Tx) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_state (id) VALUES (1) ON CONFLICT (id) DO NOTHING`)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	return nil
}

// JoinHub makes this database — a fresh copy of the hub's snapshot — the
// replica j names: its own site identity, an empty change log, and the hub
// log position the copy was taken at.
func (s *SyncService) JoinHub(ctx context.Context, j backend.SyncJoin) error {
	if j.SiteID == "" || j.Epoch == "" || j.Token == "" {
		return backend.Errorf(backend.EINVALID, "An enrolment needs a site id, an epoch and a token.")
	}
	err := s.db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE sync_site SET site_id = ?, epoch = ?, created_at = ? WHERE id = 1`, j.SiteID, j.Epoch, tx.now); err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM sync_changes`, `DELETE FROM sync_peers`, `DELETE FROM sync_pairing`, `DELETE FROM sync_conflicts`, `DELETE FROM sync_quarantine`, `DELETE FROM sync_held`, `DELETE FROM sync_floor`, `DELETE FROM sync_applied`, `DELETE FROM sync_slice`, `DELETE FROM sync_peer_clients`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		if err := ensureSyncState(ctx, tx); err != nil {
			return err
		}
		// The snapshot's clock (observed at open, before its log is emptied) is kept.
		_, err := tx.ExecContext(ctx, `UPDATE sync_state SET hub_cursor = ?, slice_gen = ?, pushed_seq = 0, hub_url = ?, hub_token = ?, hub_pin = ?, site_user = ?,
			users_since = (SELECT COALESCE(MAX(updated_at), '') FROM users), hlc = MAX(hlc, ?) WHERE id = 1`,
			j.Cursor, j.SliceGen, j.HubURL, j.Token, j.HubPin, j.UserID, s.db.clock.Last().String())
		return err
	})
	if err != nil {
		return err
	}
	s.db.siteID = j.SiteID
	s.db.replica.Store(true)
	s.db.capture.setSite(j.SiteID)
	s.db.capture.setBase(j.Cursor)
	return nil
}

// Identity returns the hub, the token and an empty batch carrying this
// install's site, epoch and schema version.
func (s *SyncService) Identity(ctx context.Context) (*backend.SyncIdentity, error) {
	id := &backend.SyncIdentity{}
	err := s.db.View(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT st.hub_url, st.hub_pin, st.hub_token, si.epoch FROM sync_state st, sync_site si
			WHERE st.id = 1 AND si.id = 1`).Scan(&id.HubURL, &id.HubPin, &id.Token, &id.Batch.Epoch)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && id.Token == "") {
			return backend.Errorf(backend.ENOTFOUND, "This install is not enrolled with a hub; run `siteward sync enrol`.")
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if id.Batch.SchemaVersion, err = s.db.SchemaVersion(ctx); err != nil {
		return nil, err
	}
	id.Batch.SiteID = s.db.siteID
	return id, nil
}

// SyncStatus says how many changes wait to be pushed and when the last
// sync was.
func (s *SyncService) SyncStatus(ctx context.Context) (*backend.SyncStatus, error) {
	st := &backend.SyncStatus{}
	err := s.db.View(ctx, func(tx *Tx) error {
		var last sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT hub_url, hub_cursor, last_sync FROM sync_state WHERE id = 1`).Scan(&st.HubURL, &st.Cursor, &last)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if last.Valid {
			if t, err := backend.ParseTime(last.String); err == nil {
				st.LastSync = &t
			}
		}
		if st.HubURL == "" {
			return nil // a hub's own log is not waiting for anyone
		}
		return tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sync_changes WHERE origin = ?
			AND seq > COALESCE((SELECT pushed_seq FROM sync_state WHERE id = 1), 0)`, s.db.siteID).Scan(&st.Pending)
	})
	return st, err
}

// LogPosition is the newest sequence in this install's change log.
func (s *SyncService) LogPosition(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM sync_changes`).Scan(&n)
	})
	return n, err
}
