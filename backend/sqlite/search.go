package sqlite

import (
	"context"
	"fmt"
	"strings"

	"siteward/backend"
)

// SearchService implements backend.SearchService on the FTS5 trigram index
// of migrations 202612011100_portal_search, 202612021100_search_scope,
// 202612031210_search_group_paths and 202612041000_search_docs_by_kind: the
// view is applied inside the index (the view's one code in the scope
// column), and each kind's rows lie in their own rowid range, so each
// kind's newest hits and its count (stopping at backend.SearchCap) are read
// from the index alone.
type SearchService struct{ db *DB }

// NewSearchService returns a SearchService on db.
func NewSearchService(db *DB) *SearchService { return &SearchService{db: db} }

var _ backend.SearchService = (*SearchService)(nil)

// searchKindSpan is the size of each kind's rowid range: kind n's rows are
// numbered down from (n + 1) × searchKindSpan − 1, so the newest come first
// (searchKindNumber; migration 202612041000_search_docs_by_kind).
const searchKindSpan = 1 << 40

var searchKindNumber = map[string]int64{backend.SearchProperty: 1, backend.SearchAsset: 2, backend.SearchReport: 3,
	backend.SearchDefectQuote: 4, backend.SearchServiceQuote: 5, backend.SearchTask: 6}

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

// kindHitsSQL is one kind's index rows matching ?4 (the words in the view)
// in its rowid range, newest first (numbers count down within a kind). The index's view is exact (its
// triggers keep it in every write transaction), so only a property-limited
// user's hits are checked against the scope's properties (limitedSQL).
func kindHitsSQL(kind string) string {
	n := searchKindNumber[kind]
	return fmt.Sprintf(`SELECT rowid FROM search_fts WHERE search_fts MATCH ?4 AND rowid > %d AND rowid < %d /*limited*/ ORDER BY rowid`,
		n*searchKindSpan, (n+1)*searchKindSpan)
}

// searchCountsSQL counts each kind's hits, up to ?5 (one past the cap, so
// a count that stops says so).
var searchCountsSQL = func() string {
	cols := make([]string, len(backend.SearchKinds))
	for i, k := range backend.SearchKinds {
		cols[i] = `(SELECT COUNT(*) FROM (` + kindHitsSQL(k) + ` LIMIT ?5))`
	}
	return `SELECT ` + strings.Join(cols, ", ")
}()

// searchHitsSQL reads the first ?5 hits of each kind and their entities.
// CROSS JOIN keeps SQLite's join order (the few hits first).
var searchHitsSQL = func() string {
	arms := make([]string, len(backend.SearchKinds))
	for i, k := range backend.SearchKinds {
		arms[i] = `SELECT '` + k + `', rowid FROM (` + kindHitsSQL(k) + ` LIMIT ?5)`
	}
	return `WITH top(kind, doc) AS MATERIALIZED (` + strings.Join(arms, "\n\t\tUNION ALL ") + `),
	hits(kind, id, n) AS MATERIALIZED (SELECT t.kind, d.ref_id, t.doc FROM top t CROSS JOIN search_docs d ON d.doc = t.doc)
	SELECT t.kind, t.id, p.name, p.street || ', ' || p.suburb || ' ' || p.state, p.id, p.name, t.n
		FROM hits t CROSS JOIN properties p ON p.id = t.id WHERE t.kind = 'property'
	UNION ALL
	SELECT t.kind, t.id, a.type || CASE WHEN a.esm = 1 THEN ' (ESM)' ELSE '' END,
			trim(a.location || CASE WHEN a.barcode <> '' THEN ' · ' || a.barcode ELSE '' END), p.id, p.name, t.n
		FROM hits t CROSS JOIN assets a ON a.id = t.id CROSS JOIN properties p ON p.id = a.property_id WHERE t.kind = 'asset'
	UNION ALL
	SELECT t.kind, t.id, r.title, COALESCE(r.published_at, ''), p.id, p.name, t.n
		FROM hits t CROSS JOIN reports r ON r.id = t.id CROSS JOIN properties p ON p.id = r.property_id WHERE t.kind = 'report'
	UNION ALL
	SELECT t.kind, t.id, COALESCE('Q-' || q.number, 'Quote') || ' · ' || q.title, q.status, p.id, p.name, t.n
		FROM hits t CROSS JOIN quotes q ON q.id = t.id CROSS JOIN properties p ON p.id = q.property_id WHERE t.kind IN ('defect_quote', 'service_quote')
	UNION ALL
	SELECT t.kind, t.id, COALESCE('T-' || k.number, 'Task') || ' · ' || k.title, k.stage, p.id, p.name, t.n
		FROM hits t CROSS JOIN tasks k ON k.id = t.id CROSS JOIN properties p ON p.id = k.property_id WHERE t.kind = 'task'
	ORDER BY 1, 7`
}()

// limitedSQL keeps a property-limited user's hits on their properties.
const limitedSQL = `AND rowid IN (SELECT d.doc FROM search_docs d WHERE d.property_id IN (SELECT id FROM scope_properties))`

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
		var limited bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM user_property_limits WHERE user_id = ?)`, sc.UserID).Scan(&limited); err != nil {
			return err
		}
		counts, hits := searchCountsSQL, searchHitsSQL
		cte, args := scopeCTE(sc)
		if limited {
			counts = cte + " " + strings.ReplaceAll(counts, "/*limited*/", limitedSQL)
			hits = cte + ",\n" + strings.TrimPrefix(strings.ReplaceAll(hits, "/*limited*/", limitedSQL), "WITH")
		}
		match := "body : (" + matchExpr(words) + ") AND scope : " + phrase(view[0])
		totals := make([]any, len(res.Groups))
		for i, g := range res.Groups {
			totals[i] = &g.Total
		}
		if err := tx.QueryRowContext(ctx, counts, append(args, match, backend.SearchCap+1)...).Scan(totals...); err != nil {
			return err
		}
		for _, g := range res.Groups {
			if g.Total > backend.SearchCap {
				g.Total, g.More = backend.SearchCap, true
			}
		}
		rows, err := tx.QueryContext(ctx, hits, append(args, match, backend.SearchPerKind)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var kind string
			var doc int64
			var h backend.SearchHit
			if err := rows.Scan(&kind, &h.ID, &h.Title, &h.Detail, &h.PropertyID, &h.PropertyName, &doc); err != nil {
				return err
			}
			if g := byKind[kind]; g != nil {
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
