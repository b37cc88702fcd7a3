package http_test

import (
	"strings"
	"testing"
)

func TestUsers_DeactivationEndsSessionsAtOnce(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	north := w.agent("north")
	north.chooseView("group", "SydneyNorth")
	if status, _ := north.do("GET", "/api/portal/properties", ""); status != 200 {
		t.Fatalf("north before: %d", status)
	}
	if status, body := office.do("PATCH", "/api/users/{north}", `{"active":false}`); status != 200 {
		t.Fatalf("deactivate: %d %s", status, body)
	}
	if status, _ := north.do("GET", "/api/portal/properties", ""); status != 401 {
		t.Errorf("a deactivated user's session still works: %d", status)
	}
	// Sign-in is refused too, with the same message as a wrong password.
	if status, _ := w.agentWithCookie("").do("POST", "/api/auth/login", `{"email":"north@example.com","password":"`+testPassword+`"}`); status != 401 {
		t.Errorf("a deactivated user signed in: %d", status)
	}
	// Reactivated, they sign in again.
	if status, body := office.do("PATCH", "/api/users/{north}", `{"active":true}`); status != 200 || !strings.Contains(body, `"active":true`) {
		t.Fatalf("reactivate: %d %s", status, body)
	}
	if status, _ := w.agentWithCookie("").do("POST", "/api/auth/login", `{"email":"north@example.com","password":"`+testPassword+`"}`); status != 200 {
		t.Errorf("a reactivated user cannot sign in: %d", status)
	}
}

func TestUsers_CreateFilterAndRefusals(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	status, body := office.do("POST", "/api/users", `{"name":"Group Manager","email":" GM@Example.com ","licence":"customer"}`)
	if status != 201 || !strings.Contains(body, `"email":"gm@example.com"`) {
		t.Fatalf("create: %d %s", status, body)
	}
	for _, tc := range []struct{ body, field string }{
		{`{"name":"Dup","email":"gm@example.com","licence":"customer"}`, "email"},
		{`{"name":"","email":"x@example.com","licence":"customer"}`, "name"},
		{`{"name":"Bad","email":"x@example.com","licence":"admin"}`, "licence"},
	} {
		status, body := office.do("POST", "/api/users", tc.body)
		if status < 400 || !strings.Contains(body, `"`+tc.field+`"`) {
			t.Errorf("%s: %d %s, want a %s field error", tc.body, status, body, tc.field)
		}
	}
	_, body = office.do("GET", "/api/users?licence=customer&q=gm", "")
	if !strings.Contains(body, `"total":1`) || !strings.Contains(body, "Group Manager") {
		t.Errorf("filter: %s", body)
	}
	if _, body = office.do("GET", "/api/users?licence=office", ""); strings.Contains(body, "Group Manager") {
		t.Errorf("the office filter lists a customer: %s", body)
	}
	if status, _ := office.do("GET", "/api/users?licence=boss", ""); status != 400 {
		t.Errorf("unknown licence filter: %d", status)
	}
	// The office user cannot lock themselves out.
	if status, body := office.do("PATCH", "/api/users/{office}", `{"active":false}`); status != 409 {
		t.Errorf("self-deactivation: %d %s", status, body)
	}
	if status, _ := office.do("GET", "/api/me", ""); status != 200 {
		t.Errorf("the office session ended: %d", status)
	}
}

func TestClientGroupDelete_MovesEverythingUpAndKeepsAccess(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	status, body := office.do("GET", "/api/client-groups/{NSW}/delete-plan", "")
	if status != 200 || !strings.Contains(body, `"childGroups":2`) || !strings.Contains(body, `"name":"National"`) {
		t.Fatalf("plan: %d %s", status, body)
	}
	if status, body = office.do("DELETE", "/api/client-groups/{NSW}", ""); status != 200 {
		t.Fatalf("delete: %d %s", status, body)
	}
	_, body = office.do("GET", "/api/client-groups/{SydneyNorth}", "")
	if !strings.Contains(body, `"parentId":"`+w.ids["National"]+`"`) {
		t.Errorf("the child group did not move to the parent: %s", body)
	}
	if status, _ := office.do("GET", "/api/client-groups/{NSW}", ""); status != 404 {
		t.Errorf("the deleted group is still found: %d", status)
	}
	// The nsw customer still sees exactly the NSW properties, no more.
	nsw := w.agent("nsw")
	_, body = nsw.do("GET", "/api/me", "")
	if !strings.Contains(body, "SydneyNorth") || strings.Contains(body, "VicClient") {
		t.Errorf("nsw views after the delete: %s", body)
	}
	// A cycle is refused with a message on the field.
	if status, body := office.do("PATCH", "/api/client-groups/{National}", `{"setParent":true,"parentId":"{SydneyNorth}"}`); status != 400 || !strings.Contains(body, "loop") {
		t.Errorf("cycle: %d %s", status, body)
	}
}

func TestPortalUsage_CountsSignInsIntoAView(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	w.agent("north").chooseView("group", "SydneyNorth") // choosing a view records a sign-in into it
	nsw := w.agent("nsw")
	nsw.chooseView("group", "SydneyNorth")
	_, body := office.do("GET", "/api/portal-usage?kind=group&q=SydneyNorth", "")
	if !strings.Contains(body, `"signIns30d":2`) || !strings.Contains(body, `"users":1`) || !strings.Contains(body, `"lastSignInAt":"2026-11-20T01:00:00Z"`) {
		t.Errorf("usage of SydneyNorth: %s", body)
	}
	if status, body := office.do("GET", "/api/portal-usage?kind=planet", ""); status != 400 || !strings.Contains(body, `"kind"`) {
		t.Errorf("bad kind: %d %s", status, body)
	}
}
