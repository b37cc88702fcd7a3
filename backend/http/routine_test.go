package http_test

import (
	"strings"
	"testing"
)

// routineRows are the routine routes in the authz matrix: office only.
func routineRows(w *world) []scenario {
	w.ids["AuthzRoutine"] = "01a2b3c4-0000-7000-8000-0000000a0710"
	w.exec(`INSERT INTO routines (id, property_id, name, standard, frequency_months, asset_types, tolerance_days, starts_on,
		created_at, updated_at) VALUES (?, ?, 'Authz routine', 'AS 1851', 6, '["Hydrant"]', 14, '2026-12-01', 'x', 'x')`,
		w.ids["AuthzRoutine"], w.ids["NorthClosed"])
	body := `{"propertyId":"{NorthTower}","name":"Authz yearly","standard":"AS 1851","frequencyMonths":12,"assetTypes":["Detector"],"toleranceDays":30,"startsOn":"2027-01-15"}`
	return officeScenarios([]officeRoute{
		{"GET", "/api/routines?q=Authz", "", 200, "Authz routine"},
		{"GET", "/api/routines/{AuthzRoutine}", "", 200, "Authz routine"},
		{"POST", "/api/routines", body, 201, `"created":1`},
		{"PATCH", "/api/routines/{AuthzRoutine}", `{"name":"Authz routine","standard":"AS 1851","frequencyMonths":3,"assetTypes":["Hydrant"],"toleranceDays":7,"startsOn":"2026-12-01"}`,
			200, `"frequencyMonths":3`},
	}, "Authz routine", "Authz yearly")
}

func TestRoutines_SaveThroughTheAPI(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	// Today is 20 November 2026 in Sydney: a six-monthly routine from
	// 1 December has two visits in the next twelve months.
	status, body := office.do("POST", "/api/routines", `{"propertyId":"{NorthTower}","name":"Six-monthly inspection","standard":"AS 1851",
		"frequencyMonths":6,"assetTypes":["Extinguisher","Hose reel"],"toleranceDays":14,"startsOn":"2026-12-01"}`)
	if status != 201 || !strings.Contains(body, `"created":2`) || !strings.Contains(body, `"nextDueOn":"2026-12-01"`) {
		t.Fatalf("create: %d %s", status, body)
	}
	status, body = office.do("GET", "/api/tasks?propertyId={NorthTower}&kind=routine", "")
	if status != 200 || !strings.Contains(body, `"total":2`) || !strings.Contains(body, "Six-monthly inspection (Dec 2026)") {
		t.Errorf("tasks: %s", body)
	}
	// Bad input: each field says what is wrong, and nothing is stored.
	status, body = office.do("POST", "/api/routines", `{"propertyId":"{NorthTower}","name":"","standard":"AS 1851","frequencyMonths":7,
		"assetTypes":[],"toleranceDays":3,"startsOn":"soon"}`)
	for _, f := range []string{`"name"`, `"frequencyMonths"`, `"assetTypes"`, `"startsOn"`} {
		if status != 400 || !strings.Contains(body, f) {
			t.Errorf("bad routine lacks %s: %d %s", f, status, body)
		}
	}
	if _, body = office.do("GET", "/api/routines?propertyId={NorthTower}", ""); !strings.Contains(body, `"total":1`) {
		t.Errorf("a refused routine was stored: %s", body)
	}
	if status, _ = office.do("PATCH", "/api/routines/00000000-0000-7000-8000-000000000000", `{"name":"x"}`); status != 404 {
		t.Errorf("update of no routine: %d", status)
	}
}
