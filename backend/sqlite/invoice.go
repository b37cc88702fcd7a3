package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"siteward/backend"
)

func (s *ActivityService) today() string { return s.db.Now().In(s.Location).Format(backend.DateLayout) }

func (s *ActivityService) FindPortalInvoices(ctx context.Context, sc backend.Scope, f backend.PortalInvoiceFilter) (is []*backend.PortalInvoice, n int, err error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	err = s.db.View(ctx, func(tx *Tx) error {
		is, n, err = findPortalInvoices(ctx, tx, sc, f, s.today())
		return err
	})
	return is, n, err
}

// portalOverdueSQL: issued, not fully paid and due before today (?4).
const portalOverdueSQL = `(i.status = 'issued' AND i.due_on < ?4 AND i.paid_cents < i.total_cents)`

func findPortalInvoices(ctx context.Context, tx *Tx, sc backend.Scope, f backend.PortalInvoiceFilter, today string) ([]*backend.PortalInvoice, int, error) {
	f.Normalize()
	cte, args := scopeCTE(sc)
	args = append(args, today)
	// ?4 (today) is named first, so the plain placeholders after it count on from 5.
	w := where{"?4 <> ''", "i.property_id IN (SELECT id FROM scope_properties)", "i.deleted_at IS NULL", "i.status IN ('issued', 'paid')"}
	add := func(cond string, v ...any) { w, args = append(w, cond), append(args, v...) }
	if f.PropertyID != nil {
		add("i.property_id = ?", *f.PropertyID)
	}
	if f.Status != nil {
		add("i.status = ?", *f.Status)
	}
	if f.Overdue != nil {
		if *f.Overdue {
			w = append(w, portalOverdueSQL)
		} else {
			w = append(w, "NOT "+portalOverdueSQL)
		}
	}
	if f.IssuedMonth != nil {
		first, end := monthDays(*f.IssuedMonth)
		add("i.issued_on >= ? AND i.issued_on < ?", first, end)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		add(`(CAST(i.number AS TEXT) LIKE ? ESCAPE '\' OR p.name LIKE ? ESCAPE '\')`,
			likeArg(strings.TrimPrefix(strings.ToUpper(q), "INV-")), likeArg(q))
	}
	col, desc := f.SortKey("issued", "issued", "due", "number", "property", "total", "owing", "status")
	order := map[string]string{"issued": "i.issued_on", "due": "i.due_on", "number": "i.number", "property": "p.name COLLATE NOCASE",
		"total": "i.total_cents", "owing": "i.total_cents - i.paid_cents", "status": "i.status"}[col]
	if f.Sort == "" {
		desc = true
	}
	// The index that covers the sort and the filters, named: the planner
	// cannot tell the two apart (both lead with property and status) and
	// took the one without due_on for the main page's "by due date", reading
	// every row of a national view for it.
	index := "invoices_property" // due_on, total_cents, paid_cents
	if (col == "issued" || f.IssuedMonth != nil) && f.Overdue == nil {
		index = "invoices_issued" // issued_on, total_cents
	}
	l := pagedList{with: cte, from: "FROM invoices i INDEXED BY " + index, alias: "i", w: w}
	l.orderBy(order, desc)
	l.joinIfNamed("p", "JOIN properties p ON p.id = i.property_id")
	var total int
	if err := tx.QueryRowContext(ctx, l.countSQL(), args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := tx.QueryContext(ctx, cte+`
		SELECT i.id, i.number, i.client_id, c.name, i.property_id, p.name, i.status, i.issued_on, i.due_on, i.total_cents, i.paid_cents,
			`+portalOverdueSQL+`
		FROM `+l.pageSQL()+` CROSS JOIN invoices i ON i.rowid = pg.n JOIN properties p ON p.id = i.property_id JOIN clients c ON c.id = i.client_id
		ORDER BY `+l.sorted, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*backend.PortalInvoice
	for rows.Next() {
		var i backend.PortalInvoice
		var number sql.NullInt64
		var issued, due sql.NullString
		if err := rows.Scan(&i.ID, &number, &i.ClientID, &i.ClientName, &i.PropertyID, &i.PropertyName, &i.Status, &issued, &due,
			&i.TotalCents, &i.PaidCents, &i.Overdue); err != nil {
			return nil, 0, err
		}
		i.Number, i.IssuedOn, i.DueOn = nullInt(number), nullStr(issued), nullStr(due)
		out = append(out, &i)
	}
	return out, total, rows.Err()
}

// monthDays returns the first day of a "YYYY-MM" month and of the next, as
// stored dates (already local), so first ≤ d < end.
func monthDays(month string) (first, end string) {
	r := monthsFrom(mustMonth(month), backendUTC, 1)
	return r.firstDay, r.endDay
}
