package demo

import (
	"fmt"
	"strings"
	"time"
)

type remarkRow struct {
	id, severity, description string
	asset, task, photo        int
	raised, resolved          time.Time
	published                 time.Time // zero: not published
	updated                   time.Time
}

var severityNames = []string{"critical", "non_critical", "non_conformance", "recommendation", "information"}
var severityMix = []float64{5, 20, 35, 25, 15}

// Generic findings by severity; %s is the asset type.
var findings = map[string][]string{
	"critical": {"%s not operational — requires immediate rectification", "%s missing from its location",
		"%s obstructed and cannot be reached in an emergency"},
	"non_critical": {"%s service tag out of date", "%s damaged and needs repair", "%s failed its test"},
	"non_conformance": {"%s signage does not comply with the standard", "%s installed at a non-compliant height",
		"%s not shown on the block plan"},
	"recommendation": {"Recommend replacing the %s at the next service (end of service life)",
		"Recommend upgrading the %s to a current model"},
	"information": {"%s relocated by the tenant", "%s not accessible on the day — to be tested next visit"},
}

// Findings particular to an asset type, by severity.
var typeFindings = map[string]map[string]string{
	"Extinguisher":         {"non_critical": "Extinguisher pressure gauge reading low", "non_conformance": "Extinguisher location sign missing"},
	"Hydrant":              {"non_critical": "Hydrant valve leaking at the spindle", "critical": "Hydrant booster inlet blocked"},
	"Hose reel":            {"non_critical": "Hose reel leaking at the nozzle", "non_conformance": "Hose reel hose longer than 36 m"},
	"Exit light":           {"non_critical": "Exit light failed the 90-minute discharge test", "recommendation": "Upgrade exit sign to LED"},
	"Emergency light":      {"non_critical": "Emergency light failed the discharge test (battery)", "recommendation": "Upgrade emergency light to LED"},
	"Fire door":            {"critical": "Fire door wedged open", "non_critical": "Fire door does not self-close and latch", "non_conformance": "Fire door gap exceeds 3 mm"},
	"Sprinkler system":     {"critical": "Sprinkler main control valve found partly closed", "non_critical": "Sprinkler alarm valve gauge faulty"},
	"Detector":             {"non_critical": "Smoke detector dirty — fails sensitivity test", "information": "Detector covered during tenant fit-out"},
	"Fire indicator panel": {"critical": "Fire indicator panel in fault — monitoring offline", "non_conformance": "Zone block plan at the panel out of date"},
}

var siteFindings = map[string]string{
	"critical": "Egress path obstructed by stored goods", "non_critical": "Evacuation diagram damaged",
	"non_conformance": "Evacuation diagram out of date", "recommendation": "Recommend fire warden training for new tenants",
	"information": "Tenant fit-out in progress on this level",
}

// makeRemarks raises the site's remarks during its performed tasks (mostly
// routine inspections), on assets the task covered.
func (s *site) makeRemarks() {
	r, p := s.r, s.p
	var routineDone, otherDone []int
	for i := range s.tasks {
		if s.tasks[i].done() {
			if s.tasks[i].kind == "routine" {
				routineDone = append(routineDone, i)
			} else {
				otherDone = append(otherDone, i)
			}
		}
	}
	covered := make([][]int, len(s.routines))
	for ri, rt := range s.routines {
		covered[ri] = s.assetsOfType(rt.types)
	}
	for range p.nRemarks {
		m := remarkRow{asset: -1, task: -1, photo: -1}
		switch {
		case len(routineDone) > 0 && (len(otherDone) == 0 || r.chance(0.85)):
			m.task = pick(r, routineDone)
		case len(otherDone) > 0:
			m.task = pick(r, otherDone)
		}
		if m.task >= 0 {
			t := &s.tasks[m.task]
			m.raised = t.performed.Add(r.duration(10*time.Minute, 3*time.Hour))
			switch {
			case t.routine >= 0 && len(covered[t.routine]) > 0 && r.chance(0.9):
				m.asset = pick(r, covered[t.routine])
			case t.asset >= 0:
				m.asset = t.asset
			}
		} else {
			m.raised = s.businessTime(p.start.Add(r.duration(0, s.now.Sub(p.start))))
			if r.chance(0.9) {
				m.asset = r.IntN(len(s.assets))
			}
		}
		m.raised = s.clampNow(m.raised)
		m.severity = severityNames[r.weighted(severityMix)]
		m.description = s.finding(m.severity, m.asset)
		age := s.now.Sub(m.raised)
		// About 70% end up resolved, counting those approved quotes resolve.
		resolve := 0.72
		switch {
		case age < 30*day:
			resolve = 0.15
		case age < 90*day:
			resolve = 0.4
		case age < 365*day:
			resolve = 0.62
		}
		if r.chance(resolve) {
			limit := 120 * day
			if m.severity == "critical" {
				limit = 14 * day
			}
			m.resolved = m.raised.Add(r.duration(day, min(limit, max(age, 2*day))))
			if m.resolved.After(s.now) {
				m.resolved = m.raised.Add(r.duration(0, max(age, time.Minute)))
			}
		}
		publish := 0.87
		if age < 14*day {
			publish = 0.5
		}
		if r.chance(publish) {
			m.published = s.clampNow(m.raised.Add(r.duration(10*time.Minute, 72*time.Hour)))
		}
		if r.chance(0.08) {
			m.photo = r.IntN(len(s.g.files.photos))
		}
		m.id = s.g.nextID(r)
		s.remarks = append(s.remarks, m)
	}
}

func (s *site) finding(sev string, asset int) string {
	r := s.r
	if asset < 0 {
		return siteFindings[sev] + "."
	}
	a := s.assets[asset]
	text, ok := typeFindings[a.typ][sev]
	if !ok || r.chance(0.5) {
		text = fmt.Sprintf(pick(r, findings[sev]), strings.ToLower(a.typ))
		text = strings.ToUpper(text[:1]) + text[1:]
	}
	return text + ". Location: " + a.location + "."
}

// setLastService records on each asset when a routine covering it was last
// performed, and whether it passed (it fails while a serious remark on it is open).
func (s *site) setLastService() {
	last := map[string]time.Time{}
	for _, t := range s.tasks {
		if t.kind == "routine" && t.done() {
			for _, typ := range s.routines[t.routine].types {
				if t.performed.After(last[typ]) {
					last[typ] = t.performed
				}
			}
		}
	}
	failing := map[int]bool{}
	for _, m := range s.remarks {
		if m.asset >= 0 && m.resolved.IsZero() && (m.severity == "critical" || m.severity == "non_critical" || m.severity == "non_conformance") {
			failing[m.asset] = true
		}
	}
	for i := range s.assets {
		a := &s.assets[i]
		a.lastService = last[a.typ]
		switch {
		case a.lastService.IsZero():
		case failing[i]:
			a.lastResult = "fail"
		case s.r.chance(0.03):
			a.lastResult = "not_tested"
		default:
			a.lastResult = "pass"
		}
	}
}
