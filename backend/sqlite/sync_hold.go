package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"

	"github.com/mattn/go-sqlite3"

	"siteward/backend"
)

// A replica's side of read-your-writes (docs/sync.md "Pull"). While a
// field has an unpushed edit here, pulled hub values of it are held back
// (sync_held keeps the newest, with its value) and the local edit shows.
// When the hub acknowledges the edit it says where in its log it dealt
// with it; from then on:
//
//   - a held value logged after that position is the hub's decision about
//     the edit (the winner, re-stated, or a refused change undone): it is
//     applied now;
//   - a held value, or a pulled one, logged at or before it is what the
//     edit superseded: it is never applied, so this install never shows an
//     older value of a field than the one it wrote (sync_floor remembers the
//     position until the cursor passes it).

// rowLocal is what this install has of a row that a pull must respect.
type rowLocal struct {
	pending    map[string]bool  // columns with unpushed edits
	deleted    bool             // an unpushed delete of the row
	rowPending bool             // any unpushed change of the row
	floors     map[string]int64 // column (or '*' for a delete) → hub log position its acknowledged edit superseded up to
}

func (l *rowLocal) pendingCol(col string) bool { return l.pending[col] || l.deleted }

// localState reads a row's unpushed changes and floors.
func (s *SyncService) localState(ctx context.Context, tx *Tx, table, rowID string) (*rowLocal, error) {
	l, err := s.pendingAfter(ctx, tx, table, rowID, -1)
	if err != nil {
		return nil, err
	}
	l.floors, err = rowFloors(ctx, tx, table, rowID)
	return l, err
}

// pendingAfter reads the row's unpushed changes after seq (-1: after the
// last acknowledged one).
func (s *SyncService) pendingAfter(ctx context.Context, tx *Tx, table, rowID string, seq int64) (*rowLocal, error) {
	rows, err := tx.QueryContext(ctx, `SELECT op, cols FROM sync_changes WHERE origin = ? AND tbl = ? AND row_id = ?
		AND seq > MAX(?, (SELECT pushed_seq FROM sync_state WHERE id = 1))`, s.db.siteID, table, rowID, seq)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	l := &rowLocal{pending: map[string]bool{}}
	for rows.Next() {
		l.rowPending = true
		var op string
		var raw sql.NullString
		if err := rows.Scan(&op, &raw); err != nil {
			return nil, err
		}
		if op == backend.OpDelete {
			l.deleted = true
		}
		cols, err := colNames(raw)
		if err != nil {
			return nil, err
		}
		for _, c := range cols {
			l.pending[c] = true
		}
	}
	return l, rows.Err()
}

func colNames(raw sql.NullString) ([]string, error) {
	if !raw.Valid {
		return nil, nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw.String), &m); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(m))
	for c := range m {
		out = append(out, c)
	}
	return out, nil
}

func rowFloors(ctx context.Context, tx *Tx, table, rowID string) (map[string]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT col, log_pos FROM sync_floor WHERE tbl = ? AND row_id = ?`, table, rowID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var col string
		var pos int64
		if err := rows.Scan(&col, &pos); err != nil {
			return nil, err
		}
		out[col] = pos
	}
	return out, rows.Err()
}

// applyPulled applies one pulled change under the rules above.
func applyPulled(ctx context.Context, tx *Tx, t *syncTable, ch *backend.Change, vals map[string]any, local *rowLocal) error {
	exists, err := t.exists(ctx, tx, ch.RowID)
	if err != nil {
		return err
	}
	if ch.Op == backend.OpLeave {
		// Out of this install's slice: dropped here, not at the hub — once
		// no unsent change of this install's refers to the row.
		if !exists {
			return nil
		}
		if !local.rowPending {
			if dropped, err := dropLeaving(ctx, tx, t, ch.RowID); dropped || err != nil {
				return err
			}
		}
		// Waits for this install's changes of it (or of a row that refers
		// to it) to be dealt with.
		return hold(ctx, tx, ch, "-", nil)
	}
	if ch.Op == backend.OpDelete {
		// A delete stands whatever this install did to the row since (an
		// edit of a deleted row does not bring it back at the hub): held
		// while the row has unpushed changes, applied when they are dealt with.
		if !exists {
			return nil
		}
		if local.rowPending {
			return hold(ctx, tx, ch, "*", nil)
		}
		return t.delete(ctx, tx, ch.RowID)
	}
	if local.floors["*"] >= ch.Seq {
		return nil // this install's delete of the row was dealt with after it
	}
	dropped := false
	for col := range vals {
		if local.floors[col] >= ch.Seq {
			delete(vals, col)
			dropped = true
		}
	}
	for _, col := range sortedKeys(vals) {
		if local.pendingCol(col) || (local.rowPending && !exists) {
			if err := hold(ctx, tx, ch, col, vals[col]); err != nil {
				return err
			}
			delete(vals, col)
		}
	}
	if len(vals) == 0 {
		return nil
	}
	if !exists {
		if ch.Op != backend.OpInsert || dropped {
			return nil // a row outside this install's slice, or one it deleted
		}
		return t.insert(ctx, tx, vals)
	}
	return t.update(ctx, tx, ch.RowID, vals)
}

// dropLeaving removes a row that left the slice, unless a row this
// install still has refers to it (dropped is false: it is tried again when
// this install's changes are dealt with).
func dropLeaving(ctx context.Context, tx *Tx, t *syncTable, rowID string) (dropped bool, err error) {
	if _, err := tx.ExecContext(ctx, `SAVEPOINT sync_leave`); err != nil {
		return false, err
	}
	dropped = true
	if err := t.delete(ctx, tx, rowID); err != nil {
		if !isConstraint(err, sqlite3.ErrConstraintForeignKey) {
			return false, err
		}
		if _, err := tx.ExecContext(ctx, `ROLLBACK TO sync_leave`); err != nil {
			return false, err
		}
		dropped = false
	}
	_, err = tx.ExecContext(ctx, `RELEASE sync_leave`)
	return dropped, err
}

// hold keeps the newest hub value of a field with an unpushed local edit
// (col '*': a delete of the row).
func hold(ctx context.Context, tx *Tx, ch *backend.Change, col string, v any) error {
	var value any
	if col != "*" {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		value = string(b)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO sync_held (tbl, row_id, col, hub_seq, value, hlc, origin) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (tbl, row_id, col) DO UPDATE SET hub_seq = excluded.hub_seq, value = excluded.value, hlc = excluded.hlc, origin = excluded.origin
		WHERE excluded.hub_seq > sync_held.hub_seq`,
		ch.Table, ch.RowID, col, ch.Seq, value, ch.HLC, ch.Origin)
	return err
}

// recordFloors remembers, for every field the acknowledged changes wrote,
// the hub log position the hub dealt with the last of them at.
func (s *SyncService) recordFloors(ctx context.Context, tx *Tx, r *backend.PushResult) error {
	pos := make(map[int64]int64, len(r.Positions))
	for _, p := range r.Positions {
		pos[p.Seq] = p.Log
	}
	rows, err := tx.QueryContext(ctx, `SELECT seq, tbl, row_id, op, cols FROM sync_changes WHERE origin = ?
		AND seq > (SELECT pushed_seq FROM sync_state WHERE id = 1) AND seq <= ? ORDER BY seq`, s.db.siteID, r.LastSeq)
	if err != nil {
		return err
	}
	type floor struct {
		tbl, rowID, col string
		pos             int64
	}
	var floors []floor
	for rows.Next() {
		var seq int64
		var tbl, rowID, op string
		var raw sql.NullString
		if err := rows.Scan(&seq, &tbl, &rowID, &op, &raw); err != nil {
			rows.Close()
			return err
		}
		p := pos[seq]
		if p == 0 {
			continue // the hub no longer knows: its held values are applied as they come
		}
		cols, err := colNames(raw)
		if err != nil {
			rows.Close()
			return err
		}
		if op == backend.OpDelete {
			cols = []string{"*"}
		}
		for _, c := range cols {
			floors = append(floors, floor{tbl, rowID, c, p})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, f := range floors {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sync_floor (tbl, row_id, col, log_pos) VALUES (?, ?, ?, ?)
			ON CONFLICT (tbl, row_id, col) DO UPDATE SET log_pos = MAX(log_pos, excluded.log_pos)`, f.tbl, f.rowID, f.col, f.pos); err != nil {
			return err
		}
	}
	return nil
}

// heldValue is one sync_held row.
type heldValue struct {
	tbl, rowID, col string
	seq             int64
	value           sql.NullString
	hlc, origin     string
}

// releaseHeld settles the held values whose fields have no unpushed edit
// after lastSeq: in the hub's log order, deletes always, values only when
// the hub logged them after dealing with this install's edit.
func (s *SyncService) releaseHeld(ctx context.Context, tx *Tx, lastSeq int64) error {
	// A leave can wait on another row's (a site on its tasks): go round
	// while the holds shrink.
	for last := -1; ; {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sync_held`).Scan(&n); err != nil {
			return err
		}
		if n == 0 || n == last {
			return nil
		}
		last = n
		if err := s.releasePass(ctx, tx, lastSeq); err != nil {
			return err
		}
	}
}

func (s *SyncService) releasePass(ctx context.Context, tx *Tx, lastSeq int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT tbl, row_id, col, hub_seq, value, hlc, origin FROM sync_held ORDER BY tbl, row_id, hub_seq`)
	if err != nil {
		return err
	}
	var held []heldValue
	for rows.Next() {
		var h heldValue
		if err := rows.Scan(&h.tbl, &h.rowID, &h.col, &h.seq, &h.value, &h.hlc, &h.origin); err != nil {
			rows.Close()
			return err
		}
		held = append(held, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	tables := syncTables{}
	for i := 0; i < len(held); {
		j := i
		for j < len(held) && held[j].tbl == held[i].tbl && held[j].rowID == held[i].rowID {
			j++
		}
		if err := s.releaseRow(ctx, tx, tables, held[i:j], lastSeq); err != nil {
			return err
		}
		i = j
	}
	return nil
}

func (s *SyncService) releaseRow(ctx context.Context, tx *Tx, tables syncTables, held []heldValue, lastSeq int64) error {
	tbl, rowID := held[0].tbl, held[0].rowID
	t, err := tables.get(ctx, tx, tbl)
	if err != nil {
		return err
	}
	still, err := s.pendingAfter(ctx, tx, tbl, rowID, lastSeq)
	if err != nil {
		return err
	}
	floors, err := rowFloors(ctx, tx, tbl, rowID)
	if err != nil {
		return err
	}
	insert := map[string]any{} // values for a row this install no longer has
	for _, h := range held {
		rowLevel := h.col == "*" || h.col == "-"
		if (rowLevel && still.rowPending) || (!rowLevel && still.pendingCol(h.col)) {
			continue
		}
		exists, err := t.exists(ctx, tx, rowID)
		if err != nil {
			return err
		}
		s.db.capture.beginRemote(h.hlc, h.origin, false)
		if h.col == "-" && exists {
			if dropped, err := dropLeaving(ctx, tx, t, rowID); err != nil || !dropped {
				if err != nil {
					return err
				}
				continue // still referred to: the hold stays for the next round
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_held WHERE tbl = ? AND row_id = ? AND col = ?`, tbl, rowID, h.col); err != nil {
			return err
		}
		if rowLevel {
			clear(insert)
			if h.col == "*" && exists {
				if err := t.delete(ctx, tx, rowID); err != nil {
					return err
				}
			}
			continue
		}
		if h.seq <= max(floors[h.col], floors["*"]) && !s.faults.skipFloors {
			continue // superseded by this install's edit
		}
		raw, err := json.Marshal(map[string]json.RawMessage{h.col: json.RawMessage(h.value.String)})
		if err != nil {
			return err
		}
		vals, err := t.decodeCols(raw)
		if err != nil {
			return err
		}
		if exists {
			if err := t.update(ctx, tx, rowID, vals); err != nil {
				return err
			}
			continue
		}
		insert[h.col] = vals[h.col]
	}
	if len(insert) == len(t.cols) {
		if exists, err := t.exists(ctx, tx, rowID); err != nil || exists {
			return err
		}
		// The hub kept a row this install deleted: it comes back whole.
		return t.insert(ctx, tx, insert)
	}
	return nil
}

// pruneFloors forgets floors the cursor has passed (no pull can bring
// what they supersede any more), unless a held value still needs them.
func pruneFloors(ctx context.Context, tx *Tx) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM sync_floor WHERE log_pos <= (SELECT hub_cursor FROM sync_state WHERE id = 1)
		AND NOT EXISTS (SELECT 1 FROM sync_held h WHERE h.tbl = sync_floor.tbl AND h.row_id = sync_floor.row_id)`)
	return err
}
