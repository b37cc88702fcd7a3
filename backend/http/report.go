package http

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"siteward/backend"
)

// Reports as PDFs. The portal's routes generate a report of the caller's
// view (office users name one with ?asKind=&asId=, which is how the
// workspace generates for a client or a group); ?property= narrows it to
// one property of the view. Office routes save a report against a
// property, list, download and email saved ones.
func (s *Server) registerReportRoutes(mux *http.ServeMux) {
	for _, k := range backend.ReportKinds {
		s.handle(mux, "GET /api/portal/reports/"+k.Slug(), s.portal(s.handleReportPDF(k)))
	}
	s.registerReportJobRoutes(mux)
	s.registerLatestReportRoutes(mux)
	s.handle(mux, "GET /api/properties/{id}/reports", s.office(s.handlePropertyReports))
	s.handle(mux, "POST /api/properties/{id}/reports", s.office(s.handleSaveReport))
	s.handle(mux, "GET /api/reports/{id}/pdf", s.office(s.handleSavedReportPDF))
	s.handle(mux, "POST /api/reports/{id}/email", s.office(s.handleEmailReport))
}

var errNoReports = backend.Errorf(backend.EUNAVAILABLE, "Reports are not available on this server.")

func (s *Server) reportsReady() error {
	if s.ReportData == nil || s.ReportRenderer == nil {
		return errNoReports
	}
	return nil
}

// reportRequest reads a report's period from its parameters: month=YYYY-MM
// for the monthly reports, from= and to= (inclusive dates) for the routine
// activity report, year=YYYY for the condition report; and property=.
func (s *Server) reportRequest(ctx context.Context, kind backend.ReportKind, q url.Values) (backend.ReportRequest, error) {
	set, err := s.Settings.GetSettings(ctx)
	if err != nil {
		return backend.ReportRequest{}, err
	}
	now, loc := s.Now(), set.Location()
	var req backend.ReportRequest
	switch kind {
	case backend.ReportMonthlyActivity, backend.ReportMonthlyMaintenance:
		req, err = backend.MonthPeriod(kind, q.Get("month"), now, loc)
	case backend.ReportRoutineActivity:
		req, err = backend.RangePeriod(kind, q.Get("from"), q.Get("to"), now, loc)
	default:
		req, err = backend.YearPeriod(kind, q.Get("year"), now, loc)
	}
	if err != nil {
		return req, err
	}
	req.PropertyID = q.Get("property")
	if kind == backend.ReportYearlyCondition && req.PropertyID == "" {
		msg := "Choose the property the condition report is for."
		return req, &backend.Error{Code: backend.EINVALID, Message: msg, Fields: map[string]string{"property": msg}}
	}
	return req, nil
}

// renderReport gathers the report's data within sc and draws it, with the
// company's logo on every page.
func (s *Server) renderReport(ctx context.Context, sc backend.Scope, req backend.ReportRequest) ([]byte, error) {
	if err := s.reportsReady(); err != nil {
		return nil, err
	}
	_, logo, err := s.companyLogo(ctx)
	if err != nil {
		return nil, err
	}
	switch req.Kind {
	case backend.ReportMonthlyActivity:
		d, err := s.ReportData.MonthlyActivity(ctx, sc, req)
		if err != nil {
			return nil, err
		}
		d.Header.Logo = logo
		return s.ReportRenderer.MonthlyActivity(d)
	case backend.ReportMonthlyMaintenance:
		d, err := s.ReportData.MonthlyMaintenance(ctx, sc, req)
		if err != nil {
			return nil, err
		}
		d.Header.Logo = logo
		return s.ReportRenderer.MonthlyMaintenance(d)
	case backend.ReportRoutineActivity:
		d, err := s.ReportData.RoutineActivity(ctx, sc, req)
		if err != nil {
			return nil, err
		}
		d.Header.Logo = logo
		return s.ReportRenderer.RoutineActivity(d)
	case backend.ReportYearlyCondition:
		d, err := s.ReportData.YearlyCondition(ctx, sc, req)
		if err != nil {
			return nil, err
		}
		d.Header.Logo = logo
		return s.ReportRenderer.YearlyCondition(d)
	}
	return nil, backend.Errorf(backend.EINVALID, "Choose a report.")
}

func (s *Server) handleReportPDF(kind backend.ReportKind) portalHandler {
	return func(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
		req, err := s.reportRequest(r.Context(), kind, r.URL.Query())
		if err != nil {
			return err
		}
		b, err := s.renderReport(r.Context(), sc, req)
		if err != nil {
			return err
		}
		writePDF(w, r, reportFileName(kind, req), b)
		return nil
	}
}

// reportFileName is "monthly-activity-2026-11-01.pdf": ASCII only, so the
// header needs no encoding.
func reportFileName(kind backend.ReportKind, req backend.ReportRequest) string {
	return kind.Slug() + "-" + req.From + ".pdf"
}

// writePDF answers a PDF: inline, for the in-place preview, or as a
// download with ?download=1.
func writePDF(w http.ResponseWriter, r *http.Request, name string, b []byte) {
	disposition := "inline"
	if v, _ := strconv.ParseBool(r.URL.Query().Get("download")); v {
		disposition = "attachment"
	}
	// The name goes into a header: only letters, digits, dots and dashes.
	name = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' {
			return r
		}
		return -1
	}, name)
	h := w.Header()
	h.Set("Content-Type", "application/pdf")
	h.Set("Content-Disposition", disposition+`; filename="`+name+`"`)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "no-store")
	// Shown in place like a stored file: never sniffed, sandboxed.
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", storedFileCSP)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
}
