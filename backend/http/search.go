package http

import (
	"net/http"

	"siteward/backend"
)

// The portal's search across the view (GET /api/portal/search?q=).
func (s *Server) registerSearchRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/portal/search", s.portal(s.handlePortalSearch))
}

func (s *Server) handlePortalSearch(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if s.Search == nil {
		return backend.Errorf(backend.EUNAVAILABLE, "Search is not available on this server.")
	}
	res, err := s.Search.Search(r.Context(), sc, r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
