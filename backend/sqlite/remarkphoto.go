package sqlite

import (
	"context"
	"database/sql"

	"siteward/backend"
)

var _ backend.RemarkPhotoService = (*RemarkService)(nil)

var errPhotoNotFound = backend.Errorf(backend.ENOTFOUND, "Photo not found.")

func (s *RemarkService) FindRemarkPhotos(ctx context.Context, remarkID string) ([]*backend.RemarkPhoto, error) {
	out := []*backend.RemarkPhoto{}
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT rp.id, rp.caption, f.mime FROM remark_photos rp JOIN files f ON f.sha256 = rp.file_sha256
			WHERE rp.remark_id = ? AND rp.deleted_at IS NULL ORDER BY rp.created_at, rp.id`, remarkID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p backend.RemarkPhoto
			if err := rows.Scan(&p.ID, &p.Caption, &p.Mime); err != nil {
				return err
			}
			out = append(out, &p)
		}
		return rows.Err()
	})
	return out, err
}

func (s *RemarkService) FindRemarkPhotoFile(ctx context.Context, id string) (*backend.StoredFileRef, error) {
	if !backend.ValidID(id) {
		return nil, errPhotoNotFound
	}
	var ref backend.StoredFileRef
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT rp.file_sha256, f.mime, COALESCE(NULLIF(rp.caption, ''), 'photo') FROM remark_photos rp
			JOIN files f ON f.sha256 = rp.file_sha256 JOIN remarks r ON r.id = rp.remark_id
			WHERE rp.id = ? AND rp.deleted_at IS NULL AND r.deleted_at IS NULL`, id).Scan(&ref.SHA256, &ref.Mime, &ref.Name)
	})
	if err == sql.ErrNoRows {
		return nil, errPhotoNotFound
	}
	return &ref, err
}
