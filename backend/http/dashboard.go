package http

import (
	"encoding/json"
	"net/http"
	"strconv"

	"siteward/backend"
)

// The portal main page's panels: the tally strip, the charts (ECharts
// options built by s.Charts from s.Dashboard's data) and the map's pins.
func (s *Server) registerDashboardRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/portal/dashboard", s.portal(s.handlePortalDashboard))
	s.handle(mux, "GET /api/portal/map", s.portal(s.handlePortalMap))
	for _, name := range []string{"defects-monthly", "assets-by-type", "routines", "service-calls", "spend"} {
		s.handle(mux, "GET /api/portal/charts/"+name, s.portal(s.chart(name)))
	}
}

var errNoDashboard = backend.Errorf(backend.EUNAVAILABLE, "The portal's panels are not available on this server.")

// dashboardReady reports whether the composition root wired the panels.
func (s *Server) dashboardReady() error {
	if s.Dashboard == nil || s.Charts == nil {
		return errNoDashboard
	}
	return nil
}

func (s *Server) handlePortalDashboard(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if err := s.dashboardReady(); err != nil {
		return err
	}
	d, err := s.Dashboard.PortalDashboard(r.Context(), sc)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, d)
	return nil
}

// chartAnswer is what a chart route answers: the ECharts option to render
// as it is, and what a click needs to say what was clicked — the category
// of each dataIndex ("2026-01" or an asset type) and the key of each
// seriesIndex ("critical", "onhold", …) — and the sum of every value, so
// the UI can show an empty state instead of an empty chart.
type chartAnswer struct {
	Option     json.RawMessage `json:"option"`
	Categories []string        `json:"categories"`
	Keys       []string        `json:"keys"`
	Total      float64         `json:"total"`
}

// encodeChart is a chart route's answer, encoded as writeJSON would.
func encodeChart(d *backend.ChartData, option json.RawMessage) ([]byte, error) {
	a := chartAnswer{Option: option, Categories: d.Categories, Keys: make([]string, len(d.Series)), Total: d.Total()}
	if a.Categories == nil {
		a.Categories = []string{}
	}
	for i, s := range d.Series {
		a.Keys[i] = s.Key
	}
	body, err := json.Marshal(a)
	return append(body, '\n'), err
}

// chart serves the named chart: its data from s.Dashboard, its option from
// s.Charts. The routines chart takes ?year=YYYY (default: this year in the
// workspace's time zone).
func (s *Server) chart(name string) portalHandler {
	return func(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
		if err := s.dashboardReady(); err != nil {
			return err
		}
		ctx := r.Context()
		var d *backend.ChartData
		var err error
		var build func(*backend.ChartData) (json.RawMessage, error)
		switch name {
		case "defects-monthly":
			d, err = s.Dashboard.DefectsMonthly(ctx, sc)
			build = s.Charts.DefectsMonthly
		case "assets-by-type":
			d, err = s.Dashboard.AssetsByType(ctx, sc)
			build = s.Charts.AssetsByType
		case "service-calls":
			d, err = s.Dashboard.ServiceCallsMonthly(ctx, sc)
			build = s.Charts.ServiceCalls
		case "spend":
			d, err = s.Dashboard.SpendMonthly(ctx, sc)
			build = s.Charts.Spend
		case "routines":
			var year int
			if year, err = yearParam(r); err == nil {
				d, err = s.Dashboard.RoutinesByMonth(ctx, sc, year)
			}
			build = func(d *backend.ChartData) (json.RawMessage, error) {
				if len(d.Categories) > 0 && len(d.Categories[0]) >= 4 {
					year, _ = strconv.Atoi(d.Categories[0][:4])
				}
				return s.Charts.Routines(d, year)
			}
		}
		if err != nil {
			return err
		}
		// Equal data, equal answer (chartcache.go).
		key := chartKey(name, d)
		if body, ok := s.charts.get(key); ok {
			writeBody(w, body)
			return nil
		}
		option, err := build(d)
		if err != nil {
			return err
		}
		body, err := encodeChart(d, option)
		if err != nil {
			return err
		}
		s.charts.put(key, body)
		writeBody(w, body)
		return nil
	}
}

// yearParam reads ?year=YYYY; 0 when absent.
func yearParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		msg := "Choose a year such as 2026."
		return 0, &backend.Error{Code: backend.EINVALID, Message: msg, Fields: map[string]string{"year": msg}}
	}
	return n, nil
}
