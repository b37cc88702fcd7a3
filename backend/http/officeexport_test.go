package http_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"siteward/backend"
)

// buildExportLists puts a few of every Customer Data record on the world's
// properties, numbered out of order so sorting shows.
func (w *world) buildExportLists() {
	props := []string{"NorthTower", "SouthPlaza", "VicHouse", "NorthAnnex", "OtherCourt"}
	clientOf := map[string]string{"NorthTower": "NorthClient", "NorthAnnex": "NorthClient", "SouthPlaza": "SouthClient",
		"VicHouse": "VicClient", "OtherCourt": "OtherClient"}
	sev := []string{"critical", "information", "non_critical", "critical", "recommendation"}
	stage := []string{"ready", "complete", "ready", "inprogress", "onhold"}
	for i, p := range props {
		n := 900 - i*7
		w.exec(`INSERT INTO remarks (id, number, property_id, severity, description, raised_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, 'x', 'x')`, backend.NewID(), n, w.ids[p], sev[i], fmt.Sprintf("Export remark %d, \"quoted\"", i),
			fmt.Sprintf("2026-1%d-0%dT00:00:00.000Z", i%2, i+1))
		w.exec(`INSERT INTO quotes (id, number, kind, client_id, property_id, title, status, total_cents, issued_on, created_at, updated_at)
			VALUES (?, ?, 'service', ?, ?, ?, ?, ?, '2026-10-01', 'x', 'x')`, backend.NewID(), n, w.ids[clientOf[p]], w.ids[p],
			fmt.Sprintf("=Export quote %d", i), []string{"draft", "submitted", "approved", "submitted", "draft"}[i], 12345*(i+1))
		w.exec(`INSERT INTO invoices (id, number, client_id, property_id, status, issued_on, due_on, total_cents, paid_cents, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'issued', '2026-10-01', ?, ?, ?, 'x', 'x')`, backend.NewID(), n, w.ids[clientOf[p]], w.ids[p],
			fmt.Sprintf("2026-1%d-15", i%2), 50000+i, i*100)
		w.exec(`INSERT INTO assets (id, property_id, type, esm, location, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'x', 'x')`,
			backend.NewID(), w.ids[p], []string{"Hydrant", "Extinguisher"}[i%2], i%2, fmt.Sprintf("Export level %d", i))
		w.exec(`INSERT INTO tasks (id, number, property_id, kind, stage, title, due_on, created_at, updated_at)
			VALUES (?, ?, ?, 'service_call', ?, ?, ?, 'x', 'x')`, backend.NewID(), n, w.ids[p], stage[i], fmt.Sprintf("Export task %d", i),
			fmt.Sprintf("2026-12-%02d", 20-i*3))
	}
}

// csvRows fetches an export as CSV rows (header first).
func csvRows(t *testing.T, a *agent, path string) [][]string {
	t.Helper()
	resp, b := a.getRaw(path)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("%s: %d %s", path, resp.StatusCode, b)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// Each export is exactly its list: the same filter and sort give the same
// rows in the same order, every page of them.
func TestOfficeExports_MatchTheirLists(t *testing.T) {
	w := newWorld(t)
	w.buildExportLists()
	office := w.agent("office")
	if status, body := office.do("POST", "/api/routines", `{"propertyId":"{NorthTower}","name":"Export yearly","standard":"AS 1851",
		"frequencyMonths":12,"assetTypes":["Hydrant"],"toleranceDays":30,"startsOn":"2027-01-10"}`); status != 201 {
		t.Fatalf("routine: %d %s", status, body)
	}
	for _, c := range []struct {
		list, query, column string
		key                 func(item map[string]any) string
	}{
		{"remarks", "severity=critical&sort=-raisedAt", "number", func(m map[string]any) string { return fmt.Sprintf("R-%v", m["number"]) }},
		{"remarks", "q=Export&sort=severity", "number", func(m map[string]any) string { return fmt.Sprintf("R-%v", m["number"]) }},
		{"quotes", "status=submitted&sort=number", "number", func(m map[string]any) string { return fmt.Sprintf("Q-%v", m["number"]) }},
		{"quotes", "q=Export&sort=-total", "title", func(m map[string]any) string { return "'" + m["title"].(string) }},
		{"invoices", "overdue=true&sort=dueOn", "number", func(m map[string]any) string { return fmt.Sprintf("INV-%v", m["number"]) }},
		{"properties", "active=true&sort=-name", "name", func(m map[string]any) string { return m["name"].(string) }},
		{"assets", "q=Export&esm=true&sort=property", "location", func(m map[string]any) string { return m["location"].(string) }},
		{"tasks", "q=Export&sort=dueOn", "number", func(m map[string]any) string { return fmt.Sprintf("T-%v", m["number"]) }},
		{"tasks", "kind=service_call&stage=ready&sort=-number", "number", func(m map[string]any) string { return fmt.Sprintf("T-%v", m["number"]) }},
		{"routines", "q=Export", "name", func(m map[string]any) string { return m["name"].(string) }},
	} {
		name := c.list + "?" + c.query
		status, body := office.do("GET", "/api/"+c.list+"?"+c.query+"&limit=500", "")
		if status != 200 {
			t.Fatalf("%s: %d %s", name, status, body)
		}
		var list struct {
			Items []map[string]any `json:"items"`
			Total int              `json:"total"`
		}
		w.must(json.Unmarshal([]byte(body), &list))
		if list.Total == 0 {
			t.Fatalf("%s: the list is empty, so it proves nothing", name)
		}
		var want []string
		for _, it := range list.Items {
			want = append(want, c.key(it))
		}
		rows := csvRows(t, office, "/api/"+c.list+"/export?format=csv&columns="+c.column+"&"+c.query)
		var got []string
		for _, r := range rows[1:] {
			got = append(got, r[0])
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s: export\n%s\nlist\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}

	// All columns, Australian dates and dollars, no formulas, in XLSX too
	// (the routine made one task as well).
	rows := csvRows(t, office, "/api/quotes/export?format=csv&q=Export&sort=number")
	if strings.Join(rows[0], "|") != "Quote|Title|Kind|Status|Property|Client|Total (AUD)|Issued|Expires|Decided|Decided by|PO / reference" ||
		strings.Join(rows[1][:8], "|") != "Q-872|'=Export quote 4|Service quote|Draft|OtherCourt|OtherClient|617.25|01/10/2026" {
		t.Errorf("quotes export: %q", rows[:2])
	}
	resp, b := office.getRaw("/api/tasks/export?format=xlsx&q=Export&sort=dueOn")
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Disposition"), `filename="tasks-2026-11-20.xlsx"`) {
		t.Fatalf("xlsx: %d %v", resp.StatusCode, resp.Header)
	}
	x, err := excelize.OpenReader(bytes.NewReader(b))
	w.must(err)
	defer x.Close()
	sheet, err := x.GetRows("Tasks")
	w.must(err)
	if len(sheet) != 7 || sheet[0][0] != "Task" || sheet[1][0] != "T-872" {
		t.Errorf("xlsx tasks: %q", sheet)
	}
	if strings.Contains(string(b), "door code") {
		t.Error("an export carries access details")
	}

	for _, bad := range []string{"remarks/export?format=pdf", "tasks/export?format=csv&stage=doing", "assets/export?format=csv&columns=secret",
		"invoices/export?format=csv&overdue=maybe"} {
		if status, body := office.do("GET", "/api/"+bad, ""); status != 400 || !strings.Contains(body, `"fields"`) {
			t.Errorf("%s: %d %s, want 400 with a field error", bad, status, body)
		}
	}
}
