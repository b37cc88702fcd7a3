package http_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"siteward/backend"
	"siteward/backend/sqlite"
)

// buildActivity names buildPanels' quotes and adds ones a customer must
// never see or can no longer decide. It adds no submitted quote and no
// invoice, so the dashboard rows' counts stand.
func (w *world) buildActivity() {
	w.t.Helper()
	id := func(prop, status string) string {
		var id string
		w.must(w.db.View(context.Background(), func(tx *sqlite.Tx) error {
			return tx.QueryRowContext(context.Background(), `SELECT id FROM quotes WHERE property_id = ? AND status = ? ORDER BY id LIMIT 1`,
				w.ids[prop], status).Scan(&id)
		}))
		return id
	}
	w.ids["NorthQuote"] = id("NorthTower", "submitted")
	w.ids["OtherQuote"] = id("OtherCourt", "submitted")
	insert := func(name, prop, client, status, title string) {
		w.ids[name] = backend.NewID()
		reason := ""
		if status == "declined" {
			reason = "Too dear"
		}
		w.exec(`INSERT INTO quotes (id, kind, client_id, property_id, title, status, decline_reason, decided_at, created_at, updated_at)
			VALUES (?, 'defect', ?, ?, ?, ?, ?, CASE WHEN ? IN ('approved', 'declined') THEN '2026-11-01T00:00:00.000Z' END, 'x', 'x')`,
			w.ids[name], w.ids[client], w.ids[prop], title, status, reason, status)
	}
	insert("NorthDraft", "NorthTower", "NorthClient", "draft", "Secret draft")
	insert("NorthVoided", "NorthTower", "NorthClient", "voided", "Secret voided")
	insert("NorthExpired", "NorthTower", "NorthClient", "expired", "Secret expired")
	insert("SouthApproved", "SouthPlaza", "SouthClient", "approved", "Approved works")
	w.exec(`INSERT INTO quote_lines (id, quote_id, position, description, quantity, unit_cents, created_at) VALUES (?, ?, 1, 'Replace extinguisher', 2, 12500, 'x')`,
		backend.NewID(), w.ids["NorthQuote"])
}

var allProps = []string{"NorthTower", "NorthAnnex", "NorthClosed", "SouthPlaza", "VicHouse", "OtherCourt"}

// listRows put every list route (and its CSV) before every role: each
// answer names the properties of the role's view that have such items and
// no other, with the view's exact total.
func listRows() []scenario {
	visible := map[string][]string{"north": {"NorthTower", "NorthAnnex"}, "nsw": {"NorthTower", "NorthAnnex", "SouthPlaza"},
		"national": {"NorthTower", "NorthAnnex", "SouthPlaza", "VicHouse"}, "limited": {"SouthPlaza"}, "other": {"OtherCourt"}}
	lists := []struct {
		path string
		has  []string       // properties with items (buildPanels, buildActivity)
		n    map[string]int // totals by role
	}{
		{"/api/portal/quotes", []string{"NorthTower", "SouthPlaza", "OtherCourt"}, map[string]int{"north": 1, "nsw": 2, "national": 2, "limited": 1, "other": 2}},
		{"/api/portal/invoices", []string{"NorthTower", "SouthPlaza", "VicHouse", "OtherCourt"}, map[string]int{"north": 1, "nsw": 2, "national": 3, "limited": 1, "other": 1}},
		{"/api/portal/defects", []string{"NorthTower", "SouthPlaza", "VicHouse", "OtherCourt"}, map[string]int{"north": 1, "nsw": 3, "national": 6, "limited": 2, "other": 7}},
		{"/api/portal/tasks", []string{"NorthTower", "VicHouse", "OtherCourt"}, map[string]int{"north": 3, "nsw": 3, "national": 6, "limited": 0, "other": 10}},
		{"/api/portal/assets", []string{"NorthTower", "SouthPlaza", "VicHouse", "OtherCourt"}, map[string]int{"north": 1, "nsw": 2, "national": 3, "limited": 1, "other": 1}},
	}
	never := append([]string{"Secret"}, officeOnly...)
	var rows []scenario
	for _, l := range lists {
		for _, path := range []string{l.path, l.path + ".csv"} {
			rows = append(rows,
				scenario{as: "guest", method: "GET", path: path, wantStatus: 401},
				scenario{as: "office", method: "GET", path: path, wantStatus: 409, wantContains: []string{"Choose a view"}},
				scenario{as: "office", method: "GET", path: path + "?asKind=group&asId=00000000-0000-7000-8000-000000000000", wantStatus: 404})
			for _, role := range []string{"north", "nsw", "national", "limited", "other", "office"} {
				view, p := role, path
				if role == "office" {
					view, p = "nsw", path+"?asKind=group&asId={NSW}"
				}
				sc := scenario{as: role, method: "GET", path: p, wantStatus: 200, wantNotContains: never}
				for _, prop := range allProps {
					switch {
					case !contains(visible[view], prop):
						sc.wantNotContains = append(sc.wantNotContains, prop)
					case contains(l.has, prop):
						sc.wantContains = append(sc.wantContains, prop)
					}
				}
				if !strings.HasSuffix(path, ".csv") {
					sc.wantContains = append(sc.wantContains, `"total":`+strconv.Itoa(l.n[view])+"}")
				} else {
					sc.wantContains = append(sc.wantContains, "Property")
				}
				rows = append(rows, sc)
			}
		}
	}
	// Bad filters are field errors.
	rows = append(rows,
		scenario{as: "north", method: "GET", path: "/api/portal/quotes?status=draft", wantStatus: 400, wantContains: []string{`"status"`}},
		scenario{as: "north", method: "GET", path: "/api/portal/defects?raisedMonth=2026-13", wantStatus: 400, wantContains: []string{`"raisedMonth"`}},
		scenario{as: "north", method: "GET", path: "/api/portal/tasks?tolerance=late", wantStatus: 400, wantContains: []string{`"tolerance"`}},
		scenario{as: "north", method: "GET", path: "/api/portal/assets?worst=bad", wantStatus: 400, wantContains: []string{`"worst"`}},
		scenario{as: "north", method: "GET", path: "/api/portal/invoices?overdue=maybe", wantStatus: 400, wantContains: []string{`"overdue"`}},
	)
	return rows
}

// activityRows cover one quote and the decisions on it, in order: every
// refusal first (each writes nothing), then the approvals and declines.
func activityRows(w *world) []scenario {
	w.buildActivity()
	one := "/api/portal/quotes/{NorthQuote}"
	approve, decline := one+"/approve", one+"/decline"
	ok := `{"name":"Ned North","poReference":"PO-77","comment":"Go ahead"}`
	rows := listRows()
	rows = append(rows,
		scenario{as: "guest", method: "GET", path: one, wantStatus: 401},
		scenario{as: "other", method: "GET", path: one, wantStatus: 404},
		scenario{as: "limited", method: "GET", path: one, wantStatus: 404},
		scenario{as: "north", method: "GET", path: one, wantStatus: 200, wantContains: []string{"NorthTower", "Replace extinguisher", `"status":"submitted"`}},
		scenario{as: "nsw", method: "GET", path: one, wantStatus: 200, wantContains: []string{"NorthTower"}},
		scenario{as: "national", method: "GET", path: one, wantStatus: 200, wantContains: []string{"NorthTower"}},
		scenario{as: "office", method: "GET", path: one + "?asKind=client&asId={NorthClient}", wantStatus: 200, wantContains: []string{"NorthTower"}},
		scenario{as: "office", method: "GET", path: one + "?asKind=client&asId={OtherClient}", wantStatus: 404},
		// Quotes a customer never sees answer exactly like a missing one.
		scenario{as: "north", method: "GET", path: "/api/portal/quotes/{NorthDraft}", wantStatus: 404},
		scenario{as: "north", method: "GET", path: "/api/portal/quotes/{NorthExpired}", wantStatus: 404},
		scenario{as: "north", method: "GET", path: "/api/portal/quotes/00000000-0000-7000-8000-000000000000", wantStatus: 404},
		scenario{as: "north", method: "POST", path: "/api/portal/quotes/{NorthVoided}/approve", body: ok, wantStatus: 404},
		scenario{as: "north", method: "POST", path: "/api/portal/quotes/{NorthDraft}/decline", body: `{"reason":"No"}`, wantStatus: 404},

		// Refusals: nothing is written by any of them (TestQuoteDecisionRefusalsWriteNothing).
		scenario{as: "guest", method: "POST", path: approve, body: ok, wantStatus: 401},
		scenario{as: "guest", method: "POST", path: decline, body: `{"reason":"No"}`, wantStatus: 401},
		scenario{as: "other", method: "POST", path: approve, body: ok, wantStatus: 404},
		scenario{as: "other", method: "POST", path: decline, body: `{"reason":"No"}`, wantStatus: 404},
		scenario{as: "limited", method: "POST", path: approve, body: ok, wantStatus: 404},
		scenario{as: "limited", method: "POST", path: decline, body: `{"reason":"No"}`, wantStatus: 404},
		scenario{as: "office", method: "POST", path: approve + "?asKind=client&asId={NorthClient}", body: ok, wantStatus: 403},
		scenario{as: "office", method: "POST", path: decline, body: `{"reason":"No"}`, wantStatus: 403},
		scenario{as: "north", method: "POST", path: approve, body: `{"name":"  ","poReference":"PO-77"}`, wantStatus: 400, wantContains: []string{`"name"`}},
		scenario{as: "north", method: "POST", path: approve, body: `{"name":"Ned","colour":"red"}`, wantStatus: 400},
		scenario{as: "nsw", method: "POST", path: decline, body: `{"reason":""}`, wantStatus: 400, wantContains: []string{`"reason"`}},
		scenario{as: "office", method: "GET", path: "/api/quotes/{NorthQuote}", wantStatus: 200, wantContains: []string{`"status":"submitted"`, `"decidedAt":null`}},

		// The decision, seen by the office at once; a second one conflicts.
		scenario{as: "north", method: "POST", path: approve, body: ok, wantStatus: 200,
			wantContains: []string{`"status":"approved"`, `"byName":"Ned North"`, `"poReference":"PO-77"`}},
		scenario{as: "office", method: "GET", path: "/api/quotes/{NorthQuote}", wantStatus: 200,
			wantContains: []string{`"status":"approved"`, `"decidedByName":"Ned North"`, `"poReference":"PO-77"`, `"decisionComment":"Go ahead"`}},
		scenario{as: "nsw", method: "POST", path: decline, body: `{"reason":"Changed our mind"}`, wantStatus: 409},
		scenario{as: "national", method: "POST", path: approve, body: ok, wantStatus: 409},
		scenario{as: "nsw", method: "POST", path: approve, body: ok, wantStatus: 409},
		scenario{as: "north", method: "POST", path: decline, body: `{"reason":"No"}`, wantStatus: 409},
		scenario{as: "national", method: "POST", path: decline, body: `{"reason":"No"}`, wantStatus: 409},
		scenario{as: "other", method: "POST", path: "/api/portal/quotes/{OtherQuote}/decline", body: `{"reason":"Not this year"}`, wantStatus: 200,
			wantContains: []string{`"status":"declined"`, `"reason":"Not this year"`}},
		scenario{as: "office", method: "GET", path: "/api/quotes/{OtherQuote}", wantStatus: 200, wantContains: []string{`"status":"declined"`, "Not this year"}},
		scenario{as: "office", method: "GET", path: "/api/quotes/{NorthDraft}", wantStatus: 200, wantContains: []string{"Secret draft"}},
		scenario{as: "office", method: "GET", path: "/api/quotes/not-an-id", wantStatus: 404},
		scenario{as: "guest", method: "GET", path: "/api/quotes/{NorthQuote}", wantStatus: 401},
		scenario{as: "north", method: "GET", path: "/api/quotes/{NorthQuote}", wantStatus: 403},
	)
	return append(append(rows, propertyPageRows(w)...), searchRows()...)
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// A decision refused for any reason writes nothing: not the quote, not
// the audit log.
func TestQuoteDecisionRefusalsWriteNothing(t *testing.T) {
	w := newWorld(t)
	w.buildPanels()
	w.buildActivity()
	agents := map[string]*agent{"guest": w.agent("guest"), "office": w.agent("office")}
	for _, who := range []string{"other", "limited", "north"} {
		a := w.agent(who)
		a.chooseView(customerViews[who][0], customerViews[who][1])
		agents[who] = a
	}
	snapshot := func() string {
		var s string
		w.must(w.db.View(context.Background(), func(tx *sqlite.Tx) error {
			return tx.QueryRowContext(context.Background(), `SELECT (SELECT group_concat(id || status || COALESCE(decided_at, '') || decided_by_name ||
				po_reference || decline_reason || updated_at, ';') FROM quotes) || (SELECT COUNT(*) FROM audit_log)`).Scan(&s)
		}))
		return s
	}
	before := snapshot()
	for _, r := range []struct{ who, path, body string }{
		{"guest", "/api/portal/quotes/{NorthQuote}/approve", `{"name":"G"}`},
		{"other", "/api/portal/quotes/{NorthQuote}/approve", `{"name":"O"}`},
		{"other", "/api/portal/quotes/{NorthQuote}/decline", `{"reason":"O"}`},
		{"limited", "/api/portal/quotes/{NorthQuote}/approve", `{"name":"L"}`},
		{"office", "/api/portal/quotes/{NorthQuote}/approve?asKind=client&asId={NorthClient}", `{"name":"Office"}`},
		{"north", "/api/portal/quotes/{NorthQuote}/approve", `{"name":""}`},
		{"north", "/api/portal/quotes/{NorthQuote}/decline", `{"reason":"   "}`},
		{"north", "/api/portal/quotes/{NorthDraft}/approve", `{"name":"N"}`},
	} {
		if status, body := agents[r.who].do("POST", r.path, r.body); status < 400 {
			t.Fatalf("%s %s: %d %s", r.who, r.path, status, body)
		}
	}
	if after := snapshot(); after != before {
		t.Fatalf("refused decisions wrote:\nbefore %s\nafter  %s", before, after)
	}
}
