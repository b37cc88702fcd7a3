package http

import (
	"net/http"

	"siteward/backend"
)

// registerTaskDetailRoutes: the office's task and remark detail, and a
// record's sync conflicts settled on it by keeping one value (an ordinary
// edit, so it syncs).
func (s *Server) registerTaskDetailRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/tasks/{id}", s.fieldWork(s.handleTask))
	s.handle(mux, "PATCH /api/tasks/{id}", s.fieldWork(s.handleTaskUpdate))
	s.handle(mux, "GET /api/remarks/{id}", s.fieldWork(s.handleRemark))
	s.handle(mux, "GET /api/remark-photos/{id}/image", s.fieldWork(s.handleRemarkPhotoImage))
	s.handle(mux, "POST /api/sync/conflicts/{id}/keep", s.office(s.handleConflictKeep))
}

func (s *Server) handleTask(w http.ResponseWriter, r *http.Request, p *principal) error {
	t, err := s.Tasks.FindTaskByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if tech := technicianOf(p); tech != "" && (t.TechnicianID == nil || *t.TechnicianID != tech) {
		return backend.Errorf(backend.ENOTFOUND, "Task not found.")
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

func (s *Server) handleTaskUpdate(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in backend.TaskUpdate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	in.ByTechnician = technicianOf(p)
	t, err := s.Tasks.UpdateTask(r.Context(), r.PathValue("id"), in, p.user.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, t)
	return nil
}

// remarkDetail is a remark with its photos.
type remarkDetail struct {
	*backend.Remark
	Photos []*backend.RemarkPhoto `json:"photos"`
}

func (s *Server) handleRemark(w http.ResponseWriter, r *http.Request, p *principal) error {
	rm, err := s.ownRemark(r.Context(), p, r.PathValue("id"))
	if err != nil {
		return err
	}
	photos, err := s.RemarkPhotos.FindRemarkPhotos(r.Context(), rm.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, remarkDetail{rm, photos})
	return nil
}

func (s *Server) handleRemarkPhotoImage(w http.ResponseWriter, r *http.Request, p *principal) error {
	if technicianOf(p) != "" {
		remark, err := s.RemarkEdits.FindRemarkOfPhoto(r.Context(), r.PathValue("id"))
		if err != nil {
			return err
		}
		if _, err := s.ownRemark(r.Context(), p, remark); backend.ErrorCode(err) == backend.ENOTFOUND {
			return backend.Errorf(backend.ENOTFOUND, "Photo not found.")
		} else if err != nil {
			return err
		}
	}
	ref, err := s.RemarkPhotos.FindRemarkPhotoFile(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.serveStoredFile(w, r, ref, true)
}

// handleRecordConflicts is GET /api/sync/conflicts?table=&rowId=: one
// record's conflicts waiting for review, with who, when and which install.
// recordTables are the records whose dialogs or pages show their own
// "Needs review" (the Sync page lists every table's).
var recordTables = map[string]bool{"tasks": true, "remarks": true, "quotes": true, "invoices": true, "clients": true, "properties": true, "assets": true}

func (s *Server) handleRecordConflicts(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	table, rowID := q.Get("table"), q.Get("rowId")
	p := backend.Problems{}
	if !recordTables[table] {
		p.Add("table", "Name the record's table: tasks, remarks, quotes, invoices, clients, properties or assets.")
	}
	if !backend.ValidID(rowID) {
		p.Add("rowId", "Name the record's id.")
	}
	if err := p.Err(); err != nil {
		return err
	}
	cs, err := s.RecordConflicts.FindRecordConflicts(r.Context(), table, rowID)
	if err != nil {
		return err
	}
	writeList(w, cs, len(cs))
	return nil
}

func (s *Server) handleConflictKeep(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in struct {
		Side string `json:"side"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.RecordConflicts.KeepConflictValue(r.Context(), r.PathValue("id"), in.Side, p.user.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
