package http

import (
	"net/http"
	"strings"

	"siteward/backend"
)

func (s *Server) registerDefectAlertRoutes(mux *http.ServeMux) {
	// The acknowledgement link works without signing in: it goes to
	// property contacts who may have no account.
	s.handle(mux, "POST /api/alerts/check", s.public(s.handleAlertCheck))
	s.handle(mux, "POST /api/alerts/ack", s.public(s.handleAlertAck))
	s.handle(mux, "GET /api/alerts", s.office(s.handleAlerts))
	s.handle(mux, "GET /api/remarks/{id}/alerts", s.office(s.handleRemarkAlerts))
	s.handle(mux, "GET /api/portal/properties/{id}/alerts", s.portal(s.handlePortalPropertyAlerts))
}

func (s *Server) handleAlertCheck(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		Token string `json:"token"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	info, err := s.DefectAlerts.CheckAlert(r.Context(), strings.TrimSpace(in.Token))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, info)
	return nil
}

func (s *Server) handleAlertAck(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		Token string `json:"token"`
		Name  string `json:"name"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	info, err := s.DefectAlerts.AcknowledgeAlert(r.Context(), strings.TrimSpace(in.Token), in.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, info)
	return nil
}

func (s *Server) handleAlerts(w http.ResponseWriter, r *http.Request, _ *principal) error {
	pg, err := pageFrom(r)
	if err != nil {
		return err
	}
	acked, err := boolParam(r, "acknowledged")
	if err != nil {
		return err
	}
	as, total, err := s.DefectAlerts.FindAlerts(r.Context(), backend.DefectAlertFilter{Acknowledged: acked, Page: pg})
	if err != nil {
		return err
	}
	writeList(w, as, total)
	return nil
}

func (s *Server) handleRemarkAlerts(w http.ResponseWriter, r *http.Request, _ *principal) error {
	as, err := s.DefectAlerts.FindRemarkAlerts(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeList(w, as, len(as))
	return nil
}

func (s *Server) handlePortalPropertyAlerts(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	as, err := s.DefectAlerts.FindPortalPropertyAlerts(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeList(w, as, len(as))
	return nil
}
