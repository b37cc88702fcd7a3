package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"

	"siteward/backend"
)

// DocumentService implements backend.DocumentService: documents on clients
// and properties, their files content-addressed in the file store.
type DocumentService struct {
	db    *DB
	files backend.FileStore
}

// NewDocumentService returns a DocumentService on db keeping files in files.
func NewDocumentService(db *DB, files backend.FileStore) *DocumentService {
	return &DocumentService{db: db, files: files}
}

var _ backend.DocumentService = (*DocumentService)(nil)

var errDocumentNotFound = backend.Errorf(backend.ENOTFOUND, "Document not found.")

// ownerCol is the column and id of a document owner, after checking it exists.
func ownerCol(ctx context.Context, tx *Tx, o backend.DocumentOwner) (string, string, error) {
	if o.PropertyID != "" {
		_, err := findPropertyByID(ctx, tx, o.PropertyID)
		return "property_id", o.PropertyID, err
	}
	if _, err := findClientByID(ctx, tx, o.ClientID); err != nil {
		return "", "", err
	}
	return "client_id", o.ClientID, nil
}

func (s *DocumentService) FindDocuments(ctx context.Context, o backend.DocumentOwner) (l *backend.DocumentList, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		col, id, err := ownerCol(ctx, tx, o)
		if err != nil {
			return err
		}
		l = &backend.DocumentList{}
		if l.Folders, err = findFolders(ctx, tx, col, id, ""); err != nil {
			return err
		}
		l.Documents, err = findDocuments(ctx, tx, "d."+col+" = ?", id)
		return err
	})
	return l, err
}

func findDocuments(ctx context.Context, tx *Tx, cond string, args ...any) ([]*backend.Document, error) {
	rows, err := tx.QueryContext(ctx, `SELECT d.id, d.client_id, d.property_id, d.folder, d.name, fl.mime, fl.size,
			COALESCE(u.name, ''), d.created_at, d.updated_at
		FROM documents d JOIN files fl ON fl.sha256 = d.file_sha256 LEFT JOIN users u ON u.id = d.uploaded_by
		WHERE d.deleted_at IS NULL AND `+cond+` ORDER BY d.folder COLLATE NOCASE, d.name COLLATE NOCASE, d.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*backend.Document{}
	for rows.Next() {
		var d backend.Document
		var client, property sql.NullString
		if err := rows.Scan(&d.ID, &client, &property, &d.Folder, &d.Name, &d.Mime, &d.Size, &d.UploadedBy, &d.CreatedAt, &d.UpdatedAt); err != nil {
			return nil, err
		}
		d.ClientID, d.PropertyID = nullStr(client), nullStr(property)
		d.Public = backend.IsPublicFolder(d.Folder)
		out = append(out, &d)
	}
	return out, rows.Err()
}

func findDocumentByID(ctx context.Context, tx *Tx, id string) (*backend.Document, error) {
	if !backend.ValidID(id) {
		return nil, errDocumentNotFound
	}
	ds, err := findDocuments(ctx, tx, "d.id = ?", id)
	if err != nil {
		return nil, err
	} else if len(ds) == 0 {
		return nil, errDocumentNotFound
	}
	return ds[0], nil
}

// UploadDocument writes the file first (whole or absent), then the files
// and documents rows in the same transaction. A refused or failed upload
// leaves at most an unreferenced file, never a row.
func (s *DocumentService) UploadDocument(ctx context.Context, u *backend.DocumentUpload) (d *backend.Document, err error) {
	mime, err := u.Validate()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(u.Content)
	hexSum := hex.EncodeToString(sum[:])
	err = s.db.Update(ctx, func(tx *Tx) error {
		col, id, err := ownerCol(ctx, tx, u.Owner)
		if err != nil {
			return err
		}
		fs, err := findFolders(ctx, tx, col, id, u.Folder)
		if err != nil {
			return err
		} else if len(fs) == 0 {
			return &backend.Error{Code: backend.EINVALID, Message: "Choose a folder that exists.",
				Fields: map[string]string{"folder": "There is no folder " + u.Folder + " here; create it first."}}
		}
		if err := putFileRow(ctx, tx, s.files, hexSum, mime, u.Content); err != nil {
			return err
		}
		docID := backend.NewID()
		var by any
		if u.UploadedBy != "" {
			by = u.UploadedBy
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO documents (id, `+col+`, folder, name, file_sha256, uploaded_by, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, docID, id, fs[0].Name, u.Name, hexSum, by, tx.now, tx.now); err != nil {
			return err
		}
		d, err = findDocumentByID(ctx, tx, docID)
		return err
	})
	return d, err
}

// putFileRow stores content in the file store and its files row; the same
// content stored again is one file and one row.
func putFileRow(ctx context.Context, tx *Tx, files backend.FileStore, sum, mime string, content []byte) error {
	if err := files.PutFile(sum, mime, content); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO files (sha256, size, mime, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING`, sum, len(content), mime, tx.now)
	return err
}

func (s *DocumentService) UpdateDocument(ctx context.Context, id string, u backend.DocumentUpdate) (d *backend.Document, err error) {
	if err := u.Validate(); err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		old, err := findDocumentByID(ctx, tx, id)
		if err != nil {
			return err
		}
		name, folder := old.Name, old.Folder
		if u.Name != nil {
			name = *u.Name
		}
		if u.Folder != nil {
			col, owner := "client_id", ""
			if old.PropertyID != nil {
				col, owner = "property_id", *old.PropertyID
			} else {
				owner = *old.ClientID
			}
			fs, err := findFolders(ctx, tx, col, owner, *u.Folder)
			if err != nil {
				return err
			} else if len(fs) == 0 {
				return &backend.Error{Code: backend.EINVALID, Message: "Choose a folder that exists.",
					Fields: map[string]string{"folder": "There is no folder " + *u.Folder + " here."}}
			}
			folder = fs[0].Name
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET name = ?, folder = ?, updated_at = ? WHERE id = ?`,
			name, folder, tx.now, id); err != nil {
			return err
		}
		d, err = findDocumentByID(ctx, tx, id)
		return err
	})
	return d, err
}

func (s *DocumentService) DeleteDocument(ctx context.Context, id string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findDocumentByID(ctx, tx, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE documents SET deleted_at = ?, updated_at = ? WHERE id = ?`, tx.now, tx.now, id)
		return err
	})
}

func (s *DocumentService) FindDocumentFile(ctx context.Context, id string) (*backend.StoredFileRef, error) {
	if !backend.ValidID(id) {
		return nil, errDocumentNotFound
	}
	var ref backend.StoredFileRef
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT d.file_sha256, fl.mime, d.name FROM documents d JOIN files fl ON fl.sha256 = d.file_sha256
			WHERE d.id = ? AND d.deleted_at IS NULL`, id).Scan(&ref.SHA256, &ref.Mime, &ref.Name)
	})
	if err == sql.ErrNoRows {
		return nil, errDocumentNotFound
	}
	return &ref, err
}
