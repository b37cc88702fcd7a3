package sqlite

import (
	"context"
	"database/sql"

	"siteward/backend"
)

// SignoffService implements backend.SignoffService.
type SignoffService struct{ db *DB }

// NewSignoffService returns a SignoffService on db.
func NewSignoffService(db *DB) *SignoffService { return &SignoffService{db: db} }

var _ backend.SignoffService = (*SignoffService)(nil)

var errSignoffNotFound = backend.Errorf(backend.ENOTFOUND, "Signoff not found.")

func (s *SignoffService) FindSignoffs(ctx context.Context, propertyID string) (out []*backend.Signoff, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		if _, err := findPropertyByID(ctx, tx, propertyID); err != nil {
			return err
		}
		out, err = findSignoffs(ctx, tx, "s.property_id = ?", propertyID)
		return err
	})
	return out, err
}

// signoffSelect reads a signoff with its asset's type and its document;
// docCond limits which documents show (the portal shows public ones only).
func signoffSelect(docCond string) string {
	return `SELECT s.id, s.asset_id, COALESCE(a.type, ''), s.contractor, s.signed_by, s.signed_on, s.comment, d.id, COALESCE(d.name, '')
		FROM signoffs s LEFT JOIN assets a ON a.id = s.asset_id AND a.deleted_at IS NULL
		LEFT JOIN documents d ON d.id = s.document_id AND d.deleted_at IS NULL` + docCond
}

func scanSignoffs(rows *sql.Rows) ([]*backend.Signoff, error) {
	defer rows.Close()
	out := []*backend.Signoff{}
	for rows.Next() {
		var so backend.Signoff
		var asset, doc sql.NullString
		if err := rows.Scan(&so.ID, &asset, &so.AssetType, &so.Contractor, &so.SignedBy, &so.SignedOn, &so.Comment, &doc, &so.DocumentName); err != nil {
			return nil, err
		}
		so.AssetID, so.DocumentID = nullStr(asset), nullStr(doc)
		out = append(out, &so)
	}
	return out, rows.Err()
}

func findSignoffs(ctx context.Context, tx *Tx, cond string, arg any) ([]*backend.Signoff, error) {
	rows, err := tx.QueryContext(ctx, signoffSelect("")+` WHERE s.deleted_at IS NULL AND `+cond+`
		ORDER BY s.signed_on DESC, s.id DESC LIMIT 500`, arg)
	if err != nil {
		return nil, err
	}
	return scanSignoffs(rows)
}

func (s *SignoffService) CreateSignoff(ctx context.Context, in *backend.SignoffInput) (so *backend.Signoff, err error) {
	if err := in.Validate(s.db.Now()); err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		p, err := findPropertyByID(ctx, tx, in.PropertyID)
		if err != nil {
			return err
		}
		problems := backend.Problems{}
		var one int
		if in.AssetID != nil {
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM assets WHERE id = ? AND property_id = ? AND deleted_at IS NULL`, *in.AssetID, p.ID).Scan(&one)
			if err == sql.ErrNoRows {
				problems.Add("assetId", "Choose an asset of this property.")
			} else if err != nil {
				return err
			}
		}
		if in.DocumentID != nil {
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM documents WHERE id = ? AND deleted_at IS NULL AND (property_id = ? OR client_id = ?)`,
				*in.DocumentID, p.ID, p.ClientID).Scan(&one)
			if err == sql.ErrNoRows {
				problems.Add("documentId", "Choose a document of this property or its client.")
			} else if err != nil {
				return err
			}
		}
		if err := problems.Err(); err != nil {
			return err
		}
		id := backend.NewID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO signoffs (id, property_id, asset_id, contractor, signed_by, signed_on, comment, document_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, p.ID, in.AssetID, in.Contractor, in.SignedBy, in.SignedOn, in.Comment, in.DocumentID, tx.now); err != nil {
			return err
		}
		out, err := findSignoffs(ctx, tx, "s.id = ?", id)
		if err == nil {
			so = out[0]
		}
		return err
	})
	return so, err
}

func (s *SignoffService) DeleteSignoff(ctx context.Context, id string) error {
	if !backend.ValidID(id) {
		return errSignoffNotFound
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE signoffs SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`, tx.now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errSignoffNotFound
		}
		return nil
	})
}
