package backend

import (
	"math"
	"sort"
	"time"
)

// RoutineHorizonMonths is how far ahead a routine's tasks are generated: every
// visit due from today through twelve months on, and always at least the
// next one (a five-yearly routine has one upcoming task). docs/decisions.md.
const RoutineHorizonMonths = 12

// DueDate returns the routine's k-th due date (k = 0 is StartsOn), counted
// in calendar months from the start with the day kept, or clamped to the
// month's last day (a routine starting on the 31st is due on 30 April).
func (r *Routine) DueDate(k int) time.Time {
	start, _ := time.Parse(DateLayout, r.StartsOn)
	first := time.Date(start.Year(), start.Month()+time.Month(k*r.FrequencyMonths), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(start.Day(), last)-1)
}

// UpcomingDueDates lists the due dates (YYYY-MM-DD) the routine should have
// tasks for as of today (a local date): none when it is inactive, else every
// visit due from today (or its start, if later) through RoutineHorizonMonths
// after today, and at least the next one. Visits before today are history and
// are never generated.
func (r *Routine) UpcomingDueDates(today string) []string {
	t, err := time.Parse(DateLayout, today)
	if !r.Active || err != nil || r.FrequencyMonths <= 0 {
		return nil
	}
	if _, err := time.Parse(DateLayout, r.StartsOn); err != nil {
		return nil
	}
	horizon := t.AddDate(0, RoutineHorizonMonths, 0)
	start, _ := time.Parse(DateLayout, r.StartsOn)
	// Skip whole periods before today rather than walking from the start.
	k := 0
	if months := (t.Year()-start.Year())*12 + int(t.Month()-start.Month()); months > r.FrequencyMonths {
		k = months/r.FrequencyMonths - 1
	}
	var out []string
	for ; ; k++ {
		due := r.DueDate(k)
		if due.Before(t) {
			continue
		}
		if due.After(horizon) && len(out) > 0 {
			return out
		}
		out = append(out, due.Format(DateLayout))
	}
}

// RoutineTaskTitle is the title of a routine's task due on due: the
// routine's name and the month ("Yearly survey (Mar 2027)").
func RoutineTaskTitle(name, due string) string {
	t, err := time.Parse(DateLayout, due)
	if err != nil {
		return name
	}
	return name + " (" + t.Format("Jan 2006") + ")"
}

// RoutineTask is an existing task of a routine, as planning sees it. Open
// means not started (ready or on hold, nothing performed) and due today or
// later: only open tasks are moved or removed when the schedule changes.
type RoutineTask struct {
	ID    string
	DueOn string
	Open  bool
}

// RoutineTaskPlan is how to bring a routine's tasks in line with its
// schedule: open tasks are reused in due order (keeping their numbers and
// technicians), extra visits are created and open tasks left over removed.
type RoutineTaskPlan struct {
	Create []string          // due dates of new tasks
	Reuse  map[string]string // open task id → its (possibly new) due date
	Remove []string          // open task ids no longer in the schedule
	Kept   int               // started, done or cancelled tasks due today or later
}

// PlanRoutineTasks works out the plan for r as of today from its existing
// tasks. A visit already covered by a kept task (started, done or
// cancelled, due within half an interval of it) is not generated again.
func PlanRoutineTasks(r *Routine, today string, existing []RoutineTask) RoutineTaskPlan {
	plan := RoutineTaskPlan{Reuse: map[string]string{}}
	halfPeriod := float64(r.FrequencyMonths) * 30.44 / 2
	var open []RoutineTask
	var kept []time.Time
	for _, t := range existing {
		if t.Open {
			open = append(open, t)
			continue
		}
		if d, err := time.Parse(DateLayout, t.DueOn); err == nil {
			kept = append(kept, d)
			if t.DueOn >= today {
				plan.Kept++
			}
		}
	}
	var wanted []string
	for _, due := range r.UpcomingDueDates(today) {
		d, _ := time.Parse(DateLayout, due)
		covered := false
		for _, k := range kept {
			covered = covered || math.Abs(d.Sub(k).Hours()/24) < halfPeriod
		}
		if !covered {
			wanted = append(wanted, due)
		}
	}
	sort.Slice(open, func(i, j int) bool {
		if open[i].DueOn != open[j].DueOn {
			return open[i].DueOn < open[j].DueOn
		}
		return open[i].ID < open[j].ID
	})
	for i, t := range open {
		if i < len(wanted) {
			plan.Reuse[t.ID] = wanted[i]
		} else {
			plan.Remove = append(plan.Remove, t.ID)
		}
	}
	if len(wanted) > len(open) {
		plan.Create = wanted[len(open):]
	}
	return plan
}
