package http_test

import (
	"strings"
	"testing"

	"siteward/backend"
)

// The property page's files preview in place: a public document and a
// published report's PDF are served inline (a download when asked), never
// sniffed and sandboxed, like every stored file shown in place.
func TestPortalPreviews_ServeInlineWithStoredFileHeaders(t *testing.T) {
	w := newWorld(t)
	w.buildPanels()
	w.buildPropertyPage()
	north := w.agent("north")
	north.chooseView("group", "SydneyNorth")
	for _, c := range []struct{ path, typ, disposition string }{
		{"/api/portal/documents/{NorthDoc}/file", "application/pdf", "inline"},
		{"/api/portal/documents/{NorthDoc}/file?download=1", "application/pdf", "attachment"},
		{"/api/portal/floorplans/{NorthPlan}/image", "image/png", "inline"},
		{"/api/portal/latest-reports/{NorthPageReport}/pdf", "application/pdf", "inline"},
		{"/api/portal/latest-reports/{NorthPageReport}/pdf?download=1", "application/pdf", "attachment"},
	} {
		resp, body := north.getRaw(c.path)
		h := resp.Header
		if resp.StatusCode != 200 || h.Get("Content-Type") != c.typ || !strings.HasPrefix(h.Get("Content-Disposition"), c.disposition+";") ||
			h.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(h.Get("Content-Security-Policy"), "sandbox;") ||
			!strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'self'") || len(body) == 0 {
			t.Errorf("%s: %d %v", c.path, resp.StatusCode, h)
		}
	}
	// A generated report saved without its file is drawn again, so the page
	// offers its preview too.
	w.ids["NorthDrawnReport"] = backend.NewID()
	w.exec(`INSERT INTO reports (id, property_id, kind, title, period_start, period_end, published, published_at, created_at, updated_at)
		VALUES (?, ?, 'monthly_activity', 'North drawn again', '2026-10-01', '2026-10-31', 1, '2026-11-03T00:00:00.000Z', 'x', 'x')`,
		w.ids["NorthDrawnReport"], w.ids["NorthTower"])
	status, body := north.do("GET", "/api/portal/properties/{NorthTower}/page", "")
	page := decode[struct {
		Reports []struct {
			ID      string `json:"id"`
			HasFile bool   `json:"hasFile"`
		} `json:"reports"`
	}](t, body)
	drawn := false
	for _, r := range page.Reports {
		drawn = drawn || r.ID == w.ids["NorthDrawnReport"] && r.HasFile
	}
	if status != 200 || !drawn {
		t.Errorf("page: %d, the report drawn again has no file to show: %s", status, body)
	}
	if resp, b := north.getRaw("/api/portal/latest-reports/{NorthDrawnReport}/pdf"); resp.StatusCode != 200 ||
		!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "inline;") || !strings.HasPrefix(string(b), "%PDF") {
		t.Errorf("drawn report: %d %v", resp.StatusCode, resp.Header)
	}

	// Outside the view the preview is a missing file, like the download.
	other := w.agent("other")
	other.chooseView("group", "Other")
	for _, p := range []string{"/api/portal/documents/{NorthDoc}/file", "/api/portal/latest-reports/{NorthPageReport}/pdf"} {
		if status, body := other.do("GET", p, ""); status != 404 || strings.Contains(body, "PDF") {
			t.Errorf("other %s: %d %s", p, status, body)
		}
	}
}
