package http

import (
	"net/http"

	"siteward/backend"
)

func (s *Server) registerClientImportRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/client-imports/template", s.office(s.handleClientImportTemplate))
	s.handle(mux, "POST /api/client-imports/preview", s.office(s.handleClientImportPreview))
	s.handle(mux, "POST /api/client-imports", s.office(s.handleClientImportApply))
}

func (s *Server) handleClientImportTemplate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	format := r.URL.Query().Get("format")
	data, ctype, err := s.ClientImport.ClientImportTemplate(format)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="siteward-clients-template.`+format+`"`)
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(data)
	return err
}

// importFile reads an uploaded import file (readUpload), its name in ?fileName=.
func importFile(w http.ResponseWriter, r *http.Request) (backend.ImportFile, error) {
	f := backend.ImportFile{Name: r.URL.Query().Get("fileName")}
	data, err := readUpload(w, r, backend.MaxImportFileBytes, "split it into smaller files")
	f.Data = data
	return f, err
}

func (s *Server) handleClientImportPreview(w http.ResponseWriter, r *http.Request, _ *principal) error {
	f, err := importFile(w, r)
	if err != nil {
		return err
	}
	p, err := s.ClientImport.PreviewClientImport(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) handleClientImportApply(w http.ResponseWriter, r *http.Request, p *principal) error {
	f, err := importFile(w, r)
	if err != nil {
		return err
	}
	rec, err := s.ClientImport.ApplyClientImport(r.Context(), f, p.user)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rec)
	return nil
}
