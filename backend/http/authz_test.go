package http_test

import (
	"strings"
	"testing"
)

// scenario is one row of the authz matrix (DESIGN.md §8): who asks, what,
// and what they must (not) get back.
type scenario struct {
	as              string // guest, office, or a customer: national, nsw, north, other, limited
	method, path    string
	body            string
	wantStatus      int
	wantContains    []string
	wantNotContains []string
}

// customers are signed in with the view a person at that level would choose.
var customerViews = map[string][2]string{
	"national": {"group", "National"},
	"nsw":      {"group", "NSW"},
	"north":    {"group", "SydneyNorth"},
	"other":    {"group", "Other"},
	"limited":  {"group", "NSW"},
}

// officeOnly is what no customer may ever see in a portal answer.
var officeOnly = []string{"door code", "accessDetails", "accessProcedure"}

func portalRows() []scenario {
	props := "/api/portal/properties"
	one := "/api/portal/properties/{NorthTower}"
	return []scenario{
		{as: "guest", method: "GET", path: props, wantStatus: 401},
		{as: "other", method: "GET", path: props, wantStatus: 200, wantContains: []string{"OtherCourt"},
			wantNotContains: append([]string{"NorthTower", "SouthPlaza", "VicHouse"}, officeOnly...)},
		{as: "north", method: "GET", path: props, wantStatus: 200, wantContains: []string{"NorthTower", "NorthAnnex", `"total":2`},
			wantNotContains: append([]string{"NorthClosed", "SouthPlaza", "VicHouse", "OtherCourt"}, officeOnly...)},
		{as: "nsw", method: "GET", path: props, wantStatus: 200, wantContains: []string{"NorthTower", "NorthAnnex", "SouthPlaza", `"total":3`},
			wantNotContains: append([]string{"NorthClosed", "VicHouse", "OtherCourt"}, officeOnly...)},
		{as: "national", method: "GET", path: props, wantStatus: 200, wantContains: []string{"NorthTower", "SouthPlaza", "VicHouse", `"total":4`},
			wantNotContains: append([]string{"NorthClosed", "OtherCourt"}, officeOnly...)},
		{as: "limited", method: "GET", path: props, wantStatus: 200, wantContains: []string{"SouthPlaza", `"total":1`},
			wantNotContains: append([]string{"NorthTower", "VicHouse", "OtherCourt"}, officeOnly...)},
		{as: "office", method: "GET", path: props, wantStatus: 409, wantContains: []string{"Choose a view"}},
		{as: "office", method: "GET", path: props + "?asKind=group&asId={NSW}", wantStatus: 200,
			wantContains: []string{"NorthTower", "SouthPlaza"}, wantNotContains: append([]string{"VicHouse", "OtherCourt"}, officeOnly...)},
		{as: "office", method: "GET", path: props + "?asKind=group&asId=00000000-0000-7000-8000-000000000000", wantStatus: 404},

		{as: "guest", method: "GET", path: one, wantStatus: 401},
		{as: "other", method: "GET", path: one, wantStatus: 404},
		{as: "north", method: "GET", path: one, wantStatus: 200, wantContains: []string{"NorthTower"}, wantNotContains: officeOnly},
		{as: "nsw", method: "GET", path: one, wantStatus: 200, wantContains: []string{"NorthTower"}},
		{as: "national", method: "GET", path: one, wantStatus: 200, wantContains: []string{"NorthTower"}},
		{as: "limited", method: "GET", path: one, wantStatus: 404},
		{as: "office", method: "GET", path: one + "?asKind=client&asId={NorthClient}", wantStatus: 200, wantContains: []string{"NorthTower"}},
		{as: "office", method: "GET", path: one + "?asKind=client&asId={OtherClient}", wantStatus: 404},
		// Inactive properties and ids that do not exist answer exactly alike.
		{as: "north", method: "GET", path: "/api/portal/properties/{NorthClosed}", wantStatus: 404},
		{as: "north", method: "GET", path: "/api/portal/properties/00000000-0000-7000-8000-000000000000", wantStatus: 404},
		{as: "north", method: "GET", path: "/api/portal/properties/not-an-id", wantStatus: 404},

		// Choosing a view: only within what the user is authorised for.
		{as: "guest", method: "POST", path: "/api/portal/view", body: `{"kind":"group","id":"{NSW}"}`, wantStatus: 401},
		{as: "other", method: "POST", path: "/api/portal/view", body: `{"kind":"group","id":"{NSW}"}`, wantStatus: 404},
		{as: "north", method: "POST", path: "/api/portal/view", body: `{"kind":"group","id":"{NSW}"}`, wantStatus: 404},
		{as: "north", method: "POST", path: "/api/portal/view", body: `{"kind":"client","id":"{SouthClient}"}`, wantStatus: 404},
		{as: "limited", method: "POST", path: "/api/portal/view", body: `{"kind":"group","id":"{VIC}"}`, wantStatus: 404},
		{as: "nsw", method: "POST", path: "/api/portal/view", body: `{"kind":"group","id":"{National}"}`, wantStatus: 404},
		{as: "nsw", method: "POST", path: "/api/portal/view", body: `{"kind":"client","id":"{VicClient}"}`, wantStatus: 404},
		{as: "national", method: "POST", path: "/api/portal/view", body: `{"kind":"group","id":"{Other}"}`, wantStatus: 404},
		{as: "national", method: "POST", path: "/api/portal/view", body: `{"kind":"client","id":"not-an-id"}`, wantStatus: 404},
		{as: "office", method: "POST", path: "/api/portal/view", body: `{"kind":"group","id":"{NSW}"}`, wantStatus: 403},

		{as: "guest", method: "GET", path: "/api/me", wantStatus: 401},
		{as: "north", method: "GET", path: "/api/me", wantStatus: 200, wantContains: []string{"north@example.com", "SydneyNorth", "NorthClient"},
			wantNotContains: []string{"SydneySouth", "VicClient", "OtherClient"}},
		{as: "nsw", method: "GET", path: "/api/me", wantStatus: 200, wantContains: []string{"SydneyNorth", "SydneySouth", "NorthClient", "SouthClient"},
			wantNotContains: []string{"VicClient", "OtherClient", `"name":"National"`}},
		{as: "office", method: "GET", path: "/api/me", wantStatus: 200, wantContains: []string{`"licence":"office"`}},

		{as: "guest", method: "POST", path: "/api/auth/logout", wantStatus: 204},
		{as: "guest", method: "POST", path: "/api/auth/login", body: `{"email":"north@example.com","password":"wrong password!"}`, wantStatus: 401},
	}
}

// officeRows puts every office route before a guest, a customer and the office.
func officeRows() []scenario {
	routes := []struct {
		method, path, body string
		okStatus           int
		okContains         string
	}{
		{"GET", "/api/clients", "", 200, "NorthClient"},
		{"GET", "/api/clients/{NorthClient}", "", 200, "NorthClient"},
		{"POST", "/api/clients", `{"name":"Created Client"}`, 201, "Created Client"},
		{"PATCH", "/api/clients/{VicClient}", `{"pricingTier":"preferred"}`, 200, "preferred"},
		{"GET", "/api/client-groups", "", 200, "SydneyNorth"},
		{"GET", "/api/client-groups/{NSW}", "", 200, "NSW"},
		{"POST", "/api/client-groups", `{"name":"Created Group","parentId":"{VIC}"}`, 201, "Created Group"},
		{"PATCH", "/api/client-groups/{SydneySouth}", `{"name":"Sydney South West"}`, 200, "Sydney South West"},
		{"GET", "/api/properties", "", 200, "NorthClosed"},
		{"GET", "/api/properties/{NorthTower}", "", 200, "door code"},
	}
	var rows []scenario
	for _, r := range routes {
		rows = append(rows,
			scenario{as: "guest", method: r.method, path: r.path, body: r.body, wantStatus: 401},
			scenario{as: "north", method: r.method, path: r.path, body: r.body, wantStatus: 403, wantNotContains: []string{"door code"}},
			scenario{as: "national", method: r.method, path: r.path, body: r.body, wantStatus: 403},
			scenario{as: "office", method: r.method, path: r.path, body: r.body, wantStatus: r.okStatus, wantContains: []string{r.okContains}},
		)
	}
	return rows
}

func TestAuthzMatrix(t *testing.T) {
	w := newWorld(t)
	w.buildPanels()
	w.buildWorkspace()
	w.buildSavedReport()
	agents := map[string]*agent{"guest": w.agent("guest"), "office": w.agent("office")}
	for who, v := range customerViews {
		a := w.agent(who)
		a.chooseView(v[0], v[1])
		agents[who] = a
	}
	w.buildEmail()
	agents["tech"] = w.technicianInstall("tech")
	rows := append(append(append(portalRows(), dashboardRows()...), officeRows()...), syncRows()...)
	rows = append(rows, workspaceRows()...)
	rows = append(rows, reportRows()...)
	rows = append(rows, emailRows()...)
	rows = append(rows, clientImportRows()...)
	rows = append(rows, remarkRows(w)...)
	rows = append(rows, moneyRows(w)...)
	rows = append(rows, customerDataRows(w)...)
	rows = append(rows, activityRows(w)...)
	rows = append(rows, documentRows(w)...)
	rows = append(rows, companyRows(w)...)
	rows = append(rows, officeRestRows(w)...)
	rows = append(rows, syncFileRows()...)
	rows = append(rows, taskDetailRows(w)...)
	rows = append(rows, remarkEditRows(w)...)
	rows = append(rows, propertyEditRows(w)...)
	rows = append(rows, portalExportRows()...)
	rows = append(rows, fieldWorkRows(w)...)
	covered := map[string]map[string]bool{}
	for _, sc := range rows {
		name := sc.as + " " + sc.method + " " + sc.path
		t.Run(name, func(t *testing.T) {
			status, body := agents[sc.as].do(sc.method, sc.path, sc.body)
			if status != sc.wantStatus {
				t.Fatalf("status %d, want %d; body %s", status, sc.wantStatus, body)
			}
			for _, s := range sc.wantContains {
				if !strings.Contains(body, w.expand(s)) {
					t.Errorf("body lacks %q: %s", s, body)
				}
			}
			for _, s := range sc.wantNotContains {
				if strings.Contains(body, w.expand(s)) {
					t.Errorf("body has %q: %s", s, body)
				}
			}
		})
		route := routeOf(sc.method, sc.path)
		if covered[route] == nil {
			covered[route] = map[string]bool{}
		}
		covered[route][sc.as] = true
	}

	// Every API route is in the matrix: portal routes for every role,
	// office routes for a guest and a customer at least.
	portalRoles := []string{"guest", "other", "north", "nsw", "national", "limited", "office"}
	for _, route := range w.srv.Routes() {
		roles := []string{"guest", "north", "office"}
		if strings.Contains(route, "/api/portal/") {
			roles = portalRoles
		}
		if strings.HasPrefix(route, "POST /api/auth/") {
			roles = []string{"guest"}
		}
		method, path, _ := strings.Cut(route, " ")
		for _, role := range roles {
			if !covered[routeOf(method, path)][role] {
				t.Errorf("authz matrix lacks %s as %s", route, role)
			}
		}
	}
}

// routeOf maps a concrete request back to its route pattern.
func routeOf(method, path string) string {
	path, _, _ = strings.Cut(path, "?")
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if strings.HasPrefix(p, "{") || strings.Count(p, "-") == 4 || p == "not-an-id" {
			parts[i] = "{id}"
		}
	}
	return method + " " + strings.Join(parts, "/")
}
