package http

import (
	"net/http"

	"siteward/backend"
)

// The contractor signoff timeline of a property, as the office keeps it.
func (s *Server) registerSignoffRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/properties/{id}/signoffs", s.fieldWork(s.handleSignoffs))
	s.handle(mux, "POST /api/properties/{id}/signoffs", s.fieldWork(s.handleSignoffCreate))
	s.handle(mux, "DELETE /api/signoffs/{id}", s.office(s.handleSignoffDelete))
}

func (s *Server) handleSignoffs(w http.ResponseWriter, r *http.Request, _ *principal) error {
	out, err := s.Signoffs.FindSignoffs(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeList(w, out, len(out))
	return nil
}

func (s *Server) handleSignoffCreate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in backend.SignoffInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	in.PropertyID = r.PathValue("id")
	so, err := s.Signoffs.CreateSignoff(r.Context(), &in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, so)
	return nil
}

func (s *Server) handleSignoffDelete(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if err := s.Signoffs.DeleteSignoff(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
