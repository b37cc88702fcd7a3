package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"siteward/backend"
)

// ReportJobStore implements backend.ReportJobStore.
type ReportJobStore struct {
	db    *DB
	files backend.FileStore
}

// NewReportJobStore returns a ReportJobStore on db keeping PDFs in files.
func NewReportJobStore(db *DB, files backend.FileStore) *ReportJobStore {
	return &ReportJobStore{db: db, files: files}
}

var _ backend.ReportJobStore = (*ReportJobStore)(nil)

// reportJobKeep is how long finished jobs are kept (the portal offers them
// for far less; this only bounds the table).
const reportJobKeep = 24 * time.Hour

func (s *ReportJobStore) SaveReportJob(ctx context.Context, j *backend.FinishedReportJob, pdf []byte) error {
	if j.Status != "done" && j.Status != "failed" {
		return backend.Errorf(backend.EINVALID, "Only a finished report job is kept.")
	}
	var file any
	if j.Status == "done" {
		sum := sha256.Sum256(pdf)
		j.FileSHA256 = hex.EncodeToString(sum[:])
		file = j.FileSHA256
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		now, _ := backend.ParseTime(tx.now)
		if _, err := tx.ExecContext(ctx, `DELETE FROM report_jobs WHERE created_at < ?`,
			backend.FormatTime(now.Add(-reportJobKeep))); err != nil {
			return err
		}
		if file != nil {
			if err := s.files.PutFile(j.FileSHA256, "application/pdf", pdf); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO files (sha256, size, mime, created_at) VALUES (?, ?, 'application/pdf', ?)
				ON CONFLICT (sha256) DO NOTHING`, j.FileSHA256, len(pdf), tx.now); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO report_jobs (id, user_id, view_kind, view_id, kind, name, status, error,
			file_sha256, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, j.ID, j.Scope.UserID, string(j.Scope.View.Kind),
			j.Scope.View.ID, j.Kind, j.Name, j.Status, j.Error, file, backend.FormatTime(j.CreatedAt))
		return err
	})
}

func (s *ReportJobStore) FindReportJob(ctx context.Context, id string) (*backend.FinishedReportJob, error) {
	var j backend.FinishedReportJob
	var kind, created string
	var file sql.NullString
	err := s.db.read.QueryRowContext(ctx, `SELECT id, user_id, view_kind, view_id, kind, name, status, error, file_sha256, created_at
		FROM report_jobs WHERE id = ?`, id).Scan(&j.ID, &j.Scope.UserID, &kind, &j.Scope.View.ID, &j.Kind, &j.Name, &j.Status,
		&j.Error, &file, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, backend.Errorf(backend.ENOTFOUND, "Report job not found.")
	} else if err != nil {
		return nil, err
	}
	j.Scope.View.Kind = backend.ViewKind(kind)
	j.FileSHA256 = file.String
	j.CreatedAt, _ = backend.ParseTime(created)
	return &j, nil
}
