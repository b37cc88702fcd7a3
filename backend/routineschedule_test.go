package backend

import (
	"slices"
	"testing"
)

func TestRoutine_UpcomingDueDates(t *testing.T) {
	for name, c := range map[string]struct {
		r     Routine
		today string
		want  []string
	}{
		"quarterly from the future start": {Routine{FrequencyMonths: 3, StartsOn: "2026-04-01", Active: true}, "2026-03-11",
			[]string{"2026-04-01", "2026-07-01", "2026-10-01", "2027-01-01"}},
		"month ends clamp": {Routine{FrequencyMonths: 1, StartsOn: "2026-01-31", Active: true}, "2026-01-31",
			[]string{"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30", "2026-07-31", "2026-08-31",
				"2026-09-30", "2026-10-31", "2026-11-30", "2026-12-31", "2027-01-31"}},
		"past start skips history": {Routine{FrequencyMonths: 6, StartsOn: "2019-05-20", Active: true}, "2026-03-11",
			[]string{"2026-05-20", "2026-11-20"}},
		"five-yearly has its next visit": {Routine{FrequencyMonths: 60, StartsOn: "2025-06-01", Active: true}, "2026-03-11",
			[]string{"2030-06-01"}},
		"due today counts": {Routine{FrequencyMonths: 12, StartsOn: "2020-03-11", Active: true}, "2026-03-11",
			[]string{"2026-03-11", "2027-03-11"}},
		"inactive has none": {Routine{FrequencyMonths: 1, StartsOn: "2026-04-01"}, "2026-03-11", nil},
	} {
		if got := c.r.UpcomingDueDates(c.today); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", name, got, c.want)
		}
	}
}

func TestPlanRoutineTasks_KeepsStartedAndReusesOpen(t *testing.T) {
	r := &Routine{FrequencyMonths: 1, StartsOn: "2026-04-01", Active: true}
	existing := []RoutineTask{
		{ID: "started", DueOn: "2026-04-01"}, // in progress: kept, covers April
		{ID: "done", DueOn: "2026-07-01"},    // completed early: kept, covers July
		{ID: "open-b", DueOn: "2027-01-01", Open: true},
		{ID: "open-a", DueOn: "2026-10-01", Open: true},
		{ID: "history", DueOn: "2025-12-01"}, // long done: not counted
	}
	plan := PlanRoutineTasks(r, "2026-03-11", existing)
	if plan.Kept != 2 || len(plan.Remove) != 0 {
		t.Fatalf("kept %d removed %v", plan.Kept, plan.Remove)
	}
	if plan.Reuse["open-a"] != "2026-05-01" || plan.Reuse["open-b"] != "2026-06-01" {
		t.Errorf("open tasks take the first free visits in order: %v", plan.Reuse)
	}
	want := []string{"2026-08-01", "2026-09-01", "2026-10-01", "2026-11-01", "2026-12-01", "2027-01-01", "2027-02-01", "2027-03-01"}
	if !slices.Equal(plan.Create, want) {
		t.Errorf("create %v, want %v", plan.Create, want)
	}

	r.Active = false
	if plan := PlanRoutineTasks(r, "2026-03-11", existing); len(plan.Remove) != 2 || len(plan.Create) != 0 || plan.Kept != 2 {
		t.Errorf("a paused routine drops only its open tasks: %+v", plan)
	}
}

func TestRoutine_Validate(t *testing.T) {
	r := Routine{PropertyID: "p", Name: " ", Standard: "", FrequencyMonths: 5, AssetTypes: []string{" ", ""}, StartsOn: "11/03/2026"}
	err := r.Validate()
	fields := err.(*Error).Fields
	for _, f := range []string{"name", "standard", "frequencyMonths", "assetTypes", "startsOn"} {
		if fields[f] == "" {
			t.Errorf("no message for %s: %v", f, fields)
		}
	}
	r = Routine{PropertyID: "p", Name: "Monthly check", Standard: "AS 1851", FrequencyMonths: 1, ToleranceDays: 14,
		AssetTypes: []string{"Hydrant", " hydrant ", "Detector"}, StartsOn: "2026-04-01"}
	if err := r.Validate(); err == nil || err.(*Error).Fields["toleranceDays"] == "" {
		t.Errorf("14 days either side of a monthly visit: %v", err)
	}
	r.ToleranceDays = 7
	if err := r.Validate(); err != nil || !slices.Equal(r.AssetTypes, []string{"Hydrant", "Detector"}) {
		t.Errorf("valid routine: %v %v", err, r.AssetTypes)
	}
}
