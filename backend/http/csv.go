package http

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"siteward/backend"
)

// maxExportRows bounds a list export; a bigger list asks for a narrower filter.
const maxExportRows = 10000

// listFormat is the file a portal list export asks for: the route's
// ending, .csv or .xlsx.
func listFormat(r *http.Request) backend.ExportFormat {
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		return backend.ExportXLSX
	}
	return backend.ExportCSV
}

// exportPortalList writes every row of a list — the request's own filter and
// sort, page after page — as CSV or XLSX (listFormat), so the file holds
// exactly what the overlay lists, scoped in SQL like the list itself. pg
// is the filter's page, which exportPortalList moves; find runs the filter as it
// stands. Every row is read before the first byte is written, so a list
// too long or a failed page answers an error, not half a file.
func exportPortalList[T any](s *Server, w http.ResponseWriter, r *http.Request, name, sheet string, pg *backend.Page, header []string,
	find func() ([]T, int, error), row func(T) []any) error {
	if s.Exporter == nil {
		return backend.Errorf(backend.EUNAVAILABLE, "Exports are not available on this server.")
	}
	pg.Offset, pg.Limit = 0, backend.MaxLimit
	var rows [][]any
	for {
		items, total, err := find()
		if err != nil {
			return err
		}
		if total > maxExportRows {
			return backend.Errorf(backend.EINVALID, "This list has %d rows; filter it to %d or fewer to export it.", total, maxExportRows)
		}
		for _, it := range items {
			rows = append(rows, row(it))
		}
		pg.Offset += len(items)
		if len(items) == 0 || pg.Offset >= total {
			break
		}
	}
	return s.exportTable(w, listFormat(r), sheet, name, header, func(write func([]any) error) error {
		for _, cells := range rows {
			if err := write(cells); err != nil {
				return err
			}
		}
		return nil
	})
}

// csvDate shows a stored local date ("2026-11-05") as 05/11/2026.
func csvDate(d *string) string {
	if d == nil {
		return ""
	}
	t, err := time.Parse(backend.DateLayout, *d)
	if err != nil {
		return *d
	}
	return t.Format("02/01/2006")
}

// csvTime shows a stored UTC time as its local date.
func csvTime(s string, loc *time.Location) string {
	t, err := backend.ParseTime(s)
	if err != nil {
		return s
	}
	return t.In(loc).Format("02/01/2006")
}

func csvTimePtr(s *string, loc *time.Location) string {
	if s == nil {
		return ""
	}
	return csvTime(*s, loc)
}

func csvNumber(prefix string, n *int) string {
	if n == nil {
		return "pending"
	}
	return prefix + strconv.Itoa(*n)
}

// location is the workspace's time zone, for dates in exports.
func (s *Server) location(r *http.Request) (*time.Location, error) {
	st, err := s.Settings.GetSettings(r.Context())
	if err != nil {
		return nil, err
	}
	return st.Location(), nil
}

var kindLabel = map[string]string{"defect": "Defect quote", "service": "Service quote", "routine": "Routine", "service_call": "Service call", "other": "Other"}

func (s *Server) exportPortalQuotes(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if s.Activity == nil {
		return errNoActivity
	}
	f, err := quoteFilterFrom(r)
	if err != nil {
		return err
	}
	loc, err := s.location(r)
	if err != nil {
		return err
	}
	return exportPortalList(s, w, r, "quotes", "Quotes", &f.Page,
		[]string{"Number", "Kind", "Property", "Client", "Title", "Status", "Total (AUD)", "Issued", "Expires", "Decided", "Decided by", "PO / reference", "Comment", "Decline reason"},
		func() ([]*backend.PortalQuote, int, error) { return s.Activity.FindPortalQuotes(r.Context(), sc, f) },
		func(q *backend.PortalQuote) []any {
			d := backend.Decision{}
			decided := ""
			if q.Decision != nil {
				d = *q.Decision
				decided = d.At.In(loc).Format("02/01/2006")
			}
			return []any{csvNumber("Q-", q.Number), kindLabel[q.Kind], q.PropertyName, q.ClientName, q.Title, q.Status, backend.Cents(q.TotalCents),
				csvDate(q.IssuedOn), csvDate(q.ExpiresOn), decided, d.ByName, d.POReference, d.Comment, d.Reason}
		})
}

func (s *Server) exportPortalInvoices(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if s.Activity == nil {
		return errNoActivity
	}
	f, err := invoiceFilterFrom(r)
	if err != nil {
		return err
	}
	return exportPortalList(s, w, r, "invoices", "Invoices", &f.Page,
		[]string{"Number", "Property", "Client", "Status", "Issued", "Due", "Total (AUD)", "Paid (AUD)", "Owing (AUD)", "Overdue"},
		func() ([]*backend.PortalInvoice, int, error) {
			return s.Activity.FindPortalInvoices(r.Context(), sc, f)
		},
		func(i *backend.PortalInvoice) []any {
			return []any{csvNumber("INV-", i.Number), i.PropertyName, i.ClientName, i.Status, csvDate(i.IssuedOn), csvDate(i.DueOn),
				backend.Cents(i.TotalCents), backend.Cents(i.PaidCents), backend.Cents(i.TotalCents - i.PaidCents), yesNo(i.Overdue)}
		})
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
