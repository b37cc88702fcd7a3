package sqlite

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"strings"

	"siteward/backend"
)

// SessionService implements backend.SessionService. A token is
// "<id>.<secret>"; only sha256(secret) is stored, compared in constant time.
type SessionService struct{ db *DB }

// NewSessionService returns a SessionService on db.
func NewSessionService(db *DB) *SessionService { return &SessionService{db: db} }

var _ backend.SessionService = (*SessionService)(nil)

func hashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// NewSecret returns a random URL-safe secret of 32 bytes.
func NewSecret() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic("siteward: crypto/rand failed: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *SessionService) CreateSession(ctx context.Context, userID, ip, userAgent string) (token string, sess *backend.Session, err error) {
	secret := NewSecret()
	if len(userAgent) > 300 {
		userAgent = userAgent[:300]
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		var active bool
		if err := tx.QueryRowContext(ctx, `SELECT active FROM users WHERE id = ? AND deleted_at IS NULL`, userID).Scan(&active); err == sql.ErrNoRows || (err == nil && !active) {
			return backend.Errorf(backend.EUNAUTHORIZED, "This account is not active.")
		} else if err != nil {
			return err
		}
		now, _ := backend.ParseTime(tx.now)
		sess = &backend.Session{ID: backend.NewID(), UserID: userID, CreatedAt: now, LastSeenAt: now}
		_, err := tx.ExecContext(ctx, `INSERT INTO sessions (id, user_id, secret_hash, ip, user_agent, created_at, last_seen_at, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, sess.ID, userID, hashSecret(secret), ip, userAgent, tx.now, tx.now,
			backend.FormatTime(now.Add(backend.SessionAbsolute)))
		if err != nil {
			return err
		}
		// Expired sessions are swept as new ones are made.
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?`,
			tx.now, backend.FormatTime(now.Add(-backend.SessionIdle)))
		return err
	})
	if err != nil {
		return "", nil, err
	}
	return sess.ID + "." + secret, sess, nil
}

var errNoSession = backend.Errorf(backend.EUNAUTHORIZED, "Please sign in.")

func (s *SessionService) FindSession(ctx context.Context, token string) (*backend.Session, *backend.User, error) {
	id, secret, ok := strings.Cut(token, ".")
	if !ok || !backend.ValidID(id) || secret == "" || len(secret) > 100 {
		return nil, nil, errNoSession
	}
	var hash, created, lastSeen, expires string
	var viewKind, viewID sql.NullString
	var userID string
	err := s.db.read.QueryRowContext(ctx, `SELECT user_id, secret_hash, view_kind, view_id, created_at, last_seen_at, expires_at
		FROM sessions WHERE id = ?`, id).Scan(&userID, &hash, &viewKind, &viewID, &created, &lastSeen, &expires)
	if err == sql.ErrNoRows {
		return nil, nil, errNoSession
	} else if err != nil {
		return nil, nil, err
	}
	if subtle.ConstantTimeCompare([]byte(hash), []byte(hashSecret(secret))) != 1 {
		return nil, nil, errNoSession
	}
	now := s.db.Now()
	exp, _ := backend.ParseTime(expires)
	seen, _ := backend.ParseTime(lastSeen)
	if !now.Before(exp) || now.Sub(seen) >= backend.SessionIdle {
		_ = s.DeleteSession(ctx, id)
		return nil, nil, errNoSession
	}
	u, err := NewUserService(s.db).FindUserByID(ctx, userID)
	if backend.ErrorCode(err) == backend.ENOTFOUND || (err == nil && !u.Active) {
		_ = s.DeleteSession(ctx, id)
		return nil, nil, errNoSession
	} else if err != nil {
		return nil, nil, err
	}
	sess := &backend.Session{ID: id, UserID: userID, LastSeenAt: seen}
	sess.CreatedAt, _ = backend.ParseTime(created)
	if viewKind.Valid && viewID.Valid {
		sess.View = &backend.View{Kind: backend.ViewKind(viewKind.String), ID: viewID.String}
	}
	if now.Sub(seen) >= backend.SessionTouch {
		err := s.db.Update(ctx, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id = ?`, tx.now, id)
			return err
		})
		if err != nil {
			return nil, nil, err
		}
		sess.LastSeenAt = now
	}
	return sess, u, nil
}

// SetSessionView also records a portal sign-in into that view (sign_ins,
// for Control Panel > Customer Portal usage), in the same transaction.
func (s *SessionService) SetSessionView(ctx context.Context, sessionID string, v backend.View) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE sessions SET view_kind = ?, view_id = ? WHERE id = ?`, v.Kind, v.ID, sessionID); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sign_ins (id, user_id, view_kind, view_id, at)
			SELECT ?, user_id, ?, ?, ? FROM sessions WHERE id = ?`, backend.NewID(), v.Kind, v.ID, tx.now, sessionID)
		return err
	})
}

func (s *SessionService) DeleteSession(ctx context.Context, sessionID string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE id = ?`, sessionID)
		return err
	})
}

func deleteUserSessions(ctx context.Context, tx *Tx, userID string) error {
	_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	return err
}

// AccessGeneration reads the access generation (migration
// 202612031200_portal_access_generation).
func (s *SessionService) AccessGeneration(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.read.QueryRowContext(ctx, `SELECT n FROM portal_access_generation WHERE id = 1`).Scan(&n)
	return n, mapErr(err)
}
