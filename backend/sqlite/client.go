package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"siteward/backend"
)

// ClientService implements backend.ClientService.
type ClientService struct{ db *DB }

// NewClientService returns a ClientService on db.
func NewClientService(db *DB) *ClientService { return &ClientService{db: db} }

var _ backend.ClientService = (*ClientService)(nil)

func (s *ClientService) FindClientByID(ctx context.Context, id string) (c *backend.Client, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		c, err = findClientByID(ctx, tx, id)
		return err
	})
	return c, err
}

func findClientByID(ctx context.Context, tx *Tx, id string) (*backend.Client, error) {
	cs, _, err := findClients(ctx, tx, backend.ClientFilter{ID: &id, Page: backend.Page{Limit: 1}})
	if err != nil {
		return nil, err
	} else if len(cs) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "Client not found.")
	}
	c := cs[0]
	if c.SLAs, err = findClientSLAs(ctx, tx, id); err != nil {
		return nil, err
	}
	return c, nil
}

func findClientSLAs(ctx context.Context, tx *Tx, clientID string) ([]backend.ClientSLA, error) {
	rows, err := tx.QueryContext(ctx, `SELECT priority, response_hours, completion_hours FROM client_slas WHERE client_id = ?
		ORDER BY CASE priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END`, clientID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []backend.ClientSLA{}
	for rows.Next() {
		var s backend.ClientSLA
		if err := rows.Scan(&s.Priority, &s.ResponseHours, &s.CompletionHours); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func setClientSLAs(ctx context.Context, tx *Tx, clientID string, slas []backend.ClientSLA) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM client_slas WHERE client_id = ?`, clientID); err != nil {
		return err
	}
	for _, s := range slas {
		if _, err := tx.ExecContext(ctx, `INSERT INTO client_slas (client_id, priority, response_hours, completion_hours)
			VALUES (?, ?, ?, ?)`, clientID, s.Priority, s.ResponseHours, s.CompletionHours); err != nil {
			return err
		}
	}
	return nil
}

func (s *ClientService) FindClients(ctx context.Context, f backend.ClientFilter) (cs []*backend.Client, n int, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		cs, n, err = findClients(ctx, tx, f)
		return err
	})
	return cs, n, err
}

// portalGroupsCTE names every group a customer account can see: groups with
// an active customer among their authorised accounts and every group nested
// below them (the same accounts the portal's views accept).
const portalGroupsCTE = `portal_groups(id) AS (
	SELECT DISTINCT a.group_id FROM client_group_accounts a JOIN users u ON u.id = a.user_id
		JOIN client_groups g ON g.id = a.group_id
		WHERE u.active = 1 AND u.licence = 'customer' AND u.deleted_at IS NULL AND g.deleted_at IS NULL
	UNION
	SELECT g.id FROM client_groups g JOIN portal_groups p ON g.parent_id = p.id WHERE g.deleted_at IS NULL
)`

// hasPortalSQL is true for a client a customer user can see. The CROSS
// JOINs keep SQLite from starting at users (every active customer, for
// each client): at 10,000 clients that plan took the list from 40 ms to 2 s
// (BenchmarkFindClients).
const hasPortalSQL = `(EXISTS (SELECT 1 FROM client_users cu CROSS JOIN users u ON u.id = cu.user_id
		WHERE cu.client_id = c.id AND u.active = 1 AND u.licence = 'customer' AND u.deleted_at IS NULL)
	OR COALESCE(c.group_id IN (SELECT id FROM portal_groups), 0))`

// propertyCountSQL and portalUsersSQL are a client's counts (alias c).
const (
	propertyCountSQL = `(SELECT COUNT(*) FROM properties p WHERE p.client_id = c.id AND p.deleted_at IS NULL)`
	portalUsersSQL   = `(SELECT COUNT(*) FROM client_users cu CROSS JOIN users u ON u.id = cu.user_id
		WHERE cu.client_id = c.id AND u.active = 1 AND u.licence = 'customer' AND u.deleted_at IS NULL)`
)

func findClients(ctx context.Context, tx *Tx, f backend.ClientFilter) ([]*backend.Client, int, error) {
	f.Normalize()
	var out []*backend.Client
	var total int
	err := queryClients(ctx, tx, f, true, func(c *backend.Client, n int) error {
		out, total = append(out, c), n
		return nil
	})
	return out, total, err
}

func (s *ClientService) EachClient(ctx context.Context, f backend.ClientFilter, fn func(*backend.Client) error) error {
	return s.db.View(ctx, func(tx *Tx) error {
		return queryClients(ctx, tx, f, false, func(c *backend.Client, _ int) error { return fn(c) })
	})
}

// queryClients runs the clients query for f, paged by f's offset and limit
// when paged, and calls fn for each row with the total that match.
func queryClients(ctx context.Context, tx *Tx, f backend.ClientFilter, paged bool, fn func(c *backend.Client, total int) error) error {
	w := where{"c.deleted_at IS NULL"}
	var args []any
	if f.ID != nil {
		w, args = append(w, "c.id = ?"), append(args, *f.ID)
	}
	if f.GroupID != nil {
		if *f.GroupID == "" {
			w = append(w, "c.group_id IS NULL")
		} else {
			w, args = append(w, "c.group_id = ?"), append(args, *f.GroupID)
		}
	}
	if f.Active != nil {
		w, args = append(w, "c.active = ?"), append(args, *f.Active)
	}
	if f.Tag != nil {
		if strings.EqualFold(*f.Tag, backend.TagNoPortalAccess) {
			w = append(w, "NOT "+hasPortalSQL)
		} else {
			w, args = append(w, "EXISTS (SELECT 1 FROM client_tags t WHERE t.client_id = c.id AND t.tag = ?)"), append(args, *f.Tag)
		}
	}
	if f.PortalAccess != nil {
		if *f.PortalAccess {
			w = append(w, hasPortalSQL)
		} else {
			w = append(w, "NOT "+hasPortalSQL)
		}
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := likeArg(q)
		w = append(w, `(c.name LIKE ? ESCAPE '\' OR c.code LIKE ? ESCAPE '\' OR EXISTS (SELECT 1 FROM client_contacts k
			WHERE k.client_id = c.id AND k.deleted_at IS NULL AND (k.name LIKE ? ESCAPE '\' OR k.email LIKE ? ESCAPE '\')))`)
		args = append(args, pat, pat, pat, pat)
	}
	col, desc := f.SortKey("name", "name", "code", "group", "properties", "createdAt", "portalUsers", "pricingTier")
	order := map[string]string{"name": "c.name COLLATE NOCASE", "code": "c.code IS NULL, c.code", "group": "g.name COLLATE NOCASE",
		"properties": propertyCountSQL, "createdAt": "c.created_at", "portalUsers": portalUsersSQL,
		"pricingTier": "c.pricing_tier"}[col] + dir(desc) + ", c.name COLLATE NOCASE, c.id"
	// The total, then the page: each query is only what it needs. The page's
	// ids come from the filter and sort alone (an index walk that stops at
	// the limit for name order); counts and tags are worked out for those
	// rows only.
	total := 0
	limit := ""
	if paged {
		if err := tx.QueryRowContext(ctx, `WITH RECURSIVE `+portalGroupsCTE+` SELECT COUNT(*) FROM clients c`+w.sql(), args...).Scan(&total); err != nil {
			return err
		}
		if total == 0 {
			return nil
		}
		limit = " LIMIT ? OFFSET ?"
		args = append(args, f.Limit, f.Offset)
	}
	rows, err := tx.QueryContext(ctx, `WITH RECURSIVE `+portalGroupsCTE+`,
		page(id) AS (
			SELECT c.id FROM clients c LEFT JOIN client_groups g ON g.id = c.group_id`+w.sql()+`
			ORDER BY `+order+limit+`
		)
		SELECT c.id, COALESCE(c.code, ''), c.name, c.group_id, COALESCE(g.name, ''), c.email_reports, c.email_quotes, c.email_correspondence,
			c.email_invoices, c.pricing_tier, c.active, c.created_at, c.updated_at,
			COALESCE(pc.name, ''), COALESCE(pc.email, ''),
			`+propertyCountSQL+`, `+portalUsersSQL+`,
			(SELECT GROUP_CONCAT(tag, char(31)) FROM (SELECT tag FROM client_tags t WHERE t.client_id = c.id ORDER BY tag)),
			`+hasPortalSQL+`
		FROM page JOIN clients c ON c.id = page.id
		LEFT JOIN client_groups g ON g.id = c.group_id
		LEFT JOIN client_contacts pc ON pc.client_id = c.id AND pc.is_primary = 1 AND pc.deleted_at IS NULL
		ORDER BY `+order, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var c backend.Client
		var group, tags sql.NullString
		var created, updated string
		var portal bool
		if err := rows.Scan(&c.ID, &c.Code, &c.Name, &group, &c.GroupName, &c.EmailReports, &c.EmailQuotes, &c.EmailCorrespondence,
			&c.EmailInvoices, &c.PricingTier, &c.Active, &created, &updated, &c.PrimaryName, &c.PrimaryEmail,
			&c.PropertyCount, &c.PortalUsers, &tags, &portal); err != nil {
			return err
		}
		if group.Valid {
			c.GroupID = &group.String
		}
		c.Tags = []string{}
		if tags.Valid && tags.String != "" {
			c.Tags = strings.Split(tags.String, "\x1f")
		}
		if !portal {
			c.Tags = append(c.Tags, backend.TagNoPortalAccess)
		}
		c.CreatedAt, _ = backend.ParseTime(created)
		c.UpdatedAt, _ = backend.ParseTime(updated)
		if err := fn(&c, total); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s *ClientService) CreateClient(ctx context.Context, c *backend.Client) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error { return createClient(ctx, tx, c) })
}

func createClient(ctx context.Context, tx *Tx, c *backend.Client) error {
	if c.GroupID != nil {
		if _, err := findClientGroupByID(ctx, tx, *c.GroupID); err != nil {
			return fieldErr(err, "groupId", "Choose an existing client group.")
		}
	}
	if c.ID == "" {
		c.ID = backend.NewID()
	}
	if err := checkClientCode(ctx, tx, c.ID, c.Code); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO clients (id, code, name, group_id, email_reports, email_quotes, email_correspondence,
		email_invoices, pricing_tier, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, nullIfEmpty(c.Code), c.Name, c.GroupID, c.EmailReports, c.EmailQuotes, c.EmailCorrespondence, c.EmailInvoices, c.PricingTier,
		c.Active, tx.now, tx.now)
	if err != nil {
		return clientCodeErr(err, c.Code)
	}
	c.CreatedAt, _ = backend.ParseTime(tx.now)
	c.UpdatedAt = c.CreatedAt
	if err := setClientSLAs(ctx, tx, c.ID, c.SLAs); err != nil {
		return err
	}
	return setClientTags(ctx, tx, c.ID, c.Tags)
}

func setClientTags(ctx context.Context, tx *Tx, clientID string, tags []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM client_tags WHERE client_id = ?`, clientID); err != nil {
		return err
	}
	for _, t := range tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO client_tags (client_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING`, clientID, t); err != nil {
			return err
		}
	}
	return nil
}

func (s *ClientService) UpdateClient(ctx context.Context, id string, upd backend.ClientUpdate) (c *backend.Client, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		if c, err = findClientByID(ctx, tx, id); err != nil {
			return err
		}
		for dst, src := range map[*string]*string{&c.Code: upd.Code, &c.Name: upd.Name, &c.EmailReports: upd.EmailReports,
			&c.EmailQuotes: upd.EmailQuotes, &c.EmailCorrespondence: upd.EmailCorrespondence,
			&c.EmailInvoices: upd.EmailInvoices, &c.PricingTier: upd.PricingTier} {
			if src != nil {
				*dst = *src
			}
		}
		if upd.SetGroup {
			c.GroupID = upd.GroupID
		}
		if upd.Active != nil {
			c.Active = *upd.Active
		}
		if upd.Tags != nil {
			c.Tags = *upd.Tags
		}
		if upd.SLAs != nil {
			c.SLAs = *upd.SLAs
			if c.SLAs == nil {
				c.SLAs = []backend.ClientSLA{}
			}
		}
		if err := c.Validate(); err != nil {
			return err
		}
		if upd.SetGroup && c.GroupID != nil {
			if _, err := findClientGroupByID(ctx, tx, *c.GroupID); err != nil {
				return fieldErr(err, "groupId", "Choose an existing client group.")
			}
		}
		if err := checkClientCode(ctx, tx, id, c.Code); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE clients SET code = ?, name = ?, group_id = ?, email_reports = ?, email_quotes = ?,
			email_correspondence = ?, email_invoices = ?, pricing_tier = ?, active = ?, updated_at = ? WHERE id = ?`,
			nullIfEmpty(c.Code), c.Name, c.GroupID, c.EmailReports, c.EmailQuotes, c.EmailCorrespondence, c.EmailInvoices, c.PricingTier,
			c.Active, tx.now, id); err != nil {
			return clientCodeErr(err, c.Code)
		}
		if upd.Tags != nil {
			if err := setClientTags(ctx, tx, id, c.Tags); err != nil {
				return err
			}
		}
		if upd.SLAs != nil {
			if err := setClientSLAs(ctx, tx, id, c.SLAs); err != nil {
				return err
			}
		}
		c, err = findClientByID(ctx, tx, id)
		return err
	})
	return c, err
}

func (s *ClientService) SetClientUsers(ctx context.Context, clientID string, userIDs []string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findClientByID(ctx, tx, clientID); err != nil {
			return err
		}
		if err := requireCustomers(ctx, tx, userIDs); err != nil {
			return err
		}
		if err := endRemovedClientUsers(ctx, tx, clientID, userIDs); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM client_users WHERE client_id = ?`, clientID); err != nil {
			return err
		}
		for _, uid := range userIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO client_users (client_id, user_id, created_at) VALUES (?, ?, ?)
				ON CONFLICT DO NOTHING`, clientID, uid, tx.now); err != nil {
				return err
			}
		}
		return nil
	})
}
