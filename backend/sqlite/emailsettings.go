package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"path/filepath"

	"siteward/backend"
)

// EmailSettingsService implements backend.EmailSettingsService as one JSON
// row in settings, with the password sealed by a secretBox.
type EmailSettingsService struct {
	db  *DB
	box secretBox
}

// NewEmailSettingsService returns the service on db. keyFile holds the key
// that encrypts the mail password; empty means secret.key beside the
// database, in the data folder.
func NewEmailSettingsService(db *DB, keyFile string) *EmailSettingsService {
	if keyFile == "" {
		keyFile = filepath.Join(filepath.Dir(db.Path), "secret.key")
	}
	return &EmailSettingsService{db: db, box: secretBox{path: keyFile}}
}

var _ backend.EmailSettingsService = (*EmailSettingsService)(nil)

const (
	emailSettingsKey     = "email"
	emailPasswordPurpose = "siteward/email-password"
)

// storedEmailSettings is the row's JSON: the settings and the sealed password.
type storedEmailSettings struct {
	backend.EmailSettings
	PasswordSealed string `json:"passwordSealed,omitempty"`
}

func findEmailSettings(ctx context.Context, tx *Tx) (*storedEmailSettings, error) {
	s := &storedEmailSettings{EmailSettings: backend.DefaultEmailSettings()}
	var raw, updated string
	err := tx.QueryRowContext(ctx, `SELECT value, updated_at FROM settings WHERE key = ?`, emailSettingsKey).Scan(&raw, &updated)
	if errors.Is(err, sql.ErrNoRows) {
		return s, nil
	} else if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(raw), s); err != nil {
		return nil, err
	}
	s.PasswordSet = s.PasswordSealed != ""
	if t, err := backend.ParseTime(updated); err == nil {
		s.UpdatedAt = &t
	}
	return s, nil
}

func (s *EmailSettingsService) GetEmailSettings(ctx context.Context) (out *backend.EmailSettings, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		st, err := findEmailSettings(ctx, tx)
		if err == nil {
			out = &st.EmailSettings
		}
		return err
	})
	return out, err
}

func (s *EmailSettingsService) EmailAccount(ctx context.Context) (*backend.EmailAccount, error) {
	var st *storedEmailSettings
	if err := s.db.View(ctx, func(tx *Tx) (err error) { st, err = findEmailSettings(ctx, tx); return err }); err != nil {
		return nil, err
	}
	acct := &backend.EmailAccount{EmailSettings: st.EmailSettings}
	if st.PasswordSealed != "" {
		pw, err := s.box.open(emailPasswordPurpose, st.PasswordSealed)
		if err != nil {
			return nil, backend.Errorf(backend.EUNAVAILABLE,
				"The saved mail password cannot be read (%v). Enter the password again in Settings > Email.", err)
		}
		acct.Password = pw
	}
	return acct, nil
}

func (s *EmailSettingsService) SaveEmailSettings(ctx context.Context, upd backend.EmailSettingsUpdate) (out *backend.EmailSettings, err error) {
	var stored *backend.EmailAccount
	if upd.Password == nil {
		// Keeping the stored password: it must still be readable, unless
		// the account no longer signs in.
		if stored, err = s.EmailAccount(ctx); err != nil && upd.Auth != backend.AuthNone {
			return nil, err
		}
	}
	acct, err := upd.Apply(stored)
	if err != nil {
		return nil, err
	}
	row := storedEmailSettings{EmailSettings: acct.EmailSettings}
	row.PasswordSet, row.UpdatedAt = false, nil // derived when read
	if acct.Password != "" {
		if row.PasswordSealed, err = s.box.seal(emailPasswordPurpose, acct.Password); err != nil {
			return nil, backend.Errorf(backend.EUNAVAILABLE, "Cannot store the mail password: %v.", err)
		}
	}
	b, err := json.Marshal(row)
	if err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
			emailSettingsKey, string(b), tx.now); err != nil {
			return err
		}
		// New settings may be what queued mail was waiting for: try it now
		// rather than after its backoff.
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_messages SET next_attempt_at = ?, updated_at = ?
			WHERE status = 'queued' AND next_attempt_at > ?`, tx.now, tx.now, tx.now); err != nil {
			return err
		}
		st, err := findEmailSettings(ctx, tx)
		out = &st.EmailSettings
		return err
	})
	if err != nil {
		return nil, err
	}
	wakeOutbox(s.db)
	return out, nil
}
