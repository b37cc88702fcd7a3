package sqlite

import (
	"context"
	"strings"

	"siteward/backend"
)

// SearchService implements backend.SearchService on the FTS5 trigram index
// of migrations 202612011100_portal_search and 202612021100_search_scope:
// the view is applied inside the index (its clients' or groups' codes in
// the scope column), each kind is read newest first and its count stops
// at backend.SearchCap.
type SearchService struct{ db *DB }

// NewSearchService returns a SearchService on db.
func NewSearchService(db *DB) *SearchService { return &SearchService{db: db} }

var _ backend.SearchService = (*SearchService)(nil)

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

// viewCodesSQL lists the search codes of a view: the client's, or those of
// the group and every group nested below it (?1 kind, ?2 id, as scopeCTE).
const viewCodesSQL = `WITH RECURSIVE view_groups(id) AS (
		SELECT id FROM client_groups WHERE ?1 = 'group' AND id = ?2 AND deleted_at IS NULL
		UNION
		SELECT g.id FROM client_groups g JOIN view_groups v ON g.parent_id = v.id WHERE g.deleted_at IS NULL)
	SELECT code FROM search_codes WHERE ref_id IN (SELECT id FROM view_groups)
	UNION ALL SELECT code FROM search_codes WHERE ?1 = 'client' AND ref_id = ?2`

// searchSQL reads, per kind (?4–?9 are the kinds' full match expressions),
// the newest ?10 matching rows, keeps those on the scope's properties
// (only property-limited users can have rows in the index's view that are
// not), numbers and counts them by kind, and reads the entities only for
// the first ?11 of each.
const searchSQL = `,
	hits(kind, doc) AS (
		SELECT 'property', doc FROM (SELECT rowid AS doc FROM search_fts WHERE search_fts MATCH ?4 ORDER BY rowid DESC LIMIT ?10)
		UNION ALL SELECT 'asset', doc FROM (SELECT rowid AS doc FROM search_fts WHERE search_fts MATCH ?5 ORDER BY rowid DESC LIMIT ?10)
		UNION ALL SELECT 'report', doc FROM (SELECT rowid AS doc FROM search_fts WHERE search_fts MATCH ?6 ORDER BY rowid DESC LIMIT ?10)
		UNION ALL SELECT 'defect_quote', doc FROM (SELECT rowid AS doc FROM search_fts WHERE search_fts MATCH ?7 ORDER BY rowid DESC LIMIT ?10)
		UNION ALL SELECT 'service_quote', doc FROM (SELECT rowid AS doc FROM search_fts WHERE search_fts MATCH ?8 ORDER BY rowid DESC LIMIT ?10)
		UNION ALL SELECT 'task', doc FROM (SELECT rowid AS doc FROM search_fts WHERE search_fts MATCH ?9 ORDER BY rowid DESC LIMIT ?10)),
	ranked(kind, id, n, total) AS (
		SELECT h.kind, d.ref_id, ROW_NUMBER() OVER (PARTITION BY h.kind ORDER BY h.doc DESC), COUNT(*) OVER (PARTITION BY h.kind)
		FROM hits h JOIN search_docs d ON d.doc = h.doc
		WHERE d.visible = 1 AND d.property_id IN (SELECT id FROM scope_properties)),
	top(kind, id, n, total) AS MATERIALIZED (SELECT * FROM ranked WHERE n <= ?11)
	SELECT t.kind, t.id, p.name, p.street || ', ' || p.suburb || ' ' || p.state, p.id, p.name, t.total, t.n
		FROM top t JOIN properties p ON p.id = t.id WHERE t.kind = 'property'
	UNION ALL
	SELECT t.kind, t.id, a.type || CASE WHEN a.esm = 1 THEN ' (ESM)' ELSE '' END,
			trim(a.location || CASE WHEN a.barcode <> '' THEN ' · ' || a.barcode ELSE '' END), p.id, p.name, t.total, t.n
		FROM top t JOIN assets a ON a.id = t.id JOIN properties p ON p.id = a.property_id WHERE t.kind = 'asset'
	UNION ALL
	SELECT t.kind, t.id, r.title, COALESCE(r.published_at, ''), p.id, p.name, t.total, t.n
		FROM top t JOIN reports r ON r.id = t.id JOIN properties p ON p.id = r.property_id WHERE t.kind = 'report'
	UNION ALL
	SELECT t.kind, t.id, COALESCE('Q-' || q.number, 'Quote') || ' · ' || q.title, q.status, p.id, p.name, t.total, t.n
		FROM top t JOIN quotes q ON q.id = t.id JOIN properties p ON p.id = q.property_id WHERE t.kind IN ('defect_quote', 'service_quote')
	UNION ALL
	SELECT t.kind, t.id, COALESCE('T-' || k.number, 'Task') || ' · ' || k.title, k.stage, p.id, p.name, t.total, t.n
		FROM top t JOIN tasks k ON k.id = t.id JOIN properties p ON p.id = k.property_id WHERE t.kind = 'task'
	ORDER BY 1, 8`

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
		view, err := queryStrings(ctx, tx, viewCodesSQL, string(sc.View.Kind), sc.View.ID)
		if err != nil || len(view) == 0 {
			return err
		}
		kinds := map[string]string{}
		rows, err := tx.QueryContext(ctx, `SELECT substr(ref_id, 6), code FROM search_codes WHERE ref_id LIKE 'kind:%'`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var k, code string
			if err := rows.Scan(&k, &code); err != nil {
				rows.Close()
				return err
			}
			kinds[k] = code
		}
		rows.Close()
		// A property-limited user's limit is applied after the index: their
		// counts cannot stop at the cap before it (their views are small).
		limit := backend.SearchCap + 1
		var limited bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM user_property_limits WHERE user_id = ?)`, sc.UserID).Scan(&limited); err != nil {
			return err
		}
		if limited {
			limit = -1
		}
		for i, c := range view {
			view[i] = phrase(c)
		}
		base := "body : (" + matchExpr(words) + ") AND scope : (" + strings.Join(view, " OR ") + ") AND scope : "
		cte, args := scopeCTE(sc)
		for _, k := range backend.SearchKinds {
			args = append(args, base+phrase(kinds[k]))
		}
		args = append(args, limit, backend.SearchPerKind)
		rows, err = tx.QueryContext(ctx, cte+searchSQL, args...)
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
				if !limited && total > backend.SearchCap {
					g.Total, g.More = backend.SearchCap, true
				}
				g.Hits = append(g.Hits, &h)
			}
		}
		return rows.Err()
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
