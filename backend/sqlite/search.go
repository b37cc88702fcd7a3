package sqlite

import (
	"context"
	"strings"

	"siteward/backend"
)

// SearchService implements backend.SearchService on the FTS5 trigram index
// of migrations 202612011100_portal_search, 202612021100_search_scope and
// 202612031210_search_group_paths: the view is applied inside the index
// (the view's one code in the scope column), rows are read newest first, and counts stop at
// backend.SearchCap a kind and searchRowCap in all.
type SearchService struct{ db *DB }

// NewSearchService returns a SearchService on db.
func NewSearchService(db *DB) *SearchService { return &SearchService{db: db} }

var _ backend.SearchService = (*SearchService)(nil)

// searchRowCap bounds the index rows one search reads: when a view matches
// more, every kind's count is of the newest searchRowCap and says "more".
const searchRowCap = 2 * backend.SearchCap

// phrase quotes s as an FTS5 phrase (so a user's quotes, stars or NEAR are
// text, never syntax).
func phrase(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// matchExpr makes an FTS5 query that needs every word, each as a phrase.
func matchExpr(words []string) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = phrase(w)
	}
	return strings.Join(parts, " AND ")
}

// viewCodeSQL is the search code of a view: each index row carries its
// client's code and those of every group above the client (migration
// 202612031210_search_group_paths), so one code names the whole view.
const viewCodeSQL = `SELECT code FROM search_codes WHERE ref_id = ?`

// searchSQL reads the newest ?5 index rows matching ?4 (the words in the
// view), numbers and counts them by kind, and reads the entities only for
// the first ?6 of each. The index's view is exact (its triggers keep it in
// every write transaction), so only a property-limited user's hits are
// checked against the scope's properties (limitedSQL, after scopeCTE).
// CROSS JOIN keeps SQLite's join order (the few hits first): the planner
// cannot know how small the CTEs are and would scan an entity table.
const searchSQL = `WITH
	hits(doc) AS (SELECT rowid FROM search_fts WHERE search_fts MATCH ?4 ORDER BY rowid DESC LIMIT ?5),
	ranked(kind, id, n, total) AS (
		SELECT d.kind, d.ref_id, ROW_NUMBER() OVER (PARTITION BY d.kind ORDER BY h.doc DESC), COUNT(*) OVER (PARTITION BY d.kind)
		FROM hits h CROSS JOIN search_docs d ON d.doc = h.doc
		WHERE d.visible = 1 /*limited*/),
	top(kind, id, n, total) AS MATERIALIZED (SELECT * FROM ranked WHERE n <= ?6)
	SELECT t.kind, t.id, p.name, p.street || ', ' || p.suburb || ' ' || p.state, p.id, p.name, t.total, t.n
		FROM top t CROSS JOIN properties p ON p.id = t.id WHERE t.kind = 'property'
	UNION ALL
	SELECT t.kind, t.id, a.type || CASE WHEN a.esm = 1 THEN ' (ESM)' ELSE '' END,
			trim(a.location || CASE WHEN a.barcode <> '' THEN ' · ' || a.barcode ELSE '' END), p.id, p.name, t.total, t.n
		FROM top t CROSS JOIN assets a ON a.id = t.id CROSS JOIN properties p ON p.id = a.property_id WHERE t.kind = 'asset'
	UNION ALL
	SELECT t.kind, t.id, r.title, COALESCE(r.published_at, ''), p.id, p.name, t.total, t.n
		FROM top t CROSS JOIN reports r ON r.id = t.id CROSS JOIN properties p ON p.id = r.property_id WHERE t.kind = 'report'
	UNION ALL
	SELECT t.kind, t.id, COALESCE('Q-' || q.number, 'Quote') || ' · ' || q.title, q.status, p.id, p.name, t.total, t.n
		FROM top t CROSS JOIN quotes q ON q.id = t.id CROSS JOIN properties p ON p.id = q.property_id WHERE t.kind IN ('defect_quote', 'service_quote')
	UNION ALL
	SELECT t.kind, t.id, COALESCE('T-' || k.number, 'Task') || ' · ' || k.title, k.stage, p.id, p.name, t.total, t.n
		FROM top t CROSS JOIN tasks k ON k.id = t.id CROSS JOIN properties p ON p.id = k.property_id WHERE t.kind = 'task'
	ORDER BY 1, 8`

// limitedSQL keeps a property-limited user's hits on their properties.
const limitedSQL = `AND d.property_id IN (SELECT id FROM scope_properties)`

func (s *SearchService) Search(ctx context.Context, sc backend.Scope, q string) (*backend.SearchResult, error) {
	words, err := backend.SearchWords(q)
	if err != nil {
		return nil, err
	}
	res := &backend.SearchResult{Query: strings.TrimSpace(q)}
	byKind := map[string]*backend.SearchGroup{}
	for _, k := range backend.SearchKinds {
		g := &backend.SearchGroup{Kind: k, Hits: []*backend.SearchHit{}}
		byKind[k] = g
		res.Groups = append(res.Groups, g)
	}
	err = s.db.View(ctx, func(tx *Tx) error {
		view, err := queryStrings(ctx, tx, viewCodeSQL, sc.View.ID)
		if err != nil || len(view) == 0 {
			return err
		}
		// A property-limited user's limit is applied after the index: their
		// counts cannot stop before it (their views are small).
		limit := searchRowCap
		var limited bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM user_property_limits WHERE user_id = ?)`, sc.UserID).Scan(&limited); err != nil {
			return err
		}
		query := searchSQL
		cte, args := scopeCTE(sc)
		if limited {
			limit = -1
			query = cte + ",\n" + strings.Replace(strings.TrimPrefix(query, "WITH"), "/*limited*/", limitedSQL, 1)
		}
		args = append(args, "body : ("+matchExpr(words)+") AND scope : "+phrase(view[0]), limit, backend.SearchPerKind)
		rows, err := tx.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var kind string
			var total, n int
			var h backend.SearchHit
			if err := rows.Scan(&kind, &h.ID, &h.Title, &h.Detail, &h.PropertyID, &h.PropertyName, &total, &n); err != nil {
				return err
			}
			if g := byKind[kind]; g != nil {
				g.Total = total
				g.Hits = append(g.Hits, &h)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		// Read as many rows as allowed: every count may be short.
		seen := 0
		for _, g := range res.Groups {
			seen += g.Total
		}
		for _, g := range res.Groups {
			if g.Total > backend.SearchCap {
				g.Total, g.More = backend.SearchCap, true
			} else if seen == searchRowCap && g.Total > 0 {
				g.More = true
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}

// queryStrings returns the first column of every row.
func queryStrings(ctx context.Context, tx *Tx, query string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
