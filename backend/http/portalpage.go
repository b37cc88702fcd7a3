package http

import (
	"net/http"

	"siteward/backend"
)

// The portal's property page: details and what hangs off the property, and
// its floorplan images, public documents and published reports' files.
func (s *Server) registerPortalPageRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/portal/properties/{id}/page", s.portal(s.handlePortalPropertyPage))
	s.handle(mux, "GET /api/portal/floorplans/{id}/image", s.portal(s.portalFile(backend.FileFloorplan)))
	s.handle(mux, "GET /api/portal/documents/{id}/file", s.portal(s.portalFile(backend.FileDocument)))
}

var errNoPropertyPage = backend.Errorf(backend.EUNAVAILABLE, "The property page is not available on this server.")

func (s *Server) handlePortalPropertyPage(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if s.PropertyPage == nil {
		return errNoPropertyPage
	}
	pg, err := s.PropertyPage.FindPortalPropertyPage(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, pg)
	return nil
}

// portalFile serves a stored file the scope may see: a previewable one
// (PDF, image, text) in place for the portal's preview unless ?download=1
// asks for the file; anything else downloads. The name is the document's,
// made safe for a header.
func (s *Server) portalFile(kind string) portalHandler {
	return func(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
		if s.PropertyPage == nil || s.Files == nil {
			return errNoPropertyPage
		}
		ref, err := s.PropertyPage.FindPortalFile(r.Context(), sc, kind, r.PathValue("id"))
		if err != nil {
			return err
		}
		return s.serveStoredFile(w, r, ref, r.URL.Query().Get("download") == "")
	}
}
