package sqlite

import (
	"context"
	"fmt"
	"strings"

	"siteward/backend"
)

// Folders are named, per owner, without regard to case or surrounding
// space (as the portal compares "public"). A folder is its rows in
// document_folders together with the documents that name it.

// findFolders lists an owner's folders (col is client_id or property_id),
// the public one first; with name, only that folder.
func findFolders(ctx context.Context, tx *Tx, col, id, name string) ([]*backend.DocumentFolder, error) {
	q := `SELECT MIN(name), SUM(doc) FROM (
			SELECT name, 0 AS doc FROM document_folders WHERE ` + col + ` = ?1 AND deleted_at IS NULL
			UNION ALL SELECT folder, 1 FROM documents WHERE ` + col + ` = ?1 AND deleted_at IS NULL)`
	args := []any{id}
	if name != "" {
		q += ` WHERE lower(trim(name)) = lower(trim(?2))`
		args = append(args, name)
	}
	q += ` GROUP BY lower(trim(name)) ORDER BY lower(trim(name)) <> 'public', MIN(name) COLLATE NOCASE`
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*backend.DocumentFolder{}
	for rows.Next() {
		var f backend.DocumentFolder
		if err := rows.Scan(&f.Name, &f.Documents); err != nil {
			return nil, err
		}
		f.Public = backend.IsPublicFolder(f.Name)
		out = append(out, &f)
	}
	return out, rows.Err()
}

func folderNotFound(name string) error {
	return backend.Errorf(backend.ENOTFOUND, "There is no folder %q here.", name)
}

func folderTaken(name string) error {
	return &backend.Error{Code: backend.ECONFLICT, Message: "There is already a folder named " + name + ".",
		Fields: map[string]string{"name": "There is already a folder named " + name + "; choose another name."}}
}

func (s *DocumentService) CreateFolder(ctx context.Context, o backend.DocumentOwner, name string) (f *backend.DocumentFolder, err error) {
	name, err = backend.CleanFolderName(name)
	if err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		col, id, err := ownerCol(ctx, tx, o)
		if err != nil {
			return err
		}
		if fs, err := findFolders(ctx, tx, col, id, name); err != nil {
			return err
		} else if len(fs) > 0 {
			return folderTaken(fs[0].Name)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO document_folders (id, `+col+`, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			backend.NewID(), id, name, tx.now, tx.now); err != nil {
			return err
		}
		f = &backend.DocumentFolder{Name: name, Public: backend.IsPublicFolder(name)}
		return nil
	})
	return f, err
}

// RenameFolder renames the folder's rows and moves its documents in one
// transaction. A case-only rename ("Public" → "public") is allowed.
func (s *DocumentService) RenameFolder(ctx context.Context, o backend.DocumentOwner, from, to string) (f *backend.DocumentFolder, err error) {
	to, err = backend.CleanFolderName(to)
	if err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		col, id, err := ownerCol(ctx, tx, o)
		if err != nil {
			return err
		}
		old, err := findFolders(ctx, tx, col, id, from)
		if err != nil {
			return err
		} else if len(old) == 0 {
			return folderNotFound(from)
		}
		if !strings.EqualFold(strings.TrimSpace(from), to) {
			if taken, err := findFolders(ctx, tx, col, id, to); err != nil {
				return err
			} else if len(taken) > 0 {
				return folderTaken(taken[0].Name)
			}
		}
		same := `WHERE ` + col + ` = ? AND lower(trim(%s)) = lower(trim(?)) AND deleted_at IS NULL`
		res, err := tx.ExecContext(ctx, `UPDATE document_folders SET name = ?, updated_at = ? `+fmt.Sprintf(same, "name"), to, tx.now, id, from)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 { // a folder known only from its documents gets a row
			if _, err := tx.ExecContext(ctx, `INSERT INTO document_folders (id, `+col+`, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
				backend.NewID(), id, to, tx.now, tx.now); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE documents SET folder = ?, updated_at = ? `+fmt.Sprintf(same, "folder"), to, tx.now, id, from); err != nil {
			return err
		}
		f = &backend.DocumentFolder{Name: to, Public: backend.IsPublicFolder(to), Documents: old[0].Documents}
		return nil
	})
	return f, err
}

func (s *DocumentService) DeleteFolder(ctx context.Context, o backend.DocumentOwner, name string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		col, id, err := ownerCol(ctx, tx, o)
		if err != nil {
			return err
		}
		fs, err := findFolders(ctx, tx, col, id, name)
		if err != nil {
			return err
		} else if len(fs) == 0 {
			return folderNotFound(name)
		} else if n := fs[0].Documents; n > 0 {
			return backend.Errorf(backend.ECONFLICT, "The folder %s still holds %d %s; move or delete them first.", fs[0].Name, n, map[bool]string{true: "document", false: "documents"}[n == 1])
		}
		_, err = tx.ExecContext(ctx, `UPDATE document_folders SET deleted_at = ?, updated_at = ?
			WHERE `+col+` = ? AND lower(trim(name)) = lower(trim(?)) AND deleted_at IS NULL`, tx.now, tx.now, id, name)
		return err
	})
}
