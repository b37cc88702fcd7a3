package http_test

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
	}
	var rows []scenario
	for _, r := range routes {
		rows = append(rows, scenario{as: "office", method: r.method, path: r.path, body: r.body, wantStatus: r.okStatus,
			wantContains: []string{r.okContains}})
		rows = append(rows, scenario{as: "guest", method: r.method, path: r.path, body: r.body, wantStatus: 401,
			wantNotContains: []string{"SouthClient", "door code"}})
		for who := range customerViews {
			rows = append(rows, scenario{as: who, method: r.method, path: r.path, body: r.body, wantStatus: 403,
				wantNotContains: []string{"SouthClient", "door code", "bulk-tag"}})
		}
	}
	return rows
}
