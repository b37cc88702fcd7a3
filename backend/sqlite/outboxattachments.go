package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"siteward/backend"
)

// insertAttachments writes m's attachments with it. Each must be a stored
// file (a files row); their sizes come from there, and together they must
// stay under backend.MaxAttachmentBytes.
func insertAttachments(ctx context.Context, tx *Tx, m *backend.OutboxMessage) error {
	var total int64
	for i := range m.Attachments {
		a := &m.Attachments[i]
		err := tx.QueryRowContext(ctx, `SELECT size FROM files WHERE sha256 = ?`, a.SHA256).Scan(&a.Size)
		if errors.Is(err, sql.ErrNoRows) {
			return backend.Errorf(backend.ENOTFOUND, "The file %s to attach is not stored.", a.Filename)
		} else if err != nil {
			return err
		}
		total += a.Size
	}
	if total > backend.MaxAttachmentBytes {
		return &backend.Error{Code: backend.EINVALID,
			Message: fmt.Sprintf("The attachments come to %.1f MB; an email can carry at most %d MB. Send a link to the portal instead.",
				float64(total)/(1<<20), backend.MaxAttachmentBytes>>20),
			Fields: map[string]string{"attachments": "Too large to send by email."}}
	}
	for i, a := range m.Attachments {
		if _, err := tx.ExecContext(ctx, `INSERT INTO outbox_attachments (outbox_id, position, file_sha256, filename, mime, content_id)
			VALUES (?, ?, ?, ?, ?, ?)`, m.ID, i, a.SHA256, a.Filename, a.MIME, a.ContentID); err != nil {
			return err
		}
	}
	return nil
}

// loadAttachments fills the attachments of ms in one query.
func loadAttachments(ctx context.Context, tx *Tx, ms []*backend.OutboxMessage) error {
	if len(ms) == 0 {
		return nil
	}
	byID := make(map[string]*backend.OutboxMessage, len(ms))
	args := make([]any, len(ms))
	for i, m := range ms {
		byID[m.ID], args[i] = m, m.ID
		m.Attachments = []backend.OutboxAttachment{}
	}
	rows, err := tx.QueryContext(ctx, `SELECT a.outbox_id, a.file_sha256, a.filename, a.mime, a.content_id, f.size
		FROM outbox_attachments a JOIN files f ON f.sha256 = a.file_sha256
		WHERE a.outbox_id IN (?`+strings.Repeat(", ?", len(ms)-1)+`) ORDER BY a.outbox_id, a.position`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var a backend.OutboxAttachment
		if err := rows.Scan(&id, &a.SHA256, &a.Filename, &a.MIME, &a.ContentID, &a.Size); err != nil {
			return err
		}
		byID[id].Attachments = append(byID[id].Attachments, a)
	}
	return rows.Err()
}
