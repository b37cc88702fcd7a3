package http_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

// technicianInstall makes the world the install enrolled for a technician
// named who (its site user), with one task of theirs and one of another
// technician's, and a remark raised by each; it returns who's agent.
func (w *world) technicianInstall(who string) *agent {
	w.user(who, backend.LicenceTechnician)
	w.user("othertech", backend.LicenceTechnician)
	w.exec(`INSERT INTO sync_state (id, site_user) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET site_user = excluded.site_user`, w.ids[who])
	w.detailTask("TechTask", "NorthClosed", "ready", "Tech own pump test")
	w.detailTask("OtherTechTask", "NorthClosed", "ready", "Other tech hydrant test")
	w.exec(`UPDATE tasks SET technician_id = ? WHERE id = ?`, w.ids[who], w.ids["TechTask"])
	w.exec(`UPDATE tasks SET technician_id = ? WHERE id = ?`, w.ids["othertech"], w.ids["OtherTechTask"])
	w.remark("TechRemark", "NorthClosed", "non_critical", "Tech own leaking valve", false)
	w.remark("OtherTechRemark", "NorthClosed", "critical", "Other tech broken hydrant", false)
	w.exec(`UPDATE remarks SET task_id = ? WHERE id = ?`, w.ids["TechTask"], w.ids["TechRemark"])
	w.exec(`UPDATE remarks SET task_id = ? WHERE id = ?`, w.ids["OtherTechTask"], w.ids["OtherTechRemark"])
	w.ids["TechAsset"] = backend.NewID()
	w.exec(`INSERT INTO assets (id, property_id, type, location, created_at, updated_at) VALUES (?, ?, 'Hose reel', 'Plant room', 'x', 'x')`, w.ids["TechAsset"], w.ids["NorthClosed"])
	return w.agent(who)
}

// fieldWorkRows: the new remark routes for everyone, and the technician on
// their own install (agent "tech") across what they may and may not use.
func fieldWorkRows(w *world) []scenario {
	photo := string(pngPixel)
	rows := officeScenarios([]officeRoute{
		{"POST", "/api/remarks", `{"propertyId":"{NorthAnnex}","severity":"information","description":"Office raised note"}`, 201, `"number":`},
		{"PATCH", "/api/remarks/{OtherTechRemark}", `{"severity":"non_critical"}`, 200, `"severity":"non_critical"`},
		{"POST", "/api/remarks/{OtherTechRemark}/photos?caption=Office+photo", photo, 201, "Office photo"},
		{"POST", "/api/assets", `{"propertyId":"{NorthClosed}","type":"Hydrant","location":"Office added by the gate"}`, 201, "Office added by the gate"},
		{"PATCH", "/api/assets/{TechAsset}", `{"location":"Office moved it"}`, 200, "Office moved it"},
	}, "Office raised note", "Other tech", "Office added", "Office moved")
	other := "Other tech"
	tech := []scenario{
		{method: "GET", path: "/api/me", wantStatus: 200, wantContains: []string{`"fieldWork":true`, `"licence":"technician"`}},
		{method: "GET", path: "/api/tasks", wantStatus: 200, wantContains: []string{"Tech own pump test", `"total":1`}, wantNotContains: []string{other, "Authz detail"}},
		{method: "GET", path: "/api/tasks?q=hydrant", wantStatus: 200, wantContains: []string{`"total":0`}},
		{method: "GET", path: "/api/tasks/{TechTask}", wantStatus: 200, wantContains: []string{"Tech own pump test", "Tech own leaking valve"}},
		{method: "GET", path: "/api/tasks/{OtherTechTask}", wantStatus: 404, wantNotContains: []string{other}},
		{method: "PATCH", path: "/api/tasks/{TechTask}", body: `{"stage":"inprogress","scheduledOn":"2026-12-09","description":"Tech results: pump ok"}`,
			wantStatus: 200, wantContains: []string{`"stage":"inprogress"`, "Tech results: pump ok"}},
		{method: "PATCH", path: "/api/tasks/{TechTask}", body: `{"title":"Renamed by tech","description":"not saved"}`, wantStatus: 403, wantContains: []string{`"title":"The office names tasks."`}},
		{method: "PATCH", path: "/api/tasks/{TechTask}", body: `{"technicianId":"{othertech}"}`, wantStatus: 403},
		{method: "PATCH", path: "/api/tasks/{OtherTechTask}", body: `{"description":"Tech wrote here"}`, wantStatus: 404, wantNotContains: []string{other}},
		{method: "GET", path: "/api/remarks", wantStatus: 200, wantContains: []string{"Tech own leaking valve"}, wantNotContains: []string{other}},
		{method: "GET", path: "/api/remarks/{TechRemark}", wantStatus: 200, wantContains: []string{"Tech own leaking valve"}},
		{method: "GET", path: "/api/remarks/{OtherTechRemark}", wantStatus: 404, wantNotContains: []string{other}},
		{method: "POST", path: "/api/remarks", body: `{"propertyId":"{NorthClosed}","taskId":"{TechTask}","severity":"critical","description":"Tech raised: pump seal"}`,
			wantStatus: 201, wantContains: []string{"Tech raised: pump seal", `"status":"open"`, `"published":false`}},
		{method: "POST", path: "/api/remarks", body: `{"propertyId":"{NorthClosed}","taskId":"{OtherTechTask}","severity":"critical","description":"On another's task"}`, wantStatus: 404},
		{method: "POST", path: "/api/remarks", body: `{"propertyId":"{NorthTower}","severity":"worst","description":""}`, wantStatus: 400,
			wantContains: []string{`"severity":"Choose a severity`, `"description":"Describe the remark: what was found, and where."`}},
		{method: "PATCH", path: "/api/remarks/{TechRemark}", body: `{"severity":"critical","description":"Tech own leaking valve, worse"}`, wantStatus: 200, wantContains: []string{"worse"}},
		{method: "PATCH", path: "/api/remarks/{OtherTechRemark}", body: `{"description":"Tech wrote here"}`, wantStatus: 404},
		{method: "POST", path: "/api/remarks/{TechRemark}/photos?caption=Valve", body: photo, wantStatus: 201, wantContains: []string{"Valve", "image/png"}},
		{method: "POST", path: "/api/remarks/{TechRemark}/photos", body: "not an image at all", wantStatus: 400, wantContains: []string{"PNG or JPEG"}},
		{method: "POST", path: "/api/remarks/{OtherTechRemark}/photos", body: photo, wantStatus: 404},
		{method: "GET", path: "/api/properties", wantStatus: 200, wantContains: []string{"NorthTower"}},
		{method: "GET", path: "/api/properties/{NorthTower}", wantStatus: 200, wantContains: []string{"door code"}},
		{method: "PATCH", path: "/api/properties/{NorthTower}", body: `{"parentId":null}`, wantStatus: 403},
		{method: "GET", path: "/api/assets", wantStatus: 200},
		{method: "POST", path: "/api/assets", body: `{"propertyId":"{NorthTower}","type":"Extinguisher","esm":true,"location":"Tech added, level 2"}`, wantStatus: 201, wantContains: []string{"Tech added, level 2", `"esm":true`}},
		{method: "POST", path: "/api/assets", body: `{"propertyId":"{NorthTower}","type":" "}`, wantStatus: 400, wantContains: []string{`"type":"Name the kind of asset`}},
		{method: "PATCH", path: "/api/assets/{TechAsset}", body: `{"barcode":"TECH-0001"}`, wantStatus: 200, wantContains: []string{"TECH-0001"}},
		{method: "PATCH", path: "/api/assets/00000000-0000-7000-8000-000000000000", body: `{"barcode":"x"}`, wantStatus: 404},
		{method: "GET", path: "/api/properties/{NorthTower}/floorplans", wantStatus: 200},
		{method: "GET", path: "/api/properties/{NorthTower}/signoffs", wantStatus: 200},
		{method: "POST", path: "/api/properties/{NorthTower}/signoffs", body: `{"contractor":"Tech Sprinklers","signedBy":"Lee","signedOn":"2026-11-01"}`, wantStatus: 201, wantContains: []string{"Tech Sprinklers"}},
		{method: "GET", path: "/api/sync/status", wantStatus: 200},
		{method: "GET", path: "/api/properties/{NorthTower}/documents", wantStatus: 200},
		{method: "GET", path: "/api/clients/{NorthClient}/documents", wantStatus: 200},
		{method: "GET", path: "/api/documents/00000000-0000-7000-8000-000000000000/file", wantStatus: 404},
		{method: "POST", path: "/api/properties/{NorthTower}/folders", body: `{"name":"tech folder"}`, wantStatus: 403},
		{method: "POST", path: "/api/clients/{NorthClient}/notes", body: `{"body":"Tech noted: side gate key with caretaker"}`, wantStatus: 201, wantContains: []string{"Tech noted: side gate key"}},
		{method: "POST", path: "/api/clients/{NorthClient}/notes", body: `{"body":"  "}`, wantStatus: 400},
		{method: "GET", path: "/api/clients/{NorthClient}/notes", wantStatus: 200, wantContains: []string{"Tech noted: side gate key"}},
	}
	// Prices, billing, people, settings, imports, exports and groups stay the office's.
	for _, r := range [][2]string{{"GET", "/api/quotes"}, {"GET", "/api/quotes/{OtherTechRemark}"}, {"POST", "/api/quotes"}, {"GET", "/api/invoices"},
		{"POST", "/api/invoices"}, {"GET", "/api/settings/company"}, {"GET", "/api/settings/email"}, {"GET", "/api/users"}, {"GET", "/api/clients"},
		{"GET", "/api/client-groups"}, {"GET", "/api/client-imports/template?format=csv"}, {"GET", "/api/tasks/export?format=csv"},
		{"GET", "/api/remarks/export?format=csv"}, {"POST", "/api/remarks/publish"}, {"POST", "/api/remarks/{TechRemark}/resolve"},
		{"GET", "/api/sync/conflicts"}, {"GET", "/api/sync/sites"}, {"POST", "/api/sync/pairing-codes"}, {"GET", "/api/office/dashboard"},
		{"DELETE", "/api/signoffs/00000000-0000-7000-8000-000000000000"}, {"GET", "/api/routines"}} {
		tech = append(tech, scenario{method: r[0], path: r[1], body: "{}", wantStatus: 403, wantNotContains: []string{"door code", "cents"}})
	}
	for i := range tech {
		tech[i].as = "tech"
		if tech[i].method == "GET" {
			tech[i].body = ""
		}
	}
	return append(rows, tech...)
}

// On the hub (or any install not enrolled for them) a technician gets
// nothing of the field work: it is done on the laptop enrolled for them.
func TestFieldWork_TechnicianElsewhereIsRefused(t *testing.T) {
	w := newWorld(t)
	w.user("roamer", backend.LicenceTechnician)
	w.detailTask("RoamerTask", "NorthTower", "ready", "Roamer task")
	w.exec(`UPDATE tasks SET technician_id = ? WHERE id = ?`, w.ids["roamer"], w.ids["RoamerTask"])
	a := w.agent("roamer")
	for _, path := range []string{"/api/tasks", "/api/tasks/{RoamerTask}", "/api/remarks", "/api/properties", "/api/sync/status", "/api/clients/{NorthClient}/notes"} {
		if status, body := a.do("GET", path, ""); status != 403 || strings.Contains(body, "Roamer task") {
			t.Errorf("%s on the hub: %d %s", path, status, body)
		}
	}
	if _, body := a.do("GET", "/api/me", ""); !strings.Contains(body, `"fieldWork":false`) {
		t.Errorf("me: %s", body)
	}
}

// A technician's photo read is bounded like the remark: another
// technician's remark's photo is not found.
func TestFieldWork_PhotosFollowTheirRemark(t *testing.T) {
	w := newWorld(t)
	tech := w.technicianInstall("tech")
	office := w.agent("office")
	status, body := office.do("POST", "/api/remarks/{OtherTechRemark}/photos", string(pngPixel))
	if status != 201 {
		t.Fatalf("office photo: %d %s", status, body)
	}
	other := decode[backend.RemarkPhoto](t, body)
	status, body = tech.do("POST", "/api/remarks/{TechRemark}/photos", string(pngPixel))
	if status != 201 {
		t.Fatalf("tech photo: %d %s", status, body)
	}
	own := decode[backend.RemarkPhoto](t, body)
	if status, _ := tech.do("GET", "/api/remark-photos/"+own.ID+"/image", ""); status != 200 {
		t.Errorf("own photo: %d", status)
	}
	if status, _ := tech.do("GET", "/api/remark-photos/"+other.ID+"/image", ""); status != 404 {
		t.Errorf("another technician's photo: %d, want 404", status)
	}
	// A refused photo writes nothing.
	if status, _ := tech.do("POST", "/api/remarks/{TechRemark}/photos", "GIF89a not really"); status != 400 {
		t.Errorf("bad photo: %d", status)
	}
	_, body = tech.do("GET", "/api/remarks/{TechRemark}", "")
	if n := strings.Count(body, `"mime":"image/png"`); n != 1 {
		t.Errorf("photos after a refused one: %d; %s", n, body)
	}
}

// Whatever a technician's laptop sends is authorised again at the hub: a
// price change written past the laptop's API is kept in quarantine and never
// applied, while their own task's results in the same batch apply.
func TestFieldWork_HubRefusesAPriceChangeSentAnyway(t *testing.T) {
	w := newWorld(t)
	w.user("fieldtech", backend.LicenceTechnician)
	w.detailTask("FieldTask", "NorthTower", "ready", "Field task")
	w.exec(`UPDATE tasks SET technician_id = ? WHERE id = ?`, w.ids["fieldtech"], w.ids["FieldTask"])
	quote := backend.NewID()
	w.exec(`INSERT INTO quotes (id, number, kind, client_id, property_id, title, status, total_cents, created_at, updated_at)
		VALUES (?, 9001, 'service', ?, ?, 'Pump overhaul', 'submitted', 10000, 'x', 'x')`, quote, w.ids["NorthClient"], w.ids["NorthTower"])
	office := w.agent("office")
	status, body := office.do("POST", "/api/sync/pairing-codes", `{"userId":"{fieldtech}"}`)
	if status != 201 {
		t.Fatalf("pairing code: %d %s", status, body)
	}
	code := decode[struct{ Code string }](t, body).Code
	status, body = w.agent("guest").do("POST", "/api/sync/enrol", `{"code":"`+code+`"}`)
	if status != 201 {
		t.Fatalf("enrol: %d %s", status, body)
	}
	e := decode[backend.SyncEnrolment](t, body)
	hlc := backend.HLC{Wall: w.now.Add(time.Minute).UnixMilli()}.String()
	push, _ := json.Marshal(backend.PushBatch{SiteID: e.SiteID, Epoch: e.Epoch, Changes: []backend.Change{
		{Seq: 1, Table: "quotes", RowID: quote, Op: backend.OpUpdate, Cols: json.RawMessage(`{"total_cents":1}`), HLC: hlc},
		{Seq: 2, Table: "tasks", RowID: w.ids["FieldTask"], Op: backend.OpUpdate, Cols: json.RawMessage(`{"description":"Field results"}`), HLC: hlc},
	}})
	status, b, _ := w.bearer(e.Token, "POST", "/api/sync/push", string(push))
	if status != 200 {
		t.Fatalf("push: %d %s", status, b)
	}
	res := decode[backend.PushResult](t, string(b))
	if res.Quarantined != 1 || res.Applied != 1 {
		t.Errorf("push answer %+v: want the price change quarantined and the results applied", res)
	}
	if _, body = office.do("GET", "/api/quotes/"+quote, ""); !strings.Contains(body, `"totalCents":10000`) {
		t.Errorf("the hub took a technician's price: %s", body)
	}
	if _, body = office.do("GET", "/api/tasks/{FieldTask}", ""); !strings.Contains(body, "Field results") {
		t.Errorf("the technician's own results did not apply: %s", body)
	}
	if _, body = office.do("GET", "/api/sync/quarantine", ""); !strings.Contains(body, "quotes") {
		t.Errorf("the refused change is not kept for the office: %s", body)
	}
}
