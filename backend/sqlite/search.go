package sqlite

import (
	"context"
	"fmt"
	"strings"

	"siteward/backend"
)

// SearchService implements backend.SearchService on the FTS5 trigram index
// of migration 202612011100_portal_search.
type SearchService struct{ db *DB }

// NewSearchService returns a SearchService on db.
func NewSearchService(db *DB) *SearchService { return &SearchService{db: db} }

var _ backend.SearchService = (*SearchService)(nil)

// matchExpr makes an FTS5 query that needs every word, each as a phrase
// (so a user's quotes, stars or NEAR are text, never syntax).
func matchExpr(words []string) string {
	parts := make([]string, len(words))
	for i, w := range words {
		parts[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	return strings.Join(parts, " AND ")
}

// searchHits are the index rows matching ?4 that a customer may see, on
// properties of the scope.
const searchHits = `(SELECT rowid AS doc FROM search_fts WHERE search_fts MATCH ?4) h JOIN search_docs d ON d.doc = h.doc
		WHERE d.visible = 1 AND d.property_id IN (SELECT id FROM scope_properties)`

// searchSQL finds the index rows matching ?4 that a customer may see
// (search_docs.visible) on properties of the scope, counts and numbers
// them by kind from the index alone, and reads the entities only for the
// first ?5 of each kind (the most recently indexed first).
const searchSQL = `,
	ranked(kind, id, n, total) AS (
		SELECT d.kind, d.ref_id, ROW_NUMBER() OVER (PARTITION BY d.kind ORDER BY d.doc DESC), COUNT(*) OVER (PARTITION BY d.kind)
		FROM %s),
	top(kind, id, n, total) AS MATERIALIZED (SELECT * FROM ranked WHERE n <= ?5)
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
	cte, args := scopeCTE(sc)
	args = append(args, matchExpr(words), backend.SearchPerKind)
	err = s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, cte+fmt.Sprintf(searchSQL, searchHits), args...)
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
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return res, nil
}
