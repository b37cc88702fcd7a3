package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"siteward/backend"
)

// SettingsService implements backend.SettingsService as one JSON row.
// Files keeps the logo; without it SaveLogo is EUNAVAILABLE.
type SettingsService struct {
	db    *DB
	Files backend.FileStore
}

// NewSettingsService returns a SettingsService on db.
func NewSettingsService(db *DB) *SettingsService { return &SettingsService{db: db} }

var _ backend.SettingsService = (*SettingsService)(nil)

const settingsKey = "workspace"

func (s *SettingsService) GetSettings(ctx context.Context) (backend.Settings, error) {
	return getSettings(ctx, s.db.read)
}

func getSettings(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (backend.Settings, error) {
	out := backend.DefaultSettings()
	var raw string
	err := q.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, settingsKey).Scan(&raw)
	if err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return out, nil
		}
		return out, err
	}
	return out, json.Unmarshal([]byte(raw), &out)
}

func (s *SettingsService) SaveSettings(ctx context.Context, set backend.Settings) error {
	if err := set.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		stored, err := getSettings(ctx, tx)
		if err != nil {
			return err
		}
		set.Logo = stored.Logo // only SaveLogo and RemoveLogo change it
		return putSettings(ctx, tx, set)
	})
}

func putSettings(ctx context.Context, tx *Tx, set backend.Settings) error {
	b, err := json.Marshal(set)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, settingsKey, string(b), tx.now)
	return err
}

func (s *SettingsService) SaveLogo(ctx context.Context, content []byte) (out backend.Settings, err error) {
	logo, err := backend.CheckLogo(content)
	if err != nil {
		return out, err
	}
	if s.Files == nil {
		return out, backend.Errorf(backend.EUNAVAILABLE, "Files cannot be stored on this server.")
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		if out, err = getSettings(ctx, tx); err != nil {
			return err
		}
		if err := s.Files.PutFile(logo.SHA256, logo.MIME, content); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO files (sha256, size, mime, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (sha256) DO NOTHING`, logo.SHA256, logo.Size, logo.MIME, tx.now); err != nil {
			return err
		}
		out.Logo = logo
		return putSettings(ctx, tx, out)
	})
	return out, err
}

func (s *SettingsService) RemoveLogo(ctx context.Context) (out backend.Settings, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		if out, err = getSettings(ctx, tx); err != nil {
			return err
		}
		out.Logo = nil
		return putSettings(ctx, tx, out)
	})
	return out, err
}
