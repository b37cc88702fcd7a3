package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"siteward/backend"
)

// RemarkEditService implements backend.RemarkEditService.
type RemarkEditService struct {
	db    *DB
	files backend.FileStore
}

// NewRemarkEditService returns a RemarkEditService on db, keeping photos in files.
func NewRemarkEditService(db *DB, files backend.FileStore) *RemarkEditService {
	return &RemarkEditService{db: db, files: files}
}

var _ backend.RemarkEditService = (*RemarkEditService)(nil)

func checkRemarkText(p backend.Problems, sev *backend.Severity, desc *string) {
	if sev != nil && !slices.Contains(backend.Severities, *sev) {
		p.Add("severity", "Choose a severity: critical, non_critical, non_conformance, recommendation or information.")
	}
	if desc != nil {
		if d := strings.TrimSpace(*desc); d == "" {
			p.Add("description", "Describe the remark: what was found, and where.")
		} else if utf8.RuneCountInString(d) > backend.MaxRemarkDescription {
			p.Add("description", "Keep the description under 4,000 characters.")
		}
	}
}

// assetOnProperty checks that asset (if any) is a live asset of property.
func assetOnProperty(ctx context.Context, tx *Tx, p backend.Problems, asset, property string) error {
	if asset == "" {
		return nil
	}
	var ok bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM assets WHERE id = ? AND property_id = ? AND deleted_at IS NULL)`,
		asset, property).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		p.Add("assetId", "Choose one of this property's assets, or none.")
	}
	return nil
}

func (s *RemarkEditService) CreateRemark(ctx context.Context, in backend.RemarkInput) (r *backend.Remark, err error) {
	p := backend.Problems{}
	checkRemarkText(p, &in.Severity, &in.Description)
	if !backend.ValidID(in.PropertyID) {
		p.Add("propertyId", "Choose the property the remark is on.")
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		if in.PropertyID != "" && backend.ValidID(in.PropertyID) {
			if _, err := findPropertyByID(ctx, tx, in.PropertyID); backend.ErrorCode(err) == backend.ENOTFOUND {
				p.Add("propertyId", "Choose the property the remark is on.")
			} else if err != nil {
				return err
			}
		}
		if in.TaskID != "" {
			var prop, tech sql.NullString
			err := tx.QueryRowContext(ctx, `SELECT property_id, technician_id FROM tasks WHERE id = ? AND deleted_at IS NULL`, in.TaskID).Scan(&prop, &tech)
			switch {
			case errors.Is(err, sql.ErrNoRows), err == nil && in.ByTechnician != "" && tech.String != in.ByTechnician:
				return errTaskNotFound
			case err != nil:
				return err
			case prop.String != in.PropertyID:
				p.Add("taskId", "The task is at another property.")
			}
		}
		if err := assetOnProperty(ctx, tx, p, in.AssetID, in.PropertyID); err != nil {
			return err
		}
		if err := p.Err(); err != nil {
			return err
		}
		n, err := nextNumber(ctx, tx, "remark")
		if err != nil {
			return err
		}
		id := backend.NewID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO remarks (id, number, property_id, asset_id, task_id, severity, status, description,
				raised_at, created_at, updated_at) VALUES (?, ?, ?, NULLIF(?, ''), NULLIF(?, ''), ?, 'open', ?, ?, ?, ?)`,
			id, n, in.PropertyID, in.AssetID, in.TaskID, string(in.Severity), strings.TrimSpace(in.Description), tx.now, tx.now, tx.now); err != nil {
			return err
		}
		r, err = findRemarkByID(ctx, tx, id)
		return err
	})
	return r, err
}

// findOwnRemark finds a remark, within a technician's work when byTechnician is set.
func findOwnRemark(ctx context.Context, tx *Tx, id, byTechnician string) (*backend.Remark, error) {
	f := backend.RemarkFilter{ID: &id, Page: backend.Page{Limit: 1}}
	if byTechnician != "" {
		f.TechnicianID = &byTechnician
	}
	rs, _, err := findRemarks(ctx, tx, f)
	if err != nil {
		return nil, err
	} else if len(rs) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "Remark not found.")
	}
	return rs[0], nil
}

func (s *RemarkEditService) UpdateRemark(ctx context.Context, id string, u backend.RemarkUpdate, byUserID string) (r *backend.Remark, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		if err := updateRemark(ctx, tx, id, u, byUserID); err != nil {
			return err
		}
		r, err = findRemarkByID(ctx, tx, id)
		return err
	})
	return r, err
}

// updateRemark is the one way an edit writes a remark's severity,
// description and asset (the detail's PATCH, from the office or a
// technician's own install, and keeping a conflict's value): every field
// checked first, then written and audited, or nothing.
func updateRemark(ctx context.Context, tx *Tx, id string, u backend.RemarkUpdate, byUserID string) error {
	cur, err := findOwnRemark(ctx, tx, id, u.ByTechnician)
	if err != nil {
		return err
	}
	p := backend.Problems{}
	checkRemarkText(p, u.Severity, u.Description)
	var set, changed []string
	var args []any
	if u.Severity != nil && *u.Severity != cur.Severity {
		set, args, changed = append(set, "severity = ?"), append(args, string(*u.Severity)), append(changed, "severity")
	}
	if d := u.Description; d != nil && strings.TrimSpace(*d) != cur.Description {
		set, args, changed = append(set, "description = ?"), append(args, strings.TrimSpace(*d)), append(changed, "description")
	}
	if u.AssetID != nil && *u.AssetID != deref(cur.AssetID) {
		if err := assetOnProperty(ctx, tx, p, *u.AssetID, cur.PropertyID); err != nil {
			return err
		}
		set, args, changed = append(set, "asset_id = NULLIF(?, '')"), append(args, *u.AssetID), append(changed, "assetId")
	}
	if err := p.Err(); err != nil {
		return err
	}
	if len(set) == 0 {
		return nil
	}
	set, args = append(set, "updated_at = ?"), append(args, tx.now)
	if _, err := tx.ExecContext(ctx, `UPDATE remarks SET `+strings.Join(set, ", ")+` WHERE id = ?`, append(args, id)...); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (id, user_id, action, entity, entity_id, detail, at)
		VALUES (?, NULLIF(?, ''), 'remark.update', 'remark', ?, ?, ?)`, backend.NewID(), byUserID, id, strings.Join(changed, ","), tx.now)
	return err
}

func (s *RemarkEditService) AddRemarkPhoto(ctx context.Context, remarkID string, content []byte, caption, byTechnician string) (ph *backend.RemarkPhoto, err error) {
	caption = strings.TrimSpace(caption)
	if len(caption) > 200 {
		return nil, &backend.Error{Code: backend.EINVALID, Message: "Keep the caption under 200 characters.",
			Fields: map[string]string{"caption": "Keep the caption under 200 characters."}}
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findOwnRemark(ctx, tx, remarkID, byTechnician); err != nil {
			return err
		}
		mime, _, _, problem := backend.SniffImage(content, backend.MaxRemarkPhotoBytes, "A photo")
		if problem != "" {
			return &backend.Error{Code: backend.EINVALID, Message: problem, Fields: map[string]string{"file": problem}}
		}
		sum := sha256.Sum256(content)
		hash := hex.EncodeToString(sum[:])
		if err := putFileRow(ctx, tx, s.files, hash, mime, content); err != nil {
			return err
		}
		ph = &backend.RemarkPhoto{ID: backend.NewID(), Caption: caption, Mime: mime}
		_, err := tx.ExecContext(ctx, `INSERT INTO remark_photos (id, remark_id, file_sha256, caption, created_at) VALUES (?, ?, ?, ?, ?)`,
			ph.ID, remarkID, hash, caption, tx.now)
		return err
	})
	return ph, err
}

func (s *RemarkEditService) FindRemarkOfPhoto(ctx context.Context, photoID string) (id string, err error) {
	if !backend.ValidID(photoID) {
		return "", errPhotoNotFound
	}
	err = s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT remark_id FROM remark_photos WHERE id = ? AND deleted_at IS NULL`, photoID).Scan(&id)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return "", errPhotoNotFound
	}
	return id, err
}
