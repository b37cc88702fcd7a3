package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"siteward/backend"
)

// ClientGroupService implements backend.ClientGroupService.
type ClientGroupService struct{ db *DB }

// NewClientGroupService returns a ClientGroupService on db.
func NewClientGroupService(db *DB) *ClientGroupService { return &ClientGroupService{db: db} }

var _ backend.ClientGroupService = (*ClientGroupService)(nil)

func (s *ClientGroupService) FindClientGroupByID(ctx context.Context, id string) (g *backend.ClientGroup, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		g, err = findClientGroupByID(ctx, tx, id)
		return err
	})
	return g, err
}

func findClientGroupByID(ctx context.Context, tx *Tx, id string) (*backend.ClientGroup, error) {
	gs, _, err := findClientGroups(ctx, tx, backend.ClientGroupFilter{ID: &id, Page: backend.Page{Limit: 1}})
	if err != nil {
		return nil, err
	} else if len(gs) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "Client group not found.")
	}
	return gs[0], nil
}

func (s *ClientGroupService) FindClientGroups(ctx context.Context, f backend.ClientGroupFilter) (gs []*backend.ClientGroup, n int, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		gs, n, err = findClientGroups(ctx, tx, f)
		return err
	})
	return gs, n, err
}

func findClientGroups(ctx context.Context, tx *Tx, f backend.ClientGroupFilter) ([]*backend.ClientGroup, int, error) {
	f.Normalize()
	w := where{"g.deleted_at IS NULL"}
	var args []any
	if f.ID != nil {
		w, args = append(w, "g.id = ?"), append(args, *f.ID)
	}
	if f.ParentID != nil {
		if *f.ParentID == "" {
			w = append(w, "g.parent_id IS NULL")
		} else {
			w, args = append(w, "g.parent_id = ?"), append(args, *f.ParentID)
		}
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w, args = append(w, "g.name LIKE ? ESCAPE '\\'"), append(args, likeArg(q))
	}
	col, desc := f.SortKey("name", "name", "createdAt")
	order := map[string]string{"name": "g.name COLLATE NOCASE", "createdAt": "g.created_at"}[col]
	rows, err := tx.QueryContext(ctx, `SELECT g.id, g.name, g.parent_id, COALESCE(pg.name, ''), g.created_at, g.updated_at,
		(SELECT COUNT(*) FROM clients c WHERE c.group_id = g.id AND c.deleted_at IS NULL),
		(SELECT COUNT(*) FROM client_groups k WHERE k.parent_id = g.id AND k.deleted_at IS NULL),
		COUNT(*) OVER ()
		FROM client_groups g LEFT JOIN client_groups pg ON pg.id = g.parent_id`+w.sql()+` ORDER BY `+order+dir(desc)+`, g.id LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*backend.ClientGroup
	var total int
	for rows.Next() {
		var g backend.ClientGroup
		var parent sql.NullString
		var created, updated string
		if err := rows.Scan(&g.ID, &g.Name, &parent, &g.ParentName, &created, &updated, &g.ClientCount, &g.ChildCount, &total); err != nil {
			return nil, 0, err
		}
		if parent.Valid {
			g.ParentID = &parent.String
		}
		g.CreatedAt, _ = backend.ParseTime(created)
		g.UpdatedAt, _ = backend.ParseTime(updated)
		out = append(out, &g)
	}
	return out, total, rows.Err()
}

func (s *ClientGroupService) CreateClientGroup(ctx context.Context, g *backend.ClientGroup) error {
	if err := g.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if g.ParentID != nil {
			if _, err := findClientGroupByID(ctx, tx, *g.ParentID); err != nil {
				return fieldErr(err, "parentId", "Choose an existing parent group.")
			}
		}
		if g.ID == "" {
			g.ID = backend.NewID()
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO client_groups (id, name, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			g.ID, g.Name, g.ParentID, tx.now, tx.now)
		g.CreatedAt, _ = backend.ParseTime(tx.now)
		g.UpdatedAt = g.CreatedAt
		return err
	})
}

// fieldErr turns a not-found of a referenced row into a field error.
func fieldErr(err error, field, msg string) error {
	if backend.ErrorCode(err) == backend.ENOTFOUND {
		return &backend.Error{Code: backend.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
	}
	return err
}

func (s *ClientGroupService) UpdateClientGroup(ctx context.Context, id string, upd backend.ClientGroupUpdate) (g *backend.ClientGroup, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		if g, err = findClientGroupByID(ctx, tx, id); err != nil {
			return err
		}
		if upd.Name != nil {
			g.Name = *upd.Name
		}
		if upd.SetParent {
			g.ParentID = upd.ParentID
		}
		if err := g.Validate(); err != nil {
			return err
		}
		if upd.SetParent && g.ParentID != nil {
			if _, err := findClientGroupByID(ctx, tx, *g.ParentID); err != nil {
				return fieldErr(err, "parentId", "Choose an existing parent group.")
			}
			cycle, err := isGroupWithin(ctx, tx, *g.ParentID, id)
			if err != nil {
				return err
			} else if cycle {
				msg := "That group is inside this one; moving this group under it would make a loop."
				return &backend.Error{Code: backend.EINVALID, Message: msg, Fields: map[string]string{"parentId": msg}}
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE client_groups SET name = ?, parent_id = ?, updated_at = ? WHERE id = ?`,
			g.Name, g.ParentID, tx.now, id)
		g.UpdatedAt, _ = backend.ParseTime(tx.now)
		return err
	})
	return g, err
}

// isGroupWithin reports whether group id is ancestor or is itself below it.
func isGroupWithin(ctx context.Context, tx *Tx, id, ancestor string) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `WITH RECURSIVE up(id, parent_id, depth) AS (
			SELECT id, parent_id, 0 FROM client_groups WHERE id = ?
			UNION ALL
			SELECT g.id, g.parent_id, up.depth + 1 FROM client_groups g JOIN up ON g.id = up.parent_id WHERE up.depth < 1000
		) SELECT COUNT(*) FROM up WHERE id = ?`, id, ancestor).Scan(&n)
	return n > 0, err
}

func (s *ClientGroupService) PlanClientGroupDelete(ctx context.Context, id string) (p *backend.ClientGroupDeletePlan, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		p, err = planClientGroupDelete(ctx, tx, id)
		return err
	})
	return p, err
}

func planClientGroupDelete(ctx context.Context, tx *Tx, id string) (*backend.ClientGroupDeletePlan, error) {
	g, err := findClientGroupByID(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	p := &backend.ClientGroupDeletePlan{Group: g, Clients: g.ClientCount, ChildGroups: g.ChildCount}
	if g.ParentID != nil {
		if p.NewParent, err = findClientGroupByID(ctx, tx, *g.ParentID); err != nil {
			return nil, err
		}
	}
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM client_group_accounts WHERE group_id = ?`, id).Scan(&p.Accounts)
	return p, err
}

func (s *ClientGroupService) DeleteClientGroup(ctx context.Context, id string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		g, err := findClientGroupByID(ctx, tx, id)
		if err != nil {
			return err
		}
		// Authorised accounts keep exactly what they could see, no more: they are
		// authorised on each former child group and linked to each former client
		// directly. Moving them to the parent would widen their access.
		for _, q := range []string{
			`INSERT INTO client_group_accounts (group_id, user_id, created_at)
				SELECT g.id, a.user_id, ?2 FROM client_group_accounts a JOIN client_groups g ON g.parent_id = a.group_id
				WHERE a.group_id = ?1 AND g.deleted_at IS NULL
				ON CONFLICT DO NOTHING`,
			`INSERT INTO client_users (client_id, user_id, created_at)
				SELECT c.id, a.user_id, ?2 FROM client_group_accounts a JOIN clients c ON c.group_id = a.group_id
				WHERE a.group_id = ?1 AND c.deleted_at IS NULL
				ON CONFLICT DO NOTHING`,
			`DELETE FROM client_group_accounts WHERE group_id = ?1`,
		} {
			if _, err := tx.ExecContext(ctx, q, id, tx.now); err != nil {
				return err
			}
		}
		for _, q := range []string{
			`UPDATE clients SET group_id = ?2, updated_at = ?3 WHERE group_id = ?1 AND deleted_at IS NULL`,
			`UPDATE client_groups SET parent_id = ?2, updated_at = ?3 WHERE parent_id = ?1 AND deleted_at IS NULL`,
			`UPDATE client_groups SET deleted_at = ?3, updated_at = ?3 WHERE id = ?1`,
		} {
			if _, err := tx.ExecContext(ctx, q, id, g.ParentID, tx.now); err != nil {
				return err
			}
		}
		return nil
	})
}

func (s *ClientGroupService) SetClientGroupAccounts(ctx context.Context, groupID string, userIDs []string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findClientGroupByID(ctx, tx, groupID); err != nil {
			return err
		}
		if err := requireCustomers(ctx, tx, userIDs); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM client_group_accounts WHERE group_id = ?`, groupID); err != nil {
			return err
		}
		for _, uid := range userIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO client_group_accounts (group_id, user_id, created_at) VALUES (?, ?, ?)
				ON CONFLICT DO NOTHING`, groupID, uid, tx.now); err != nil {
				return err
			}
		}
		return nil
	})
}

// requireCustomers checks that every id is an active customer user.
func requireCustomers(ctx context.Context, tx *Tx, userIDs []string) error {
	for _, uid := range userIDs {
		u, err := findUserByID(ctx, tx, uid)
		if err != nil || !u.Active || u.Licence != backend.LicenceCustomer {
			msg := "Only active users with a Customer licence can be authorised for a portal."
			return &backend.Error{Code: backend.EINVALID, Message: msg, Fields: map[string]string{"userIds": msg}}
		}
	}
	return nil
}

func (s *ClientGroupService) FindClientGroupAccounts(ctx context.Context, groupID string) (users []*backend.User, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT user_id FROM client_group_accounts WHERE group_id = ? ORDER BY created_at`, groupID)
		if err != nil {
			return err
		}
		var ids []string
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			u, err := findUserByID(ctx, tx, id)
			if err != nil {
				return err
			}
			users = append(users, u)
		}
		return rows.Err()
	})
	return users, err
}
