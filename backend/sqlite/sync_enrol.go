package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"database/sql"
	"errors"
	"os"
	"strings"
	"time"

	"siteward/backend"
)

// PairingCodeTTL is how long a pairing code shown in the workspace works.
const PairingCodeTTL = backend.PairingCodeTTL

// pairingAlphabet leaves out letters and digits people confuse (0/O, 1/I/L).
const pairingAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// CreatePairingCode makes a single-use code with which an install enrols
// to sync for userID (an active office or technician user).
func (s *SyncService) CreatePairingCode(ctx context.Context, userID, byUserID string) (string, time.Time, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", time.Time{}, err
	}
	for i := range b {
		b[i] = pairingAlphabet[int(b[i])%len(pairingAlphabet)]
	}
	code := string(b)
	expires := s.db.Now().Add(PairingCodeTTL)
	err := s.db.Update(ctx, func(tx *Tx) error {
		if err := checkSyncUser(ctx, tx, userID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sync_pairing (code_hash, user_id, created_by, expires_at) VALUES (?, ?, NULLIF(?, ''), ?)`,
			hashSecret(code), userID, byUserID, backend.FormatTime(expires))
		return err
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return code, expires, nil
}

// checkSyncUser refuses users who may not have an install of their own.
func checkSyncUser(ctx context.Context, tx *Tx, userID string) error {
	var licence string
	var active bool
	err := tx.QueryRowContext(ctx, `SELECT licence, active FROM users WHERE id = ? AND deleted_at IS NULL`, userID).Scan(&licence, &active)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !active) {
		return backend.Errorf(backend.ENOTFOUND, "No active user to enrol the install for.")
	}
	if err != nil {
		return err
	}
	if backend.Licence(licence) == backend.LicenceCustomer {
		return backend.Errorf(backend.EFORBIDDEN, "Customer users cannot enrol an install; they use the portal.")
	}
	return nil
}

// EnrolWithCode consumes a pairing code (once, atomically) and registers a
// new install for its user.
func (s *SyncService) EnrolWithCode(ctx context.Context, code string) (*backend.SyncEnrolment, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	bad := backend.Errorf(backend.EUNAUTHORIZED, "That pairing code is wrong, used or expired; ask the office for a new one.")
	if len(code) != 8 {
		return nil, bad
	}
	e := &backend.SyncEnrolment{SiteID: backend.NewID(), Epoch: backend.NewID()}
	secret := NewSecret()
	e.Token = e.SiteID + "." + secret
	err := s.db.Update(ctx, func(tx *Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE sync_pairing SET used_at = ? WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?
			RETURNING user_id`, tx.now, hashSecret(code), tx.now).Scan(&e.UserID)
		if errors.Is(err, sql.ErrNoRows) {
			return bad
		}
		if err != nil {
			return err
		}
		if err := checkSyncUser(ctx, tx, e.UserID); err != nil {
			return err
		}
		return insertPeer(ctx, tx, e.SiteID, e.Epoch, e.UserID, hashSecret(secret))
	})
	if err != nil {
		return nil, err
	}
	return e, nil
}

// EnrolSite registers a replica acting for userID and returns its token.
func (s *SyncService) EnrolSite(ctx context.Context, siteID, epoch, userID string) (string, error) {
	if siteID == "" || epoch == "" {
		return "", backend.Errorf(backend.EINVALID, "A site id and an epoch are needed to enrol an install.")
	}
	secret := NewSecret()
	err := s.db.Update(ctx, func(tx *Tx) error {
		if err := checkSyncUser(ctx, tx, userID); err != nil {
			return err
		}
		return insertPeer(ctx, tx, siteID, epoch, userID, hashSecret(secret))
	})
	if err != nil {
		return "", err
	}
	return siteID + "." + secret, nil
}

func insertPeer(ctx context.Context, tx *Tx, siteID, epoch, userID, tokenHash string) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO sync_peers (site_id, epoch, user_id, token_hash, enrolled_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (site_id) DO NOTHING`, siteID, epoch, userID, tokenHash, tx.now)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return backend.Errorf(backend.ECONFLICT, "This install is enrolled already.")
	}
	return nil
}

// AuthenticateSite checks an install's token and returns its site id.
func (s *SyncService) AuthenticateSite(ctx context.Context, token string) (string, error) {
	bad := backend.Errorf(backend.EUNAUTHORIZED, "This install is not enrolled with the hub (or its enrolment was withdrawn); enrol it again.")
	siteID, secret, ok := strings.Cut(token, ".")
	if !ok || siteID == "" || secret == "" {
		return "", bad
	}
	var hash string
	var retired sql.NullString
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT token_hash, retired_at FROM sync_peers WHERE site_id = ?`, siteID).Scan(&hash, &retired)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return "", bad
	}
	if err != nil {
		return "", err
	}
	if retired.Valid || subtle.ConstantTimeCompare([]byte(hash), []byte(hashSecret(secret))) != 1 {
		return "", bad
	}
	return siteID, nil
}

// snapshotScrub empties what an install must never receive: other people's
// secrets and sessions, mail, the hub's sync bookkeeping.
var snapshotScrub = []string{
	`DELETE FROM sessions`,
	`DELETE FROM invitations`,
	`DELETE FROM outbox_messages`,
	`DELETE FROM sign_ins`,
	`DELETE FROM audit_log`,
	`DELETE FROM defect_alerts`,
	`DELETE FROM sync_changes`,
	`DELETE FROM sync_peers`,
	`DELETE FROM sync_pairing`,
	`DELETE FROM sync_conflicts`,
	`DELETE FROM sync_quarantine`,
	`DELETE FROM sync_held`,
	`DELETE FROM sync_floor`,
	`DELETE FROM sync_applied`,
	`DELETE FROM sync_slice`,
	`DELETE FROM sync_peer_clients`,
	`UPDATE users SET password_hash = ''`,
	`DELETE FROM settings WHERE key LIKE 'email%'`,
}

// WriteSnapshot writes siteID's enrolment snapshot to path: a consistent
// copy of the hub's database without secrets — for a technician's install
// only its slice (sync_slice.go) — the hub log position it was taken at,
// and the slice generation it holds. On failure nothing is left at path.
func (s *SyncService) WriteSnapshot(ctx context.Context, siteID, path string) (cursor, gen int64, err error) {
	defer func() {
		if err != nil {
			os.Remove(path)
		}
	}()
	var peer *syncPeer
	if err := s.db.View(ctx, func(tx *Tx) (err error) {
		peer, err = findPeer(ctx, tx, siteID, "")
		return err
	}); err != nil {
		return 0, 0, err
	}
	conn, err := s.db.write.Conn(ctx)
	if err != nil {
		return 0, 0, mapErr(err)
	}
	// Every statement on the one writer connection, held: no write comes
	// between the position, the copy and the slice.
	var slice sliceSet
	err = conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM sync_changes`).Scan(&cursor)
	if err == nil && !peer.sliced() {
		_, err = conn.ExecContext(ctx, `VACUUM INTO ?`, path)
	}
	if err == nil && peer.sliced() {
		var tx *sql.Tx
		if tx, err = conn.BeginTx(ctx, nil); err == nil {
			if slice, err = computeSlice(ctx, tx, peer, s.db.Now().UTC()); err == nil {
				gen, err = storeSlice(ctx, tx, siteID, slice)
			}
			if err == nil {
				err = tx.Commit()
			} else {
				tx.Rollback()
			}
		}
		if err == nil {
			// Built from the slice's rows, not a whole copy thinned out.
			err = writeSliceSnapshot(ctx, s.db.Path, path, slice)
		}
	}
	conn.Close()
	if err != nil {
		return 0, 0, err
	}
	snap, err := sql.Open("sqlite3", dsn(path, nil))
	if err != nil {
		return 0, 0, err
	}
	defer snap.Close()
	snap.SetMaxOpenConns(1) // the pragma below is the connection's
	// The copy has the capture triggers, and this connection none of the
	// capture functions: the triggers go first (the install makes its own
	// at open).
	var stmts []string
	rows, err := snap.QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sw\_capture\_%' ESCAPE '\'`)
	if err != nil {
		return 0, 0, err
	}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return 0, 0, err
		}
		stmts = append(stmts, `DROP TRIGGER `+quoteIdent(n))
	}
	rows.Close()
	for _, q := range append(stmts, snapshotScrub...) {
		if _, err := snap.ExecContext(ctx, q); err != nil {
			return 0, 0, err
		}
	}
	_, err = snap.ExecContext(ctx, `VACUUM`)
	return cursor, gen, err
}
