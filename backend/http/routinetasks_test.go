package http_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// A routine's tasks as its row on the property lists them: upcoming (not
// done, soonest first) and recent (complete or cancelled, latest first),
// only that routine's.
func TestRoutineTasks_UpcomingAndRecent(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	status, body := office.do("POST", "/api/routines", `{"propertyId":"{NorthTower}","name":"Quarterly inspection","standard":"AS 1851",
		"frequencyMonths":3,"assetTypes":["Extinguisher"],"toleranceDays":7,"startsOn":"2026-12-01"}`)
	if status != 201 {
		t.Fatalf("create: %d %s", status, body)
	}
	var created struct {
		Routine struct {
			ID string `json:"id"`
		} `json:"routine"`
	}
	w.must(json.Unmarshal([]byte(body), &created))
	w.ids["R"] = created.Routine.ID
	if created.Routine.ID == "" {
		t.Fatalf("no routine id in %s", body)
	}
	if status, _ = office.do("POST", "/api/routines", `{"propertyId":"{NorthTower}","name":"Other routine","standard":"AS 1851",
		"frequencyMonths":6,"assetTypes":["Hose reel"],"toleranceDays":7,"startsOn":"2026-12-01"}`); status != 201 {
		t.Fatalf("second routine: %d", status)
	}
	w.exec(`UPDATE tasks SET stage = 'complete', completed_at = '2026-12-02T00:00:00Z', performed_at = '2026-12-02T00:00:00Z'
		WHERE routine_id = ? AND due_on = '2026-12-01'`, w.ids["R"])

	type list struct {
		Total int `json:"total"`
		Items []struct {
			Title string `json:"title"`
			Stage string `json:"stage"`
			DueOn string `json:"dueOn"`
		} `json:"items"`
	}
	get := func(q string) list {
		t.Helper()
		status, body := office.do("GET", "/api/tasks?routineId={R}&"+q, "")
		if status != 200 {
			t.Fatalf("%s: %d %s", q, status, body)
		}
		var l list
		w.must(json.Unmarshal([]byte(body), &l))
		return l
	}
	up := get("done=false&sort=dueOn")
	if up.Total != 3 || up.Items[0].DueOn != "2027-03-01" || up.Items[2].DueOn != "2027-09-01" {
		t.Fatalf("upcoming: %+v", up)
	}
	for _, it := range up.Items {
		if !strings.HasPrefix(it.Title, "Quarterly inspection") || it.Stage == "complete" {
			t.Errorf("upcoming holds %+v", it)
		}
	}
	if recent := get("done=true&sort=-dueOn"); recent.Total != 1 || recent.Items[0].Stage != "complete" {
		t.Fatalf("recent: %+v", recent)
	}
	if status, body = office.do("GET", "/api/tasks?routineId={R}&done=maybe", ""); status != 400 || !strings.Contains(body, `"done":"Use true or false."`) {
		t.Fatalf("bad done: %d %s", status, body)
	}
}
