package sqlite

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"siteward/backend"
)

// QuoteService implements backend.QuoteService. Dates (issued, expiry)
// are local dates in the workspace's time zone.
type QuoteService struct {
	db  *DB
	loc *time.Location
}

// NewQuoteService returns a QuoteService on db.
func NewQuoteService(db *DB, loc *time.Location) *QuoteService {
	if loc == nil {
		loc = time.UTC
	}
	return &QuoteService{db: db, loc: loc}
}

var _ backend.QuoteService = (*QuoteService)(nil)

func (s *QuoteService) FindQuotes(ctx context.Context, f backend.QuoteFilter) (qs []*backend.Quote, n int, err error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	err = s.db.View(ctx, func(tx *Tx) error {
		qs, n, err = findQuotes(ctx, tx, f)
		return err
	})
	return qs, n, err
}

func (s *QuoteService) FindQuoteByID(ctx context.Context, id string) (q *backend.Quote, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		q, err = findQuoteByID(ctx, tx, id)
		return err
	})
	return q, err
}

func findQuoteByID(ctx context.Context, tx *Tx, id string) (*backend.Quote, error) {
	qs, _, err := findQuotes(ctx, tx, backend.QuoteFilter{ID: &id, Page: backend.Page{Limit: 1}})
	if err != nil {
		return nil, err
	} else if len(qs) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "Quote not found.")
	}
	q := qs[0]
	rows, err := tx.QueryContext(ctx, `SELECT l.id, l.remark_id, r.number, l.description, l.quantity, l.unit_cents
		FROM quote_lines l LEFT JOIN remarks r ON r.id = l.remark_id
		WHERE l.quote_id = ? AND l.deleted_at IS NULL ORDER BY l.position, l.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	q.Lines = []backend.QuoteLine{}
	for rows.Next() {
		var l backend.QuoteLine
		var remark sql.NullString
		var num sql.NullInt64
		if err := rows.Scan(&l.ID, &remark, &num, &l.Description, &l.Quantity, &l.UnitCents); err != nil {
			return nil, err
		}
		if remark.Valid {
			l.RemarkID = &remark.String
		}
		if num.Valid {
			n := int(num.Int64)
			l.RemarkNo = &n
		}
		q.Lines = append(q.Lines, l)
	}
	return q, rows.Err()
}

func findQuotes(ctx context.Context, tx *Tx, f backend.QuoteFilter) ([]*backend.Quote, int, error) {
	f.Normalize()
	w := where{"1 = 1"}
	var args []any
	for cond, v := range map[string]*string{"q.id = ?": f.ID, "q.kind = ?": f.Kind, "q.status = ?": f.Status,
		"q.client_id = ?": f.ClientID, "q.property_id = ?": f.PropertyID} {
		if v != nil {
			w, args = append(w, cond), append(args, *v)
		}
	}
	if f.ID == nil && f.Status == nil {
		w = append(w, "q.status <> 'deleted'") // deleted drafts only on request
	}
	if qq := strings.TrimSpace(f.Query); qq != "" {
		pat := likeArg(qq)
		cond := `(q.title LIKE ? ESCAPE '\' OR p.name LIKE ? ESCAPE '\' OR c.name LIKE ? ESCAPE '\'`
		args = append(args, pat, pat, pat)
		if num, err := strconv.Atoi(strings.TrimPrefix(strings.ToUpper(qq), "Q-")); err == nil {
			cond += ` OR q.number = ?`
			args = append(args, num)
		}
		w = append(w, cond+")")
	}
	col, desc := f.SortKey("number", "number", "issuedOn", "total", "status", "property")
	if f.Sort == "" {
		desc = true
	}
	order := map[string]string{"number": "q.number", "issuedOn": "q.issued_on", "total": "q.total_cents",
		"status": "q.status", "property": "p.name COLLATE NOCASE"}[col]
	total, err := countRows(ctx, tx, `quotes q JOIN properties p ON p.id = q.property_id JOIN clients c ON c.id = q.client_id`, w, args)
	if err != nil {
		return nil, 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT q.id, q.number, q.kind, q.client_id, c.name, q.property_id, p.name, q.title,
			q.status, q.total_cents, COALESCE(q.issued_on, ''), COALESCE(q.expires_on, ''), q.decided_at,
			COALESCE(q.decided_by_user, ''), q.decided_by_name, q.decided_for, q.po_reference, q.decision_comment,
			q.decline_reason, q.created_at, q.updated_at, `+needsReviewSQL("quotes", "q.id")+`
		FROM quotes q JOIN properties p ON p.id = q.property_id JOIN clients c ON c.id = q.client_id`+w.sql()+`
		ORDER BY `+order+dir(desc)+`, q.created_at DESC, q.id LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*backend.Quote
	for rows.Next() {
		var q backend.Quote
		var num sql.NullInt64
		var decided sql.NullString
		var created, updated string
		if err := rows.Scan(&q.ID, &num, &q.Kind, &q.ClientID, &q.ClientName, &q.PropertyID, &q.PropertyName, &q.Title,
			&q.Status, &q.TotalCents, &q.IssuedOn, &q.ExpiresOn, &decided, &q.DecidedByUserID, &q.DecidedByName,
			&q.DecidedFor, &q.POReference, &q.DecisionComment, &q.DeclineReason, &created, &updated, &q.NeedsReview); err != nil {
			return nil, 0, err
		}
		if num.Valid {
			n := int(num.Int64)
			q.Number = &n
		}
		q.DecidedAt = parseTimePtr(decided)
		q.CreatedAt, _ = backend.ParseTime(created)
		q.UpdatedAt, _ = backend.ParseTime(updated)
		out = append(out, &q)
	}
	return out, total, rows.Err()
}

// nextNumber hands out the next human number of a sequence (task, remark,
// quote, invoice). Numbers are the hub's (DESIGN.md §9): on an install that
// syncs with a hub it returns nil, the record shows "pending", and the hub
// numbers it when it accepts the change (sync_numbers.go).
func nextNumber(ctx context.Context, tx *Tx, name string) (*int, error) {
	if tx.db.replica.Load() {
		return nil, nil
	}
	var n int
	err := tx.QueryRowContext(ctx, `INSERT INTO counters (name, next) VALUES (?, 2)
		ON CONFLICT (name) DO UPDATE SET next = next + 1 RETURNING next - 1`, name).Scan(&n)
	return &n, err
}

func (s *QuoteService) CreateServiceQuote(ctx context.Context, q *backend.Quote) error {
	p := backend.Problems{}
	q.Title = strings.TrimSpace(q.Title)
	if q.Title == "" {
		p.Add("title", "Give the quote a title, e.g. Replace two hose reels.")
	}
	if q.PropertyID == "" {
		p.Add("propertyId", "Choose the property the work is for.")
	}
	if len(q.Lines) == 0 {
		p.Add("lines", "Add at least one line.")
	}
	if err := backend.ValidateQuoteLines(q.Lines); err != nil {
		for k, v := range err.(*backend.Error).Fields {
			p.Add(k, v)
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		prop, err := findPropertyByID(ctx, tx, q.PropertyID)
		if err != nil {
			return fieldErr(err, "propertyId", "Choose an existing property.")
		}
		q.Kind, q.ClientID = backend.QuoteKindService, prop.ClientID
		if err := insertQuote(ctx, tx, q); err != nil {
			return err
		}
		found, err := findQuoteByID(ctx, tx, q.ID)
		*q = *found
		return err
	})
}

func insertQuote(ctx context.Context, tx *Tx, q *backend.Quote) error {
	n, err := nextNumber(ctx, tx, "quote")
	if err != nil {
		return err
	}
	q.ID, q.Number, q.Status = backend.NewID(), n, backend.QuoteDraft
	if _, err := tx.ExecContext(ctx, `INSERT INTO quotes (id, number, kind, client_id, property_id, title, status, total_cents,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?)`,
		q.ID, n, q.Kind, q.ClientID, q.PropertyID, q.Title, backend.LinesTotal(q.Lines), tx.now, tx.now); err != nil {
		return err
	}
	return insertQuoteLines(ctx, tx, q.ID, q.Lines)
}

func insertQuoteLines(ctx context.Context, tx *Tx, quoteID string, lines []backend.QuoteLine) error {
	for i, l := range lines {
		if _, err := tx.ExecContext(ctx, `INSERT INTO quote_lines (id, quote_id, remark_id, position, description, quantity,
			unit_cents, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			backend.NewID(), quoteID, l.RemarkID, i+1, l.Description, l.Quantity, l.UnitCents, tx.now); err != nil {
			return err
		}
	}
	return nil
}

func (s *QuoteService) CreateDefectQuote(ctx context.Context, title string, remarkIDs []string) (q *backend.Quote, err error) {
	p := backend.Problems{}
	title = strings.TrimSpace(title)
	if title == "" {
		p.Add("title", "Give the quote a title, e.g. Rectify critical defects.")
	}
	if len(remarkIDs) == 0 {
		p.Add("remarkIds", "Select the remarks the quote covers.")
	} else if len(remarkIDs) > 200 {
		p.Add("remarkIds", "Select at most 200 remarks for one quote.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		q = &backend.Quote{Kind: backend.QuoteKindDefect, Title: title}
		seen := map[string]bool{}
		for _, id := range remarkIDs {
			if seen[id] {
				continue
			}
			seen[id] = true
			r, err := findRemarkByID(ctx, tx, id)
			if err != nil {
				return err
			}
			if r.Status != backend.RemarkOpen {
				return &backend.Error{Code: backend.EINVALID, Message: "Only open remarks can be quoted.",
					Fields: map[string]string{"remarkIds": "Remark " + remarkLabel(r) + " is resolved; leave it out."}}
			}
			if q.PropertyID == "" {
				q.PropertyID, q.ClientID = r.PropertyID, r.ClientID
			} else if q.PropertyID != r.PropertyID {
				return &backend.Error{Code: backend.EINVALID, Message: "A defect quote covers one property.",
					Fields: map[string]string{"remarkIds": "Choose remarks of one property (" + remarkLabel(r) + " is on " + r.PropertyName + ")."}}
			}
			rid := r.ID
			q.Lines = append(q.Lines, backend.QuoteLine{RemarkID: &rid, Description: r.Description, Quantity: 1})
		}
		if err := insertQuote(ctx, tx, q); err != nil {
			return err
		}
		q, err = findQuoteByID(ctx, tx, q.ID)
		return err
	})
	return q, err
}

func remarkLabel(r *backend.Remark) string {
	if r.Number != nil {
		return "R-" + strconv.Itoa(*r.Number)
	}
	return r.Description
}

func (s *QuoteService) SetQuoteLines(ctx context.Context, id string, lines []backend.QuoteLine) (q *backend.Quote, err error) {
	if err := backend.ValidateQuoteLines(lines); err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		if q, err = findQuoteByID(ctx, tx, id); err != nil {
			return err
		}
		if q.Status != backend.QuoteDraft {
			return backend.Errorf(backend.ECONFLICT, "Only a draft's lines can change; this quote is %s.", q.Status)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE quote_lines SET deleted_at = ? WHERE quote_id = ? AND deleted_at IS NULL`, tx.now, id); err != nil {
			return err
		}
		if err := insertQuoteLines(ctx, tx, id, lines); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE quotes SET total_cents = ?, updated_at = ? WHERE id = ?`, backend.LinesTotal(lines), tx.now, id); err != nil {
			return err
		}
		q, err = findQuoteByID(ctx, tx, id)
		return err
	})
	return q, err
}

func (s *QuoteService) today() string { return s.db.Now().In(s.loc).Format(backend.DateLayout) }

func (s *QuoteService) SubmitQuote(ctx context.Context, id, expiresOn string) (q *backend.Quote, err error) {
	today := s.today()
	if expiresOn == "" {
		expiresOn = s.db.Now().In(s.loc).AddDate(0, 0, 30).Format(backend.DateLayout)
	} else if d, err := time.Parse(backend.DateLayout, expiresOn); err != nil || d.Format(backend.DateLayout) <= today {
		return nil, &backend.Error{Code: backend.EINVALID, Message: "Choose an expiry date after today.",
			Fields: map[string]string{"expiresOn": "Choose a date after today (DD/MM/YYYY)."}}
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		if q, err = findQuoteByID(ctx, tx, id); err != nil {
			return err
		}
		if err := backend.QuoteCanMove(q.Status, backend.QuoteSubmitted); err != nil {
			return err
		}
		if len(q.Lines) == 0 || q.TotalCents == 0 {
			return &backend.Error{Code: backend.EINVALID, Message: "Price the quote before submitting it.",
				Fields: map[string]string{"lines": "Give at least one line a price."}}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE quotes SET status = 'submitted', issued_on = ?, expires_on = ?, decided_at = NULL,
			updated_at = ? WHERE id = ?`, today, expiresOn, tx.now, id); err != nil {
			return err
		}
		q, err = findQuoteByID(ctx, tx, id)
		return err
	})
	return q, err
}

func (s *QuoteService) ApproveQuoteManually(ctx context.Context, id string, by *backend.User, d backend.QuoteDecision) (*backend.Quote, error) {
	return s.decide(ctx, id, by, d, backend.QuoteApproved)
}

func (s *QuoteService) DeclineQuoteManually(ctx context.Context, id string, by *backend.User, d backend.QuoteDecision) (*backend.Quote, error) {
	return s.decide(ctx, id, by, d, backend.QuoteDeclined)
}

func (s *QuoteService) decide(ctx context.Context, id string, by *backend.User, d backend.QuoteDecision, to string) (q *backend.Quote, err error) {
	p := backend.Problems{}
	d.For, d.POReference = strings.TrimSpace(d.For), strings.TrimSpace(d.POReference)
	d.Comment, d.Reason = strings.TrimSpace(d.Comment), strings.TrimSpace(d.Reason)
	if d.For == "" {
		p.Add("for", "Enter who at the customer made this decision.")
	}
	if to == backend.QuoteDeclined && d.Reason == "" {
		p.Add("reason", "Enter the reason the customer gave.")
	}
	for field, v := range map[string]string{"for": d.For, "poReference": d.POReference, "comment": d.Comment, "reason": d.Reason} {
		if len(v) > 1000 {
			p.Add(field, "Keep this under 1,000 characters.")
		}
	}
	if by == nil || !by.IsOffice() {
		return nil, backend.Errorf(backend.EFORBIDDEN, "Only office users record decisions for customers.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		if q, err = findQuoteByID(ctx, tx, id); err != nil {
			return err
		}
		if err := backend.QuoteCanMove(q.Status, to); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE quotes SET status = ?, decided_at = ?, decided_by_user = ?, decided_by_name = ?,
			decided_for = ?, po_reference = ?, decision_comment = ?, decline_reason = ?, updated_at = ? WHERE id = ?`,
			to, tx.now, by.ID, by.Name, d.For, d.POReference, d.Comment, d.Reason, tx.now, id); err != nil {
			return err
		}
		q, err = findQuoteByID(ctx, tx, id)
		return err
	})
	return q, err
}

func (s *QuoteService) MoveQuote(ctx context.Context, id, to string) (q *backend.Quote, err error) {
	if to != backend.QuoteExpired && to != backend.QuoteVoided && to != backend.QuoteDeleted {
		return nil, &backend.Error{Code: backend.EINVALID, Message: "Choose expired, voided or deleted.",
			Fields: map[string]string{"status": "Choose expired, voided or deleted."}}
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		if q, err = findQuoteByID(ctx, tx, id); err != nil {
			return err
		}
		if err := backend.QuoteCanMove(q.Status, to); err != nil {
			return err
		}
		var deleted any
		if to == backend.QuoteDeleted {
			deleted = tx.now // a tombstone; the row is kept
		}
		if _, err := tx.ExecContext(ctx, `UPDATE quotes SET status = ?, deleted_at = ?, updated_at = ? WHERE id = ?`,
			to, deleted, tx.now, id); err != nil {
			return err
		}
		q, err = findQuoteByID(ctx, tx, id)
		return err
	})
	return q, err
}
