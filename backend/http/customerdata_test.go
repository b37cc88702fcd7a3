package http_test

import (
	"strings"
	"testing"
)

// customerDataRows are Customer Data > Assets, Tasks and property contacts
// in the authz matrix; the contact is on an inactive property.
func customerDataRows(w *world) []scenario {
	w.exec(`INSERT INTO assets (id, property_id, type, esm, location, created_at, updated_at) VALUES ('asset-authz', ?, 'Hydrant', 1, 'Authz basement', 'x', 'x')`, w.ids["NorthClosed"])
	w.exec(`INSERT INTO tasks (id, property_id, kind, stage, title, created_at, updated_at) VALUES ('task-authz', ?, 'service_call', 'ready', 'Authz task', 'x', 'x')`, w.ids["NorthClosed"])
	w.exec(`INSERT INTO property_contacts (id, property_id, name, email, receive_quotes, created_at, updated_at)
		VALUES ('01a2b3c4-0000-7000-8000-00000000c0de', ?, 'Authz Contact', 'authz@example.com', 1, 'x', 'x')`, w.ids["NorthClosed"])
	w.ids["AuthzContact"] = "01a2b3c4-0000-7000-8000-00000000c0de"
	return officeScenarios([]officeRoute{
		{"GET", "/api/assets?q=Authz", "", 200, "Authz basement"},
		{"GET", "/api/tasks?q=Authz", "", 200, "Authz task"},
		{"GET", "/api/properties/{NorthClosed}/contacts", "", 200, "Authz Contact"},
		{"POST", "/api/properties/{NorthClosed}/contacts", `{"name":"New Owner","role":"owner","email":"owner@example.com","receiveInvoices":true}`, 201, `"receiveInvoices":true`},
		{"PATCH", "/api/property-contacts/{AuthzContact}", `{"name":"Authz Contact","email":"authz@example.com","receiveReports":true}`, 200, `"receiveReports":true`},
		{"DELETE", "/api/property-contacts/{AuthzContact}", "", 204, ""},
		{"GET", "/api/office/dashboard", "", 200, `"openCriticalDefects":`},
		{"GET", "/api/office/charts/defects-by-age", "", 200, "Open defects by age"},
	}, "Authz", "openCriticalDefects", "Open defects by age")
}

func TestPropertyContacts_FieldErrorsThroughTheAPI(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	status, body := office.do("POST", "/api/properties/{NorthTower}/contacts", `{"name":"","receiveQuotes":true}`)
	if status != 400 || !strings.Contains(body, `"name"`) || !strings.Contains(body, `"email"`) {
		t.Fatalf("bad contact: %d %s", status, body)
	}
	status, body = office.do("GET", "/api/properties/{NorthTower}/contacts", "")
	if status != 200 || !strings.Contains(body, `"total":0`) {
		t.Errorf("a refused contact was stored: %s", body)
	}
	status, _ = office.do("GET", "/api/properties/00000000-0000-7000-8000-000000000000/contacts", "")
	if status != 404 {
		t.Errorf("contacts of no property: %d", status)
	}
	status, body = office.do("GET", "/api/tasks?stage=doing", "")
	if status != 400 || !strings.Contains(body, `"stage"`) {
		t.Errorf("bad stage: %d %s", status, body)
	}
}
