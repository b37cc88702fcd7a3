package http

import (
	"net/http"
)

func (s *Server) registerPropertyRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/properties", s.fieldWork(s.handleProperties))
	s.handle(mux, "GET /api/properties/{id}", s.fieldWork(s.handleProperty))
	s.handle(mux, "PATCH /api/properties/{id}", s.office(s.handlePropertyUpdate))
	s.handle(mux, "POST /api/properties", s.office(s.handlePropertyCreate))
}

func (s *Server) handleProperties(w http.ResponseWriter, r *http.Request, _ *principal) error {
	f, err := propertyFilter(r)
	if err != nil {
		return err
	}
	ps, total, err := s.Properties.FindProperties(r.Context(), f)
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
