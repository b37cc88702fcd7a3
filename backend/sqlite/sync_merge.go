package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"siteward/backend"
)

type mergeOutcome int

const (
	mergeApplied     mergeOutcome = iota // applied, perhaps partly losing to newer values
	mergeQuarantined                     // refused, kept in sync_quarantine
)

// merger applies one replica's changes at the hub, inside ApplyPush's
// transaction (docs/sync.md "Merge at the hub").
type merger struct {
	db        *DB
	tx        *Tx
	peer      *syncPeer
	tables    syncTables
	conflicts int
	faults    syncFaults
}

// fieldClock is who last set a field at the hub, from the hub's log.
type fieldClock struct {
	seq    int64
	hlc    string
	origin string
}

// newer reports whether (hlc, site) orders after c: last writer wins, ties
// broken by site id so every install decides alike.
func (c *fieldClock) olderThan(hlc, site string) bool {
	if c.hlc != hlc {
		return c.hlc < hlc
	}
	return c.origin < site
}

// unseenBy reports whether a change by site that had pulled the hub's log
// up to base never saw the value c set.
func (c *fieldClock) unseenBy(site string, base int64) bool {
	return c.origin != site && c.seq > base
}

// merge applies ch, or quarantines it with the reason. Only a failure of
// the database itself is returned as an error (and ends the batch).
func (m *merger) merge(ctx context.Context, ch *backend.Change) (mergeOutcome, error) {
	t, vals, reason := m.check(ctx, ch)
	if reason != nil {
		return mergeQuarantined, m.quarantine(ctx, ch, reason)
	}
	if hlc, err := backend.ParseHLC(ch.HLC); err == nil {
		m.db.clock.Observe(hlc)
	}
	if _, err := m.tx.ExecContext(ctx, `SAVEPOINT sync_change`); err != nil {
		return 0, err
	}
	conflicts := m.conflicts
	err := m.apply(ctx, t, ch, vals)
	m.db.capture.end()
	if err != nil {
		// The data's own rules refused the result (a CHECK, a foreign key):
		// undo this change alone and keep it for a person.
		if _, rerr := m.tx.ExecContext(ctx, `ROLLBACK TO sync_change; RELEASE sync_change`); rerr != nil {
			return 0, rerr
		}
		m.conflicts = conflicts
		return mergeQuarantined, m.quarantine(ctx, ch, err)
	}
	_, err = m.tx.ExecContext(ctx, `RELEASE sync_change`)
	return mergeApplied, err
}

// check validates and authorises ch; a non-nil reason quarantines it.
func (m *merger) check(ctx context.Context, ch *backend.Change) (*syncTable, map[string]any, error) {
	t, err := m.tables.get(ctx, m.tx, ch.Table)
	if err != nil {
		return nil, nil, err
	}
	if ch.Op != backend.OpInsert && ch.Op != backend.OpUpdate && ch.Op != backend.OpDelete {
		return nil, nil, fmt.Errorf("unknown operation %q", ch.Op)
	}
	if _, err := backend.ParseHLC(ch.HLC); err != nil {
		return nil, nil, err
	}
	if _, _, err := t.keyWhere(ch.RowID); err != nil || ch.RowID == "" {
		return nil, nil, fmt.Errorf("row id %q does not name a row of %s", ch.RowID, t.name)
	}
	vals, err := t.decodeCols(ch.Cols)
	if err != nil {
		return nil, nil, err
	}
	if err := authorise(ctx, m.tx, m.peer, t, ch, vals); err != nil && !m.faults.skipAuth {
		return nil, nil, err
	}
	if err := checkNumber(t, ch, vals); err != nil {
		return nil, nil, err
	}
	return t, vals, nil
}

func (m *merger) apply(ctx context.Context, t *syncTable, ch *backend.Change, vals map[string]any) error {
	exists, err := t.exists(ctx, m.tx, ch.RowID)
	if err != nil {
		return err
	}
	switch {
	case ch.Op == backend.OpDelete:
		return m.applyDelete(ctx, t, ch, exists)
	case !exists && ch.Op == backend.OpInsert:
		if err := m.numberInsert(ctx, t, vals); err != nil {
			return err
		}
		m.db.capture.beginRemote(ch.HLC, m.peer.siteID, true)
		return t.insert(ctx, m.tx, vals)
	case !exists:
		// An edit of a row the hub no longer has: it was deleted here. The
		// delete stands; the edit is kept in the conflict for a person.
		return m.recordConflict(ctx, t.name, ch.RowID, "", conflictSide{site: m.db.siteID}, conflictSide{ch.Cols, ch.HLC, m.peer.siteID})
	}
	if _, numbered := hubNumbered[t.name]; numbered {
		delete(vals, "number") // an insert seen before: the hub's number stays
	}
	return m.applyFields(ctx, t, ch, vals)
}

// applyFields is field-level last-writer-wins: each column the change
// carries is written if the change is newer than the field's last writer;
// either way, a value the author never saw makes a conflict.
func (m *merger) applyFields(ctx context.Context, t *syncTable, ch *backend.Change, vals map[string]any) error {
	win := map[string]any{}
	lost := map[fieldClock][]string{} // the hub's newer values, by who wrote them
	for _, col := range sortedKeys(vals) {
		fc, err := m.fieldClock(ctx, t.name, ch.RowID, col)
		if err != nil {
			return err
		}
		if move := workflowColumns[t.name][col]; move != nil {
			if err := m.applyWorkflow(ctx, t, ch, col, vals[col], move, fc, win, lost); err != nil {
				return err
			}
			continue
		}
		incomingWins := fc == nil || fc.olderThan(ch.HLC, m.peer.siteID)
		if incomingWins {
			win[col] = vals[col]
		} else {
			lost[*fc] = append(lost[*fc], col)
		}
		if fc == nil || !fc.unseenBy(m.peer.siteID, ch.BaseSeq) {
			continue
		}
		hub, err := t.currentValue(ctx, m.tx, ch.RowID, col)
		if err != nil {
			return err
		}
		theirs, _ := json.Marshal(vals[col])
		hubSide := conflictSide{hub, fc.hlc, fc.origin}
		incoming := conflictSide{theirs, ch.HLC, m.peer.siteID}
		if incomingWins {
			err = m.recordConflict(ctx, t.name, ch.RowID, col, incoming, hubSide)
		} else {
			err = m.recordConflict(ctx, t.name, ch.RowID, col, hubSide, incoming)
		}
		if err != nil {
			return err
		}
	}
	m.db.capture.beginRemote(ch.HLC, m.peer.siteID, true)
	if err := t.update(ctx, m.tx, ch.RowID, win); err != nil {
		return err
	}
	// The hub kept newer values: say them again in the log, under their own
	// clock, so a replica that skipped them while its edit was pending
	// pulls the winner after all.
	for fc, cols := range lost {
		if err := m.reassert(ctx, t, ch.RowID, cols, fc); err != nil {
			return err
		}
	}
	return nil
}

// applyWorkflow decides a workflow field by the domain's flow from the
// hub's value: a move the flow allows is applied (the state moves on,
// whoever's clock is later); one it does not is a conflict with the flow's
// reason, and the hub's value is said again for the author to pull.
func (m *merger) applyWorkflow(ctx context.Context, t *syncTable, ch *backend.Change, col string, v any,
	move func(from, to string) error, fc *fieldClock, win map[string]any, lost map[fieldClock][]string) error {
	hub, err := t.currentValue(ctx, m.tx, ch.RowID, col)
	if err != nil {
		return err
	}
	var from string
	_ = json.Unmarshal(hub, &from)
	to, _ := v.(string)
	if from == to {
		return nil
	}
	refused := move(from, to)
	if refused == nil {
		win[col] = v
		return nil
	}
	if fc == nil { // never logged here: the snapshot's value
		fc = &fieldClock{hlc: backend.HLC{}.String(), origin: m.db.siteID}
	}
	lost[*fc] = append(lost[*fc], col)
	theirs, _ := json.Marshal(v)
	return m.recordConflictWhy(ctx, t.name, ch.RowID, col, conflictSide{hub, fc.hlc, fc.origin},
		conflictSide{theirs, ch.HLC, m.peer.siteID}, backend.ErrorMessage(refused))
}

// applyDelete removes the row if the delete is newer than every field's
// last writer; an edit the deleting author never saw is a conflict
// (delete versus edit) either way.
func (m *merger) applyDelete(ctx context.Context, t *syncTable, ch *backend.Change, exists bool) error {
	if !exists {
		return nil
	}
	latest, err := m.rowClock(ctx, t.name, ch.RowID)
	if err != nil {
		return err
	}
	deleteWins := latest == nil || latest.olderThan(ch.HLC, m.peer.siteID)
	unseen, err := m.unseenEdit(ctx, t.name, ch.RowID, ch.BaseSeq)
	if err != nil {
		return err
	}
	if unseen != nil {
		row, err := t.current(ctx, m.tx, ch.RowID, t.cols)
		if err != nil {
			return err
		}
		hubSide := conflictSide{row, unseen.hlc, unseen.origin}
		del := conflictSide{nil, ch.HLC, m.peer.siteID}
		if deleteWins {
			err = m.recordConflict(ctx, t.name, ch.RowID, "", del, hubSide)
		} else {
			err = m.recordConflict(ctx, t.name, ch.RowID, "", hubSide, del)
		}
		if err != nil {
			return err
		}
	}
	if !deleteWins {
		return m.reassertFields(ctx, t, ch.RowID, slices.Clone(t.cols), true)
	}
	m.db.capture.beginRemote(ch.HLC, m.peer.siteID, true)
	return t.delete(ctx, m.tx, ch.RowID)
}

// fieldClock finds the hub log's last write of one field (nil: never
// logged, as for rows that came in a snapshot).
func (m *merger) fieldClock(ctx context.Context, table, rowID, col string) (*fieldClock, error) {
	fc := &fieldClock{}
	err := m.tx.QueryRowContext(ctx, `SELECT seq, hlc, origin FROM sync_changes
		WHERE tbl = ? AND row_id = ? AND op <> 'delete' AND json_type(cols, ?) IS NOT NULL ORDER BY seq DESC LIMIT 1`,
		table, rowID, `$."`+col+`"`).Scan(&fc.seq, &fc.hlc, &fc.origin)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return fc, err
}

// unseenEdit finds the hub log's last write of a row by another site after
// base (nil: the author had seen every write of it).
func (m *merger) unseenEdit(ctx context.Context, table, rowID string, base int64) (*fieldClock, error) {
	fc := &fieldClock{}
	err := m.tx.QueryRowContext(ctx, `SELECT seq, hlc, origin FROM sync_changes WHERE tbl = ? AND row_id = ? AND origin <> ? AND seq > ?
		ORDER BY seq DESC LIMIT 1`, table, rowID, m.peer.siteID, base).Scan(&fc.seq, &fc.hlc, &fc.origin)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return fc, err
}

// rowClock finds the hub log's newest write of any field of a row.
func (m *merger) rowClock(ctx context.Context, table, rowID string) (*fieldClock, error) {
	fc := &fieldClock{}
	err := m.tx.QueryRowContext(ctx, `SELECT seq, hlc, origin FROM sync_changes WHERE tbl = ? AND row_id = ?
		ORDER BY hlc DESC, seq DESC LIMIT 1`, table, rowID).Scan(&fc.seq, &fc.hlc, &fc.origin)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return fc, err
}

// reassert logs the row's present values of cols again under the clock
// of whoever wrote them.
func (m *merger) reassert(ctx context.Context, t *syncTable, rowID string, cols []string, by fieldClock) error {
	return m.logRow(ctx, t, rowID, backend.OpUpdate, cols, by)
}

func (m *merger) logRow(ctx context.Context, t *syncTable, rowID, op string, cols []string, by fieldClock) error {
	vals, err := t.current(ctx, m.tx, rowID, cols)
	if err != nil {
		return err
	}
	_, err = m.tx.ExecContext(ctx, `INSERT INTO sync_changes (tbl, row_id, op, cols, hlc, origin) VALUES (?, ?, ?, ?, ?, ?)`,
		t.name, rowID, op, string(vals), by.hlc, by.origin)
	return err
}

// reassertFields logs the present values of cols again, each under the
// clock of whoever last wrote it (so the hub's merge order is unchanged).
// With whole, the row first goes as one insert under its newest clock, so
// a replica that deleted it (a delete the hub refused or let lose) gets it
// back; the older fields follow under their own clocks.
func (m *merger) reassertFields(ctx context.Context, t *syncTable, rowID string, cols []string, whole bool) error {
	slices.Sort(cols)
	byClock := map[fieldClock][]string{}
	var order []fieldClock
	var newest *fieldClock
	for _, c := range cols {
		fc, err := m.fieldClock(ctx, t.name, rowID, c)
		if err != nil {
			return err
		}
		if fc == nil { // never logged here: the snapshot's value
			fc = &fieldClock{hlc: backend.HLC{}.String(), origin: m.db.siteID}
		}
		if _, seen := byClock[*fc]; !seen {
			order = append(order, *fc)
		}
		byClock[*fc] = append(byClock[*fc], c)
		if newest == nil || newest.olderThan(fc.hlc, fc.origin) {
			newest = fc
		}
	}
	if whole && newest != nil {
		if err := m.logRow(ctx, t, rowID, backend.OpInsert, t.cols, *newest); err != nil {
			return err
		}
	}
	for _, fc := range order {
		if whole && fc == *newest {
			continue
		}
		if err := m.reassert(ctx, t, rowID, byClock[fc], fc); err != nil {
			return err
		}
	}
	return nil
}

// conflictSide is one of the two values of a conflict: nil value for a
// deleted row.
type conflictSide struct {
	value json.RawMessage
	hlc   string
	site  string
}

// recordConflict keeps both sides: the value the hub kept and the one it did not.
func (m *merger) recordConflict(ctx context.Context, table, rowID, col string, kept, lost conflictSide) error {
	return m.recordConflictWhy(ctx, table, rowID, col, kept, lost, "")
}

// recordConflictWhy is recordConflict with a reason beyond "edited on two devices".
func (m *merger) recordConflictWhy(ctx context.Context, table, rowID, col string, kept, lost conflictSide, reason string) error {
	if m.faults.skipConflicts {
		return nil
	}
	m.conflicts++
	_, err := m.tx.ExecContext(ctx, `INSERT INTO sync_conflicts (id, tbl, row_id, col, kept, kept_hlc, kept_site, lost, lost_hlc, lost_site, recorded_at, reason)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		backend.NewID(), table, rowID, col, nullJSON(kept.value), kept.hlc, kept.site, nullJSON(lost.value), lost.hlc, lost.site, m.tx.now, reason)
	return err
}

// quarantine keeps a refused change whole, then tells the author's install
// what the hub has instead, so it does not keep a value (or a row) that
// will never be accepted.
func (m *merger) quarantine(ctx context.Context, ch *backend.Change, reason error) error {
	body, err := json.Marshal(ch)
	if err != nil {
		return err
	}
	if _, err := m.tx.ExecContext(ctx, `INSERT INTO sync_quarantine (id, site_id, seq, change, reason, recorded_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (site_id, seq) DO NOTHING`, backend.NewID(), m.peer.siteID, ch.Seq, string(body), reason.Error(), m.tx.now); err != nil {
		return err
	}
	return m.restore(ctx, ch)
}

// restore logs the hub's present values of the columns a refused change
// wrote, each under the clock of whoever wrote it (so the hub's own merge
// order is unchanged) — or a delete when the hub has no such row — so the
// author's next pull undoes the refused change there.
func (m *merger) restore(ctx context.Context, ch *backend.Change) error {
	t, err := m.tables.get(ctx, m.tx, ch.Table)
	if err != nil {
		return nil // not a table this hub syncs: nothing to restore
	}
	if _, _, err := t.keyWhere(ch.RowID); err != nil || ch.RowID == "" {
		return nil
	}
	exists, err := t.exists(ctx, m.tx, ch.RowID)
	if err != nil {
		return err
	}
	if !exists {
		_, err := m.tx.ExecContext(ctx, `INSERT INTO sync_changes (tbl, row_id, op, hlc, origin) VALUES (?, ?, 'delete', ?, ?)`,
			t.name, ch.RowID, m.db.clock.Tick().String(), m.db.siteID)
		return err
	}
	var cols []string
	var raw map[string]json.RawMessage
	if json.Unmarshal(ch.Cols, &raw) == nil {
		for c := range raw {
			if slices.Contains(t.cols, c) {
				cols = append(cols, c)
			}
		}
	}
	whole := ch.Op == backend.OpDelete || len(cols) == 0
	if whole {
		cols = slices.Clone(t.cols)
	}
	return m.reassertFields(ctx, t, ch.RowID, cols, whole)
}

func nullJSON(b json.RawMessage) any {
	if b == nil {
		return nil
	}
	return string(b)
}
