package http

import (
	"bytes"
	"net/http"
	"strings"

	"siteward/backend"
)

func (s *Server) handleClientsBulk(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var upd backend.ClientBulkUpdate
	if err := decodeJSON(r, &upd); err != nil {
		return err
	}
	res, err := s.Clients.BulkUpdateClients(r.Context(), upd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// handleClientIDs answers the ids of every client the list's filters
// select ("select all matching" before a bulk edit), at most as many as one
// bulk edit takes.
func (s *Server) handleClientIDs(w http.ResponseWriter, r *http.Request, _ *principal) error {
	f, err := clientFilter(r)
	if err != nil {
		return err
	}
	ids := []string{}
	errTooMany := backend.Errorf(backend.EINVALID, "More than 10,000 clients match: narrow the list with a search or filter first.")
	err = s.Clients.EachClient(r.Context(), f, func(c *backend.Client) error {
		if len(ids) == backend.MaxBulkClients {
			return errTooMany
		}
		ids = append(ids, c.ID)
		return nil
	})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"ids": ids, "total": len(ids)})
	return nil
}

func (s *Server) handleClientTags(w http.ResponseWriter, r *http.Request, _ *principal) error {
	tags, err := s.Clients.FindClientTags(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": tags})
	return nil
}

// handleClientsExport writes exactly the list the filters and sort select
// (every page of it), in the columns asked for (?columns=name,tags,…).
func (s *Server) handleClientsExport(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if s.Exporter == nil {
		return backend.Errorf(backend.EUNAVAILABLE, "Exports are not available on this server.")
	}
	format, err := backend.ParseExportFormat(r.URL.Query().Get("format"))
	if err != nil {
		return err
	}
	f, err := clientFilter(r)
	if err != nil {
		return err
	}
	var keys []string
	if v := r.URL.Query().Get("columns"); v != "" {
		keys = strings.Split(v, ",")
	}
	cols, err := backend.PickColumns(backend.ClientExportColumns, keys)
	if err != nil {
		return err
	}
	settings, err := s.Settings.GetSettings(r.Context())
	if err != nil {
		return err
	}
	loc := settings.Location()
	return s.exportTable(w, format, "Clients", "clients-"+s.Now().In(loc).Format("2006-01-02"), headers(cols),
		func(row func([]any) error) error {
			return s.Clients.EachClient(r.Context(), f, func(c *backend.Client) error {
				cells := make([]any, len(cols))
				for i, col := range cols {
					cells[i] = col.Cell(c, loc)
				}
				return row(cells)
			})
		})
}

func headers[T any](cols []backend.ExportColumn[T]) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Header
	}
	return out
}

// exportTable sends a table as a download. XLSX is built in memory first (the workbook is complete only at
// the end); CSV streams, so an error after the first row ends the body
// short and the download fails visibly rather than pretending to be whole.
func (s *Server) exportTable(w http.ResponseWriter, format backend.ExportFormat, sheet, name string, cols []string,
	rows func(row func([]any) error) error) error {
	if format == backend.ExportXLSX {
		buf := &bytes.Buffer{}
		tw, err := s.Exporter.NewTableWriter(buf, format, sheet)
		if err != nil {
			return err
		}
		if err := writeTable(tw, cols, rows); err != nil {
			return err
		}
		setDownload(w, format, name)
		_, err = buf.WriteTo(w)
		return err
	}
	tw, err := s.Exporter.NewTableWriter(w, format, sheet)
	if err != nil {
		return err
	}
	setDownload(w, format, name)
	return writeTable(tw, cols, rows)
}

func writeTable(tw backend.TableWriter, cols []string, rows func(row func([]any) error) error) error {
	if err := tw.WriteHeader(cols); err != nil {
		return err
	}
	if err := rows(tw.WriteRow); err != nil {
		return err
	}
	return tw.Close()
}

func setDownload(w http.ResponseWriter, format backend.ExportFormat, name string) {
	h := w.Header()
	h.Set("Content-Type", format.ContentType())
	h.Set("Content-Disposition", `attachment; filename="`+name+"."+string(format)+`"`)
	h.Set("Cache-Control", "no-store")
}
