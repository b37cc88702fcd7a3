package http

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"siteward/backend"
)

// Offline sync between installs (docs/sync.md): the office makes pairing
// codes; an install enrols with one, downloads its snapshot, then pushes
// and pulls, signing each request with its own token (not a session).
func (s *Server) registerSyncRoutes(mux *http.ServeMux) {
	s.handle(mux, "POST /api/sync/pairing-codes", s.office(s.handlePairingCodeCreate))
	s.handle(mux, "GET /api/sync/conflicts", s.office(s.handleSyncConflicts))
	s.handle(mux, "POST /api/sync/conflicts/{id}/resolve", s.office(s.handleSyncConflictResolve))
	s.handle(mux, "GET /api/sync/sites", s.office(s.handleSyncSites))
	s.handle(mux, "GET /api/sync/quarantine", s.office(s.handleSyncQuarantine))
	s.handle(mux, "GET /api/sync/status", s.fieldWork(s.handleSyncStatus))
	s.handle(mux, "GET /api/sync/staff", s.office(s.handleSyncStaff))
	s.handle(mux, "POST /api/sync/enrol", s.public(s.handleSyncEnrol))
	s.handle(mux, "GET /api/sync/snapshot", s.site(s.handleSyncSnapshot))
	s.handle(mux, "POST /api/sync/push", s.site(s.handleSyncPush))
	s.handle(mux, "GET /api/sync/pull", s.site(s.handleSyncPull))
	s.registerSyncFileRoutes(mux)
	s.handle(mux, "PUT /api/sync/sites/{id}/clients", s.office(s.handleSyncSiteClients))
	s.handle(mux, "POST /api/sync/quarantine/{id}/resolve", s.office(s.handleSyncQuarantineResolve))
}

func (s *Server) handleSyncQuarantineResolve(w http.ResponseWriter, r *http.Request, p *principal) error {
	if s.Sync == nil {
		return errNoSync
	}
	if err := s.Sync.ResolveQuarantined(r.Context(), r.PathValue("id"), p.user.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// handleSyncSiteClients chooses the clients an install holds whatever its
// technician's tasks.
func (s *Server) handleSyncSiteClients(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if s.Sync == nil {
		return errNoSync
	}
	var in struct {
		ClientIDs []string `json:"clientIds"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Sync.SetSiteClients(r.Context(), r.PathValue("id"), in.ClientIDs); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

var errNoSync = backend.Errorf(backend.EUNAVAILABLE, "Offline sync is not available on this server.")

// siteHandler is a handler for an enrolled install's request.
type siteHandler func(w http.ResponseWriter, r *http.Request, siteID string) error

// site authenticates an install by the bearer token it enrolled with.
func (s *Server) site(h siteHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if s.Sync == nil {
			s.error(w, r, errNoSync)
			return
		}
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok {
			s.error(w, r, backend.Errorf(backend.EUNAUTHORIZED, "This request needs an enrolled install's token."))
			return
		}
		siteID, err := s.Sync.AuthenticateSite(r.Context(), token)
		if err != nil {
			s.error(w, r, err)
			return
		}
		if err := h(w, r, siteID); err != nil {
			s.error(w, r, err)
		}
	}
}

func (s *Server) handlePairingCodeCreate(w http.ResponseWriter, r *http.Request, p *principal) error {
	if s.Sync == nil {
		return errNoSync
	}
	var in struct {
		UserID string `json:"userId"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if !backend.ValidID(in.UserID) {
		return backend.Problems{"userId": "Choose the office or technician user the install syncs for."}.Err()
	}
	code, expires, err := s.Sync.CreatePairingCode(r.Context(), in.UserID, p.user.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"code": code, "expiresAt": expires})
	return nil
}

func (s *Server) handleSyncConflicts(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if q := r.URL.Query(); q.Get("table") != "" || q.Get("rowId") != "" {
		return s.handleRecordConflicts(w, r)
	}
	if s.Sync == nil {
		return errNoSync
	}
	cs, err := s.Sync.FindConflicts(r.Context())
	if err != nil {
		return err
	}
	writeList(w, cs, len(cs))
	return nil
}

func (s *Server) handleSyncConflictResolve(w http.ResponseWriter, r *http.Request, p *principal) error {
	if s.Sync == nil {
		return errNoSync
	}
	if err := s.Sync.ResolveConflict(r.Context(), r.PathValue("id"), p.user.ID); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) handleSyncSites(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if s.Sync == nil {
		return errNoSync
	}
	sites, err := s.Sync.FindSites(r.Context())
	if err != nil {
		return err
	}
	writeList(w, sites, len(sites))
	return nil
}

func (s *Server) handleSyncQuarantine(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if s.Sync == nil {
		return errNoSync
	}
	qs, err := s.Sync.FindQuarantine(r.Context())
	if err != nil {
		return err
	}
	writeList(w, qs, len(qs))
	return nil
}

// handleSyncStatus says whether this install syncs with a hub, what waits
// and when it last synced (the workspace's status line).
func (s *Server) handleSyncStatus(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if s.SyncReplica == nil {
		return errNoSync
	}
	st, err := s.SyncReplica.SyncStatus(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

// handleSyncStaff lists who an install can be enrolled for: active office
// and technician users.
func (s *Server) handleSyncStaff(w http.ResponseWriter, r *http.Request, _ *principal) error {
	active := true
	var staff []*backend.User
	for _, lic := range []backend.Licence{backend.LicenceTechnician, backend.LicenceOffice} {
		us, _, err := s.Users.FindUsers(r.Context(), backend.UserFilter{Licence: &lic, Active: &active, Page: backend.Page{Limit: 500}})
		if err != nil {
			return err
		}
		staff = append(staff, us...)
	}
	writeList(w, staff, len(staff))
	return nil
}

func (s *Server) handleSyncEnrol(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if s.Sync == nil {
		return errNoSync
	}
	var in struct {
		Code string `json:"code"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	// Codes are guessed like passwords are: the same throttle.
	const key = "sync-pairing-code"
	ip := clientIP(r)
	if err := s.throttle.check(key, ip); err != nil {
		return err
	}
	e, err := s.Sync.EnrolWithCode(r.Context(), in.Code)
	if backend.ErrorCode(err) == backend.EUNAUTHORIZED {
		s.throttle.fail(key, ip)
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, e)
	return nil
}

func (s *Server) handleSyncSnapshot(w http.ResponseWriter, r *http.Request, siteID string) error {
	dir, err := os.MkdirTemp("", "siteward-snapshot-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "snapshot.db")
	cursor, gen, err := s.Sync.WriteSnapshot(r.Context(), siteID, path)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.sqlite3")
	w.Header().Set("Content-Length", strconv.FormatInt(fi.Size(), 10))
	w.Header().Set(backend.SyncCursorHeader, strconv.FormatInt(cursor, 10))
	w.Header().Set(backend.SyncSliceHeader, strconv.FormatInt(gen, 10))
	w.Header().Set("Cache-Control", "no-store")
	_, err = io.Copy(w, f)
	if err != nil {
		s.Logger.Warn("sync snapshot: the install stopped reading", "err", err)
	}
	return nil
}

func (s *Server) handleSyncPush(w http.ResponseWriter, r *http.Request, siteID string) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxSyncBody)
	var b backend.PushBatch
	if err := decodeJSON(r, &b); err != nil {
		return err
	}
	if b.SiteID != siteID {
		return backend.Errorf(backend.EFORBIDDEN, "A batch may only carry the signing install's own changes.")
	}
	res, err := s.Sync.ApplyPush(r.Context(), b)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

// maxSyncBody bounds one pushed batch (500 changes of a few kB each).
const maxSyncBody = 8 << 20

func (s *Server) handleSyncPull(w http.ResponseWriter, r *http.Request, siteID string) error {
	q := r.URL.Query()
	cursor, err := strconv.ParseInt(q.Get("cursor"), 10, 64)
	if err != nil || cursor < 0 {
		return backend.Problems{"cursor": "The cursor must be a whole number of zero or more."}.Err()
	}
	var gen int64
	if v := q.Get("slice"); v != "" {
		if gen, err = strconv.ParseInt(v, 10, 64); err != nil || gen < 0 {
			return backend.Problems{"slice": "The slice generation must be a whole number of zero or more."}.Err()
		}
	}
	limit := 500
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 1000 {
			return backend.Problems{"limit": "The limit must be between 1 and 1000."}.Err()
		}
	}
	b, err := s.Sync.Pull(r.Context(), siteID, backend.PullFrom{Cursor: cursor, SliceGen: gen, UsersSince: q.Get("users")}, limit)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, b)
	return nil
}
