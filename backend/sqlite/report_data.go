package sqlite

import (
	"context"
	"database/sql"
	"time"

	"siteward/backend"
)

// ReportDataService implements backend.ReportDataService. Every query
// starts from the portal's scope (scopeCTE) narrowed to the request's
// property, so a report holds exactly what the portal shows its view:
// active properties, published remarks, and no draft, voided, deleted or
// expired quotes. ?1–?3 are the scope's parameters, ?4 the property.
type ReportDataService struct {
	db       *DB
	settings *SettingsService
	// Location is the workspace's time zone: periods are its local dates.
	Location *time.Location
}

// NewReportDataService returns a ReportDataService on db in the given time zone.
func NewReportDataService(db *DB, loc *time.Location) *ReportDataService {
	if loc == nil {
		loc = time.UTC
	}
	return &ReportDataService{db: db, settings: NewSettingsService(db), Location: loc}
}

var _ backend.ReportDataService = (*ReportDataService)(nil)

// reportQuery is one report's request resolved against the database: the
// scope's CTE with report_properties added, and the period as UTC instants
// for stored times.
type reportQuery struct {
	cte        string
	args       []any // ?1–?4
	req        backend.ReportRequest
	start, end string // UTC instants where the local period begins and ends
	today      string
	now        time.Time
	loc        *time.Location
}

// next returns args with more parameters appended after ?4, as a fresh
// slice so queries do not share backing arrays.
func (q *reportQuery) next(more ...any) []any {
	out := make([]any, 0, len(q.args)+len(more))
	return append(append(out, q.args...), more...)
}

// begin validates r, resolves it against sc and fills the header: the
// workspace's name, the report's title and period, and the scope's name
// (the property's, when the report is for one). A property outside the
// scope is ENOTFOUND.
func (s *ReportDataService) begin(ctx context.Context, tx *Tx, sc backend.Scope, r backend.ReportRequest) (*reportQuery, backend.ReportHeader, error) {
	var h backend.ReportHeader
	if err := r.Validate(); err != nil {
		return nil, h, err
	}
	from, _ := time.ParseInLocation(backend.DateLayout, r.From, s.Location)
	to, _ := time.ParseInLocation(backend.DateLayout, r.To, s.Location)
	cte, args := scopeCTE(sc)
	q := &reportQuery{
		cte: cte + `,
	report_properties(id) AS (SELECT id FROM scope_properties WHERE ?4 = '' OR id = ?4)`,
		args: append(args, r.PropertyID), req: r, loc: s.Location,
		start: backend.FormatTime(from), end: backend.FormatTime(to),
		today: s.db.Now().In(s.Location).Format(backend.DateLayout), now: s.db.Now(),
	}
	set, err := s.settings.GetSettings(ctx)
	if err != nil {
		return nil, h, err
	}
	h = backend.ReportHeader{Company: set.CompanyName, Title: r.Kind.Title(), Period: r.PeriodLabel(),
		Scope: sc.View.Name, GeneratedAt: s.db.Now().In(s.Location)}
	if r.PropertyID != "" {
		var name string
		err := tx.QueryRowContext(ctx, q.cte+` SELECT name FROM properties WHERE id IN (SELECT id FROM report_properties)`, q.args...).Scan(&name)
		if err == sql.ErrNoRows {
			return nil, h, backend.Errorf(backend.ENOTFOUND, "Property not found.")
		} else if err != nil {
			return nil, h, err
		}
		h.Scope = name + " — " + sc.View.Name
	}
	return q, h, nil
}

// MonthlyActivity lists the period's defect quotes, service quotes and
// invoices. A quote belongs to the period when it was issued or decided in
// it; only submitted, approved and declined quotes reach a customer. An
// invoice belongs to the period of its issue date; drafts and voided ones
// never appear.
func (s *ReportDataService) MonthlyActivity(ctx context.Context, sc backend.Scope, r backend.ReportRequest) (*backend.ActivityReport, error) {
	out := &backend.ActivityReport{}
	err := s.db.View(ctx, func(tx *Tx) error {
		q, h, err := s.begin(ctx, tx, sc, r)
		if err != nil {
			return err
		}
		out.Header = h
		rows, err := tx.QueryContext(ctx, q.cte+`
			SELECT q.kind, q.number, p.name, q.title, q.status, COALESCE(q.issued_on, ''), q.total_cents
			FROM quotes q JOIN properties p ON p.id = q.property_id
			WHERE q.property_id IN (SELECT id FROM report_properties) AND q.deleted_at IS NULL
				AND q.status IN ('submitted', 'approved', 'declined')
				AND ((q.issued_on >= ?5 AND q.issued_on < ?6) OR (q.decided_at >= ?7 AND q.decided_at < ?8))
			ORDER BY q.issued_on, q.number`, q.next(r.From, r.To, q.start, q.end)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var kind string
			var n sql.NullInt64
			var x backend.ReportQuote
			if err := rows.Scan(&kind, &n, &x.Property, &x.Title, &x.Status, &x.IssuedOn, &x.TotalCents); err != nil {
				return err
			}
			x.Number = backend.FormatNumber("Q", nullInt64(n))
			if kind == "defect" {
				out.DefectQuotes = append(out.DefectQuotes, x)
			} else {
				out.ServiceQuotes = append(out.ServiceQuotes, x)
			}
		}
		if err := rows.Err(); err != nil {
			return err
		}
		out.Invoices, err = findReportInvoices(ctx, tx, q)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func findReportInvoices(ctx context.Context, tx *Tx, q *reportQuery) ([]backend.ReportInvoice, error) {
	rows, err := tx.QueryContext(ctx, q.cte+`
		SELECT i.number, p.name, CASE WHEN i.status = 'issued' AND i.due_on < ?7 AND i.paid_cents < i.total_cents
				THEN 'overdue' ELSE i.status END,
			i.issued_on, COALESCE(i.due_on, ''), i.total_cents, i.paid_cents
		FROM invoices i JOIN properties p ON p.id = i.property_id
		WHERE i.property_id IN (SELECT id FROM report_properties) AND i.deleted_at IS NULL
			AND i.status IN ('issued', 'paid') AND i.issued_on >= ?5 AND i.issued_on < ?6
		ORDER BY i.issued_on, i.number`, q.next(q.req.From, q.req.To, q.today)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []backend.ReportInvoice
	for rows.Next() {
		var n sql.NullInt64
		var x backend.ReportInvoice
		if err := rows.Scan(&n, &x.Property, &x.Status, &x.IssuedOn, &x.DueOn, &x.TotalCents, &x.PaidCents); err != nil {
			return nil, err
		}
		x.Number = backend.FormatNumber("INV", nullInt64(n))
		out = append(out, x)
	}
	return out, rows.Err()
}

func nullInt64(n sql.NullInt64) *int64 {
	if !n.Valid {
		return nil
	}
	return &n.Int64
}

// localDate turns a stored time into the local calendar date, "" for none.
func localDate(s sql.NullString, loc *time.Location) string {
	if !s.Valid || s.String == "" {
		return ""
	}
	t, err := backend.ParseTime(s.String)
	if err != nil {
		return ""
	}
	return t.In(loc).Format(backend.DateLayout)
}
