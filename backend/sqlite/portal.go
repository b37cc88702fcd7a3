package sqlite

import (
	"context"
	"database/sql"
	"sort"
	"strings"
	"time"

	"siteward/backend"
)

// PortalService implements backend.PortalService.
type PortalService struct {
	db *DB
	// Location is the workspace's time zone: "overdue" is judged by its date.
	Location *time.Location
}

// NewPortalService returns a PortalService on db in the given time zone.
func NewPortalService(db *DB, loc *time.Location) *PortalService {
	if loc == nil {
		loc = time.UTC
	}
	return &PortalService{db: db, Location: loc}
}

var _ backend.PortalService = (*PortalService)(nil)

var errNoView = backend.Errorf(backend.ENOTFOUND, "That portal view was not found.")

func (s *PortalService) FindViews(ctx context.Context, userID string) (views []backend.View, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		views, err = findViews(ctx, tx, userID)
		return err
	})
	return views, err
}

type viewGroup struct {
	id, name string
	parent   sql.NullString
	root     bool
}

// findViews lists, as an indented tree, each authorised group with the
// groups and clients below it, then the clients linked directly.
func findViews(ctx context.Context, tx *Tx, userID string) ([]backend.View, error) {
	var active bool
	var licence string
	err := tx.QueryRowContext(ctx, `SELECT active, licence FROM users WHERE id = ? AND deleted_at IS NULL`, userID).Scan(&active, &licence)
	if err == sql.ErrNoRows || (err == nil && (!active || licence != string(backend.LicenceCustomer))) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `WITH RECURSIVE tree(id, root) AS (
			SELECT group_id, 1 FROM client_group_accounts a JOIN client_groups g ON g.id = a.group_id
				WHERE a.user_id = ? AND g.deleted_at IS NULL
			UNION
			SELECT g.id, 0 FROM client_groups g JOIN tree t ON g.parent_id = t.id WHERE g.deleted_at IS NULL
		) SELECT g.id, g.name, g.parent_id, MAX(t.root) FROM tree t JOIN client_groups g ON g.id = t.id GROUP BY g.id`, userID)
	if err != nil {
		return nil, err
	}
	groups := map[string]*viewGroup{}
	children := map[string][]string{}
	for rows.Next() {
		var g viewGroup
		if err := rows.Scan(&g.id, &g.name, &g.parent, &g.root); err != nil {
			rows.Close()
			return nil, err
		}
		groups[g.id] = &g
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var roots []string
	for id, g := range groups {
		if _, inTree := groups[g.parent.String]; g.parent.Valid && inTree {
			children[g.parent.String] = append(children[g.parent.String], id)
		} else {
			roots = append(roots, id)
		}
	}
	clientsOf := map[string][]backend.View{}
	var direct []backend.View
	rows, err = tx.QueryContext(ctx, `SELECT c.id, c.name, COALESCE(c.group_id, ''),
			EXISTS (SELECT 1 FROM client_users cu WHERE cu.client_id = c.id AND cu.user_id = ?)
		FROM clients c WHERE c.deleted_at IS NULL AND c.active = 1 AND (c.group_id IN (SELECT value FROM json_each(?))
			OR c.id IN (SELECT client_id FROM client_users WHERE user_id = ?))
		ORDER BY c.name COLLATE NOCASE, c.id`, userID, jsonIDs(groups), userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var v backend.View
		var groupID string
		var linked bool
		if err := rows.Scan(&v.ID, &v.Name, &groupID, &linked); err != nil {
			return nil, err
		}
		v.Kind = backend.ViewClient
		if _, ok := groups[groupID]; ok {
			clientsOf[groupID] = append(clientsOf[groupID], v)
		} else if linked {
			direct = append(direct, v)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	byName := func(ids []string) {
		sort.Slice(ids, func(i, j int) bool {
			a, b := groups[ids[i]], groups[ids[j]]
			if c := strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name)); c != 0 {
				return c < 0
			}
			return a.id < b.id
		})
	}
	var out []backend.View
	var walk func(id string, depth int)
	walk = func(id string, depth int) {
		g := groups[id]
		out = append(out, backend.View{Kind: backend.ViewGroup, ID: id, Name: g.name, Depth: depth})
		kids := children[id]
		byName(kids)
		for _, k := range kids {
			walk(k, depth+1)
		}
		for _, c := range clientsOf[id] {
			c.Depth = depth + 1
			out = append(out, c)
		}
	}
	byName(roots)
	for _, r := range roots {
		walk(r, 0)
	}
	return append(out, direct...), nil
}

func jsonIDs(groups map[string]*viewGroup) string {
	var b strings.Builder
	b.WriteByte('[')
	first := true
	for id := range groups {
		if !first {
			b.WriteByte(',')
		}
		first = false
		b.WriteString(`"` + id + `"`) // ids are UUIDs: nothing to escape
	}
	b.WriteByte(']')
	return b.String()
}

func (s *PortalService) ResolveView(ctx context.Context, userID string, kind backend.ViewKind, id string) (v *backend.View, err error) {
	if (kind != backend.ViewClient && kind != backend.ViewGroup) || !backend.ValidID(id) {
		return nil, errNoView
	}
	err = s.db.View(ctx, func(tx *Tx) error {
		v, err = resolveView(ctx, tx, userID, kind, id)
		return err
	})
	return v, err
}

// resolveView checks membership in SQL: the group must be an authorised
// group or below one; the client must be linked to the user or be in such a group.
func resolveView(ctx context.Context, tx *Tx, userID string, kind backend.ViewKind, id string) (*backend.View, error) {
	var name string
	err := tx.QueryRowContext(ctx, `WITH RECURSIVE allowed(id) AS (
			SELECT a.group_id FROM client_group_accounts a JOIN users u ON u.id = a.user_id
				JOIN client_groups g ON g.id = a.group_id
				WHERE a.user_id = ?1 AND u.active = 1 AND u.licence = 'customer' AND u.deleted_at IS NULL AND g.deleted_at IS NULL
			UNION
			SELECT g.id FROM client_groups g JOIN allowed ON g.parent_id = allowed.id WHERE g.deleted_at IS NULL
		)
		SELECT name FROM client_groups WHERE ?2 = 'group' AND id = ?3 AND id IN (SELECT id FROM allowed)
		UNION ALL
		SELECT c.name FROM clients c WHERE ?2 = 'client' AND c.id = ?3 AND c.deleted_at IS NULL AND c.active = 1 AND (
			c.group_id IN (SELECT id FROM allowed)
			OR EXISTS (SELECT 1 FROM client_users cu JOIN users u ON u.id = cu.user_id
				WHERE cu.client_id = c.id AND cu.user_id = ?1 AND u.active = 1 AND u.licence = 'customer' AND u.deleted_at IS NULL))
		LIMIT 1`, userID, string(kind), id).Scan(&name)
	if err == sql.ErrNoRows {
		return nil, errNoView
	} else if err != nil {
		return nil, err
	}
	return &backend.View{Kind: kind, ID: id, Name: name}, nil
}

func (s *PortalService) today() string { return s.db.Now().In(s.Location).Format(backend.DateLayout) }

func (s *PortalService) FindPortalProperties(ctx context.Context, sc backend.Scope, f backend.PortalPropertyFilter) (ps []*backend.PortalProperty, n int, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		ps, n, err = s.findPortalProperties(ctx, tx, sc, f)
		return err
	})
	return ps, n, err
}

// portalPropertyCountSQL is each per-property count of the properties list, read
// from the property's pre-aggregated counts (portal_counts, kept exact by
// triggers in every write transaction, as the dashboard's): one primary-key
// range each, where counting the rows took a scan of the property's remarks,
// quotes and invoices. ?4 is today.
var portalPropertyCountSQL = map[string]string{
	"invoices": `(SELECT COALESCE(SUM(c.n), 0) FROM portal_counts c WHERE c.property_id = p.id AND c.metric = 'unpaid' AND c.bucket < ?4)`,
	"quotes":   `(SELECT COALESCE(SUM(c.n), 0) FROM portal_counts c WHERE c.property_id = p.id AND c.metric = 'quotes_awaiting')`,
	"defects": `(SELECT COALESCE(SUM(c.n), 0) FROM portal_counts c WHERE c.property_id = p.id AND c.metric = 'open_defects' AND c.bucket = ''
		AND c.key NOT IN ('information', 'recommendation'))`,
	"severity": `(SELECT MIN(` + countRankSQL + `) FROM portal_counts c WHERE c.property_id = p.id AND c.metric = 'open_defects'
		AND c.bucket = '' AND c.n > 0)`,
}

func (s *PortalService) findPortalProperties(ctx context.Context, tx *Tx, sc backend.Scope, f backend.PortalPropertyFilter) ([]*backend.PortalProperty, int, error) {
	f.Normalize()
	cte, args := scopeCTE(sc)
	// ?1–?3 are the scope's, ?4 is today; plain ? placeholders follow in order.
	args = append(args, s.today())
	// ?4 is named first in both queries, so the plain placeholders after it count on from 5.
	w := where{"?4 <> ''", "p.id IN (SELECT id FROM scope_properties)"}
	if f.ID != nil {
		w, args = append(w, "p.id = ?"), append(args, *f.ID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := likeArg(q)
		w, args = append(w, `(p.name LIKE ? ESCAPE '\' OR p.street LIKE ? ESCAPE '\' OR p.suburb LIKE ? ESCAPE '\')`), append(args, pat, pat, pat)
	}
	col, desc := f.SortKey("name", "name", "client", "defects", "quotes", "invoices", "severity")
	order := portalPropertyCountSQL[col]
	switch col {
	case "name":
		order = "p.name COLLATE NOCASE"
	case "client":
		order = "(SELECT c.name FROM clients c WHERE c.id = p.client_id) COLLATE NOCASE"
	}
	// Ties by name, then by rowid (pagedList); only the page's counts are
	// looked up, unless the sort is by a count.
	l := pagedList{with: cte, from: "FROM properties p", alias: "p", w: w,
		sorted: order + dir(desc) + " NULLS LAST, p.name COLLATE NOCASE, p.rowid"}
	var total int
	if err := tx.QueryRowContext(ctx, l.countSQL(), args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := tx.QueryContext(ctx, cte+`
		SELECT p.id, p.name, p.street, p.suburb, p.state, p.postcode, p.client_id, c.name, p.lat, p.lng,
			`+portalPropertyCountSQL["invoices"]+`, `+portalPropertyCountSQL["quotes"]+`, `+portalPropertyCountSQL["defects"]+`, `+portalPropertyCountSQL["severity"]+`
		FROM `+l.pageSQL()+` CROSS JOIN properties p ON p.rowid = pg.n JOIN clients c ON c.id = p.client_id
		ORDER BY `+l.sorted, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*backend.PortalProperty
	for rows.Next() {
		var p backend.PortalProperty
		var street, suburb, postcode string
		var lat, lng sql.NullFloat64
		var worst sql.NullInt64
		if err := rows.Scan(&p.ID, &p.Name, &street, &suburb, &p.State, &postcode, &p.ClientID, &p.ClientName, &lat, &lng,
			&p.OverdueInvoices, &p.QuotesAwaiting, &p.OpenDefects, &worst); err != nil {
			return nil, 0, err
		}
		p.Address = (&backend.Property{Street: street, Suburb: suburb, State: p.State, Postcode: postcode}).Address()
		if lat.Valid && lng.Valid {
			p.Lat, p.Lng = &lat.Float64, &lng.Float64
		}
		if worst.Valid && int(worst.Int64) < len(backend.Severities) {
			sev := backend.Severities[worst.Int64]
			p.WorstSeverity = &sev
		}
		out = append(out, &p)
	}
	return out, total, rows.Err()
}
