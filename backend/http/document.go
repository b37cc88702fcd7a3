package http

import (
	"net/http"
	"strings"

	"siteward/backend"
)

// The office's documents on clients and properties: folders, uploads,
// rename and move, delete, and the file itself (shown in place or
// downloaded). The portal reads the public folder (portalpage.go).
func (s *Server) registerDocumentRoutes(mux *http.ServeMux) {
	for _, owner := range []string{"clients", "properties"} {
		base := "/api/" + owner + "/{id}/"
		s.handle(mux, "GET "+base+"documents", s.fieldWork(s.handleDocuments)) // read on a technician's install too
		s.handle(mux, "POST "+base+"documents", s.office(s.handleDocumentUpload))
		s.handle(mux, "POST "+base+"folders", s.office(s.handleFolderCreate))
		s.handle(mux, "PUT "+base+"folders/{name}", s.office(s.handleFolderRename))
		s.handle(mux, "DELETE "+base+"folders/{name}", s.office(s.handleFolderDelete))
	}
	s.handle(mux, "PATCH /api/documents/{id}", s.office(s.handleDocumentUpdate))
	s.handle(mux, "DELETE /api/documents/{id}", s.office(s.handleDocumentDelete))
	s.handle(mux, "GET /api/documents/{id}/file", s.fieldWork(s.handleDocumentFile))
}

// documentOwner is the client or property named by the route.
func documentOwner(r *http.Request) backend.DocumentOwner {
	if strings.HasPrefix(r.URL.Path, "/api/properties/") {
		return backend.DocumentOwner{PropertyID: r.PathValue("id")}
	}
	return backend.DocumentOwner{ClientID: r.PathValue("id")}
}

func (s *Server) handleDocuments(w http.ResponseWriter, r *http.Request, _ *principal) error {
	l, err := s.Documents.FindDocuments(r.Context(), documentOwner(r))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, l)
	return nil
}

// handleDocumentUpload stores the raw body as a document in ?folder=,
// named ?name= (or the file's own name).
func (s *Server) handleDocumentUpload(w http.ResponseWriter, r *http.Request, p *principal) error {
	content, err := readUpload(w, r, backend.MaxDocumentBytes, "make it smaller or split it")
	if err != nil {
		return err
	}
	q := r.URL.Query()
	name := q.Get("name")
	if strings.TrimSpace(name) == "" {
		name = q.Get("fileName")
	}
	d, err := s.Documents.UploadDocument(r.Context(), &backend.DocumentUpload{
		Owner: documentOwner(r), Folder: q.Get("folder"), Name: name, Content: content, UploadedBy: p.user.ID})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}

func (s *Server) handleFolderCreate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	f, err := s.Documents.CreateFolder(r.Context(), documentOwner(r), in.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, f)
	return nil
}

func (s *Server) handleFolderRename(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		Name string `json:"name"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	f, err := s.Documents.RenameFolder(r.Context(), documentOwner(r), r.PathValue("name"), in.Name)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, f)
	return nil
}

func (s *Server) handleFolderDelete(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if err := s.Documents.DeleteFolder(r.Context(), documentOwner(r), r.PathValue("name")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) handleDocumentUpdate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in backend.DocumentUpdate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	d, err := s.Documents.UpdateDocument(r.Context(), r.PathValue("id"), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

func (s *Server) handleDocumentDelete(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if err := s.Documents.DeleteDocument(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleDocumentFile shows the file in place (?download=1 saves it).
func (s *Server) handleDocumentFile(w http.ResponseWriter, r *http.Request, _ *principal) error {
	ref, err := s.Documents.FindDocumentFile(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.serveStoredFile(w, r, ref, r.URL.Query().Get("download") == "")
}
