package http_test

import (
	"encoding/json"
	"testing"

	"siteward/backend"
	"siteward/backend/charts"
)

// Chart answers are kept by the data they are built from, so every change
// to a view's numbers is seen by the next request, and views whose numbers
// are equal share one build. Each answer equals one built afresh from the
// view's data.
func TestPortalCharts_CacheFollowsTheData(t *testing.T) {
	w := newWorld(t)
	w.buildPanels()
	nsw, north, office := w.agent("nsw"), w.agent("north"), w.agent("office")
	nsw.chooseView("group", "NSW")
	north.chooseView("group", "SydneyNorth")
	type answer struct {
		Option json.RawMessage
		Total  float64
		Keys   []string
	}
	get := func(a *agent, path string) answer {
		t.Helper()
		status, body := a.do("GET", path, "")
		if status != 200 {
			t.Fatalf("%s %s: %d %s", a.who, path, status, body)
		}
		return decode[answer](t, body)
	}
	// fresh is the option built now from the view's data, with no cache.
	fresh := func(kind backend.ViewKind, id string) string {
		t.Helper()
		d, err := w.srv.Dashboard.DefectsMonthly(t.Context(), backend.Scope{UserID: w.ids["nsw"], View: backend.View{Kind: kind, ID: id}})
		w.must(err)
		option, err := charts.New().DefectsMonthly(d)
		w.must(err)
		return string(option)
	}
	const path = "/api/portal/charts/defects-monthly"
	expect := func(step string, a *agent, query string, group string, total float64, wantHits int64) {
		t.Helper()
		w.srv.ChartCacheCounts()
		for range 2 {
			got := get(a, path+query)
			if got.Total != total || string(got.Option) != fresh(backend.ViewGroup, w.ids[group]) {
				t.Fatalf("%s: %s total %v, want %v; option equal to a fresh build: %v", step, a.who, got.Total, total,
					string(got.Option) == fresh(backend.ViewGroup, w.ids[group]))
			}
		}
		if hits, _ := w.srv.ChartCacheCounts(); hits != wantHits {
			t.Fatalf("%s: %d answers from memory, want %d", step, hits, wantHits)
		}
	}
	expect("first", nsw, "", "NSW", 3, 1)
	// The office viewing NSW has the same numbers: the same answer, from memory.
	expect("office as NSW", office, "?asKind=group&asId={NSW}", "NSW", 3, 2)

	w.exec(`INSERT INTO remarks (id, property_id, severity, description, raised_at, published, published_at, created_at, updated_at)
		VALUES (?, ?, 'critical', 'Pump seized', '2026-11-06T00:00:00.000Z', 1, 'x', 'x', 'x')`, backend.NewID(), w.ids["SouthPlaza"])
	expect("remark raised", nsw, "", "NSW", 4, 1)
	w.exec(`UPDATE remarks SET status = 'resolved', resolved_at = 'x' WHERE property_id = ?`, w.ids["SouthPlaza"])
	expect("resolved", nsw, "", "NSW", 4, 1)
	w.exec(`UPDATE remarks SET published = 0 WHERE property_id = ?`, w.ids["NorthTower"])
	expect("unpublished", nsw, "", "NSW", 3, 1)
	expect("north", north, "", "SydneyNorth", 0, 1)
	w.exec(`UPDATE client_groups SET parent_id = ? WHERE id = ?`, w.ids["VIC"], w.ids["SydneySouth"])
	expect("re-parented", nsw, "", "NSW", 0, 2) // the same (empty) data as north's: from memory at once
}
