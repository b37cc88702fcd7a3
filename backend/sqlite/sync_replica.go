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

// AcknowledgePush forgets the changes the hub has dealt with.
func (s *SyncService) AcknowledgePush(ctx context.Context, r *backend.PushResult) error {
	if hlc, err := backend.ParseHLC(r.HubHLC); err == nil {
		s.db.clock.Observe(hlc)
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if err := ensureSyncState(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE sync_state SET pushed_seq = MAX(pushed_seq, ?), last_sync = ? WHERE id = 1`, r.LastSeq, tx.now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_changes WHERE origin = ? AND seq <= ?`, s.db.siteID, r.LastSeq); err != nil {
			return err
		}
		return s.releaseHeld(ctx, tx)
	})
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
// local value: the hub decides between the two when the push arrives, and
// says so in a later pull. Pulled writes are not logged for pushing back.
func (s *SyncService) ApplyPull(ctx context.Context, b *backend.PullBatch) error {
	err := s.db.applyTx(ctx, func(tx *Tx) error {
		if err := ensureSyncState(ctx, tx); err != nil {
			return err
		}
		tables := syncTables{}
		for i := range b.Changes {
			ch := &b.Changes[i]
			if hlc, err := backend.ParseHLC(ch.HLC); err == nil {
				s.db.clock.Observe(hlc)
			}
			t, err := tables.get(ctx, tx, ch.Table)
			if err != nil {
				return backend.Errorf(backend.ECONFLICT, "The hub sent a change this install cannot apply (%v); upgrade Siteward here.", err)
			}
			vals, err := t.decodeCols(ch.Cols)
			if err != nil {
				return backend.Errorf(backend.ECONFLICT, "The hub sent a change this install cannot apply (%v); upgrade Siteward here.", err)
			}
			pending, rowPending, err := s.pendingFields(ctx, tx, ch.Table, ch.RowID)
			if err != nil {
				return err
			}
			s.db.capture.beginRemote(ch.HLC, ch.Origin, false)
			if err := applyPulled(ctx, tx, t, ch, vals, pending, rowPending); err != nil {
				return err
			}
			s.db.capture.end()
		}
		_, err := tx.ExecContext(ctx, `UPDATE sync_state SET hub_cursor = MAX(hub_cursor, ?), last_sync = ? WHERE id = 1`, b.Cursor, tx.now)
		return err
	})
	if err != nil {
		return err
	}
	if hlc, err := backend.ParseHLC(b.HubHLC); err == nil {
		s.db.clock.Observe(hlc)
	}
	cursor, err := s.Cursor(ctx)
	if err != nil {
		return err
	}
	s.db.capture.setBase(cursor)
	return nil
}

func applyPulled(ctx context.Context, tx *Tx, t *syncTable, ch *backend.Change, vals map[string]any, pending map[string]bool, rowPending bool) error {
	exists, err := t.exists(ctx, tx, ch.RowID)
	if err != nil {
		return err
	}
	if ch.Op == backend.OpDelete {
		if !exists {
			return nil
		}
		if rowPending {
			return hold(ctx, tx, ch, "*")
		}
		return t.delete(ctx, tx, ch.RowID)
	}
	for col := range pending {
		if _, ok := vals[col]; ok {
			if err := hold(ctx, tx, ch, col); err != nil {
				return err
			}
			delete(vals, col)
		}
	}
	if !exists {
		if ch.Op != backend.OpInsert {
			return nil // a row outside this install's slice
		}
		return t.insert(ctx, tx, vals)
	}
	return t.update(ctx, tx, ch.RowID, vals)
}

// hold records a hub value skipped for a pending local edit (the earliest
// per field is kept: that is where a later pull must go back to).
func hold(ctx context.Context, tx *Tx, ch *backend.Change, col string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_held (tbl, row_id, col, hub_seq) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`,
		ch.Table, ch.RowID, col, ch.Seq)
	return err
}

// releaseHeld moves the cursor back to the earliest held-back value whose
// field has no unpushed edit any more, so the next pull applies the hub's
// decision about it, and forgets those holds.
func (s *SyncService) releaseHeld(ctx context.Context, tx *Tx) error {
	released := `SELECT h.rowid, h.hub_seq FROM sync_held h WHERE NOT EXISTS (
		SELECT 1 FROM sync_changes c WHERE c.origin = ? AND c.tbl = h.tbl AND c.row_id = h.row_id
			AND c.seq > (SELECT pushed_seq FROM sync_state WHERE id = 1)
			AND (h.col = '*' OR c.op <> 'update' OR json_type(c.cols, '$."' || h.col || '"') IS NOT NULL))`
	var from sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MIN(hub_seq) FROM (`+released+`)`, s.db.siteID).Scan(&from); err != nil {
		return err
	}
	if !from.Valid {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE sync_state SET hub_cursor = MIN(hub_cursor, ?) WHERE id = 1`, from.Int64-1); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM sync_held WHERE rowid IN (SELECT rowid FROM (`+released+`))`, s.db.siteID); err != nil {
		return err
	}
	var cursor int64
	if err := tx.QueryRowContext(ctx, `SELECT hub_cursor FROM sync_state WHERE id = 1`).Scan(&cursor); err != nil {
		return err
	}
	s.db.capture.setBase(cursor)
	return nil
}

// pendingFields lists the columns of a row this install changed and has not
// pushed yet, and whether it has touched the row at all.
func (s *SyncService) pendingFields(ctx context.Context, tx *Tx, table, rowID string) (map[string]bool, bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT op, cols FROM sync_changes WHERE origin = ? AND tbl = ? AND row_id = ?
		AND seq > (SELECT pushed_seq FROM sync_state WHERE id = 1)`, s.db.siteID, table, rowID)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	cols := map[string]bool{}
	touched := false
	for rows.Next() {
		touched = true
		var op string
		var raw sql.NullString
		if err := rows.Scan(&op, &raw); err != nil {
			return nil, false, err
		}
		var m map[string]json.RawMessage
		if raw.Valid {
			if err := json.Unmarshal([]byte(raw.String), &m); err != nil {
				return nil, false, err
			}
		}
		for c := range m {
			cols[c] = true
		}
	}
	return cols, touched, rows.Err()
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
		for _, q := range []string{`DELETE FROM sync_changes`, `DELETE FROM sync_peers`, `DELETE FROM sync_pairing`, `DELETE FROM sync_conflicts`, `DELETE FROM sync_quarantine`, `DELETE FROM sync_held`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		if err := ensureSyncState(ctx, tx); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE sync_state SET hub_cursor = ?, pushed_seq = 0, hub_url = ?, hub_token = ?, hub_pin = ? WHERE id = 1`,
			j.Cursor, j.HubURL, j.Token, j.HubPin)
		return err
	})
	if err != nil {
		return err
	}
	s.db.siteID = j.SiteID
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
