package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"

	"siteward/backend"
)

// FloorplanService implements backend.FloorplanService.
type FloorplanService struct {
	db    *DB
	files backend.FileStore
}

// NewFloorplanService returns a FloorplanService on db keeping images in files.
func NewFloorplanService(db *DB, files backend.FileStore) *FloorplanService {
	return &FloorplanService{db: db, files: files}
}

var _ backend.FloorplanService = (*FloorplanService)(nil)

var errFloorplanNotFound = backend.Errorf(backend.ENOTFOUND, "Floorplan not found.")

// maxPlanAssets bounds the assets listed beside a property's plans.
const maxPlanAssets = 2000

func (s *FloorplanService) FindPropertyFloorplans(ctx context.Context, propertyID string) (pf *backend.PropertyFloorplans, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		if _, err := findPropertyByID(ctx, tx, propertyID); err != nil {
			return err
		}
		pf = &backend.PropertyFloorplans{}
		if pf.Floorplans, err = findFloorplans(ctx, tx, "f.property_id = ?", propertyID); err != nil {
			return err
		}
		pf.Assets, err = findPlanAssets(ctx, tx, "property_id = ?", propertyID)
		return err
	})
	return pf, err
}

func findFloorplans(ctx context.Context, tx *Tx, cond string, arg any) ([]*backend.Floorplan, error) {
	rows, err := tx.QueryContext(ctx, `SELECT f.id, f.name, f.width, f.height,
			(SELECT COUNT(*) FROM assets a WHERE a.floorplan_id = f.id AND a.deleted_at IS NULL AND a.pin_x IS NOT NULL)
		FROM floorplans f WHERE f.deleted_at IS NULL AND `+cond+` ORDER BY f.name COLLATE NOCASE, f.id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*backend.Floorplan{}
	for rows.Next() {
		var f backend.Floorplan
		if err := rows.Scan(&f.ID, &f.Name, &f.Width, &f.Height, &f.Pins); err != nil {
			return nil, err
		}
		out = append(out, &f)
	}
	return out, rows.Err()
}

func findFloorplanByID(ctx context.Context, tx *Tx, id string) (*backend.Floorplan, string, error) {
	if !backend.ValidID(id) {
		return nil, "", errFloorplanNotFound
	}
	fs, err := findFloorplans(ctx, tx, "f.id = ?", id)
	if err != nil {
		return nil, "", err
	} else if len(fs) == 0 {
		return nil, "", errFloorplanNotFound
	}
	var property string
	err = tx.QueryRowContext(ctx, `SELECT property_id FROM floorplans WHERE id = ?`, id).Scan(&property)
	return fs[0], property, err
}

func findPlanAssets(ctx context.Context, tx *Tx, cond string, arg any) ([]*backend.FloorplanAsset, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, type, location, barcode, esm, floorplan_id, pin_x, pin_y FROM assets
		WHERE deleted_at IS NULL AND `+cond+` ORDER BY type COLLATE NOCASE, location COLLATE NOCASE, id LIMIT ?`, arg, maxPlanAssets)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*backend.FloorplanAsset{}
	for rows.Next() {
		var a backend.FloorplanAsset
		var plan sql.NullString
		var x, y sql.NullFloat64
		if err := rows.Scan(&a.ID, &a.Type, &a.Location, &a.Barcode, &a.ESM, &plan, &x, &y); err != nil {
			return nil, err
		}
		if plan.Valid && x.Valid && y.Valid {
			a.FloorplanID, a.PinX, a.PinY = &plan.String, &x.Float64, &y.Float64
		}
		out = append(out, &a)
	}
	return out, rows.Err()
}

// CreateFloorplan reads the image's type and size from its bytes, then
// stores the file and both rows in one transaction.
func (s *FloorplanService) CreateFloorplan(ctx context.Context, u *backend.FloorplanUpload) (f *backend.Floorplan, err error) {
	p := backend.Problems{}
	name, problem := backend.CleanFloorplanName(u.Name)
	if problem != "" {
		p.Add("name", problem)
	}
	mime, width, height, problem := backend.SniffFloorplan(u.Content)
	if problem != "" {
		p.Add("file", problem)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	sum := sha256.Sum256(u.Content)
	hexSum := hex.EncodeToString(sum[:])
	err = s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findPropertyByID(ctx, tx, u.PropertyID); err != nil {
			return err
		}
		if err := putFileRow(ctx, tx, s.files, hexSum, mime, u.Content); err != nil {
			return err
		}
		id := backend.NewID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO floorplans (id, property_id, name, file_sha256, width, height, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, id, u.PropertyID, name, hexSum, width, height, tx.now, tx.now); err != nil {
			return err
		}
		f, _, err = findFloorplanByID(ctx, tx, id)
		return err
	})
	return f, err
}

func (s *FloorplanService) RenameFloorplan(ctx context.Context, id, name string) (f *backend.Floorplan, err error) {
	name, problem := backend.CleanFloorplanName(name)
	if problem != "" {
		return nil, &backend.Error{Code: backend.EINVALID, Message: "Check the floorplan's name.", Fields: map[string]string{"name": problem}}
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		if _, _, err := findFloorplanByID(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE floorplans SET name = ?, updated_at = ? WHERE id = ?`, name, tx.now, id); err != nil {
			return err
		}
		f, _, err = findFloorplanByID(ctx, tx, id)
		return err
	})
	return f, err
}

// DeleteFloorplan leaves a tombstone and takes every asset off the plan,
// so no pin points at a plan nobody can see.
func (s *FloorplanService) DeleteFloorplan(ctx context.Context, id string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, _, err := findFloorplanByID(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assets SET floorplan_id = NULL, pin_x = NULL, pin_y = NULL, updated_at = ?
			WHERE floorplan_id = ?`, tx.now, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE floorplans SET deleted_at = ?, updated_at = ? WHERE id = ?`, tx.now, tx.now, id)
		return err
	})
}

var errAssetNotFound = backend.Errorf(backend.ENOTFOUND, "Asset not found.")

func findPlanAsset(ctx context.Context, tx *Tx, id string) (*backend.FloorplanAsset, string, error) {
	if !backend.ValidID(id) {
		return nil, "", errAssetNotFound
	}
	as, err := findPlanAssets(ctx, tx, "id = ?", id)
	if err != nil {
		return nil, "", err
	} else if len(as) == 0 {
		return nil, "", errAssetNotFound
	}
	var property string
	err = tx.QueryRowContext(ctx, `SELECT property_id FROM assets WHERE id = ?`, id).Scan(&property)
	return as[0], property, err
}

func (s *FloorplanService) PinAsset(ctx context.Context, assetID string, pin backend.AssetPin) (a *backend.FloorplanAsset, err error) {
	if err := pin.Validate(); err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		_, property, err := findPlanAsset(ctx, tx, assetID)
		if err != nil {
			return err
		}
		_, planProperty, err := findFloorplanByID(ctx, tx, pin.FloorplanID)
		if backend.ErrorCode(err) == backend.ENOTFOUND || (err == nil && planProperty != property) {
			return &backend.Error{Code: backend.EINVALID, Message: "Pin the asset on a floorplan of its own property.",
				Fields: map[string]string{"floorplanId": "Choose a floorplan of the asset's property."}}
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assets SET floorplan_id = ?, pin_x = ?, pin_y = ?, updated_at = ? WHERE id = ?`,
			pin.FloorplanID, pin.X, pin.Y, tx.now, assetID); err != nil {
			return err
		}
		a, _, err = findPlanAsset(ctx, tx, assetID)
		return err
	})
	return a, err
}

func (s *FloorplanService) UnpinAsset(ctx context.Context, assetID string) (a *backend.FloorplanAsset, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		if _, _, err := findPlanAsset(ctx, tx, assetID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE assets SET floorplan_id = NULL, pin_x = NULL, pin_y = NULL, updated_at = ? WHERE id = ?`,
			tx.now, assetID); err != nil {
			return err
		}
		a, _, err = findPlanAsset(ctx, tx, assetID)
		return err
	})
	return a, err
}

func (s *FloorplanService) FindFloorplanFile(ctx context.Context, id string) (*backend.StoredFileRef, error) {
	if !backend.ValidID(id) {
		return nil, errFloorplanNotFound
	}
	var ref backend.StoredFileRef
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT f.file_sha256, fl.mime, f.name FROM floorplans f JOIN files fl ON fl.sha256 = f.file_sha256
			WHERE f.id = ? AND f.deleted_at IS NULL`, id).Scan(&ref.SHA256, &ref.Mime, &ref.Name)
	})
	if err == sql.ErrNoRows {
		return nil, errFloorplanNotFound
	}
	return &ref, err
}
