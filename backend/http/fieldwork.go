package http

import (
	"context"
	"net/http"

	"siteward/backend"
)

// Field work (docs/sync.md "A technician's own install"): a technician
// works on the install enrolled for them — their tasks, remarks of their
// work, assets and signoffs of the properties the install holds, the sync
// status. Everything else stays the office's (403); another technician's
// task or remark is not found (404), like a missing id.

// fieldWork allows office users as before, and a technician on the
// install enrolled for them; guests get 401, everyone else 403.
func (s *Server) fieldWork(h handler) http.HandlerFunc {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request, p *principal) error {
		if p.user.IsOffice() {
			return h(w, r, p)
		}
		ok, err := s.fieldWorker(r.Context(), p.user)
		if err != nil {
			return err
		}
		if !ok {
			return backend.Errorf(backend.EFORBIDDEN, "This is for office users, or for a technician on the laptop enrolled for them.")
		}
		return h(w, r, p)
	})
}

// fieldWorker reports whether u is a technician on the install enrolled for them.
func (s *Server) fieldWorker(ctx context.Context, u *backend.User) (bool, error) {
	if u == nil || !u.Active || u.Licence != backend.LicenceTechnician || s.SyncReplica == nil {
		return false, nil
	}
	site, err := s.SyncReplica.SiteUser(ctx)
	return err == nil && site != "" && site == u.ID, err
}

// technicianOf is the technician whose work bounds p's request; "" for
// the office, which sees everything.
func technicianOf(p *principal) string {
	if p.user.Licence == backend.LicenceTechnician {
		return p.user.ID
	}
	return ""
}

// scoped returns &id for a technician's request, nil for the office's.
func scoped(p *principal) *string {
	if t := technicianOf(p); t != "" {
		return &t
	}
	return nil
}

// registerFieldWorkRoutes: raising and editing remarks and adding their
// photos, adding and editing assets, from the office or a technician's own
// install.
func (s *Server) registerFieldWorkRoutes(mux *http.ServeMux) {
	s.handle(mux, "POST /api/assets", s.fieldWork(s.handleAssetCreate))
	s.handle(mux, "PATCH /api/assets/{id}", s.fieldWork(s.handleAssetUpdate))
	s.handle(mux, "POST /api/remarks", s.fieldWork(s.handleRemarkCreate))
	s.handle(mux, "PATCH /api/remarks/{id}", s.fieldWork(s.handleRemarkUpdate))
	s.handle(mux, "POST /api/remarks/{id}/photos", s.fieldWork(s.handleRemarkPhotoUpload))
}

// ownRemark finds a remark within p's scope (404 outside it).
func (s *Server) ownRemark(ctx context.Context, p *principal, id string) (*backend.Remark, error) {
	if !backend.ValidID(id) {
		return nil, backend.Errorf(backend.ENOTFOUND, "Remark not found.")
	}
	rs, _, err := s.Remarks.FindRemarks(ctx, backend.RemarkFilter{ID: &id, TechnicianID: scoped(p), Page: backend.Page{Limit: 1}})
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "Remark not found.")
	}
	return rs[0], nil
}

func (s *Server) handleRemarkCreate(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in backend.RemarkInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	in.ByTechnician = technicianOf(p)
	rm, err := s.RemarkEdits.CreateRemark(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rm)
	return nil
}

func (s *Server) handleRemarkUpdate(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in backend.RemarkUpdate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	in.ByTechnician = technicianOf(p)
	rm, err := s.RemarkEdits.UpdateRemark(r.Context(), r.PathValue("id"), in, p.user.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rm)
	return nil
}

// handleRemarkPhotoUpload stores the raw body (PNG or JPEG) as a photo
// of the remark, captioned ?caption=.
func (s *Server) handleRemarkPhotoUpload(w http.ResponseWriter, r *http.Request, p *principal) error {
	content, err := readUpload(w, r, backend.MaxRemarkPhotoBytes, "take it at a lower resolution")
	if err != nil {
		return err
	}
	ph, err := s.RemarkEdits.AddRemarkPhoto(r.Context(), r.PathValue("id"), content, r.URL.Query().Get("caption"), technicianOf(p))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, ph)
	return nil
}

func (s *Server) handleAssetCreate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in backend.AssetInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.AssetEdits.CreateAsset(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, a)
	return nil
}

func (s *Server) handleAssetUpdate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in backend.AssetUpdate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	a, err := s.AssetEdits.UpdateAsset(r.Context(), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a)
	return nil
}
