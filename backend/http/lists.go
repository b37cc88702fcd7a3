package http

import (
	"net/http"

	"siteward/backend"
)

// The portal's detailed lists behind its counts and chart bars (the
// overlays): defects, tasks and assets, each also as CSV and XLSX.
func (s *Server) registerListRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/portal/defects", s.portal(s.handlePortalDefects))
	s.handle(mux, "GET /api/portal/defects.csv", s.portal(s.exportPortalDefects))
	s.handle(mux, "GET /api/portal/defects.xlsx", s.portal(s.exportPortalDefects))
	s.handle(mux, "GET /api/portal/tasks", s.portal(s.handlePortalTasks))
	s.handle(mux, "GET /api/portal/tasks.csv", s.portal(s.exportPortalTasks))
	s.handle(mux, "GET /api/portal/tasks.xlsx", s.portal(s.exportPortalTasks))
	s.handle(mux, "GET /api/portal/assets", s.portal(s.handlePortalAssets))
	s.handle(mux, "GET /api/portal/assets.csv", s.portal(s.exportPortalAssets))
	s.handle(mux, "GET /api/portal/assets.xlsx", s.portal(s.exportPortalAssets))
}

var errNoLists = backend.Errorf(backend.EUNAVAILABLE, "The portal's lists are not available on this server.")

func defectFilterFrom(r *http.Request) (backend.DefectFilter, error) {
	pg, err := pageFrom(r)
	if err != nil {
		return backend.DefectFilter{}, err
	}
	serious, err := boolParam(r, "serious")
	if err != nil {
		return backend.DefectFilter{}, err
	}
	f := backend.DefectFilter{PropertyID: strParam(r, "propertyId"), AssetID: strParam(r, "assetId"), Status: strParam(r, "status"),
		RaisedMonth: strParam(r, "raisedMonth"), AssetType: strParam(r, "assetType"), Serious: serious != nil && *serious,
		Query: r.URL.Query().Get("q"), Page: pg}
	if v := strParam(r, "severity"); v != nil {
		sev := backend.Severity(*v)
		f.Severity = &sev
	}
	return f, f.Validate()
}

func taskFilterFrom(r *http.Request) (backend.PortalTaskFilter, error) {
	pg, err := pageFrom(r)
	if err != nil {
		return backend.PortalTaskFilter{}, err
	}
	upcoming, err := boolParam(r, "upcoming")
	if err != nil {
		return backend.PortalTaskFilter{}, err
	}
	f := backend.PortalTaskFilter{PropertyID: strParam(r, "propertyId"), Kind: strParam(r, "kind"), Stage: strParam(r, "stage"),
		DueMonth: strParam(r, "dueMonth"), CreatedMonth: strParam(r, "createdMonth"), Upcoming: upcoming != nil && *upcoming,
		Query: r.URL.Query().Get("q"), Page: pg}
	if v := strParam(r, "tolerance"); v != nil {
		t := backend.ToleranceStatus(*v)
		f.Tolerance = &t
	}
	return f, f.Validate()
}

func assetFilterFrom(r *http.Request) (backend.PortalAssetFilter, error) {
	pg, err := pageFrom(r)
	if err != nil {
		return backend.PortalAssetFilter{}, err
	}
	f := backend.PortalAssetFilter{PropertyID: strParam(r, "propertyId"), FloorplanID: strParam(r, "floorplanId"), Type: strParam(r, "type"), Worst: strParam(r, "worst"),
		Query: r.URL.Query().Get("q"), Page: pg}
	return f, f.Validate()
}

func (s *Server) handlePortalDefects(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if s.Lists == nil {
		return errNoLists
	}
	f, err := defectFilterFrom(r)
	if err != nil {
		return err
	}
	ds, total, err := s.Lists.FindPortalDefects(r.Context(), sc, f)
	if err != nil {
		return err
	}
	writeList(w, ds, total)
	return nil
}

func (s *Server) handlePortalTasks(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if s.Lists == nil {
		return errNoLists
	}
	f, err := taskFilterFrom(r)
	if err != nil {
		return err
	}
	ts, total, err := s.Lists.FindPortalTasks(r.Context(), sc, f)
	if err != nil {
		return err
	}
	writeList(w, ts, total)
	return nil
}

func (s *Server) handlePortalAssets(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if s.Lists == nil {
		return errNoLists
	}
	f, err := assetFilterFrom(r)
	if err != nil {
		return err
	}
	as, total, err := s.Lists.FindPortalAssets(r.Context(), sc, f)
	if err != nil {
		return err
	}
	writeList(w, as, total)
	return nil
}

var severityText = map[backend.Severity]string{"critical": "Critical", "non_critical": "Non-critical", "non_conformance": "Non-conformance",
	"recommendation": "Recommendation", "information": "Information"}

func (s *Server) exportPortalDefects(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if s.Lists == nil {
		return errNoLists
	}
	f, err := defectFilterFrom(r)
	if err != nil {
		return err
	}
	loc, err := s.location(r)
	if err != nil {
		return err
	}
	return exportPortalList(s, w, r, "defects", "Defects", &f.Page,
		[]string{"Number", "Property", "Asset", "Location", "Severity", "Status", "Description", "Raised", "Resolved"},
		func() ([]*backend.Defect, int, error) { return s.Lists.FindPortalDefects(r.Context(), sc, f) },
		func(d *backend.Defect) []any {
			return []any{csvNumber("D-", d.Number), d.PropertyName, d.AssetType, d.Location, severityText[d.Severity], d.Status,
				d.Description, csvTime(d.RaisedAt, loc), csvTimePtr(d.ResolvedAt, loc)}
		})
}

func (s *Server) exportPortalTasks(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if s.Lists == nil {
		return errNoLists
	}
	f, err := taskFilterFrom(r)
	if err != nil {
		return err
	}
	loc, err := s.location(r)
	if err != nil {
		return err
	}
	return exportPortalList(s, w, r, "tasks", "Tasks", &f.Page,
		[]string{"Number", "Property", "Kind", "Title", "Priority", "Stage", "Created", "Scheduled", "Due", "Done", "Tolerance"},
		func() ([]*backend.PortalTask, int, error) { return s.Lists.FindPortalTasks(r.Context(), sc, f) },
		func(t *backend.PortalTask) []any {
			tol := ""
			if t.Tolerance != nil {
				tol = string(*t.Tolerance)
			}
			return []any{csvNumber("T-", t.Number), t.PropertyName, kindLabel[t.Kind], t.Title, t.Priority, t.Stage,
				csvTime(t.CreatedAt, loc), csvDate(t.ScheduledOn), csvDate(t.DueOn), csvTimePtr(t.DoneAt, loc), tol}
		})
}

func (s *Server) exportPortalAssets(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if s.Lists == nil {
		return errNoLists
	}
	f, err := assetFilterFrom(r)
	if err != nil {
		return err
	}
	return exportPortalList(s, w, r, "assets", "Assets", &f.Page,
		[]string{"Property", "Type", "ESM", "Location", "Barcode", "Last service", "Last result", "Open defects", "Worst open defect"},
		func() ([]*backend.PortalAsset, int, error) { return s.Lists.FindPortalAssets(r.Context(), sc, f) },
		func(a *backend.PortalAsset) []any {
			worst := ""
			if a.WorstSeverity != nil {
				worst = severityText[*a.WorstSeverity]
			}
			return []any{a.PropertyName, a.Type, yesNo(a.ESM), a.Location, a.Barcode, csvDate(a.LastServiceOn), a.LastResult,
				a.OpenDefects, worst}
		})
}
