package http_test

import (
	"strings"
	"testing"
)

// propertyEditRows are the property create route in the authz matrix (the
// details edit shares PATCH /api/properties/{id} with the building).
func propertyEditRows(w *world) []scenario {
	return officeScenarios([]officeRoute{
		{"POST", "/api/properties", `{"clientId":"{SouthClient}","name":"Authz Created Site","accessDetails":"key safe 0000"}`, 201, "Authz Created Site"},
		{"PATCH", "/api/properties/{NorthClosed}", `{"accessProcedure":"Authz procedure"}`, 200, "Authz procedure"},
	}, "Authz Created", "key safe 0000", "Authz procedure")
}

func TestPropertyEdit_CreateAndChangeDetails(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	count := func() int { return w.count(`SELECT COUNT(*) FROM properties WHERE name LIKE 'Harbour%'`) }

	// Every refused field is named beside it; nothing is stored.
	status, body := office.do("POST", "/api/properties", `{"clientId":"{SouthClient}","name":"  ","state":"XYZ","postcode":"12"}`)
	if status != 400 || !strings.Contains(body, `"name":"Enter the property's name."`) || !strings.Contains(body, `"state":"Choose a state`) ||
		!strings.Contains(body, `"postcode":"An Australian postcode has 4 digits."`) {
		t.Fatalf("bad property: %d %s", status, body)
	}
	if status, body = office.do("POST", "/api/properties", `{"clientId":"00000000-0000-7000-8000-000000000000","name":"Harbour View"}`); status != 400 ||
		!strings.Contains(body, `"clientId"`) {
		t.Fatalf("unknown client: %d %s", status, body)
	}
	if n := count(); n != 0 {
		t.Fatalf("a refused property was stored: %d", n)
	}
	status, body = office.do("POST", "/api/properties", `{"clientId":"{SouthClient}","name":"Harbour View","street":"2 Quay St","suburb":"Sydney",
		"state":"nsw","postcode":"2000","accessDetails":"Gate code 1234"}`)
	if status != 201 || !strings.Contains(body, `"active":true`) || !strings.Contains(body, `"state":"NSW"`) || !strings.Contains(body, "Gate code 1234") {
		t.Fatalf("create: %d %s", status, body)
	}
	id := between(body, `"id":"`, `"`)
	w.ids["Harbour"] = id

	// A refused edit keeps every field as it was, even the good ones.
	status, body = office.do("PATCH", "/api/properties/{Harbour}", `{"name":"Harbour View East","postcode":"20000"}`)
	if status != 400 || !strings.Contains(body, `"postcode"`) {
		t.Fatalf("bad edit: %d %s", status, body)
	}
	if _, body = office.do("GET", "/api/properties/{Harbour}", ""); !strings.Contains(body, `"name":"Harbour View"`) {
		t.Fatalf("a refused edit wrote a field: %s", body)
	}
	// Details and the building in one request are refused (two writes).
	if status, body = office.do("PATCH", "/api/properties/{Harbour}", `{"name":"X","parentId":null}`); status != 400 {
		t.Fatalf("details with a building: %d %s", status, body)
	}
	// A good edit changes only what it names; deactivating is an edit too.
	status, body = office.do("PATCH", "/api/properties/{Harbour}", `{"name":"Harbour View East","active":false,"accessProcedure":"Ring the caretaker"}`)
	if status != 200 || !strings.Contains(body, `"name":"Harbour View East"`) || !strings.Contains(body, `"active":false`) ||
		!strings.Contains(body, "Gate code 1234") || !strings.Contains(body, `"street":"2 Quay St"`) {
		t.Fatalf("edit: %d %s", status, body)
	}
	if status, _ = office.do("PATCH", "/api/properties/00000000-0000-7000-8000-000000000000", `{"name":"x"}`); status != 404 {
		t.Fatalf("unknown property: %d", status)
	}
}

// between returns the text of s after the first from, up to the next to.
func between(s, from, to string) string {
	_, rest, _ := strings.Cut(s, from)
	v, _, _ := strings.Cut(rest, to)
	return v
}
