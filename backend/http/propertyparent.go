package http

import (
	"net/http"
)

// handlePropertyUpdate changes a property's building (the parent a
// tenancy sits in): {"parentId": id or null}. The store refuses loops,
// tenancies of tenancies and other clients' buildings beside the field.
func (s *Server) handlePropertyUpdate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		ParentID *string `json:"parentId"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	p, err := s.Properties.SetPropertyParent(r.Context(), r.PathValue("id"), in.ParentID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}
