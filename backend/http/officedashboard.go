package http

import (
	"net/http"
)

// The office's landing page: what needs attention today, and its chart
// (data from s.OfficeDashboard, the ECharts option from s.OfficeCharts).
func (s *Server) registerOfficeDashboardRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/office/dashboard", s.office(s.handleOfficeDashboard))
	s.handle(mux, "GET /api/office/charts/defects-by-age", s.office(s.handleOfficeDefectsByAge))
}

func (s *Server) handleOfficeDashboard(w http.ResponseWriter, r *http.Request, _ *principal) error {
	d, err := s.OfficeDashboard.OfficeDashboard(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) handleOfficeDefectsByAge(w http.ResponseWriter, r *http.Request, _ *principal) error {
	d, err := s.OfficeDashboard.OpenDefectsByAge(r.Context())
	if err != nil {
		return err
	}
	option, err := s.OfficeCharts.OpenDefectsByAge(d)
	if err != nil {
		return err
	}
	body, err := encodeChart(d, option)
	if err != nil {
		return err
	}
	writeBody(w, body)
	return nil
}
