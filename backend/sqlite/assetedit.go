package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"siteward/backend"
)

// AssetEditService implements backend.AssetEditService.
type AssetEditService struct {
	db   *DB
	list *CustomerDataService
}

// NewAssetEditService returns an AssetEditService on db.
func NewAssetEditService(db *DB) *AssetEditService {
	return &AssetEditService{db: db, list: NewCustomerDataService(db, time.UTC)}
}

var _ backend.AssetEditService = (*AssetEditService)(nil)

func checkAssetText(p backend.Problems, typ, location, barcode *string) {
	if typ != nil {
		if t := strings.TrimSpace(*typ); t == "" {
			p.Add("type", "Name the kind of asset, e.g. Extinguisher.")
		} else if len(t) > 100 {
			p.Add("type", "Keep the type under 100 characters.")
		}
	}
	if location != nil && len(*location) > 200 {
		p.Add("location", "Keep the location under 200 characters.")
	}
	if barcode != nil && len(*barcode) > 100 {
		p.Add("barcode", "Keep the barcode under 100 characters.")
	}
}

func (s *AssetEditService) CreateAsset(ctx context.Context, in backend.AssetInput) (*backend.AssetRow, error) {
	p := backend.Problems{}
	checkAssetText(p, &in.Type, &in.Location, &in.Barcode)
	id := backend.NewID()
	err := s.db.Update(ctx, func(tx *Tx) error {
		if !backend.ValidID(in.PropertyID) {
			p.Add("propertyId", "Choose the property the asset is at.")
		} else if _, err := findPropertyByID(ctx, tx, in.PropertyID); backend.ErrorCode(err) == backend.ENOTFOUND {
			p.Add("propertyId", "Choose the property the asset is at.")
		} else if err != nil {
			return err
		}
		if err := p.Err(); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO assets (id, property_id, type, esm, location, barcode, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, in.PropertyID, strings.TrimSpace(in.Type), in.ESM, strings.TrimSpace(in.Location),
			strings.TrimSpace(in.Barcode), tx.now, tx.now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.find(ctx, id)
}

func (s *AssetEditService) UpdateAsset(ctx context.Context, id string, u backend.AssetUpdate) (*backend.AssetRow, error) {
	if !backend.ValidID(id) {
		return nil, errAssetNotFound
	}
	p := backend.Problems{}
	checkAssetText(p, u.Type, u.Location, u.Barcode)
	if err := p.Err(); err != nil {
		return nil, err
	}
	err := s.db.Update(ctx, func(tx *Tx) error {
		var cur struct {
			typ, location, barcode string
			esm                    bool
		}
		err := tx.QueryRowContext(ctx, `SELECT type, esm, location, barcode FROM assets WHERE id = ? AND deleted_at IS NULL`, id).
			Scan(&cur.typ, &cur.esm, &cur.location, &cur.barcode)
		if errors.Is(err, sql.ErrNoRows) {
			return errAssetNotFound
		} else if err != nil {
			return err
		}
		set, args := []string{}, []any{}
		for _, f := range []struct {
			col string
			val *string
			cur string
		}{{"type", u.Type, cur.typ}, {"location", u.Location, cur.location}, {"barcode", u.Barcode, cur.barcode}} {
			if f.val != nil && strings.TrimSpace(*f.val) != f.cur {
				set, args = append(set, f.col+" = ?"), append(args, strings.TrimSpace(*f.val))
			}
		}
		if u.ESM != nil && *u.ESM != cur.esm {
			set, args = append(set, "esm = ?"), append(args, *u.ESM)
		}
		if len(set) == 0 {
			return nil
		}
		set, args = append(set, "updated_at = ?"), append(args, tx.now)
		_, err = tx.ExecContext(ctx, `UPDATE assets SET `+strings.Join(set, ", ")+` WHERE id = ?`, append(args, id)...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.find(ctx, id)
}

func (s *AssetEditService) find(ctx context.Context, id string) (*backend.AssetRow, error) {
	rows, _, err := s.list.FindAssets(ctx, backend.AssetFilter{ID: &id, Page: backend.Page{Limit: 1}})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, errAssetNotFound
	}
	return rows[0], nil
}
