package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"siteward/backend"
)

// ActivityService implements backend.ActivityService and the office's
// backend.QuoteService.
type ActivityService struct {
	db *DB
	// Location is the workspace's time zone: "overdue" is judged by its date.
	Location *time.Location
}

// NewActivityService returns an ActivityService on db in the given time zone.
func NewActivityService(db *DB, loc *time.Location) *ActivityService {
	if loc == nil {
		loc = time.UTC
	}
	return &ActivityService{db: db, Location: loc}
}

var _ backend.ActivityService = (*ActivityService)(nil)

var errQuoteNotFound = backend.Errorf(backend.ENOTFOUND, "Quote not found.")

// portalQuoteStatusSQL is the only statuses a customer may see.
const portalQuoteStatusSQL = `q.status IN ('submitted', 'approved', 'declined')`

const quoteColumns = `q.id, q.number, q.kind, q.client_id, c.name, q.property_id, p.name, q.title, q.status, q.total_cents,
	q.issued_on, q.expires_on, q.decided_at, COALESCE(q.decided_by_user, ''), q.decided_by_name, q.po_reference,
	q.decision_comment, q.decline_reason, q.updated_at`

func scanQuote(sc interface{ Scan(...any) error }, extra ...any) (*backend.PortalQuote, error) {
	var q backend.PortalQuote
	var number sql.NullInt64
	var issued, expires, decidedAt sql.NullString
	var d backend.Decision
	var updated string
	dst := append([]any{&q.ID, &number, &q.Kind, &q.ClientID, &q.ClientName, &q.PropertyID, &q.PropertyName, &q.Title, &q.Status,
		&q.TotalCents, &issued, &expires, &decidedAt, &d.ByUserID, &d.ByName, &d.POReference, &d.Comment, &d.Reason, &updated}, extra...)
	if err := sc.Scan(dst...); err != nil {
		return nil, err
	}
	if number.Valid {
		n := int(number.Int64)
		q.Number = &n
	}
	q.IssuedOn, q.ExpiresOn = nullStr(issued), nullStr(expires)
	if decidedAt.Valid {
		d.At, _ = backend.ParseTime(decidedAt.String)
		q.Decision = &d
	}
	q.UpdatedAt, _ = backend.ParseTime(updated)
	return &q, nil
}

func nullStr(s sql.NullString) *string {
	if !s.Valid {
		return nil
	}
	return &s.String
}

func nullInt(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

func (s *ActivityService) FindPortalQuotes(ctx context.Context, sc backend.Scope, f backend.PortalQuoteFilter) (qs []*backend.PortalQuote, n int, err error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	err = s.db.View(ctx, func(tx *Tx) error {
		qs, n, err = findPortalQuotes(ctx, tx, sc, f)
		return err
	})
	return qs, n, err
}

func findPortalQuotes(ctx context.Context, tx *Tx, sc backend.Scope, f backend.PortalQuoteFilter) ([]*backend.PortalQuote, int, error) {
	f.Normalize()
	cte, args := scopeCTE(sc)
	w := where{"q.property_id IN (SELECT id FROM scope_properties)", "q.deleted_at IS NULL", portalQuoteStatusSQL}
	add := func(cond string, v any) { w, args = append(w, cond), append(args, v) }
	if f.ID != nil {
		add("q.id = ?", *f.ID)
	}
	if f.PropertyID != nil {
		add("q.property_id = ?", *f.PropertyID)
	}
	if f.Kind != nil {
		add("q.kind = ?", *f.Kind)
	}
	if f.Status != nil {
		add("q.status = ?", *f.Status)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := likeArg(strings.TrimPrefix(strings.ToUpper(q), "Q-"))
		w = append(w, `(CAST(q.number AS TEXT) LIKE ? ESCAPE '\' OR q.title LIKE ? ESCAPE '\' OR p.name LIKE ? ESCAPE '\')`)
		args = append(args, pat, likeArg(q), likeArg(q))
	}
	col, desc := f.SortKey("issued", "issued", "number", "property", "total", "status", "title")
	order := map[string]string{"issued": "COALESCE(q.issued_on, substr(q.created_at, 1, 10))", "number": "q.number",
		"property": "p.name COLLATE NOCASE", "total": "q.total_cents", "status": "q.status", "title": "q.title COLLATE NOCASE"}[col]
	if f.Sort == "" {
		desc = true // newest first
	}
	l := pagedList{with: cte, from: "FROM quotes q", alias: "q", w: w}
	l.orderBy(order, desc)
	l.joinIfNamed("p", "JOIN properties p ON p.id = q.property_id")
	var total int
	var err error
	if f.ID == nil && f.PropertyID == nil && strings.TrimSpace(f.Query) == "" && f.Status != nil && *f.Status == backend.QuoteSubmitted {
		// The activity report's "awaiting your authorisation": the view's
		// pre-aggregated count (portal_counts' quotes_awaiting by kind).
		if f.Kind != nil {
			total, err = viewCount(ctx, tx, sc, "c.metric = 'quotes_awaiting' AND c.key = ?4", *f.Kind)
		} else {
			total, err = viewCount(ctx, tx, sc, "c.metric = 'quotes_awaiting'")
		}
	} else {
		err = tx.QueryRowContext(ctx, l.countSQL(), args...).Scan(&total)
	}
	if err != nil {
		return nil, 0, err
	}
	rows, err := tx.QueryContext(ctx, cte+` SELECT `+quoteColumns+` FROM `+l.pageSQL()+` CROSS JOIN quotes q ON q.rowid = pg.n
		JOIN properties p ON p.id = q.property_id JOIN clients c ON c.id = q.client_id
		ORDER BY `+l.sorted, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*backend.PortalQuote
	for rows.Next() {
		q, err := scanQuote(rows)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, q)
	}
	return out, total, rows.Err()
}

func (s *ActivityService) FindPortalQuote(ctx context.Context, sc backend.Scope, id string) (q *backend.PortalQuote, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		q, err = findPortalQuote(ctx, tx, sc, id)
		return err
	})
	return q, err
}

func findPortalQuote(ctx context.Context, tx *Tx, sc backend.Scope, id string) (*backend.PortalQuote, error) {
	qs, _, err := findPortalQuotes(ctx, tx, sc, backend.PortalQuoteFilter{ID: &id, Page: backend.Page{Limit: 1}})
	if err != nil {
		return nil, err
	} else if len(qs) == 0 {
		return nil, errQuoteNotFound
	}
	qs[0].Lines, err = findQuoteLines(ctx, tx, id)
	return qs[0], err
}

func findQuoteLines(ctx context.Context, tx *Tx, quoteID string) ([]backend.PortalQuoteLine, error) {
	rows, err := tx.QueryContext(ctx, `SELECT position, description, quantity, unit_cents, COALESCE(remark_id, '')
		FROM quote_lines WHERE quote_id = ? AND deleted_at IS NULL ORDER BY position, id`, quoteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	lines := []backend.PortalQuoteLine{}
	for rows.Next() {
		var l backend.PortalQuoteLine
		if err := rows.Scan(&l.Position, &l.Description, &l.Quantity, &l.UnitCents, &l.RemarkID); err != nil {
			return nil, err
		}
		lines = append(lines, l)
	}
	return lines, rows.Err()
}

func (s *ActivityService) ApproveQuote(ctx context.Context, sc backend.Scope, id string, a backend.QuoteApproval) (*backend.PortalQuote, error) {
	a.Normalize()
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return s.decide(ctx, sc, id, backend.QuoteApproved, `decided_by_name = ?7, po_reference = ?8, decision_comment = ?9`,
		[]any{a.Name, a.POReference, a.Comment}, "PO/ref: "+a.POReference)
}

func (s *ActivityService) DeclineQuote(ctx context.Context, sc backend.Scope, id string, d backend.QuoteDecline) (*backend.PortalQuote, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return s.decide(ctx, sc, id, backend.QuoteDeclined,
		`decided_by_name = (SELECT name FROM users WHERE id = ?3), decline_reason = ?7`, []any{d.Reason}, d.Reason)
}

// decide moves a submitted quote in the scope to status, recording who and
// when, with an audit entry, in one transaction. The scope is in the
// UPDATE's WHERE (set numbers its values from ?7), so a quote outside the view cannot be touched; when no
// row changed, a second scoped read tells "not found" from "not awaiting".
func (s *ActivityService) decide(ctx context.Context, sc backend.Scope, id, status, set string, setArgs []any, detail string) (q *backend.PortalQuote, err error) {
	if !backend.ValidID(id) {
		return nil, errQuoteNotFound
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		cte, args := scopeCTE(sc)
		args = append(args, status, tx.now, id)
		args = append(args, setArgs...)
		res, err := tx.ExecContext(ctx, cte+` UPDATE quotes SET status = ?4, decided_at = ?5, updated_at = ?5,
				decided_by_user = ?3, `+set+`
			WHERE id = ?6 AND status = 'submitted' AND deleted_at IS NULL
				AND property_id IN (SELECT id FROM scope_properties)`, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			cur, err := findPortalQuote(ctx, tx, sc, id)
			if err != nil {
				return err
			}
			return backend.Errorf(backend.ECONFLICT, "This quote is no longer awaiting authorisation: it was %s on %s.",
				cur.Status, decidedOn(cur, s.Location))
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log (id, user_id, action, entity, entity_id, detail, at)
			VALUES (?, ?, ?, 'quote', ?, ?, ?)`, backend.NewID(), sc.UserID, "quote."+status, id, detail, tx.now); err != nil {
			return err
		}
		q, err = findPortalQuote(ctx, tx, sc, id)
		return err
	})
	return q, err
}

func decidedOn(q *backend.PortalQuote, loc *time.Location) string {
	if q.Decision == nil {
		return "an earlier date"
	}
	return q.Decision.At.In(loc).Format("02/01/2006")
}
