package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/mattn/go-sqlite3"

	"siteward/backend"
)

// ClientImportStore implements backend.ClientImportStore.
type ClientImportStore struct{ db *DB }

// NewClientImportStore returns a ClientImportStore on db.
func NewClientImportStore(db *DB) *ClientImportStore { return &ClientImportStore{db: db} }

var _ backend.ClientImportStore = (*ClientImportStore)(nil)

func (s *ClientImportStore) ClientImportState(ctx context.Context, hash string, codes []string) (st *backend.ClientImportState, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		st, err = clientImportState(ctx, tx, hash, codes)
		return err
	})
	return st, err
}

func clientImportState(ctx context.Context, tx *Tx, hash string, codes []string) (*backend.ClientImportState, error) {
	st := &backend.ClientImportState{Existing: make(map[string]*backend.ImportedClient, len(codes)), Groups: map[string][]string{}}
	var err error
	if st.Previous, err = findClientImport(ctx, tx, hash); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, name FROM client_groups WHERE deleted_at IS NULL`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			rows.Close()
			return nil, err
		}
		k := strings.ToLower(strings.TrimSpace(name))
		st.Groups[k] = append(st.Groups[k], id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(codes) == 0 {
		return st, nil
	}
	js, err := json.Marshal(codes)
	if err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT c.id, c.code, c.name, c.group_id, c.email_reports, c.email_quotes,
			c.email_correspondence, c.email_invoices, c.pricing_tier, c.active, c.updated_at,
			COALESCE(k.id, ''), COALESCE(k.name, ''), COALESCE(k.email, ''), COALESCE(k.phone, ''), COALESCE(k.address, ''),
			(SELECT GROUP_CONCAT(tag, char(31)) FROM client_tags t WHERE t.client_id = c.id)
		FROM clients c
		LEFT JOIN client_contacts k ON k.client_id = c.id AND k.is_primary = 1 AND k.deleted_at IS NULL
		WHERE c.deleted_at IS NULL AND c.code IN (SELECT value FROM json_each(?))`, string(js))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var ic backend.ImportedClient
		var group, tags sql.NullString
		c, k := &ic.Client, &ic.Contact
		if err := rows.Scan(&ic.ID, &ic.Code, &c.Name, &group, &c.EmailReports, &c.EmailQuotes, &c.EmailCorrespondence,
			&c.EmailInvoices, &c.PricingTier, &c.Active, &ic.Version, &k.ID, &k.Name, &k.Email, &k.Phone, &k.Address, &tags); err != nil {
			return nil, err
		}
		c.ID, k.ClientID, k.Primary = ic.ID, ic.ID, k.ID != ""
		if group.Valid {
			c.GroupID = &group.String
		}
		c.Tags = []string{}
		if tags.Valid && tags.String != "" {
			c.Tags = strings.Split(tags.String, "\x1f")
		}
		st.Existing[strings.ToLower(ic.Code)] = &ic
	}
	return st, rows.Err()
}

func findClientImport(ctx context.Context, tx *Tx, hash string) (*backend.ClientImportRecord, error) {
	var r backend.ClientImportRecord
	var user sql.NullString
	var at string
	err := tx.QueryRowContext(ctx, `SELECT id, sha256, file_name, format, user_id, user_name, created, updated, unchanged, applied_at
		FROM client_imports WHERE sha256 = ?`, hash).Scan(&r.ID, &r.Hash, &r.FileName, &r.Format, &user, &r.UserName,
		&r.Created, &r.Updated, &r.Unchanged, &at)
	if err == sql.ErrNoRows {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	r.UserID = user.String
	r.AppliedAt, _ = backend.ParseTime(at)
	return &r, nil
}

func (s *ClientImportStore) ApplyClientImport(ctx context.Context, plan *backend.ClientImportPlan) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if prev, err := findClientImport(ctx, tx, plan.Record.Hash); err != nil {
			return err
		} else if prev != nil {
			return backend.Errorf(backend.ECONFLICT, "This file was already imported on %s; nothing was imported again.",
				prev.AppliedAt.Format("02/01/2006"))
		}
		var creates, updates []*backend.ClientImportChange
		for i := range plan.Changes {
			switch ch := &plan.Changes[i]; ch.Action {
			case backend.ImportCreate:
				creates = append(creates, ch)
			case backend.ImportUpdate:
				updates = append(updates, ch)
			}
		}
		if err := applyUpdates(ctx, tx, updates); err != nil {
			return err
		}
		if err := insertCreates(ctx, tx, creates); err != nil {
			return err
		}
		r := &plan.Record
		r.ID = backend.NewID()
		r.AppliedAt, _ = backend.ParseTime(tx.now)
		var user any
		if r.UserID != "" {
			user = r.UserID
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO client_imports (id, sha256, file_name, format, user_id, user_name, created,
			updated, unchanged, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.Hash, r.FileName, r.Format, user, r.UserName, r.Created, r.Updated, r.Unchanged, tx.now)
		if isConstraint(err, sqlite3.ErrConstraintUnique) {
			return backend.Errorf(backend.ECONFLICT, "This file was already imported; nothing was imported again.")
		}
		return err
	})
}

func changedSincePreview(ch *backend.ClientImportChange) error {
	return backend.Errorf(backend.ECONFLICT, "Client %s (row %d) changed since the preview; nothing was imported. Preview the file again.",
		ch.Client.Code, ch.Row)
}
