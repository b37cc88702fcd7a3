package http_test

import (
	"crypto/sha256"
	"encoding/hex"

	"siteward/backend"
)

// storeFile writes content into the world's file folder and files table.
func (w *world) storeFile(content, mime string) string {
	sum := sha256.Sum256([]byte(content))
	hexSum := hex.EncodeToString(sum[:])
	w.must(w.srv.Files.PutFile(hexSum, mime, []byte(content)))
	w.exec(`INSERT INTO files (sha256, size, mime, created_at) VALUES (?, ?, ?, 'x') ON CONFLICT DO NOTHING`, hexSum, len(content), mime)
	return hexSum
}

// buildPropertyPage gives NorthTower a floorplan (with its extinguisher
// pinned), documents in and out of the public folder, published and
// unpublished reports and signoffs; SouthPlaza one public document.
func (w *world) buildPropertyPage() {
	png := w.storeFile("\x89PNG north floorplan", "image/png")
	pdf := w.storeFile("%PDF-1.4 north", "application/pdf")
	w.ids["NorthPlan"] = backend.NewID()
	w.exec(`INSERT INTO floorplans (id, property_id, name, file_sha256, width, height, created_at, updated_at)
		VALUES (?, ?, 'Ground floor', ?, 800, 600, 'x', 'x')`, w.ids["NorthPlan"], w.ids["NorthTower"], png)
	w.exec(`UPDATE assets SET floorplan_id = ?, pin_x = 0.25, pin_y = 0.5 WHERE property_id = ?`, w.ids["NorthPlan"], w.ids["NorthTower"])
	doc := func(name, prop, client, folder, title string) {
		w.ids[name] = backend.NewID()
		var p, c any
		if prop != "" {
			p = w.ids[prop]
		} else {
			c = w.ids[client]
		}
		w.exec(`INSERT INTO documents (id, client_id, property_id, folder, name, file_sha256, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, '2026-11-01T00:00:00.000Z', 'x')`, w.ids[name], c, p, folder, title, pdf)
	}
	doc("NorthDoc", "NorthTower", "", "public", "North evacuation plan")
	doc("NorthSecretDoc", "NorthTower", "", "Internal", "Secret internal memo")
	doc("NorthClientDoc", "", "NorthClient", "Public", "NorthClient handbook")
	doc("SouthDoc", "SouthPlaza", "", "public", "South evacuation plan")
	report := func(name, title string, published bool) {
		w.ids[name] = backend.NewID()
		var at any
		if published {
			at = "2026-11-02T00:00:00.000Z"
		}
		w.exec(`INSERT INTO reports (id, property_id, kind, title, file_sha256, published, published_at, created_at, updated_at)
			VALUES (?, ?, 'uploaded', ?, ?, ?, ?, 'x', 'x')`, w.ids[name], w.ids["NorthTower"], title, pdf, published, at)
	}
	report("NorthPageReport", "North yearly condition report", true)
	report("NorthPageDraftReport", "Secret draft report", false)
	w.exec(`INSERT INTO signoffs (id, property_id, contractor, signed_by, signed_on, comment, created_at)
		VALUES (?, ?, 'Acme Hydraulics', 'Pat Plumber', '2026-10-15', 'Hydrant flow test', 'x')`, backend.NewID(), w.ids["NorthTower"])
}

func propertyPageRows(w *world) []scenario {
	w.buildPropertyPage()
	page := "/api/portal/properties/{NorthTower}/page"
	rows := []scenario{
		{as: "guest", method: "GET", path: page, wantStatus: 401},
		{as: "other", method: "GET", path: page, wantStatus: 404},
		{as: "limited", method: "GET", path: page, wantStatus: 404},
		{as: "north", method: "GET", path: page, wantStatus: 200,
			wantContains:    []string{"NorthTower", "Ground floor", `"pins":1`, "North evacuation plan", "NorthClient handbook", "North yearly condition report", "Acme Hydraulics"},
			wantNotContains: append([]string{"Secret", "South evacuation plan"}, officeOnly...)},
		{as: "nsw", method: "GET", path: page, wantStatus: 200, wantContains: []string{"North evacuation plan"}, wantNotContains: []string{"Secret"}},
		{as: "national", method: "GET", path: page, wantStatus: 200, wantContains: []string{"North evacuation plan"}},
		{as: "office", method: "GET", path: page + "?asKind=group&asId={NSW}", wantStatus: 200, wantContains: []string{"North evacuation plan"}, wantNotContains: []string{"Secret"}},
		{as: "office", method: "GET", path: page + "?asKind=group&asId={Other}", wantStatus: 404},
		{as: "north", method: "GET", path: "/api/portal/properties/{NorthClosed}/page", wantStatus: 404},
		{as: "north", method: "GET", path: "/api/portal/properties/{SouthPlaza}/page", wantStatus: 404},
		{as: "limited", method: "GET", path: "/api/portal/properties/{SouthPlaza}/page", wantStatus: 200,
			wantContains: []string{"South evacuation plan"}, wantNotContains: []string{"North evacuation plan", "NorthClient handbook"}},
	}
	files := []struct{ path, body, secret string }{
		{"/api/portal/floorplans/{NorthPlan}/image", "PNG north floorplan", ""},
		{"/api/portal/documents/{NorthDoc}/file", "%PDF-1.4 north", "/api/portal/documents/{NorthSecretDoc}/file"},
		{"/api/portal/latest-reports/{NorthPageReport}/pdf", "%PDF-1.4 north", "/api/portal/latest-reports/{NorthPageDraftReport}/pdf"},
	}
	for _, f := range files {
		rows = append(rows,
			scenario{as: "guest", method: "GET", path: f.path, wantStatus: 401},
			scenario{as: "other", method: "GET", path: f.path, wantStatus: 404},
			scenario{as: "limited", method: "GET", path: f.path, wantStatus: 404},
			scenario{as: "north", method: "GET", path: f.path, wantStatus: 200, wantContains: []string{f.body}},
			scenario{as: "nsw", method: "GET", path: f.path, wantStatus: 200, wantContains: []string{f.body}},
			scenario{as: "national", method: "GET", path: f.path, wantStatus: 200, wantContains: []string{f.body}},
			scenario{as: "office", method: "GET", path: f.path + "?asKind=client&asId={NorthClient}", wantStatus: 200, wantContains: []string{f.body}},
			scenario{as: "office", method: "GET", path: f.path + "?asKind=client&asId={SouthClient}", wantStatus: 404},
		)
		if f.secret != "" { // another folder, or unpublished: exactly like a missing one
			rows = append(rows, scenario{as: "north", method: "GET", path: f.secret, wantStatus: 404, wantNotContains: []string{"PDF"}})
		}
	}
	return append(rows,
		// A client's public document reaches only users who see one of its properties.
		scenario{as: "north", method: "GET", path: "/api/portal/documents/{NorthClientDoc}/file", wantStatus: 200, wantContains: []string{"%PDF"}},
		scenario{as: "limited", method: "GET", path: "/api/portal/documents/{NorthClientDoc}/file", wantStatus: 404},
		scenario{as: "limited", method: "GET", path: "/api/portal/documents/{SouthDoc}/file", wantStatus: 200},
		scenario{as: "north", method: "GET", path: "/api/portal/documents/{SouthDoc}/file", wantStatus: 404},
		scenario{as: "north", method: "GET", path: "/api/portal/assets?floorplanId={NorthPlan}", wantStatus: 200, wantContains: []string{`"pinX":0.25`, `"total":1}`}},
	)
}
