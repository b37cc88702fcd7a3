package http_test

func searchRows() []scenario {
	q := "/api/portal/search?q="
	return []scenario{
		{as: "guest", method: "GET", path: q + "North", wantStatus: 401},
		{as: "other", method: "GET", path: q + "North", wantStatus: 200, wantNotContains: []string{"NorthTower", "NorthAnnex"}},
		{as: "other", method: "GET", path: q + "Court", wantStatus: 200, wantContains: []string{"OtherCourt"}},
		{as: "north", method: "GET", path: q + "North", wantStatus: 200, wantContains: []string{"NorthTower", "NorthAnnex"},
			wantNotContains: append([]string{"NorthClosed"}, officeOnly...)},
		{as: "north", method: "GET", path: q + "Plaza", wantStatus: 200, wantNotContains: []string{"SouthPlaza"}},
		{as: "north", method: "GET", path: q + "Secret", wantStatus: 200, wantNotContains: []string{"Secret draft", "Secret voided", "Secret expired", "Secret draft report"}},
		{as: "north", method: "GET", path: q + "Quote", wantStatus: 200, wantContains: []string{`"kind":"defect_quote","total":1`}},
		{as: "nsw", method: "GET", path: q + "Plaza", wantStatus: 200, wantContains: []string{"SouthPlaza"}},
		{as: "nsw", method: "GET", path: q + "approved+works", wantStatus: 200, wantContains: []string{"Approved works", `"propertyName":"SouthPlaza"`}},
		{as: "national", method: "GET", path: q + "House", wantStatus: 200, wantContains: []string{"VicHouse"}},
		{as: "limited", method: "GET", path: q + "North", wantStatus: 200, wantNotContains: []string{"NorthTower", "NorthAnnex"}},
		{as: "limited", method: "GET", path: q + "Plaza", wantStatus: 200, wantContains: []string{"SouthPlaza"}},
		{as: "office", method: "GET", path: q + "North&asKind=group&asId={NSW}", wantStatus: 200, wantContains: []string{"NorthTower"}},
		{as: "office", method: "GET", path: q + "North", wantStatus: 409},
		{as: "north", method: "GET", path: q + "ab", wantStatus: 400, wantContains: []string{`"q"`}},
	}
}
