package http_test

import (
	"context"

	"siteward/backend"
	"siteward/backend/sqlite"
)

// buildWorkspace adds what the workspace rows need: contacts of NorthClient.
func (w *world) buildWorkspace() {
	contacts := sqlite.NewContactService(w.db)
	for _, name := range []string{"NorthPrimary", "NorthSecond", "NorthThird"} {
		c := &backend.Contact{ClientID: w.ids["NorthClient"], Name: name, Email: name + "@north.example"}
		w.must(contacts.CreateContact(context.Background(), c))
		w.ids[name] = c.ID
	}
	w.group("Doomed", "Other")
	w.client("DoomedClient", "Doomed")
	w.user("spare", backend.LicenceCustomer)
}

// workspaceRows are the authz rows of the office workspace's routes
// (clients list, client page, groups, users, control panel): a guest gets
// 401, customers at every scope level 403 without a byte of office data,
// the office its answer.
func workspaceRows() []scenario {
	routes := []struct {
		method, path, body string
		okStatus           int
		okContains         string
	}{
		{"POST", "/api/clients/bulk", `{"ids":["{SouthClient}"],"addTags":["bulk-tag"]}`, 200, `"tagsAdded":1`},
		{"GET", "/api/clients/export?format=csv&tag=bulk-tag", "", 200, "SouthClient"},
		{"GET", "/api/client-tags", "", 200, "bulk-tag"},
		{"GET", "/api/clients/ids?tag=bulk-tag", "", 200, `"ids":["{SouthClient}"]`},
		{"GET", "/api/clients/{NorthClient}/contacts", "", 200, "NorthPrimary"},
		{"POST", "/api/clients/{NorthClient}/contacts", `{"name":"Added Contact","email":"added@north.example"}`, 201, "Added Contact"},
		{"PUT", "/api/contacts/{NorthSecond}", `{"name":"NorthSecond Renamed","primary":true}`, 200, "NorthSecond Renamed"},
		{"DELETE", "/api/contacts/{NorthThird}", "", 204, ""},
		{"GET", "/api/clients/{NorthClient}/notes", "", 200, `"items":[]`},
		{"POST", "/api/clients/{NorthClient}/notes", `{"body":"Internal: prefers calls after 10am"}`, 201, "prefers calls"},
		{"GET", "/api/clients/{NorthClient}/portal-panels", "", 200, `"effective"`},
		{"PUT", "/api/clients/{NorthClient}/portal-panels", `{"overrides":{"spend":false}}`, 200, `"overrides":{"spend":false}`},
		{"GET", "/api/settings/portal-panels", "", 200, `"map":true`},
		{"PUT", "/api/settings/portal-panels", `{"routines":false}`, 200, `"routines":false`},
		{"GET", "/api/client-groups/{Doomed}/accounts", "", 200, `"total":0`},
		{"PUT", "/api/client-groups/{Doomed}/accounts", `{"userIds":["{spare}"]}`, 200, "spare@example.com"},
		{"GET", "/api/client-groups/{Doomed}/delete-plan", "", 200, `"clients":1`},
		{"DELETE", "/api/client-groups/{Doomed}", "", 200, `"accounts":1`},
		{"GET", "/api/users?licence=customer", "", 200, "spare@example.com"},
		{"POST", "/api/users", `{"name":"New Customer","email":"new.customer@example.com","licence":"customer"}`, 201, "new.customer@example.com"},
		{"PATCH", "/api/users/{spare}", `{"active":false}`, 200, `"active":false`},
		{"GET", "/api/portal-usage?kind=group&sort=-users", "", 200, "SydneyNorth"},
	}
	var rows []scenario
	for _, r := range routes {
		rows = append(rows, scenario{as: "office", method: r.method, path: r.path, body: r.body, wantStatus: r.okStatus,
			wantContains: []string{r.okContains}})
		rows = append(rows, scenario{as: "guest", method: r.method, path: r.path, body: r.body, wantStatus: 401,
			wantNotContains: []string{"SouthClient", "door code"}})
		for who := range customerViews {
			rows = append(rows, scenario{as: who, method: r.method, path: r.path, body: r.body, wantStatus: 403,
				wantNotContains: []string{"SouthClient", "door code", "bulk-tag", "NorthPrimary", "prefers calls", "spare@example.com"}})
		}
	}
	return rows
}
