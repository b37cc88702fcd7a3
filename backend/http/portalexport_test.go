package http_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// portalListKinds are the overlays' lists, each with a CSV and an XLSX file.
var portalListKinds = []string{"quotes", "invoices", "defects", "tasks", "assets"}

// portalExportRows put every list's XLSX route before every role. The
// workbook is compressed, so what it holds is proven by
// TestPortalExports_EqualTheirLists (XLSX = CSV = the list, row for row),
// while listRows proves the CSV holds the view's properties and no other.
func portalExportRows() []scenario {
	var rows []scenario
	for _, kind := range portalListKinds {
		path := "/api/portal/" + kind + ".xlsx"
		rows = append(rows,
			scenario{as: "guest", method: "GET", path: path, wantStatus: 401},
			scenario{as: "office", method: "GET", path: path, wantStatus: 409, wantContains: []string{"Choose a view"}},
			scenario{as: "office", method: "GET", path: path + "?asKind=group&asId=00000000-0000-7000-8000-000000000000", wantStatus: 404},
			scenario{as: "office", method: "GET", path: path + "?asKind=group&asId={NSW}", wantStatus: 200},
		)
		for _, role := range []string{"north", "nsw", "national", "limited", "other"} {
			rows = append(rows, scenario{as: role, method: "GET", path: path, wantStatus: 200})
		}
	}
	rows = append(rows, scenario{as: "north", method: "GET", path: "/api/portal/defects.xlsx?raisedMonth=2026-13", wantStatus: 400,
		wantContains: []string{`"raisedMonth"`}})
	return rows
}

// xlsxRows fetches an export as XLSX rows (header first), checking it is
// sent as a download named for its list.
func xlsxRows(t *testing.T, a *agent, path, name, sheet string) [][]string {
	t.Helper()
	resp, b := a.getRaw(path)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
		resp.Header.Get("Content-Disposition") != `attachment; filename="`+name+`.xlsx"` {
		t.Fatalf("%s: %d %v %.200s", path, resp.StatusCode, resp.Header, b)
	}
	x, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer x.Close()
	rows, err := x.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// sameCell: a money cell is a number in the workbook (1234.5) and text in
// the CSV (1234.50); every other cell is the same text.
func sameCell(csv, xlsx string) bool {
	if csv == xlsx {
		return true
	}
	a, err1 := strconv.ParseFloat(csv, 64)
	b, err2 := strconv.ParseFloat(xlsx, 64)
	return err1 == nil && err2 == nil && a == b
}

// Every overlay list's CSV and XLSX are the list: the same rows in the same
// order, at every scope (each customer's view, the office looking as a
// group) and under filters and sorts; a property-limited person's files
// hold only their properties, and a view's files nothing outside it.
func TestPortalExports_EqualTheirLists(t *testing.T) {
	w := newWorld(t)
	w.buildPanels()
	w.buildActivity()
	w.buildExportLists()
	visible := map[string][]string{"north": {"NorthTower", "NorthAnnex"}, "nsw": {"NorthTower", "NorthAnnex", "SouthPlaza"},
		"national": {"NorthTower", "NorthAnnex", "SouthPlaza", "VicHouse"}, "limited": {"SouthPlaza"}, "other": {"OtherCourt"}}
	agents := map[string]*agent{}
	for who, v := range customerViews {
		agents[who] = w.agent(who)
		agents[who].chooseView(v[0], v[1])
	}
	agents["office"] = w.agent("office")
	numberPrefix := map[string]string{"quotes": "Q-", "invoices": "INV-", "defects": "D-", "tasks": "T-"}
	queries := map[string][]string{
		"quotes":   {"", "sort=-total", "q=Export&sort=number"},
		"invoices": {"", "sort=-dueOn", "overdue=true"},
		"defects":  {"", "severity=critical&sort=-raisedAt", "q=Export"},
		"tasks":    {"", "sort=dueOn", "kind=service_call&sort=-number"},
		"assets":   {"", "q=Export&sort=-location", "type=Hydrant"},
	}
	nonEmpty := map[string]bool{}
	for _, role := range []string{"north", "nsw", "national", "limited", "other", "office"} {
		view, scope := role, ""
		if role == "office" {
			view, scope = "nsw", "asKind=group&asId={NSW}"
		}
		a := agents[role]
		for _, kind := range portalListKinds {
			for _, q := range queries[kind] {
				query := strings.Trim(scope+"&"+q, "&")
				name := role + " " + kind + "?" + query
				status, body := a.do("GET", "/api/portal/"+kind+"?limit=500&"+query, "")
				if status != 200 {
					t.Fatalf("%s: %d %s", name, status, body)
				}
				var list struct {
					Items []map[string]any `json:"items"`
					Total int              `json:"total"`
				}
				w.must(json.Unmarshal([]byte(body), &list))
				if list.Total != len(list.Items) {
					t.Fatalf("%s: %d of %d items on one page", name, len(list.Items), list.Total)
				}
				if list.Total > 0 {
					nonEmpty[kind] = true
				}
				sep := "?"
				if query == "" {
					sep = ""
				}
				csv := csvRows(t, a, "/api/portal/"+kind+".csv"+sep+query)
				sheet := strings.ToUpper(kind[:1]) + kind[1:]
				xl := xlsxRows(t, a, "/api/portal/"+kind+".xlsx"+sep+query, kind, sheet)
				if len(csv) != list.Total+1 || len(xl) != list.Total+1 {
					t.Fatalf("%s: list %d rows, CSV %d, XLSX %d (each with a header)", name, list.Total, len(csv)-1, len(xl)-1)
				}
				propCol := -1
				for i, h := range csv[0] {
					if h == "Property" {
						propCol = i
					}
				}
				if propCol < 0 || strings.Join(csv[0], "|") != strings.Join(xl[0], "|") {
					t.Fatalf("%s: headers CSV %q XLSX %q", name, csv[0], xl[0])
				}
				for i, it := range list.Items {
					c, x := csv[i+1], xl[i+1]
					for len(x) < len(c) { // a workbook row ends at its last filled cell
						x = append(x, "")
					}
					for j := range c {
						if !sameCell(c[j], x[j]) {
							t.Errorf("%s row %d col %s: CSV %q, XLSX %q", name, i+1, csv[0][j], c[j], x[j])
						}
					}
					if c[propCol] != it["propertyName"] {
						t.Errorf("%s row %d: property %q, the list has %v", name, i+1, c[propCol], it["propertyName"])
					}
					if !contains(visible[view], c[propCol]) {
						t.Errorf("%s row %d: %q is outside the view", name, i+1, c[propCol])
					}
					if p, ok := numberPrefix[kind]; ok && it["number"] != nil {
						if want := p + strconv.Itoa(int(it["number"].(float64))); c[0] != want {
							t.Errorf("%s row %d: number %q, the list has %q", name, i+1, c[0], want)
						}
					}
					for _, cell := range c {
						if strings.HasPrefix(cell, "=") || strings.Contains(cell, "Secret") {
							t.Errorf("%s row %d: cell %q", name, i+1, cell)
						}
					}
				}
			}
		}
	}
	for _, kind := range portalListKinds {
		if !nonEmpty[kind] {
			t.Errorf("%s: every list was empty, so it proves nothing", kind)
		}
	}
	// A formula-like title is text in both files.
	csv := csvRows(t, agents["north"], "/api/portal/quotes.csv?q=Export")
	xl := xlsxRows(t, agents["north"], "/api/portal/quotes.xlsx?q=Export", "quotes", "Quotes")
	if len(csv) != 2 || csv[1][4] != "'=Export quote 3" || xl[1][4] != csv[1][4] {
		t.Errorf("formula-like text: CSV %q XLSX %q", csv, xl)
	}
}
