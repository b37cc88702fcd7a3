package demo

import (
	"math"
	"time"
)

type routineTemplate struct {
	name, standard string
	months, tol    int
	types          []string // nil: every type
}

// routineTemplates in the order a site takes them on: the fewer tasks a site
// has, the fewer routines it runs.
var routineTemplates = []routineTemplate{
	{"Six-monthly fire safety inspection", "AS 1851", 6, 14, []string{"Extinguisher", "Hose reel", "Hydrant", "Fire door", "Detector"}},
	{"Yearly fire safety survey and test", "AS 1851", 12, 30, nil},
	{"Six-monthly emergency and exit lighting test", "AS/NZS 2293.2", 6, 14, []string{"Exit light", "Emergency light"}},
	{"Three-monthly sprinkler and hydrant service", "AS 1851", 3, 7, []string{"Sprinkler system", "Hydrant", "Fire indicator panel"}},
	{"Monthly fire indicator panel and sprinkler check", "AS 1851", 1, 3, []string{"Fire indicator panel", "Sprinkler system"}},
}

type routineRow struct {
	id      string
	tmpl    *routineTemplate
	types   []string  // the asset types it covers on this site
	anchor  time.Time // the first due date after the site's end
	n       int       // how many tasks it has made
	created time.Time
}

// due returns the k-th newest due date (k = 0 is the upcoming one).
func (rt *routineRow) due(k int) time.Time { return rt.anchor.AddDate(0, -k*rt.tmpl.months, 0) }

// makeRoutineTasks gives the site routines and its routine share of the
// task quota: routines that fit run over the site's whole history; the
// first that does not fit started later, with only its recent tasks; the
// rest of the quota becomes service calls.
func (s *site) makeRoutineTasks() {
	r, p := s.r, s.p
	left := int(math.Round(float64(p.nTasks) * (0.62 + 0.18*r.Float64())))
	present := map[string]bool{}
	for _, a := range s.assets {
		present[a.typ] = true
	}
	earliest := p.start.Add(14 * day)
	for ti := range routineTemplates {
		if left == 0 {
			break
		}
		tmpl := &routineTemplates[ti]
		var types []string
		for _, typ := range assetTypes {
			if present[typ] && (tmpl.types == nil || contains(tmpl.types, typ)) {
				types = append(types, typ)
			}
		}
		if len(types) == 0 {
			continue
		}
		local := s.now.In(s.loc)
		anchor := time.Date(local.Year(), local.Month(), r.between(1, 28), 12, 0, 0, 0, s.loc).AddDate(0, r.IntN(tmpl.months), 0)
		for !anchor.After(s.now) {
			anchor = anchor.AddDate(0, tmpl.months, 0)
		}
		rt := routineRow{tmpl: tmpl, types: types, anchor: anchor}
		for rt.n < left && !rt.due(rt.n).Before(earliest) {
			rt.n++
		}
		left -= rt.n
		s.routines = append(s.routines, rt)
	}
	for ri := range s.routines {
		rt := &s.routines[ri]
		rt.created = maxTime(p.start.Add(-r.duration(day, 10*day)), rt.due(rt.n-1).Add(-45*day))
		rt.created = minTime(rt.created, s.now.Add(-day))
		rt.id = s.g.nextID(r)
		for k := rt.n - 1; k >= 0; k-- {
			s.tasks = append(s.tasks, s.routineTask(ri, rt.due(k)))
		}
	}
}

// routineTask makes the routine's task due on due, with the tolerance
// outcome that fits how long ago that was.
func (s *site) routineTask(ri int, due time.Time) taskRow {
	r, rt := s.r, &s.routines[ri]
	tol := rt.tmpl.tol
	tolD := time.Duration(tol) * day
	t := taskRow{routine: ri, asset: -1, tech: -1, kind: "routine", priority: "normal", stage: "ready",
		title: rt.tmpl.name + " (" + due.In(s.loc).Format("Jan 2006") + ")", due: due, tolerance: tol}
	// Routine tasks are made four to seven weeks ahead.
	t.created = maxTime(rt.created, s.businessTime(due.Add(-time.Duration(r.between(28, 49))*day)))
	t.created = minTime(t.created, s.now.Add(-r.duration(time.Hour, 10*day)))
	t.created = maxTime(t.created, rt.created)
	// Keep outcomes a day clear of the window's edges, so a time zone can't flip them.
	inner := max(tol-1, 0)
	onTime := func() time.Time {
		return s.businessTime(due.Add(time.Duration(r.between(-inner, inner)) * day))
	}
	windowStart, windowEnd := due.Add(-tolD), due.Add(tolD)
	switch {
	case windowStart.After(s.now): // upcoming
		if due.Sub(s.now) < 45*day && r.chance(0.6) {
			t.scheduled = due.Add(-time.Duration(r.between(0, inner)) * day)
			t.tech = s.tech()
		}
		if r.chance(0.05) {
			t.stage = "onhold"
		}
	case !windowEnd.Before(s.now): // inside the window now
		if r.chance(0.45) {
			t.performed = onTime()
		}
		t.scheduled = due
		t.tech = s.tech()
	default:
		age := s.now.Sub(windowEnd)
		overdue := 0.004
		if age < 60*day {
			overdue = 0.18
		} else if age < 365*day {
			overdue = 0.02
		}
		switch x := r.Float64(); {
		case x < overdue: // pending outside tolerance
			t.stage = []string{"ready", "onhold", "inprogress"}[r.weighted([]float64{70, 20, 10})]
			if r.chance(0.5) {
				t.scheduled = due
			}
		case x < overdue+0.03:
			t.stage = "cancelled"
			t.updated = s.clampNow(windowStart.Add(r.duration(0, tolD+day)))
		case x < overdue+0.03+0.11: // done outside tolerance
			if r.chance(0.2) {
				t.performed = s.businessTime(windowStart.Add(-time.Duration(r.between(2, 10)) * day))
			} else {
				t.performed = s.businessTime(windowEnd.Add(time.Duration(r.between(2, 45)) * day))
			}
		default:
			t.performed = onTime()
		}
	}
	if !t.performed.IsZero() {
		if t.performed.After(s.now) || t.performed.Before(t.created) {
			t.performed = time.Time{}
			t.stage = "inprogress"
		} else {
			s.finish(&t)
		}
	}
	if t.tech < 0 && t.stage != "cancelled" && t.stage != "ready" {
		t.tech = s.tech()
	}
	t.updated = maxTime(t.updated, maxTime(t.created, maxTime(t.performed, t.completed)))
	t.id = s.g.nextID(r)
	return t
}

// finish marks a performed task performed or complete, with the technician
// and the scheduled date it was done on.
func (s *site) finish(t *taskRow) {
	r := s.r
	t.tech = s.tech()
	if t.scheduled.IsZero() {
		t.scheduled = t.performed
		if r.chance(0.15) {
			t.scheduled = t.performed.Add(-time.Duration(r.between(1, 7)) * day)
		}
	}
	t.completed = t.performed.Add(r.duration(time.Hour, 4*day))
	recent := s.now.Sub(t.performed) < 14*day
	if t.completed.After(s.now) || (recent && r.chance(0.3)) {
		t.stage, t.completed = "performed", time.Time{}
	} else {
		t.stage = "complete"
	}
}

var faultsByType = map[string][]string{
	"Extinguisher":         {"Extinguisher discharged — replace", "Extinguisher missing from bracket", "Extinguisher gauge in the red"},
	"Hydrant":              {"Hydrant booster leaking", "Hydrant valve seized", "Hydrant cabinet damaged"},
	"Hose reel":            {"Hose reel leaking at the nozzle", "Hose reel will not unwind", "Hose reel cabinet obstructed"},
	"Exit light":           {"Exit light not illuminated", "Exit sign damaged", "Exit light failing on battery"},
	"Emergency light":      {"Emergency light flickering", "Emergency light not working", "Emergency light battery failed"},
	"Fire door":            {"Fire door not self-closing", "Fire door wedged open", "Fire door hardware broken"},
	"Sprinkler system":     {"Sprinkler head damaged", "Sprinkler valve alarm", "Sprinkler pipe leaking"},
	"Detector":             {"Smoke detector false alarm", "Detector fault on the panel", "Detector cover left on after painting"},
	"Fire indicator panel": {"Fire panel showing a fault", "Fire panel left in isolate", "Fire panel battery fault"},
}

var otherTaskTitles = []string{"Site induction and asset audit", "Evacuation diagram update", "Fire warden training",
	"Install additional extinguishers", "Annual fire safety statement preparation", "Quote inspection",
	"Block plan update", "Fire door survey"}

var serviceCallNotes = []string{
	"Reported by the building manager. Attend, make safe and report back.",
	"Tenant reported the fault through the strata manager.",
	"Raised by the monitoring company after an alarm signal.",
	"Found by the cleaner on the night shift; photo sent by email.",
	"Follow-up from the last routine inspection.",
}

var holdReasons = []string{"On hold: awaiting parts from the supplier.", "On hold: waiting for access from the tenant.",
	"On hold: quote sent, waiting for approval.", "On hold: building shutdown until next week."}

// makeReactiveTasks fills the rest of the task quota with service calls
// (and a few other jobs), more of them in recent years.
func (s *site) makeReactiveTasks() {
	r, p := s.r, s.p
	n := p.nTasks - len(s.tasks)
	span := s.now.Sub(p.start)
	for range n {
		t := taskRow{routine: -1, asset: -1, tech: -1, kind: "service_call"}
		u := math.Pow(r.Float64(), 0.9) // a little busier lately
		t.created = p.start.Add(time.Duration(float64(span) * u))
		sla := slaHours[r.weighted([]float64{8, 22, 55, 15})]
		t.priority = sla.priority
		if r.chance(0.12) {
			t.kind = "other"
			t.priority = []string{"normal", "low"}[r.IntN(2)]
			t.title = pick(r, otherTaskTitles)
			sla = slaHours[2]
		} else {
			t.asset = r.IntN(len(s.assets))
			a := s.assets[t.asset]
			t.title = pick(r, faultsByType[a.typ]) + " — " + a.location
			t.description = pick(r, serviceCallNotes)
		}
		if t.priority != "urgent" {
			t.created = s.businessTime(t.created)
		}
		t.created = minTime(t.created, s.now.Add(-time.Hour))
		t.due = t.created.Add(time.Duration(sla.complete) * time.Hour)
		t.scheduled = t.created.Add(time.Duration(float64(sla.response)*(0.2+0.8*r.Float64())) * time.Hour)
		age := s.now.Sub(t.created)
		var weights []float64
		switch {
		case age < 30*day:
			weights = []float64{12, 35, 20, 15, 13, 5} // onhold ready inprogress performed complete cancelled
		case age < 120*day:
			weights = []float64{8, 5, 5, 8, 62, 12}
		default:
			weights = []float64{2, 0, 0, 0, 87, 11}
		}
		t.stage = []string{"onhold", "ready", "inprogress", "performed", "complete", "cancelled"}[r.weighted(weights)]
		switch t.stage {
		case "performed", "complete":
			t.performed = t.scheduled
			if t.priority != "urgent" {
				t.performed = s.businessTime(t.scheduled)
			}
			if r.chance(0.12) {
				t.performed = s.businessTime(t.due.Add(time.Duration(r.between(1, 10)) * day))
			}
			t.performed = maxTime(t.performed, t.created.Add(time.Hour))
			if t.performed.After(s.now) {
				t.performed, t.stage = time.Time{}, "inprogress"
				t.tech = s.tech()
				break
			}
			want := t.stage
			s.finish(&t)
			if want == "performed" {
				t.stage, t.completed = "performed", time.Time{}
			}
		case "cancelled":
			t.updated = s.clampNow(t.created.Add(r.duration(time.Hour, 10*day)))
			if r.chance(0.3) {
				t.tech = s.tech()
			}
		case "onhold":
			t.description = pick(r, holdReasons)
			if r.chance(0.5) {
				t.tech = s.tech()
			}
		case "ready":
			if r.chance(0.6) {
				t.tech = s.tech()
			}
		case "inprogress":
			t.tech = s.tech()
		}
		t.updated = maxTime(t.updated, maxTime(t.created, maxTime(t.performed, t.completed)))
		t.id = s.g.nextID(r)
		s.tasks = append(s.tasks, t)
	}
}
