package http_test

import (
	"context"
	"strings"
	"testing"

	"siteward/backend"
	"siteward/backend/sqlite"
)

// asset inserts an asset of type typ on a property (its id is {name}).
func (w *world) asset(name, prop, typ string) {
	id := backend.NewID()
	w.exec(`INSERT INTO assets (id, property_id, type, created_at, updated_at) VALUES (?, ?, ?, 'x', 'x')`, id, w.ids[prop], typ)
	w.ids[name] = id
}

// remarkEditRows are the remark edit route in the authz matrix.
func remarkEditRows(w *world) []scenario {
	w.remark("AuthzEditRemark", "NorthClosed", "information", "Authz edit remark", false)
	return officeScenarios([]officeRoute{
		{"PATCH", "/api/remarks/{AuthzEditRemark}", `{"description":"Authz edited remark"}`, 200, "Authz edited remark"},
	}, "Authz edit")
}

func TestRemarkEdit_ThroughTheAPI(t *testing.T) {
	w := newWorld(t)
	w.remark("R1", "NorthTower", "non_critical", "Extinguisher tag missing", false)
	w.asset("Hydrant", "NorthTower", "Fire hydrant")
	w.asset("Elsewhere", "SouthPlaza", "Fire door")
	office := w.agent("office")
	audits := func() int {
		return w.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'remark.update' AND entity_id = ?`, w.ids["R1"])
	}

	// Every refused field is named beside it, and nothing is written, not
	// even the field that was fine.
	status, body := office.do("PATCH", "/api/remarks/{R1}",
		`{"severity":"dreadful","description":"   ","assetId":"{Elsewhere}"}`)
	if status != 400 || !strings.Contains(body, `"severity":"Choose a severity`) || !strings.Contains(body, `"description":"Describe the remark`) ||
		!strings.Contains(body, `"assetId":"Choose one of this property's assets`) {
		t.Fatalf("bad edit: %d %s", status, body)
	}
	status, body = office.do("PATCH", "/api/remarks/{R1}", `{"severity":"critical","assetId":"{Elsewhere}"}`)
	if status != 400 || strings.Contains(body, `"severity"`) {
		t.Fatalf("asset of another property: %d %s", status, body)
	}
	if _, body = office.do("GET", "/api/remarks/{R1}", ""); !strings.Contains(body, `"severity":"non_critical"`) || !strings.Contains(body, `"assetId":null`) {
		t.Fatalf("a refused edit wrote a field: %s", body)
	}
	if n := audits(); n != 0 {
		t.Fatalf("a refused edit was audited %d times", n)
	}
	long := strings.Repeat("x", backend.MaxRemarkDescription+1)
	if status, body = office.do("PATCH", "/api/remarks/{R1}", `{"description":"`+long+`"}`); status != 400 || !strings.Contains(body, "under 4,000") {
		t.Fatalf("too long: %d %.200s", status, body)
	}
	// Raising one holds to the same limit (one check for both).
	if status, body = office.do("POST", "/api/remarks", `{"propertyId":"{NorthTower}","severity":"information","description":"`+long+`"}`); status != 400 ||
		!strings.Contains(body, "under 4,000") {
		t.Fatalf("too long a new remark: %d %.200s", status, body)
	}

	// A good edit writes the three fields (description trimmed), is audited once with what changed.
	status, body = office.do("PATCH", "/api/remarks/{R1}", `{"severity":"critical","description":"  Hydrant valve cracked  ","assetId":"{Hydrant}"}`)
	if status != 200 || !strings.Contains(body, `"severity":"critical"`) || !strings.Contains(body, `"description":"Hydrant valve cracked"`) ||
		!strings.Contains(body, `"assetType":"Fire hydrant"`) {
		t.Fatalf("edit: %d %s", status, body)
	}
	if n := w.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'remark.update' AND entity_id = ? AND detail = 'severity,description,assetId'
		AND user_id = ?`, w.ids["R1"], w.ids["office"]); n != 1 {
		t.Fatalf("audit rows for the edit: %d", n)
	}
	// The same values again change nothing and audit nothing; an empty asset takes the remark off it.
	if status, _ = office.do("PATCH", "/api/remarks/{R1}", `{"severity":"critical","description":"Hydrant valve cracked"}`); status != 200 || audits() != 1 {
		t.Fatalf("an unchanged edit: %d, audits %d", status, audits())
	}
	if status, body = office.do("PATCH", "/api/remarks/{R1}", `{"assetId":""}`); status != 200 || !strings.Contains(body, `"assetId":null`) {
		t.Fatalf("asset cleared: %d %s", status, body)
	}
	if status, _ = office.do("PATCH", "/api/remarks/00000000-0000-7000-8000-000000000000", `{"description":"x"}`); status != 404 {
		t.Fatalf("unknown remark: %d", status)
	}
}

func TestRemarkEdit_KeepASeverityConflictFromTheRecord(t *testing.T) {
	w := newWorld(t)
	w.remark("R1", "NorthTower", "non_critical", "Extinguisher tag missing", false)
	w.conflict("C1", "remarks", "R1", "severity", `"non_critical"`, `"critical"`)
	w.conflict("C2", "remarks", "R1", "severity", `"non_critical"`, `"dreadful"`)
	office := w.agent("office")
	if _, body := office.do("GET", "/api/sync/conflicts?table=remarks&rowId={R1}", ""); !strings.Contains(body, `"keepable":true`) {
		t.Fatalf("a severity conflict is keepable from the record: %s", body)
	}
	// A value the edit refuses is refused, and the conflict stays waiting.
	if status, body := office.do("POST", "/api/sync/conflicts/{C2}/keep", `{"side":"lost"}`); status != 400 {
		t.Fatalf("keeping a bad severity: %d %s", status, body)
	}
	if status, body := office.do("POST", "/api/sync/conflicts/{C1}/keep", `{"side":"lost"}`); status != 204 {
		t.Fatalf("keep: %d %s", status, body)
	}
	if _, body := office.do("GET", "/api/remarks/{R1}", ""); !strings.Contains(body, `"severity":"critical"`) {
		t.Fatalf("kept value not written: %s", body)
	}
	if n := w.count(`SELECT COUNT(*) FROM sync_conflicts WHERE resolved_at IS NULL AND row_id = ?`, w.ids["R1"]); n != 1 {
		t.Fatalf("waiting conflicts after keeping one: %d", n)
	}
	if n := w.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'remark.update' AND entity_id = ?`, w.ids["R1"]); n != 1 {
		t.Fatalf("audited edits: %d", n)
	}
}

func TestNeedsReview_OnQuoteAndInvoiceRows(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	q := &backend.Quote{Title: "Pump overhaul", PropertyID: w.ids["NorthTower"], Lines: []backend.QuoteLine{{Description: "Pump", Quantity: 1, UnitCents: 1000}}}
	w.must(sqlite.NewQuoteService(w.db, w.loc()).CreateServiceQuote(ctx, q))
	inv := &backend.Invoice{PropertyID: w.ids["NorthTower"], TotalCents: 10000}
	w.must(sqlite.NewInvoiceService(w.db, w.loc()).CreateInvoice(ctx, inv))
	w.ids["Q"], w.ids["I"] = q.ID, inv.ID
	office := w.agent("office")
	for _, path := range []string{"/api/quotes?q=Pump", "/api/invoices?status=draft"} {
		if _, body := office.do("GET", path, ""); !strings.Contains(body, `"needsReview":false`) || strings.Contains(body, `"needsReview":true`) {
			t.Fatalf("%s before any conflict: %s", path, body)
		}
	}
	w.conflict("CQ", "quotes", "Q", "title", `"Pump overhaul"`, `"Pump repair"`)
	w.conflict("CI", "invoices", "I", "total_cents", `10000`, `12000`)
	for _, path := range []string{"/api/quotes?q=Pump", "/api/invoices?status=draft"} {
		if _, body := office.do("GET", path, ""); !strings.Contains(body, `"needsReview":true`) {
			t.Fatalf("%s with a conflict waiting: %s", path, body)
		}
	}
}

// A technician's edit on their own install goes through the same edit: the
// same checks, audited as theirs; another technician's remark is not found.
func TestRemarkEdit_ByTheTechnicianOnTheirInstall(t *testing.T) {
	w := newWorld(t)
	tech := w.technicianInstall("tech")
	audited := func(remark string) int {
		return w.count(`SELECT COUNT(*) FROM audit_log WHERE action = 'remark.update' AND entity_id = ? AND user_id = ?`, w.ids[remark], w.ids["tech"])
	}
	if status, body := tech.do("PATCH", "/api/remarks/{TechRemark}", `{"description":"  "}`); status != 400 || !strings.Contains(body, `"description":"Describe the remark`) {
		t.Fatalf("empty description: %d %s", status, body)
	}
	if status, body := tech.do("PATCH", "/api/remarks/{TechRemark}", `{"severity":"critical","description":"Tech own leaking valve, worse"}`); status != 200 ||
		!strings.Contains(body, `"severity":"critical"`) || audited("TechRemark") != 1 {
		t.Fatalf("own remark: %d %s, audits %d", status, body, audited("TechRemark"))
	}
	if status, _ := tech.do("PATCH", "/api/remarks/{OtherTechRemark}", `{"description":"Tech wrote here"}`); status != 404 || audited("OtherTechRemark") != 0 ||
		w.count(`SELECT COUNT(*) FROM remarks WHERE id = ? AND description = 'Tech wrote here'`, w.ids["OtherTechRemark"]) != 0 {
		t.Fatalf("another technician's remark: %d", status)
	}
}
