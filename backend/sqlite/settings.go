package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"siteward/backend"
)

// SettingsService implements backend.SettingsService as one JSON row.
type SettingsService struct{ db *DB }

// NewSettingsService returns a SettingsService on db.
func NewSettingsService(db *DB) *SettingsService { return &SettingsService{db: db} }

var _ backend.SettingsService = (*SettingsService)(nil)

const settingsKey = "workspace"

func (s *SettingsService) GetSettings(ctx context.Context) (backend.Settings, error) {
	out := backend.DefaultSettings()
	var raw string
	err := s.db.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, settingsKey).Scan(&raw)
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
	b, err := json.Marshal(set)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, settingsKey, string(b), tx.now)
		return err
	})
}
