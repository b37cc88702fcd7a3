package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"siteward/backend"
)

// SyncService is offline sync on this install's database: the hub's side
// (merge pushes, serve the log) and a replica's (pending changes, apply
// pulls). An install plays one of them; docs/sync.md has the design.
type SyncService struct {
	db *DB
	// Files is this install's file store: a hub accepts a change that adds
	// a file only once it holds the content; a replica downloads what it
	// lacks (sync_files.go). Nil: files are not checked.
	Files backend.FileStore
	// faults switches parts of the merge off, only in tests of the sync
	// simulation harness, which must catch each (sync_sim_test.go).
	faults syncFaults
}

type syncFaults struct {
	skipConflicts bool // record no conflicts
	skipDedup     bool // apply changes the hub has already applied
	skipAuth      bool // let every install change anything
	skipFloors    bool // a replica applies every held and pulled value (no read-your-writes)
	// crash, when it answers true, fails the apply transaction at that
	// point ("push" after each change merged at the hub, "pull" after each
	// change applied at a replica, "ack" inside an acknowledgement), as a
	// process dying there would; noRollback commits what was done before
	// failing, which the simulation must catch.
	crash       func(where string) bool
	noRollback  bool
	skipDeletes bool // a replica ignores the deletes it pulls
}

// errInjectedCrash is a crash the simulation injected inside an apply
// transaction; errCrashCommitted one whose transaction is committed anyway.
var (
	errInjectedCrash  = errors.New("injected crash")
	errCrashCommitted = fmt.Errorf("%w (committed)", errInjectedCrash)
)

// crashed is the error of a crash injected at where (nil: none).
func (f syncFaults) crashed(where string) error {
	if f.crash == nil || !f.crash(where) {
		return nil
	}
	if f.noRollback {
		return errCrashCommitted
	}
	return errInjectedCrash
}

var (
	_ backend.SyncHub     = (*SyncService)(nil)
	_ backend.SyncReplica = (*SyncService)(nil)
)

// NewSyncService returns the sync service on db.
func NewSyncService(db *DB) *SyncService { return &SyncService{db: db} }

// applyTx runs fn in a write transaction whose capture context fn sets
// itself, change by change (a hub applies each change under its author's
// clock and site).
func (db *DB) applyTx(ctx context.Context, fn func(tx *Tx) error) error {
	t, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	tx := &Tx{Tx: t, db: db, now: backend.FormatTime(db.Now())}
	err = fn(tx)
	db.capture.end()
	if errors.Is(err, errCrashCommitted) {
		_ = t.Commit() // a test's broken rollback (syncFaults.noRollback)
		return err
	}
	if err != nil {
		_ = t.Rollback()
		return mapErr(err)
	}
	if err := t.Commit(); err != nil {
		return mapErr(err)
	}
	db.committed()
	return nil
}

// findPeer checks a replica's identity: enrolled, same epoch (a copied or
// re-enrolled install presents a retired one), user still active.
func findPeer(ctx context.Context, tx *Tx, siteID, epoch string) (*syncPeer, error) {
	p := &syncPeer{siteID: siteID}
	var retired sql.NullString
	var active bool
	var licence string
	err := tx.QueryRowContext(ctx, `SELECT p.epoch, p.user_id, p.applied_seq, p.retired_at, u.licence, u.active
		FROM sync_peers p JOIN users u ON u.id = p.user_id WHERE p.site_id = ?`, siteID).
		Scan(&p.epoch, &p.userID, &p.appliedSeq, &retired, &licence, &active)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, backend.Errorf(backend.EUNAUTHORIZED, "This install is not enrolled with the hub; enrol it with a pairing code.")
	}
	if err != nil {
		return nil, err
	}
	if retired.Valid || (epoch != "" && epoch != p.epoch) {
		return nil, backend.Errorf(backend.EUNAUTHORIZED, "This install's enrolment is no longer valid (was it copied from another computer?); enrol it again.")
	}
	if !active {
		return nil, backend.Errorf(backend.EUNAUTHORIZED, "The user this install syncs for is deactivated.")
	}
	p.licence = backend.Licence(licence)
	return p, nil
}

// ApplyPush merges a replica's batch in one transaction, with the peer's
// position, so a crash leaves either all of it or none.
func (s *SyncService) ApplyPush(ctx context.Context, b backend.PushBatch) (*backend.PushResult, error) {
	hubVersion, err := s.db.SchemaVersion(ctx)
	if err != nil {
		return nil, err
	}
	if b.SchemaVersion > hubVersion {
		return nil, backend.Errorf(backend.ECONFLICT,
			"This install is newer than the office hub (%s, hub %s): its changes wait until the hub is upgraded.", b.SchemaVersion, hubVersion)
	}
	res := &backend.PushResult{}
	err = s.db.applyTx(ctx, func(tx *Tx) error {
		peer, err := findPeer(ctx, tx, b.SiteID, b.Epoch)
		if err != nil {
			return err
		}
		m := &merger{db: s.db, tx: tx, peer: peer, tables: syncTables{}, faults: s.faults}
		if len(b.Changes) > 0 {
			// A replica sends from its first unacknowledged change on: the
			// positions of the ones before are never asked for again.
			if _, err := tx.ExecContext(ctx, `DELETE FROM sync_applied WHERE site_id = ? AND seq < ?`, peer.siteID, b.Changes[0].Seq); err != nil {
				return err
			}
		}
		last := peer.appliedSeq
		for i := range b.Changes {
			ch := &b.Changes[i]
			if ch.Seq <= peer.appliedSeq && !s.faults.skipDedup {
				res.Duplicates++
				continue
			}
			if ch.Seq <= last && !s.faults.skipDedup {
				return backend.Errorf(backend.EINVALID, "The batch's changes are not in order (seq %d after %d).", ch.Seq, last)
			}
			if missing, err := s.missingFile(ch); err != nil {
				return err
			} else if missing != "" {
				// Not dropped, not refused: it waits on the replica until
				// the file is uploaded, and so does everything after it.
				res.MissingFiles = append(res.MissingFiles, missing)
				break
			}
			last = ch.Seq
			pos, err := logPosition(ctx, tx)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_applied (site_id, seq, log_pos) VALUES (?, ?, ?)
				ON CONFLICT (site_id, seq) DO UPDATE SET log_pos = excluded.log_pos`, peer.siteID, ch.Seq, pos); err != nil {
				return err
			}
			switch outcome, err := m.merge(ctx, ch); {
			case err != nil:
				return err
			case outcome == mergeQuarantined:
				res.Quarantined++
			default:
				res.Applied++
			}
			if err := s.faults.crashed("push"); err != nil {
				return err
			}
		}
		res.Conflicts = m.conflicts
		res.LastSeq = last
		// Every change acknowledged, the batch's and any applied before
		// whose acknowledgement was lost (LastSeq may be past the batch).
		if len(b.Changes) > 0 {
			if res.Positions, err = appliedPositions(ctx, tx, peer.siteID, b.Changes[0].Seq, last); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE sync_peers SET applied_seq = ?, last_push_at = ? WHERE site_id = ?`, last, tx.now, peer.siteID)
		return err
	})
	if err != nil {
		return nil, err
	}
	res.HubHLC = s.db.clock.Last().String()
	return res, nil
}

// logPosition is the newest sequence in the hub's log.
func logPosition(ctx context.Context, tx *Tx) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM sync_changes`).Scan(&n)
	return n, err
}

// appliedPositions lists where the hub dealt with a replica's changes
// from..to (those it still knows).
func appliedPositions(ctx context.Context, tx *Tx, siteID string, from, to int64) ([]backend.PushPosition, error) {
	rows, err := tx.QueryContext(ctx, `SELECT seq, log_pos FROM sync_applied WHERE site_id = ? AND seq BETWEEN ? AND ? ORDER BY seq`, siteID, from, to)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []backend.PushPosition{}
	for rows.Next() {
		var p backend.PushPosition
		if err := rows.Scan(&p.Seq, &p.Log); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// Pull returns the hub's log after cursor. The asking replica's own changes
// are in it too: replaying the log in order is what makes every replica
// reach the hub's state (an older value from another site may sit before
// the replica's winning one). A technician's install gets only its slice's
// rows, and at the end of the log how its slice moved (sync_slice.go).
func (s *SyncService) Pull(ctx context.Context, siteID string, from backend.PullFrom, limit int) (*backend.PullBatch, error) {
	if limit <= 0 || limit > 1000 {
		limit = 500
	}
	out := &backend.PullBatch{Cursor: from.Cursor, Changes: []backend.Change{}, SliceGen: from.SliceGen}
	var peer *syncPeer
	err := s.db.View(ctx, func(tx *Tx) (err error) {
		peer, err = findPeer(ctx, tx, siteID, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	// Users first: the batch's changes may name them.
	if err := s.db.View(ctx, func(tx *Tx) (err error) {
		out.Users, err = changedUsers(ctx, tx, from.UsersSince)
		return err
	}); err != nil {
		return nil, err
	}
	if peer.sliced() {
		err = s.pullSlice(ctx, peer, out, limit)
	} else {
		err = s.db.View(ctx, func(tx *Tx) error { return readLog(ctx, tx, out, nil, limit) })
	}
	if err != nil {
		return nil, err
	}
	out.HubHLC = s.db.clock.Last().String()
	return out, nil
}

// pullSlice is Pull for an install holding a slice. Rows that entered the
// slice since the generation the install names come first, whole, as they
// are at the end of the log (so a row they name is there before any change
// that names it), and their log entries up to there are passed over; when
// the pull reaches the end of the log, the rows that left come as leaves.
// The slice is worked out in a read transaction; only when it moved (or
// the install names no known generation) is a new generation written.
func (s *SyncService) pullSlice(ctx context.Context, peer *syncPeer, out *backend.PullBatch, limit int) error {
	var next sliceSet
	var known, older, store bool
	err := s.db.View(ctx, func(tx *Tx) error {
		tables := syncTables{}
		held, ok, err := heldSlice(ctx, tx, tables, peer.siteID, out.SliceGen, out.Cursor)
		if err != nil {
			return err
		}
		known = ok
		if known {
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sync_slice WHERE site_id = ? AND gen < ?)`, peer.siteID, out.SliceGen).Scan(&older); err != nil {
				return err
			}
		}
		now, err := computeSlice(ctx, tx, peer, s.db.Now().UTC())
		if err != nil {
			return err
		}
		head, err := logPosition(ctx, tx)
		if err != nil {
			return err
		}
		next = held.clone()
		enters, err := s.sliceEnters(ctx, tx, tables, next, now, head)
		if err != nil {
			return err
		}
		out.Changes = append(out.Changes, enters...)
		view := &sliceView{only: now, entered: next, holdsAll: !known, tables: tables}
		if err := readLog(ctx, tx, out, view, limit); err != nil {
			return err
		}
		// An install the hub knows no generation of stores one at once, even
		// mid-log: what it holds is judged from its cursor only this once
		// (rows first logged after it are not its), and the cursor moves on.
		store = len(enters) > 0 || !known
		if out.More {
			return nil
		}
		out.Cursor = max(out.Cursor, head)
		leaves, err := s.sliceLeaves(ctx, tx, next, now, head)
		if err != nil {
			return err
		}
		out.Changes = append(out.Changes, leaves...)
		// What the install holds once it applied this: the slice now.
		final := sliceSet{}
		for t, ids := range now {
			for id := range ids {
				final.enter(t, id, next.entered(t, id))
			}
		}
		next = final
		store = store || len(leaves) > 0 || !known
		return nil
	})
	if err != nil || (!store && !older) {
		return err
	}
	return s.db.applyTx(ctx, func(tx *Tx) error {
		if known { // the install has applied it: older ones are done with
			if _, err := tx.ExecContext(ctx, `DELETE FROM sync_slice WHERE site_id = ? AND gen < ?`, peer.siteID, out.SliceGen); err != nil {
				return err
			}
		}
		if !store {
			return nil
		}
		gen, err := storeSlice(ctx, tx, peer.siteID, next)
		out.SliceGen = gen
		return err
	})
}

// readLog appends to out the log entries after out.Cursor (with a slice
// view: those the install is to apply, sliceView.passes, naming only rows
// it holds, sliceView.fitRefs), at most limit of them, and moves the
// cursor past what it read.
func readLog(ctx context.Context, tx *Tx, out *backend.PullBatch, view *sliceView, limit int) error {
	scan := limit
	if view != nil {
		scan = 20 * limit // entries of other rows are passed over, a bounded number per batch
	}
	rows, err := tx.QueryContext(ctx, `SELECT seq, tbl, row_id, op, cols, hlc, origin, base_seq FROM sync_changes
		WHERE seq > ? ORDER BY seq LIMIT ?`, out.Cursor, scan)
	if err != nil {
		return err
	}
	defer rows.Close()
	n, added := 0, 0
	for rows.Next() {
		n++
		var ch backend.Change
		var cols sql.NullString
		if err := rows.Scan(&ch.Seq, &ch.Table, &ch.RowID, &ch.Op, &cols, &ch.HLC, &ch.Origin, &ch.BaseSeq); err != nil {
			return err
		}
		out.Cursor = ch.Seq
		if view != nil && !view.passes(&ch) {
			continue
		}
		if cols.Valid {
			ch.Cols = []byte(cols.String)
		}
		if view != nil {
			if keep, err := view.fitRefs(ctx, tx, &ch); err != nil {
				return err
			} else if !keep {
				continue
			}
		}
		out.Changes = append(out.Changes, ch)
		if added++; added == limit {
			out.More = true
			return nil
		}
	}
	out.More = n == scan
	return rows.Err()
}

// FindConflicts lists the unresolved conflicts, newest first.
func (s *SyncService) FindConflicts(ctx context.Context) ([]*backend.SyncConflict, error) {
	var out []*backend.SyncConflict
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, tbl, row_id, col, kept, kept_hlc, kept_site, lost, lost_hlc, lost_site, recorded_at, reason
			FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY recorded_at DESC, id DESC`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			c := &backend.SyncConflict{}
			var kept, lost sql.NullString
			var at string
			if err := rows.Scan(&c.ID, &c.Table, &c.RowID, &c.Column, &kept, &c.KeptHLC, &c.KeptSite, &lost, &c.LostHLC, &c.LostSite, &at, &c.Reason); err != nil {
				return err
			}
			c.Kept, c.Lost = rawOrNull(kept), rawOrNull(lost)
			if c.RecordedAt, err = time.Parse(backend.TimeLayout, at); err != nil {
				return err
			}
			out = append(out, c)
		}
		return rows.Err()
	})
	return out, err
}

func rawOrNull(s sql.NullString) []byte {
	if !s.Valid {
		return []byte("null")
	}
	return []byte(s.String)
}
