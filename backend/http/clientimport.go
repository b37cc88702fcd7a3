package http

import (
	"errors"
	"io"
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

// importFile reads an uploaded file: the raw request body (the browser
// sends the File as it is), its name in ?fileName=. Bodies over the limit
// are refused after reading just past it.
func importFile(w http.ResponseWriter, r *http.Request) (backend.ImportFile, error) {
	f := backend.ImportFile{Name: r.URL.Query().Get("fileName")}
	body := http.MaxBytesReader(w, r.Body, backend.MaxImportFileBytes)
	data, err := io.ReadAll(body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return f, &backend.Error{Code: backend.EINVALID, Message: "The file is larger than 16 MB; split it into smaller files.",
			Fields: map[string]string{"file": "Choose a file of 16 MB or less."}}
	} else if err != nil {
		return f, backend.Errorf(backend.EINVALID, "The upload did not complete; try again.")
	}
	f.Data = data
	return f, nil
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
