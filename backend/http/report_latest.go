package http

import (
	"net/http"

	"siteward/backend"
)

// Latest reports: the published reports saved against the view's
// properties, newest first, and their PDFs. A generated report saved
// without a file is drawn again within the caller's own view.
func (s *Server) registerLatestReportRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/portal/latest-reports", s.portal(s.handleLatestReports))
	s.handle(mux, "GET /api/portal/latest-reports/{id}/pdf", s.portal(s.handleLatestReportPDF))
}

func (s *Server) handleLatestReports(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if err := s.reportServiceReady(); err != nil {
		return err
	}
	pg, err := pageFrom(r)
	if err != nil {
		return err
	}
	rs, total, err := s.Reports.FindPortalReports(r.Context(), sc, backend.ReportFilter{PropertyID: strParam(r, "property"), Page: pg})
	if err != nil {
		return err
	}
	writeList(w, rs, total)
	return nil
}

func (s *Server) handleLatestReportPDF(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if err := s.reportServiceReady(); err != nil {
		return err
	}
	ctx := r.Context()
	rep, err := s.Reports.FindPortalReport(ctx, sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	name := rep.Kind.Slug() + "-" + rep.PeriodStart + ".pdf"
	if rep.FileSHA256 != "" {
		_, b, err := s.Reports.ReportFile(ctx, rep.ID)
		if err != nil {
			return err
		}
		writePDF(w, r, name, b)
		return nil
	}
	req, ok := rep.Request()
	if !ok {
		return backend.Errorf(backend.ENOTFOUND, "This report has no file.")
	}
	b, err := s.renderReport(ctx, sc, req)
	if err != nil {
		return err
	}
	writePDF(w, r, name, b)
	return nil
}
