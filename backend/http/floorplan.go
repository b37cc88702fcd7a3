package http

import (
	"net/http"

	"siteward/backend"
)

// The office's floorplans of a property and the asset pins on them.
func (s *Server) registerFloorplanRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/properties/{id}/floorplans", s.fieldWork(s.handleFloorplans))
	s.handle(mux, "POST /api/properties/{id}/floorplans", s.office(s.handleFloorplanUpload))
	s.handle(mux, "PATCH /api/floorplans/{id}", s.office(s.handleFloorplanRename))
	s.handle(mux, "DELETE /api/floorplans/{id}", s.office(s.handleFloorplanDelete))
	s.handle(mux, "GET /api/floorplans/{id}/image", s.fieldWork(s.handleFloorplanImage))
	s.handle(mux, "PUT /api/assets/{id}/pin", s.office(s.handleAssetPin))
	s.handle(mux, "DELETE /api/assets/{id}/pin", s.office(s.handleAssetUnpin))
}

func (s *Server) handleFloorplans(w http.ResponseWriter, r *http.Request, _ *principal) error {
	pf, err := s.Floorplans.FindPropertyFloorplans(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, pf)
	return nil
}

// handleFloorplanUpload stores the raw body as a plan named ?name=.
func (s *Server) handleFloorplanUpload(w http.ResponseWriter, r *http.Request, _ *principal) error {
	content, err := readUpload(w, r, backend.MaxFloorplanBytes, "save it at a lower resolution")
	if err != nil {
		return err
	}
	f, err := s.Floorplans.CreateFloorplan(r.Context(), &backend.FloorplanUpload{
		PropertyID: r.PathValue("id"), Name: r.URL.Query().Get("name"), Content: content})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, f)
	return nil
}

func (s *Server) handleFloorplanRename(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	f, err := s.Floorplans.RenameFloorplan(r.Context(), r.PathValue("id"), in.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, f)
	return nil
}

func (s *Server) handleFloorplanDelete(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if err := s.Floorplans.DeleteFloorplan(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) handleFloorplanImage(w http.ResponseWriter, r *http.Request, _ *principal) error {
	ref, err := s.Floorplans.FindFloorplanFile(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.serveStoredFile(w, r, ref, true)
}

func (s *Server) handleAssetPin(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var pin backend.AssetPin
	if err := decodeJSON(r, &pin); err != nil {
		return err
	}
	a, err := s.Floorplans.PinAsset(r.Context(), r.PathValue("id"), pin)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}

func (s *Server) handleAssetUnpin(w http.ResponseWriter, r *http.Request, _ *principal) error {
	a, err := s.Floorplans.UnpinAsset(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}
