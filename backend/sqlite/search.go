package sqlite

import (
	"context"
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

// searchSQL finds the index rows matching ?4 on properties of the scope,
// then keeps only what a customer may see of each kind — active properties
// (the scope), assets not deleted, published reports, submitted / approved
// / declined quotes, tasks not deleted or cancelled — numbering the hits of
// each kind so only the first few are read.
const searchSQL = `,
	hits(doc) AS MATERIALIZED (SELECT rowid FROM search_fts WHERE search_fts MATCH ?4),
	found(kind, id, property_id) AS (
		SELECT d.kind, d.ref_id, d.property_id FROM hits h JOIN search_docs d ON d.doc = h.doc
		WHERE d.property_id IN (SELECT id FROM scope_properties)),
	visible(kind, id, title, detail, property_id, sort) AS (
		SELECT 'property', p.id, p.name, p.street || ', ' || p.suburb || ' ' || p.state, p.id, p.name
			FROM found f JOIN properties p ON p.id = f.id WHERE f.kind = 'property'
		UNION ALL
		SELECT 'asset', a.id, a.type || CASE WHEN a.esm = 1 THEN ' (ESM)' ELSE '' END,
				trim(a.location || CASE WHEN a.barcode <> '' THEN ' · ' || a.barcode ELSE '' END), a.property_id, a.type
			FROM found f JOIN assets a ON a.id = f.id WHERE f.kind = 'asset' AND a.deleted_at IS NULL
		UNION ALL
		SELECT 'report', r.id, r.title, COALESCE(r.published_at, ''), r.property_id, r.published_at
			FROM found f JOIN reports r ON r.id = f.id WHERE f.kind = 'report' AND r.published = 1 AND r.deleted_at IS NULL
		UNION ALL
		SELECT q.kind || '_quote', q.id, COALESCE('Q-' || q.number, 'Quote') || ' · ' || q.title, q.status, q.property_id, q.created_at
			FROM found f JOIN quotes q ON q.id = f.id
			WHERE f.kind = 'quote' AND q.deleted_at IS NULL AND q.status IN ('submitted', 'approved', 'declined')
		UNION ALL
		SELECT 'task', t.id, COALESCE('T-' || t.number, 'Task') || ' · ' || t.title, t.stage, t.property_id, t.created_at
			FROM found f JOIN tasks t ON t.id = f.id WHERE f.kind = 'task' AND t.deleted_at IS NULL AND t.stage <> 'cancelled'),
	ranked AS (
		SELECT v.*, ROW_NUMBER() OVER (PARTITION BY v.kind ORDER BY v.sort DESC, v.id) AS n, COUNT(*) OVER (PARTITION BY v.kind) AS total
		FROM visible v)
	SELECT r.kind, r.id, r.title, r.detail, r.property_id, p.name, r.total
	FROM ranked r JOIN properties p ON p.id = r.property_id
	WHERE r.n <= ?5 ORDER BY r.kind, r.n`

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
		rows, err := tx.QueryContext(ctx, cte+searchSQL, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var kind string
			var total int
			var h backend.SearchHit
			if err := rows.Scan(&kind, &h.ID, &h.Title, &h.Detail, &h.PropertyID, &h.PropertyName, &total); err != nil {
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
