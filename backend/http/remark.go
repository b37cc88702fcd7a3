package http

import (
	"net/http"

	"siteward/backend"
)

func (s *Server) registerRemarkRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/remarks", s.office(s.handleRemarks))
	s.handle(mux, "POST /api/remarks/publish", s.office(s.handleRemarksPublish))
	s.handle(mux, "POST /api/remarks/{id}/resolve", s.office(s.handleRemarkResolve))
	s.handle(mux, "POST /api/remarks/{id}/reopen", s.office(s.handleRemarkReopen))
	s.handle(mux, "PATCH /api/remarks/{id}", s.office(s.handleRemarkUpdate))
}

func (s *Server) handleRemarks(w http.ResponseWriter, r *http.Request, _ *principal) error {
	f, err := remarkFilter(r)
	if err != nil {
		return err
	}
	rs, total, err := s.Remarks.FindRemarks(r.Context(), f)
	if err != nil {
		return err
	}
	writeList(w, rs, total)
	return nil
}

func (s *Server) handleRemarksPublish(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		IDs       []string `json:"ids"`
		Published *bool    `json:"published"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if in.Published == nil {
		return &backend.Error{Code: backend.EINVALID, Message: "Say whether to publish or unpublish.",
			Fields: map[string]string{"published": "Use true to publish or false to unpublish."}}
	}
	n, err := s.Remarks.SetRemarksPublished(r.Context(), in.IDs, *in.Published)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]int{"changed": n})
	return nil
}

func (s *Server) handleRemarkResolve(w http.ResponseWriter, r *http.Request, _ *principal) error {
	rm, err := s.Remarks.ResolveRemark(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rm)
	return nil
}

func (s *Server) handleRemarkReopen(w http.ResponseWriter, r *http.Request, _ *principal) error {
	rm, err := s.Remarks.ReopenRemark(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rm)
	return nil
}

func (s *Server) handleRemarkUpdate(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in backend.RemarkUpdate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	rm, err := s.Remarks.UpdateRemark(r.Context(), r.PathValue("id"), in, p.user.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rm)
	return nil
}
