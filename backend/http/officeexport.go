package http

import (
	"net/http"
	"strings"

	"siteward/backend"
)

// maxOfficeExportRows bounds a Customer Data export; a bigger list asks for
// a narrower filter (the clients export streams and has no bound).
const maxOfficeExportRows = 50_000

// registerOfficeExportRoutes: each Customer Data list as CSV or XLSX
// (?format=csv|xlsx, optional ?columns=), with the list's own filters and
// sort, so the file holds the list row for row.
func (s *Server) registerOfficeExportRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/remarks/export", s.office(func(w http.ResponseWriter, r *http.Request, _ *principal) error {
		f, err := remarkFilter(r)
		return exportList(s, w, r, err, "Remarks", backend.RemarkExportColumns, &f.Page,
			func() ([]*backend.Remark, int, error) { return s.Remarks.FindRemarks(r.Context(), f) })
	}))
	s.handle(mux, "GET /api/quotes/export", s.office(func(w http.ResponseWriter, r *http.Request, _ *principal) error {
		f, err := quoteFilter(r)
		return exportList(s, w, r, err, "Quotes", backend.QuoteExportColumns, &f.Page,
			func() ([]*backend.Quote, int, error) { return s.Quotes.FindQuotes(r.Context(), f) })
	}))
	s.handle(mux, "GET /api/invoices/export", s.office(func(w http.ResponseWriter, r *http.Request, _ *principal) error {
		f, err := invoiceFilter(r)
		return exportList(s, w, r, err, "Invoices", backend.InvoiceExportColumns, &f.Page,
			func() ([]*backend.Invoice, int, error) { return s.Invoices.FindInvoices(r.Context(), f) })
	}))
	s.handle(mux, "GET /api/properties/export", s.office(func(w http.ResponseWriter, r *http.Request, _ *principal) error {
		f, err := propertyFilter(r)
		return exportList(s, w, r, err, "Properties", backend.PropertyExportColumns, &f.Page,
			func() ([]*backend.Property, int, error) { return s.Properties.FindProperties(r.Context(), f) })
	}))
	s.handle(mux, "GET /api/assets/export", s.office(func(w http.ResponseWriter, r *http.Request, _ *principal) error {
		f, err := assetFilter(r)
		return exportList(s, w, r, err, "Assets", backend.AssetExportColumns, &f.Page,
			func() ([]*backend.AssetRow, int, error) { return s.CustomerData.FindAssets(r.Context(), f) })
	}))
	s.handle(mux, "GET /api/tasks/export", s.office(func(w http.ResponseWriter, r *http.Request, _ *principal) error {
		f, err := taskFilter(r)
		return exportList(s, w, r, err, "Tasks", backend.TaskExportColumns, &f.Page,
			func() ([]*backend.TaskRow, int, error) { return s.CustomerData.FindTasks(r.Context(), f) })
	}))
	s.handle(mux, "GET /api/routines/export", s.office(func(w http.ResponseWriter, r *http.Request, _ *principal) error {
		f, err := routineFilter(r)
		return exportList(s, w, r, err, "Routines", backend.RoutineExportColumns, &f.Page,
			func() ([]*backend.Routine, int, error) { return s.Routines.FindRoutines(r.Context(), f) })
	}))
}

// exportList writes every page of a list — find runs the list's filter with
// pg, which exportList moves — as the requested format. The first page is
// read before anything is sent, so a bad filter or a too-long list is a
// plain error answer, not a broken download.
func exportList[T any](s *Server, w http.ResponseWriter, r *http.Request, filterErr error, sheet string,
	all []backend.ExportColumn[T], pg *backend.Page, find func() ([]T, int, error)) error {
	if filterErr != nil {
		return filterErr
	}
	if s.Exporter == nil {
		return backend.Errorf(backend.EUNAVAILABLE, "Exports are not available on this server.")
	}
	format, err := backend.ParseExportFormat(r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	var keys []string
	if v := r.URL.Query().Get("columns"); v != "" {
		keys = strings.Split(v, ",")
	}
	cols, err := backend.PickColumns(all, keys)
	if err != nil {
		return err
	}
	loc, err := s.location(r)
	if err != nil {
		return err
	}
	pg.Offset, pg.Limit = 0, backend.MaxLimit
	items, total, err := find()
	if err != nil {
		return err
	}
	if total > maxOfficeExportRows {
		return backend.Errorf(backend.EINVALID, "This list has %d rows; filter it to %d or fewer to export it.", total, maxOfficeExportRows)
	}
	name := strings.ToLower(sheet) + "-" + s.Now().In(loc).Format("2006-01-02")
	return s.exportTable(w, format, sheet, name, headers(cols), func(row func([]any) error) error {
		for {
			for _, it := range items {
				cells := make([]any, len(cols))
				for i, c := range cols {
					cells[i] = c.Cell(it, loc)
				}
				if err := row(cells); err != nil {
					return err
				}
			}
			pg.Offset += len(items)
			if len(items) == 0 || pg.Offset >= total {
				return nil
			}
			if items, _, err = find(); err != nil {
				return err
			}
		}
	})
}
