package sqlite

import (
	"context"
	"fmt"
	"strings"

	"siteward/backend"
)

// BulkUpdateClients applies one change to many clients in one transaction.
// Every selected client must still exist; otherwise nothing is written, so
// the office never has to work out which half of a selection changed.
func (s *ClientService) BulkUpdateClients(ctx context.Context, upd backend.ClientBulkUpdate) (res *backend.ClientBulkResult, err error) {
	if err := upd.Validate(); err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		if upd.SetGroup && upd.GroupID != nil {
			if _, err := findClientGroupByID(ctx, tx, *upd.GroupID); err != nil {
				return fieldErr(err, "groupId", "Choose an existing client group.")
			}
		}
		if err := requireClients(ctx, tx, upd.IDs); err != nil {
			return err
		}
		res, err = bulkUpdateClients(ctx, tx, upd)
		return err
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// requireClients returns EINVALID (field ids) unless every id is a client.
func requireClients(ctx context.Context, tx *Tx, ids []string) error {
	st, err := tx.PrepareContext(ctx, `SELECT COUNT(*) FROM clients WHERE id = ? AND deleted_at IS NULL`)
	if err != nil {
		return err
	}
	defer st.Close()
	missing := 0
	for _, id := range ids {
		var n int
		if err := st.QueryRowContext(ctx, id).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			missing++
		}
	}
	if missing > 0 {
		msg := fmt.Sprintf("%d of the selected clients no longer exist. Reload the list and select again; nothing was changed.", missing)
		if missing == 1 {
			msg = "One of the selected clients no longer exists. Reload the list and select again; nothing was changed."
		}
		return &backend.Error{Code: backend.EINVALID, Message: msg, Fields: map[string]string{"ids": msg}}
	}
	return nil
}

func bulkUpdateClients(ctx context.Context, tx *Tx, upd backend.ClientBulkUpdate) (*backend.ClientBulkResult, error) {
	res := &backend.ClientBulkResult{Selected: len(upd.IDs)}
	stmts := map[string]string{
		"addTag":    `INSERT INTO client_tags (client_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING`,
		"removeTag": `DELETE FROM client_tags WHERE client_id = ? AND tag = ?`,
		"active":    `UPDATE clients SET active = ?2 WHERE id = ?1 AND active <> ?2`,
		"group":     `UPDATE clients SET group_id = ?2 WHERE id = ?1 AND group_id IS NOT ?2`,
		"touch":     `UPDATE clients SET updated_at = ?2 WHERE id = ?1`,
	}
	exec := map[string]func(args ...any) (int64, error){}
	for name, q := range stmts {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return nil, err
		}
		defer st.Close()
		exec[name] = func(args ...any) (int64, error) {
			r, err := st.ExecContext(ctx, args...)
			if err != nil {
				return 0, err
			}
			return r.RowsAffected()
		}
	}
	for _, id := range upd.IDs {
		var changed int64
		add := func(counter *int, n int64) {
			*counter += int(n)
			changed += n
		}
		for _, t := range upd.AddTags {
			n, err := exec["addTag"](id, t)
			if err != nil {
				return nil, err
			}
			add(&res.TagsAdded, n)
		}
		for _, t := range upd.RemoveTags {
			n, err := exec["removeTag"](id, t)
			if err != nil {
				return nil, err
			}
			add(&res.TagsRemoved, n)
		}
		if upd.Active != nil {
			n, err := exec["active"](id, *upd.Active)
			if err != nil {
				return nil, err
			}
			add(&res.ActiveChanged, n)
		}
		if upd.SetGroup {
			n, err := exec["group"](id, upd.GroupID)
			if err != nil {
				return nil, err
			}
			add(&res.GroupChanged, n)
		}
		if changed > 0 {
			res.Changed++
			if _, err := exec["touch"](id, tx.now); err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}

func (s *ClientService) FindClientTags(ctx context.Context) (tags []backend.TagCount, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT t.tag, COUNT(*) FROM client_tags t JOIN clients c ON c.id = t.client_id
			WHERE c.deleted_at IS NULL GROUP BY t.tag COLLATE NOCASE ORDER BY t.tag COLLATE NOCASE`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t backend.TagCount
			if err := rows.Scan(&t.Tag, &t.Clients); err != nil {
				return err
			}
			if !strings.EqualFold(t.Tag, backend.TagNoPortalAccess) {
				tags = append(tags, t)
			}
		}
		return rows.Err()
	})
	if tags == nil {
		tags = []backend.TagCount{}
	}
	return tags, err
}
