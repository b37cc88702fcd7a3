package http

import (
	"context"
	"net/http"
	"sync"
	"time"

	"siteward/backend"
)

// Report jobs: the portal asks for a report with POST and gets it when it is
// ready, so a large view's report (a group of thousands of properties) is
// drawn in the background while the page stays usable. One job draws at a
// time, leaving the other core to everyone else's requests; a small report
// is usually ready before the POST answers. Jobs live in memory for
// reportJobTTL and belong to the user and view that asked: anyone else gets
// 404, as for anything outside their view. A finished job is also kept in
// Server.ReportJobs (when set), so a restart does not lose it.

const (
	reportJobTTL     = 30 * time.Minute
	reportJobWait    = 1500 * time.Millisecond // how long POST waits before answering "running"
	reportJobsPerKey = 5                       // jobs kept per user and view
	reportJobsMax    = 200                     // jobs kept in all
	reportJobsActive = 2                       // jobs waiting or drawing per user and view
)

type reportJob struct {
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	Status string `json:"status"` // running, done, failed
	Error  string `json:"error,omitempty"`

	scope   backend.Scope
	name    string
	pdf     []byte
	sha     string // the kept PDF, for a job found in ReportJobs
	created time.Time
	done    chan struct{}
}

type reportJobs struct {
	mu   sync.Mutex
	jobs map[string]*reportJob
	run  chan struct{} // one job draws at a time
}

func newReportJobs() *reportJobs {
	return &reportJobs{jobs: map[string]*reportJob{}, run: make(chan struct{}, 1)}
}

// snapshot copies what may be shown of j under the lock.
func (js *reportJobs) snapshot(j *reportJob) reportJob {
	js.mu.Lock()
	defer js.mu.Unlock()
	return reportJob{ID: j.ID, Kind: j.Kind, Status: j.Status, Error: j.Error}
}

// add keeps j, dropping expired jobs and, past the limits, the oldest
// finished one. A user and view with reportJobsActive jobs still running
// must wait for them (ETOOMANY): nobody can queue unbounded work.
func (js *reportJobs) add(j *reportJob, now time.Time) error {
	js.mu.Lock()
	defer js.mu.Unlock()
	active := 0
	for _, o := range js.jobs {
		if o.Status == "running" && sameView(o.scope, j.scope) {
			active++
		}
	}
	if active >= reportJobsActive {
		return backend.Errorf(backend.ETOOMANY, "Reports are still being prepared for you; wait for them to finish, then try again.")
	}
	same := 0
	var oldest, oldestSame *reportJob
	for id, o := range js.jobs {
		if now.Sub(o.created) > reportJobTTL {
			delete(js.jobs, id)
			continue
		}
		if oldest == nil || o.created.Before(oldest.created) {
			oldest = o
		}
		if sameView(o.scope, j.scope) {
			same++
			if oldestSame == nil || o.created.Before(oldestSame.created) {
				oldestSame = o
			}
		}
	}
	if same >= reportJobsPerKey && oldestSame != nil {
		delete(js.jobs, oldestSame.ID)
	} else if len(js.jobs) >= reportJobsMax && oldest != nil {
		delete(js.jobs, oldest.ID)
	}
	js.jobs[j.ID] = j
	return nil
}

// find returns the caller's job; another user's or view's is not found.
func (js *reportJobs) find(id string, sc backend.Scope, now time.Time) (*reportJob, error) {
	js.mu.Lock()
	defer js.mu.Unlock()
	j, ok := js.jobs[id]
	if !ok || !sameView(j.scope, sc) || now.Sub(j.created) > reportJobTTL {
		return nil, backend.Errorf(backend.ENOTFOUND, "This report is not available any more; prepare it again.")
	}
	return j, nil
}

func sameView(a, b backend.Scope) bool {
	return a.UserID == b.UserID && a.View.Kind == b.View.Kind && a.View.ID == b.View.ID
}

func (s *Server) registerReportJobRoutes(mux *http.ServeMux) {
	if s.jobs == nil {
		s.jobs = newReportJobs()
	}
	for _, k := range backend.ReportKinds {
		s.handle(mux, "POST /api/portal/reports/"+k.Slug()+"/jobs", s.portal(s.handleStartReportJob(k)))
	}
	s.handle(mux, "GET /api/portal/report-jobs/{id}", s.portal(s.handleReportJob))
	s.handle(mux, "GET /api/portal/report-jobs/{id}/pdf", s.portal(s.handleReportJobPDF))
}

// handleStartReportJob checks the request at once (a bad month is 400 now,
// not a failed job later), starts the job and waits briefly for it.
func (s *Server) handleStartReportJob(kind backend.ReportKind) portalHandler {
	return func(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
		if err := s.reportsReady(); err != nil {
			return err
		}
		req, err := s.reportRequest(r.Context(), kind, r.URL.Query())
		if err != nil {
			return err
		}
		if err := req.Validate(); err != nil {
			return err
		}
		// A property outside the view is 404 now, exactly as the portal's own
		// property lookup answers it, never a job that fails later.
		if req.PropertyID != "" {
			ps, _, err := s.Portal.FindPortalProperties(r.Context(), sc, backend.PortalPropertyFilter{ID: &req.PropertyID, Page: backend.Page{Limit: 1}})
			if err != nil {
				return err
			} else if len(ps) == 0 {
				return backend.Errorf(backend.ENOTFOUND, "Property not found.")
			}
		}
		j := &reportJob{ID: backend.NewID(), Kind: kind.Slug(), Status: "running", scope: sc,
			name: reportFileName(kind, req), created: s.Now(), done: make(chan struct{})}
		if err := s.jobs.add(j, s.Now()); err != nil {
			return err
		}
		go s.runReportJob(j, req)
		select {
		case <-j.done:
		case <-time.After(reportJobWait):
		case <-r.Context().Done():
		}
		writeJSON(w, http.StatusAccepted, s.jobs.snapshot(j))
		return nil
	}
}

// runReportJob draws the report on its own context: the request that asked
// may be gone by the time the job's turn comes.
func (s *Server) runReportJob(j *reportJob, req backend.ReportRequest) {
	defer close(j.done)
	s.jobs.run <- struct{}{}
	defer func() { <-s.jobs.run }()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	b, err := s.renderReport(ctx, j.scope, req)
	s.jobs.mu.Lock()
	if err != nil {
		j.Status, j.Error = "failed", backend.ErrorMessage(err)
		if backend.ErrorCode(err) == backend.EINTERNAL {
			s.Logger.Error("report job failed", "kind", j.Kind, "err", err)
		}
	} else {
		j.Status, j.pdf = "done", b
	}
	kept := &backend.FinishedReportJob{ID: j.ID, Kind: j.Kind, Name: j.name, Status: j.Status, Error: j.Error,
		Scope: j.scope, CreatedAt: j.created}
	s.jobs.mu.Unlock()
	if s.ReportJobs != nil {
		if err := s.ReportJobs.SaveReportJob(ctx, kept, b); err != nil {
			s.Logger.Error("report job: keep the finished job", "kind", j.Kind, "err", err)
		}
	}
}

// findReportJob returns the caller's job from memory or, after a restart,
// from ReportJobs; another user's or view's, or an expired one, is not found.
func (s *Server) findReportJob(ctx context.Context, id string, sc backend.Scope) (*reportJob, error) {
	j, err := s.jobs.find(id, sc, s.Now())
	if backend.ErrorCode(err) != backend.ENOTFOUND || s.ReportJobs == nil {
		return j, err
	}
	k, kerr := s.ReportJobs.FindReportJob(ctx, id)
	if backend.ErrorCode(kerr) == backend.ENOTFOUND || kerr == nil && (!sameView(k.Scope, sc) || s.Now().Sub(k.CreatedAt) > reportJobTTL) {
		return nil, err
	} else if kerr != nil {
		return nil, kerr
	}
	return &reportJob{ID: k.ID, Kind: k.Kind, Status: k.Status, Error: k.Error, scope: k.Scope, name: k.Name,
		sha: k.FileSHA256, created: k.CreatedAt}, nil
}

func (s *Server) handleReportJob(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	j, err := s.findReportJob(r.Context(), r.PathValue("id"), sc)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.jobs.snapshot(j))
	return nil
}

func (s *Server) handleReportJobPDF(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	j, err := s.findReportJob(r.Context(), r.PathValue("id"), sc)
	if err != nil {
		return err
	}
	s.jobs.mu.Lock()
	status, msg, b := j.Status, j.Error, j.pdf
	s.jobs.mu.Unlock()
	switch status {
	case "running":
		return backend.Errorf(backend.ECONFLICT, "The report is still being prepared.")
	case "failed":
		return backend.Errorf(backend.ECONFLICT, "The report could not be prepared: %s", msg)
	}
	if b == nil && j.sha != "" && s.Files != nil {
		if b, err = s.Files.ReadFile(j.sha); err != nil {
			return err
		}
	}
	writePDF(w, r, j.name, b)
	return nil
}
