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

// importStmts are the statements an apply repeats, prepared once.
type importStmts struct {
	updClient, delTags, insTag, insContact, updContact *sql.Stmt
}

func prepareImport(ctx context.Context, tx *Tx) (*importStmts, func(), error) {
	st := &importStmts{}
	var all []*sql.Stmt
	closeAll := func() {
		for _, s := range all {
			s.Close()
		}
	}
	for dst, q := range map[**sql.Stmt]string{
		&st.updClient: `UPDATE clients SET name = ?, group_id = ?, email_reports = ?, email_quotes = ?, email_correspondence = ?,
			email_invoices = ?, pricing_tier = ?, active = ?, updated_at = ? WHERE id = ? AND updated_at = ? AND deleted_at IS NULL`,
		&st.delTags:    `DELETE FROM client_tags WHERE client_id = ?`,
		&st.insTag:     `INSERT INTO client_tags (client_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING`,
		&st.insContact: `INSERT INTO client_contacts (id, client_id, name, email, phone, address, is_primary, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
		&st.updContact: `UPDATE client_contacts SET name = ?, email = ?, phone = ?, address = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL`,
	} {
		s, err := tx.PrepareContext(ctx, q)
		if err != nil {
			closeAll()
			return nil, nil, err
		}
		all = append(all, s)
		*dst = s
	}
	return st, closeAll, nil
}

func (s *ClientImportStore) ApplyClientImport(ctx context.Context, plan *backend.ClientImportPlan) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if prev, err := findClientImport(ctx, tx, plan.Record.Hash); err != nil {
			return err
		} else if prev != nil {
			return backend.Errorf(backend.ECONFLICT, "This file was already imported on %s; nothing was imported again.",
				prev.AppliedAt.Format("02/01/2006"))
		}
		st, closeAll, err := prepareImport(ctx, tx)
		if err != nil {
			return err
		}
		defer closeAll()
		var creates []*backend.ClientImportChange
		for i := range plan.Changes {
			ch := &plan.Changes[i]
			if ch.Action == backend.ImportCreate {
				creates = append(creates, ch)
				continue
			}
			if err := applyChange(ctx, tx, st, ch); err != nil {
				return err
			}
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
		_, err = tx.ExecContext(ctx, `INSERT INTO client_imports (id, sha256, file_name, format, user_id, user_name, created,
			updated, unchanged, applied_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.Hash, r.FileName, r.Format, user, r.UserName, r.Created, r.Updated, r.Unchanged, tx.now)
		if isConstraint(err, sqlite3.ErrConstraintUnique) {
			return backend.Errorf(backend.ECONFLICT, "This file was already imported; nothing was imported again.")
		}
		return err
	})
}

func applyChange(ctx context.Context, tx *Tx, st *importStmts, ch *backend.ClientImportChange) error {
	ic := &ch.Client
	c := &ic.Client
	switch ch.Action {
	case backend.ImportUpdate:
		res, err := st.updClient.ExecContext(ctx, c.Name, c.GroupID, c.EmailReports, c.EmailQuotes, c.EmailCorrespondence,
			c.EmailInvoices, c.PricingTier, c.Active, tx.now, ic.ID, ic.Version)
		if isConstraint(err, sqlite3.ErrConstraintForeignKey) {
			return changedSincePreview(ch)
		} else if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return changedSincePreview(ch)
		}
		if ch.WriteTags {
			if _, err := st.delTags.ExecContext(ctx, ic.ID); err != nil {
				return err
			}
		}
	default:
		return nil
	}
	if ch.WriteTags {
		for _, t := range c.Tags {
			if _, err := st.insTag.ExecContext(ctx, ic.ID, t); err != nil {
				return err
			}
		}
	}
	if ch.WriteContact {
		k := &ic.Contact
		if k.ID == "" {
			k.ID = backend.NewID()
			_, err := st.insContact.ExecContext(ctx, k.ID, ic.ID, k.Name, k.Email, k.Phone, k.Address, tx.now, tx.now)
			return err
		}
		res, err := st.updContact.ExecContext(ctx, k.Name, k.Email, k.Phone, k.Address, tx.now, k.ID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n != 1 {
			return changedSincePreview(ch)
		}
	}
	return nil
}

func changedSincePreview(ch *backend.ClientImportChange) error {
	return backend.Errorf(backend.ECONFLICT, "Client %s (row %d) changed since the preview; nothing was imported. Preview the file again.",
		ch.Client.Code, ch.Row)
}
