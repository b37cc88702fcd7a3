package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"siteward/backend"
)

// PortalPanelService implements backend.PortalPanelService: the defaults
// are a settings row, a client's overrides its portal_panels column.
type PortalPanelService struct{ db *DB }

// NewPortalPanelService returns a PortalPanelService on db.
func NewPortalPanelService(db *DB) *PortalPanelService { return &PortalPanelService{db: db} }

var _ backend.PortalPanelService = (*PortalPanelService)(nil)

const portalPanelsKey = "portal_panels"

func portalPanelDefaults(ctx context.Context, tx *Tx) (backend.PortalPanels, error) {
	p := backend.DefaultPortalPanels()
	var raw string
	err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, portalPanelsKey).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return p, nil
	} else if err != nil {
		return p, err
	}
	return p, json.Unmarshal([]byte(raw), &p)
}

func clientPanelOverrides(ctx context.Context, tx *Tx, clientID string) (backend.PanelOverrides, error) {
	var raw string
	if err := tx.QueryRowContext(ctx, `SELECT portal_panels FROM clients WHERE id = ? AND deleted_at IS NULL`, clientID).Scan(&raw); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, backend.Errorf(backend.ENOTFOUND, "Client not found.")
		}
		return nil, err
	}
	o := backend.PanelOverrides{}
	if raw != "" {
		if err := json.Unmarshal([]byte(raw), &o); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// scopePanels is what a portal view shows: the defaults, with the client's
// overrides when the view is one client.
func scopePanels(ctx context.Context, tx *Tx, sc backend.Scope) (backend.PortalPanels, error) {
	p, err := portalPanelDefaults(ctx, tx)
	if err != nil || sc.View.Kind != backend.ViewClient {
		return p, err
	}
	o, err := clientPanelOverrides(ctx, tx, sc.View.ID)
	if backend.ErrorCode(err) == backend.ENOTFOUND {
		return p, nil
	} else if err != nil {
		return p, err
	}
	return p.With(o), nil
}

func (s *PortalPanelService) GetPortalPanelDefaults(ctx context.Context) (p backend.PortalPanels, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		p, err = portalPanelDefaults(ctx, tx)
		return err
	})
	return p, err
}

func (s *PortalPanelService) SavePortalPanelDefaults(ctx context.Context, p backend.PortalPanels) error {
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, portalPanelsKey, string(b), tx.now)
		return err
	})
}

func (s *PortalPanelService) GetClientPortalPanels(ctx context.Context, clientID string) (cp *backend.ClientPortalPanels, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		cp, err = clientPortalPanels(ctx, tx, clientID)
		return err
	})
	return cp, err
}

func clientPortalPanels(ctx context.Context, tx *Tx, clientID string) (*backend.ClientPortalPanels, error) {
	o, err := clientPanelOverrides(ctx, tx, clientID)
	if err != nil {
		return nil, err
	}
	d, err := portalPanelDefaults(ctx, tx)
	if err != nil {
		return nil, err
	}
	return &backend.ClientPortalPanels{Defaults: d, Overrides: o, Effective: d.With(o)}, nil
}

func (s *PortalPanelService) SaveClientPortalPanels(ctx context.Context, clientID string, o backend.PanelOverrides) (cp *backend.ClientPortalPanels, err error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if o == nil {
		o = backend.PanelOverrides{}
	}
	b, err := json.Marshal(o)
	if err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE clients SET portal_panels = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL`, string(b), tx.now, clientID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return backend.Errorf(backend.ENOTFOUND, "Client not found.")
		}
		cp, err = clientPortalPanels(ctx, tx, clientID)
		return err
	})
	return cp, err
}
