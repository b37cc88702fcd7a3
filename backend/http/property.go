package http

import (
	"net/http"

	"siteward/backend"
)

func (s *Server) registerPropertyRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/properties", s.office(s.handleProperties))
	s.handle(mux, "GET /api/properties/{id}", s.office(s.handleProperty))
	s.handle(mux, "PATCH /api/properties/{id}", s.office(s.handlePropertyUpdate))
}

func (s *Server) handleProperties(w http.ResponseWriter, r *http.Request, _ *principal) error {
	pg, err := pageFrom(r)
	if err != nil {
		return err
	}
	active, err := boolParam(r, "active")
	if err != nil {
		return err
	}
	ps, total, err := s.Properties.FindProperties(r.Context(), backend.PropertyFilter{
		ClientID: strParam(r, "clientId"), Active: active, Query: r.URL.Query().Get("q"), Page: pg})
	if err != nil {
		return err
	}
	writeList(w, ps, total)
	return nil
}

func (s *Server) handleProperty(w http.ResponseWriter, r *http.Request, _ *principal) error {
	p, err := s.Properties.FindPropertyByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}
