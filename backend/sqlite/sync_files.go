package sqlite

import (
	"context"

	"siteward/backend"
)

// Files in offline sync (docs/sync.md "Transport"): content moves apart
// from the change log, content-addressed and resumable, before the change
// that adds the file's row is pushed; the hub holds such a change back
// until it has the content.

// missingFile names the file a change adds whose content the hub does not
// hold ("" when there is none).
func (s *SyncService) missingFile(ch *backend.Change) (string, error) {
	if s.Files == nil || ch.Table != "files" || ch.Op == backend.OpDelete {
		return "", nil
	}
	_, complete, err := s.Files.FileState(ch.RowID)
	if backend.ErrorCode(err) == backend.EINVALID {
		return "", nil // not a file name: the merge refuses it with the reason
	}
	if err != nil || complete {
		return "", err
	}
	return ch.RowID, nil
}

// MissingFiles lists the files this install has rows for but not the
// content of.
func (s *SyncService) MissingFiles(ctx context.Context) ([]backend.SyncFile, error) {
	out := []backend.SyncFile{}
	if s.Files == nil {
		return out, nil
	}
	var all []backend.SyncFile
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT sha256, size FROM files ORDER BY sha256`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var f backend.SyncFile
			if err := rows.Scan(&f.SHA256, &f.Size); err != nil {
				return err
			}
			all = append(all, f)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	for _, f := range all {
		if _, complete, err := s.Files.FileState(f.SHA256); err == nil && !complete {
			out = append(out, f)
		}
	}
	return out, nil
}

// MayReadFile says whether an install may download a file.
func (s *SyncService) MayReadFile(ctx context.Context, siteID, sum string) error {
	return s.db.View(ctx, func(tx *Tx) error {
		peer, err := findPeer(ctx, tx, siteID, "")
		if err != nil || !peer.sliced() {
			return err
		}
		var ok bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sync_slice WHERE site_id = ? AND tbl = 'files' AND row_id = ?)
			OR EXISTS (SELECT 1 FROM sync_changes WHERE tbl = 'files' AND row_id = ? AND origin = ?)`, siteID, sum, sum, siteID).Scan(&ok); err != nil {
			return err
		}
		if !ok {
			return backend.Errorf(backend.ENOTFOUND, "The office hub does not hold this file yet.")
		}
		return nil
	})
}
