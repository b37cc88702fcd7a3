package http_test

import (
	"strings"
	"testing"
)

// officeRestRows are the authz rows of routines, property parents and the
// Customer Data exports: office only.
func officeRestRows(w *world) []scenario {
	rows := routineRows(w)
	rows = append(rows, officeScenarios([]officeRoute{
		{"PATCH", "/api/properties/{NorthAnnex}", `{"parentId":"{NorthTower}"}`, 200, `"parentId":"{NorthTower}"`},
		{"GET", "/api/remarks/export?format=csv", "", 200, "Remark,Description"},
		{"GET", "/api/quotes/export?format=csv", "", 200, "Quote,Title"},
		{"GET", "/api/invoices/export?format=csv", "", 200, "Invoice,Status"},
		{"GET", "/api/properties/export?format=csv", "", 200, "NorthTower"},
		{"GET", "/api/assets/export?format=csv&q=Authz", "", 200, "Authz basement"},
		{"GET", "/api/tasks/export?format=csv&q=Authz", "", 200, "Authz task"},
		{"GET", "/api/routines/export?format=csv&q=Authz", "", 200, "Authz routine"},
	}, "door code", "NorthTower", "Authz")...)
	return rows
}

func TestPropertyParent_ThroughTheAPI(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	status, body := office.do("PATCH", "/api/properties/{NorthAnnex}", `{"parentId":"{SouthPlaza}"}`)
	if status != 400 || !strings.Contains(body, `"parentId"`) || !strings.Contains(body, "belongs to another client (SouthClient)") {
		t.Errorf("another client's building: %d %s", status, body)
	}
	if status, body = office.do("PATCH", "/api/properties/{NorthAnnex}", `{"parentId":"{NorthTower}"}`); status != 200 {
		t.Fatalf("annex into tower: %d %s", status, body)
	}
	status, body = office.do("PATCH", "/api/properties/{NorthTower}", `{"parentId":"{NorthAnnex}"}`)
	if status != 400 || !strings.Contains(body, "that would be a loop") {
		t.Errorf("loop: %d %s", status, body)
	}
	if status, body = office.do("PATCH", "/api/properties/{NorthAnnex}", `{"parentId":null}`); status != 200 || !strings.Contains(body, `"parentId":null`) {
		t.Errorf("out again: %d %s", status, body)
	}
	if status, _ = office.do("PATCH", "/api/properties/00000000-0000-7000-8000-000000000000", `{"parentId":null}`); status != 404 {
		t.Errorf("no such property: %d", status)
	}
}

func TestClientCode_ThroughTheAPI(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	if status, body := office.do("PATCH", "/api/clients/{NorthClient}", `{"code":"N-1"}`); status != 200 || !strings.Contains(body, `"code":"N-1"`) {
		t.Fatalf("set code: %d %s", status, body)
	}
	status, body := office.do("PATCH", "/api/clients/{SouthClient}", `{"code":"n-1"}`)
	if status != 400 || !strings.Contains(body, `"code":"Client code n-1 is already used by NorthClient.`) {
		t.Errorf("duplicate: %d %s", status, body)
	}
	status, body = office.do("POST", "/api/clients", `{"name":"Copycat","code":"N-1"}`)
	if status != 400 || !strings.Contains(body, "already used by NorthClient") {
		t.Errorf("duplicate on create: %d %s", status, body)
	}
	if _, body = office.do("GET", "/api/clients?q=Copycat", ""); !strings.Contains(body, `"total":0`) {
		t.Errorf("a refused client was stored: %s", body)
	}
	if _, body = office.do("GET", "/api/clients?sort=code&limit=1", ""); !strings.Contains(body, `"code":"N-1"`) {
		t.Errorf("sorted by code, the coded client comes first: %s", body)
	}
}
