package http

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"siteward/backend"
)

// Files for offline sync (docs/sync.md "Transport"): content-addressed and
// resumable both ways. GET (and HEAD) serve a file the hub holds, with
// Range for a download to resume; when it holds none or part of it, 404
// says how many bytes it has in backend.SyncReceivedHeader. PUT sends the file, or
// the rest of it, with Content-Range "bytes START-END/TOTAL"; a cut
// upload keeps what arrived and the next PUT continues from there.

// maxSyncFile bounds one synced file (a scanned floorplan, a document).
const maxSyncFile = 1 << 30

func (s *Server) registerSyncFileRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/sync/files/{sha256}", s.site(s.handleSyncFileGet))
	s.handle(mux, "PUT /api/sync/files/{sha256}", s.site(s.handleSyncFilePut))
}

var errNoFiles = backend.Errorf(backend.EUNAVAILABLE, "This server keeps no files.")

func (s *Server) handleSyncFileGet(w http.ResponseWriter, r *http.Request, siteID string) error {
	if s.Files == nil {
		return errNoFiles
	}
	sum := r.PathValue("sha256")
	// A technician's install reads only its slice's files (and its own):
	// any other answers like a file the hub does not have. HEAD, which an
	// upload asks first, says only how much the hub holds.
	if r.Method == http.MethodGet {
		if err := s.Sync.MayReadFile(r.Context(), siteID, sum); err != nil {
			w.Header().Set(backend.SyncReceivedHeader, "0")
			return err
		}
	}
	have, complete, err := s.Files.FileState(sum)
	if err != nil {
		return err
	}
	if !complete {
		w.Header().Set(backend.SyncReceivedHeader, strconv.FormatInt(have, 10))
		return backend.Errorf(backend.ENOTFOUND, "The office hub does not hold this file yet.")
	}
	f, err := s.Files.OpenFile(sum)
	if err != nil {
		return err
	}
	defer f.Close()
	w.Header().Set("Content-Type", "application/octet-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set(backend.SyncReceivedHeader, strconv.FormatInt(have, 10))
	http.ServeContent(w, r, "", time.Time{}, f)
	return nil
}

func (s *Server) handleSyncFilePut(w http.ResponseWriter, r *http.Request, _ string) error {
	if s.Files == nil {
		return errNoFiles
	}
	sum := r.PathValue("sha256")
	start, total, err := contentRange(r)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, total-start)
	have, err := s.Files.PutFilePart(sum, start, total, r.Body)
	w.Header().Set(backend.SyncReceivedHeader, strconv.FormatInt(have, 10))
	if err != nil {
		if backend.ErrorCode(err) == backend.EINTERNAL && have > start {
			s.Logger.Warn("sync file: upload stopped; it resumes from what arrived", "sha256", sum, "received", have, "err", err)
		}
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"received": have, "complete": have == total})
	return nil
}

// contentRange reads "Content-Range: bytes START-END/TOTAL"; without one
// the body is the whole file of Content-Length bytes.
func contentRange(r *http.Request) (start, total int64, err error) {
	bad := backend.Problems{"Content-Range": "Send bytes START-END/TOTAL of the file (END before TOTAL)."}.Err()
	h := r.Header.Get("Content-Range")
	if h == "" {
		if r.ContentLength < 0 {
			return 0, 0, bad
		}
		start, total = 0, r.ContentLength
	} else {
		var end int64
		if n, _ := fmt.Sscanf(strings.TrimSpace(h), "bytes %d-%d/%d", &start, &end, &total); n != 3 ||
			start < 0 || end < start || end >= total || (r.ContentLength >= 0 && r.ContentLength != end-start+1) {
			return 0, 0, bad
		}
	}
	if total > maxSyncFile {
		return 0, 0, backend.Errorf(backend.EINVALID, "A synced file may be at most %d MB.", maxSyncFile>>20)
	}
	return start, total, nil
}
