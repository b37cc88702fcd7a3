package sqlite

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"siteward/backend"
)

// InvoiceService implements backend.InvoiceService; "overdue" and dates
// follow the workspace's time zone.
type InvoiceService struct {
	db  *DB
	loc *time.Location
}

// NewInvoiceService returns an InvoiceService on db.
func NewInvoiceService(db *DB, loc *time.Location) *InvoiceService {
	if loc == nil {
		loc = time.UTC
	}
	return &InvoiceService{db: db, loc: loc}
}

var _ backend.InvoiceService = (*InvoiceService)(nil)

func (s *InvoiceService) today() string { return s.db.Now().In(s.loc).Format(backend.DateLayout) }

func (s *InvoiceService) FindInvoices(ctx context.Context, f backend.InvoiceFilter) (is []*backend.Invoice, n int, err error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	err = s.db.View(ctx, func(tx *Tx) error {
		is, n, err = findInvoices(ctx, tx, f, s.today())
		return err
	})
	return is, n, err
}

func (s *InvoiceService) FindInvoiceByID(ctx context.Context, id string) (inv *backend.Invoice, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		inv, err = findInvoiceByID(ctx, tx, id, s.today())
		return err
	})
	return inv, err
}

func findInvoiceByID(ctx context.Context, tx *Tx, id, today string) (*backend.Invoice, error) {
	is, _, err := findInvoices(ctx, tx, backend.InvoiceFilter{ID: &id, Page: backend.Page{Limit: 1}}, today)
	if err != nil {
		return nil, err
	} else if len(is) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "Invoice not found.")
	}
	inv := is[0]
	rows, err := tx.QueryContext(ctx, `SELECT id, amount_cents, paid_on, reference, created_at FROM invoice_payments
		WHERE invoice_id = ? AND deleted_at IS NULL ORDER BY paid_on, created_at, id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	inv.Payments = []backend.Payment{}
	for rows.Next() {
		var p backend.Payment
		var created string
		if err := rows.Scan(&p.ID, &p.AmountCents, &p.PaidOn, &p.Reference, &created); err != nil {
			return nil, err
		}
		p.CreatedAt, _ = backend.ParseTime(created)
		inv.Payments = append(inv.Payments, p)
	}
	return inv, rows.Err()
}

const overdueSQL = `(i.status = 'issued' AND i.due_on < ? AND i.paid_cents < i.total_cents)`

func findInvoices(ctx context.Context, tx *Tx, f backend.InvoiceFilter, today string) ([]*backend.Invoice, int, error) {
	f.Normalize()
	w := where{"i.deleted_at IS NULL"}
	var args []any
	for cond, v := range map[string]*string{"i.id = ?": f.ID, "i.status = ?": f.Status, "i.client_id = ?": f.ClientID,
		"i.property_id = ?": f.PropertyID} {
		if v != nil {
			w, args = append(w, cond), append(args, *v)
		}
	}
	if f.Overdue != nil {
		if *f.Overdue {
			w = append(w, overdueSQL)
		} else {
			w = append(w, "NOT "+overdueSQL)
		}
		args = append(args, today)
	}
	if qq := strings.TrimSpace(f.Query); qq != "" {
		pat := likeArg(qq)
		cond := `(p.name LIKE ? ESCAPE '\' OR c.name LIKE ? ESCAPE '\'`
		args = append(args, pat, pat)
		if num, err := strconv.Atoi(strings.TrimPrefix(strings.ToUpper(qq), "INV-")); err == nil {
			cond += ` OR i.number = ?`
			args = append(args, num)
		}
		w = append(w, cond+")")
	}
	col, desc := f.SortKey("number", "number", "issuedOn", "dueOn", "total", "owing", "property")
	if f.Sort == "" {
		desc = true
	}
	order := map[string]string{"number": "i.number", "issuedOn": "i.issued_on", "dueOn": "i.due_on", "total": "i.total_cents",
		"owing": "(i.total_cents - i.paid_cents)", "property": "p.name COLLATE NOCASE"}[col]
	total, err := countRows(ctx, tx, `invoices i JOIN properties p ON p.id = i.property_id JOIN clients c ON c.id = i.client_id`, w, args)
	if err != nil {
		return nil, 0, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT i.id, i.number, i.client_id, c.name, i.property_id, p.name, i.task_id, i.status,
			COALESCE(i.issued_on, ''), COALESCE(i.due_on, ''), i.total_cents, i.paid_cents, `+overdueSQL+`,
			i.created_at, i.updated_at, `+needsReviewSQL("invoices", "i.id")+`
		FROM invoices i JOIN properties p ON p.id = i.property_id JOIN clients c ON c.id = i.client_id`+w.sql()+`
		ORDER BY `+order+dir(desc)+`, i.created_at DESC, i.id LIMIT ? OFFSET ?`, append(append([]any{today}, args...), f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*backend.Invoice
	for rows.Next() {
		var inv backend.Invoice
		var num sql.NullInt64
		var task sql.NullString
		var created, updated string
		if err := rows.Scan(&inv.ID, &num, &inv.ClientID, &inv.ClientName, &inv.PropertyID, &inv.PropertyName, &task,
			&inv.Status, &inv.IssuedOn, &inv.DueOn, &inv.TotalCents, &inv.PaidCents, &inv.Overdue, &created, &updated, &inv.NeedsReview); err != nil {
			return nil, 0, err
		}
		if num.Valid {
			n := int(num.Int64)
			inv.Number = &n
		}
		if task.Valid {
			inv.TaskID = &task.String
		}
		inv.CreatedAt, _ = backend.ParseTime(created)
		inv.UpdatedAt, _ = backend.ParseTime(updated)
		out = append(out, &inv)
	}
	return out, total, rows.Err()
}

func (s *InvoiceService) CreateInvoice(ctx context.Context, inv *backend.Invoice) error {
	p := backend.Problems{}
	if inv.PropertyID == "" {
		p.Add("propertyId", "Choose the property the invoice is for.")
	}
	if inv.TotalCents <= 0 || inv.TotalCents > 100_000_000_00 {
		p.Add("totalCents", "Enter a total above $0.")
	}
	if err := p.Err(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		prop, err := findPropertyByID(ctx, tx, inv.PropertyID)
		if err != nil {
			return fieldErr(err, "propertyId", "Choose an existing property.")
		}
		n, err := nextNumber(ctx, tx, "invoice")
		if err != nil {
			return err
		}
		id := backend.NewID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO invoices (id, number, client_id, property_id, status, total_cents,
			created_at, updated_at) VALUES (?, ?, ?, ?, 'draft', ?, ?, ?)`, id, n, prop.ClientID, prop.ID, inv.TotalCents, tx.now, tx.now); err != nil {
			return err
		}
		found, err := findInvoiceByID(ctx, tx, id, s.today())
		if err == nil {
			*inv = *found
		}
		return err
	})
}

func dateField(field, v string) (string, error) {
	d, err := time.Parse(backend.DateLayout, v)
	if err != nil {
		return "", &backend.Error{Code: backend.EINVALID, Message: "Enter a valid date.", Fields: map[string]string{field: "Enter a date as DD/MM/YYYY."}}
	}
	return d.Format(backend.DateLayout), nil
}

func (s *InvoiceService) IssueInvoice(ctx context.Context, id, dueOn string) (inv *backend.Invoice, err error) {
	today := s.today()
	if dueOn == "" {
		dueOn = s.db.Now().In(s.loc).AddDate(0, 0, 30).Format(backend.DateLayout)
	} else if dueOn, err = dateField("dueOn", dueOn); err != nil {
		return nil, err
	} else if dueOn < today {
		return nil, &backend.Error{Code: backend.EINVALID, Message: "The due date is before today.",
			Fields: map[string]string{"dueOn": "Choose today or a later date."}}
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		if inv, err = findInvoiceByID(ctx, tx, id, today); err != nil {
			return err
		}
		if inv.Status != backend.InvoiceDraft {
			return backend.Errorf(backend.ECONFLICT, "This invoice is %s; only a draft can be issued.", inv.Status)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE invoices SET status = 'issued', issued_on = ?, due_on = ?, updated_at = ? WHERE id = ?`,
			today, dueOn, tx.now, id); err != nil {
			return err
		}
		inv, err = findInvoiceByID(ctx, tx, id, today)
		return err
	})
	return inv, err
}

func (s *InvoiceService) RecordPayment(ctx context.Context, id string, pay backend.Payment) (inv *backend.Invoice, err error) {
	today := s.today()
	p := backend.Problems{}
	if pay.AmountCents == 0 {
		p.Add("amountCents", "Enter the amount paid (negative to correct an earlier payment).")
	}
	if pay.PaidOn == "" {
		pay.PaidOn = today
	} else if d, derr := dateField("paidOn", pay.PaidOn); derr != nil {
		p.Add("paidOn", "Enter a date as DD/MM/YYYY.")
	} else if pay.PaidOn = d; d > today {
		p.Add("paidOn", "A payment cannot be in the future.")
	}
	if pay.Reference = strings.TrimSpace(pay.Reference); len(pay.Reference) > 200 {
		p.Add("reference", "Keep the reference under 200 characters.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		if inv, err = findInvoiceByID(ctx, tx, id, today); err != nil {
			return err
		}
		if inv.Status != backend.InvoiceIssued && inv.Status != backend.InvoicePaid {
			return backend.Errorf(backend.ECONFLICT, "This invoice is %s; payments are recorded on issued invoices.", inv.Status)
		}
		paid := inv.PaidCents + pay.AmountCents
		if paid < 0 || paid > inv.TotalCents {
			return &backend.Error{Code: backend.EINVALID, Message: "That is more than is owed, or takes back more than was paid.",
				Fields: map[string]string{"amountCents": "Enter at most the amount owing (" + cents(inv.TotalCents-inv.PaidCents) + ")."}}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO invoice_payments (id, invoice_id, amount_cents, paid_on, reference, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, backend.NewID(), id, pay.AmountCents, pay.PaidOn, pay.Reference, tx.now); err != nil {
			return err
		}
		status := backend.InvoiceIssued
		if paid == inv.TotalCents {
			status = backend.InvoicePaid
		}
		// paid_cents is derived from the delta rows, kept in the same transaction.
		if _, err := tx.ExecContext(ctx, `UPDATE invoices SET paid_cents = (SELECT COALESCE(SUM(amount_cents), 0) FROM invoice_payments
			WHERE invoice_id = ? AND deleted_at IS NULL), status = ?, updated_at = ? WHERE id = ?`, id, status, tx.now, id); err != nil {
			return err
		}
		inv, err = findInvoiceByID(ctx, tx, id, today)
		return err
	})
	return inv, err
}

func cents(c int64) string {
	s := strconv.FormatInt(c/100, 10)
	return "$" + s + "." + strconv.FormatInt(100+c%100, 10)[1:]
}

func (s *InvoiceService) VoidInvoice(ctx context.Context, id string) (inv *backend.Invoice, err error) {
	today := s.today()
	err = s.db.Update(ctx, func(tx *Tx) error {
		if inv, err = findInvoiceByID(ctx, tx, id, today); err != nil {
			return err
		}
		if inv.Status == backend.InvoiceVoided {
			return backend.Errorf(backend.ECONFLICT, "This invoice is already voided.")
		}
		if inv.PaidCents != 0 {
			return backend.Errorf(backend.ECONFLICT, "Payments are recorded on this invoice; reverse them before voiding it.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE invoices SET status = 'voided', updated_at = ? WHERE id = ?`, tx.now, id); err != nil {
			return err
		}
		inv, err = findInvoiceByID(ctx, tx, id, today)
		return err
	})
	return inv, err
}
