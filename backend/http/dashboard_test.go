package http_test

import (
	"strconv"
	"strings"
	"testing"

	"siteward/backend"
)

// buildPanels gives every property of the world its own, different numbers,
// so each view's answers tell exactly which properties they counted:
//
//	            open defects  quotes (d/s)  overdue ¢  spend $   routines  calls  asset type
//	NorthTower  1             1/0           1000       10        1         2      Extinguisher
//	NorthAnnex  –             –             –          –         –         –      – (no coordinates)
//	NorthClosed 5 (inactive: never counted)                                        Fire door
//	SouthPlaza  2             –             –          20        –         –      Sprinkler system
//	VicHouse    3             –             –          40        –         3      Exit light
//	OtherCourt  7             0/2           123456     1234.56   4         6      Hydrant
func (w *world) buildPanels() {
	const raised = "2026-11-05T00:00:00.000Z"
	n := 0
	remarks := func(prop, sev string, count int, published bool) {
		for range count {
			n++
			var publishedAt any
			if published {
				publishedAt = raised
			}
			w.exec(`INSERT INTO remarks (id, property_id, severity, description, raised_at, published, published_at, created_at, updated_at)
				VALUES (?, ?, ?, 'Remark', ?, ?, ?, ?, ?)`, backend.NewID(), w.ids[prop], sev, raised, published, publishedAt, raised, raised)
		}
	}
	remarks("NorthTower", "critical", 1, true)
	remarks("NorthTower", "information", 4, false)
	remarks("NorthClosed", "critical", 5, true)
	remarks("SouthPlaza", "non_critical", 2, true)
	remarks("VicHouse", "non_conformance", 3, true)
	remarks("OtherCourt", "recommendation", 7, true)

	client := map[string]string{"NorthTower": "NorthClient", "NorthClosed": "NorthClient", "SouthPlaza": "SouthClient",
		"VicHouse": "VicClient", "OtherCourt": "OtherClient"}
	quote := func(prop, kind string) {
		w.exec(`INSERT INTO quotes (id, kind, client_id, property_id, title, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'Quote', 'submitted', 'x', 'x')`, backend.NewID(), kind, w.ids[client[prop]], w.ids[prop])
	}
	quote("NorthTower", "defect")
	quote("OtherCourt", "service")
	quote("OtherCourt", "service")

	invoice := func(prop, status, issued, due string, cents int) {
		w.exec(`INSERT INTO invoices (id, client_id, property_id, status, issued_on, due_on, total_cents, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, 'x', 'x')`, backend.NewID(), w.ids[client[prop]], w.ids[prop], status, issued, due, cents)
	}
	invoice("NorthTower", "issued", "2026-09-01", "2026-10-01", 1000)
	invoice("SouthPlaza", "paid", "2026-10-01", "2026-11-01", 2000)
	invoice("VicHouse", "issued", "2026-11-02", "2026-12-02", 4000)
	invoice("OtherCourt", "issued", "2026-09-01", "2026-10-01", 123456)

	task := func(prop, kind string, count int) {
		for range count {
			var routineID any
			if kind == "routine" {
				routineID = backend.NewID()
				w.exec(`INSERT INTO routines (id, property_id, name, frequency_months, starts_on, created_at, updated_at)
					VALUES (?, ?, 'Routine', 1, '2026-01-01', 'x', 'x')`, routineID, w.ids[prop])
			}
			w.exec(`INSERT INTO tasks (id, property_id, routine_id, kind, stage, title, due_on, created_at, updated_at)
				VALUES (?, ?, ?, ?, 'ready', 'Task', '2026-12-10', '2026-11-10T00:00:00.000Z', 'x')`, backend.NewID(), w.ids[prop], routineID, kind)
		}
	}
	task("NorthTower", "routine", 1)
	task("OtherCourt", "routine", 4)
	task("NorthTower", "service_call", 2)
	task("VicHouse", "service_call", 3)
	task("OtherCourt", "service_call", 6)

	for prop, typ := range map[string]string{"NorthTower": "Extinguisher", "NorthClosed": "Fire door", "SouthPlaza": "Sprinkler system",
		"VicHouse": "Exit light", "OtherCourt": "Hydrant"} {
		w.exec(`INSERT INTO assets (id, property_id, type, created_at, updated_at) VALUES (?, ?, ?, 'x', 'x')`, backend.NewID(), w.ids[prop], typ)
	}
	for i, prop := range []string{"NorthTower", "NorthClosed", "SouthPlaza", "VicHouse", "OtherCourt"} {
		w.exec(`UPDATE properties SET lat = ?, lng = ? WHERE id = ?`, -33.8-float64(i)/10, 151.2, w.ids[prop])
	}
}

// dashboardRows put every panel route before every role; the numbers in
// each answer are those of the role's view and of no other (buildPanels).
func dashboardRows() []scenario {
	type want struct {
		defects, overdue, spend, routines, calls string
		quotes                                   string
		types, notTypes                          []string
	}
	all := []string{"Extinguisher", "Fire door", "Sprinkler system", "Exit light", "Hydrant"}
	except := func(keep ...string) []string {
		var out []string
		for _, t := range all {
			if !strings.Contains(strings.Join(keep, "|"), t) {
				out = append(out, t)
			}
		}
		return out
	}
	byRole := map[string]want{
		"north":    {"1", "1000", "10", "1", "2", `{"defect":1,"service":0}`, []string{"Extinguisher"}, except("Extinguisher")},
		"nsw":      {"3", "1000", "30", "1", "2", `{"defect":1,"service":0}`, []string{"Extinguisher", "Sprinkler system"}, except("Extinguisher", "Sprinkler system")},
		"national": {"6", "1000", "70", "1", "5", `{"defect":1,"service":0}`, []string{"Extinguisher", "Sprinkler system", "Exit light"}, []string{"Fire door", "Hydrant"}},
		"limited":  {"2", "0", "20", "0", "0", `{"defect":0,"service":0}`, []string{"Sprinkler system"}, except("Sprinkler system")},
		"other":    {"7", "123456", "1234.56", "4", "6", `{"defect":0,"service":2}`, []string{"Hydrant"}, except("Hydrant")},
	}
	pins := map[string][]string{"north": {"NorthTower"}, "nsw": {"NorthTower", "SouthPlaza"}, "national": {"NorthTower", "SouthPlaza", "VicHouse"},
		"limited": {"SouthPlaza"}, "other": {"OtherCourt"}}
	allPins := []string{"NorthTower", "NorthClosed", "SouthPlaza", "VicHouse", "OtherCourt"}
	total := func(v string) string { return `"total":` + v + `}` }
	var rows []scenario
	for _, path := range []string{"/api/portal/dashboard", "/api/portal/map?level=14", "/api/portal/charts/defects-monthly",
		"/api/portal/charts/assets-by-type", "/api/portal/charts/routines?year=2026", "/api/portal/charts/service-calls",
		"/api/portal/charts/spend"} {
		rows = append(rows,
			scenario{as: "guest", method: "GET", path: path, wantStatus: 401},
			scenario{as: "office", method: "GET", path: path, wantStatus: 409, wantContains: []string{"Choose a view"}},
			scenario{as: "office", method: "GET", path: path + sep(path) + "asKind=client&asId=00000000-0000-7000-8000-000000000000", wantStatus: 404})
		for _, role := range []string{"north", "nsw", "national", "limited", "other", "office"} {
			as, wt := role, byRole[role]
			p := path
			if role == "office" { // viewing as the NSW group
				wt, p = byRole["nsw"], path+sep(path)+"asKind=group&asId={NSW}"
			}
			sc := scenario{as: as, method: "GET", path: p, wantStatus: 200, wantNotContains: officeOnly}
			switch {
			case strings.HasSuffix(path, "/dashboard"):
				sc.wantContains = []string{`"openDefectsTotal":` + wt.defects + ",", `"quotesAwaiting":` + wt.quotes,
					`"amountCents":` + wt.overdue + "}", `"spend":true`}
			case strings.Contains(path, "/map"):
				seen := pins[role]
				if role == "office" {
					seen = pins["nsw"]
				}
				sc.wantContains = append([]string{`"total":` + strconv.Itoa(len(seen)) + ","}, seen...)
				for _, p := range allPins {
					if !strings.Contains(strings.Join(seen, "|"), p) {
						sc.wantNotContains = append(sc.wantNotContains, p)
					}
				}
			case strings.Contains(path, "defects-monthly"):
				sc.wantContains = []string{total(wt.defects), `"keys":["critical",`}
			case strings.Contains(path, "assets-by-type"):
				sc.wantContains, sc.wantNotContains = wt.types, append(wt.notTypes, officeOnly...)
			case strings.Contains(path, "routines"):
				sc.wantContains = []string{total(wt.routines), "Routine tasks due in 2026", `"2026-12"`}
			case strings.Contains(path, "service-calls"):
				sc.wantContains = []string{total(wt.calls), `"onhold"`}
			case strings.Contains(path, "spend"):
				sc.wantContains = []string{total(wt.spend), "Invoiced"}
			}
			rows = append(rows, sc)
		}
	}
	return append(rows,
		scenario{as: "north", method: "GET", path: "/api/portal/map", wantStatus: 200, wantContains: []string{`"unmapped":1`}},
		scenario{as: "north", method: "GET", path: "/api/portal/charts/routines?year=twenty", wantStatus: 400, wantContains: []string{`"year"`}},
		scenario{as: "north", method: "GET", path: "/api/portal/charts/routines?year=1999", wantStatus: 400, wantContains: []string{`"year"`}},
		scenario{as: "north", method: "GET", path: "/api/portal/charts/routines", wantStatus: 200, wantContains: []string{"Routine tasks due in 2026"}},
	)
}

func sep(path string) string {
	if strings.Contains(path, "?") {
		return "&"
	}
	return "?"
}

// A server without the panels wired answers 503, not a crash.
func TestDashboard_NotWired(t *testing.T) {
	w := newWorld(t)
	w.srv.Dashboard, w.srv.Charts = nil, nil
	a := w.agent("north")
	a.chooseView("group", "SydneyNorth")
	for _, path := range []string{"/api/portal/dashboard", "/api/portal/map", "/api/portal/charts/spend"} {
		if status, body := a.do("GET", path, ""); status != 503 {
			t.Errorf("%s: %d %s", path, status, body)
		}
	}
}
