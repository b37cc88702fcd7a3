package demo

import (
	"encoding/json"
	"fmt"
	"time"
)

// write buffers the site's rows, parents first. Records that nothing else
// refers to (contacts, reports, documents, signoffs) are made here, after
// the numbered ones, so they cannot change what the numbering pass saw.
func (s *site) write() {
	g, t, w, r, p := s.g, s.g.t, s.g.w, s.r, s.p
	s.writeContacts()
	for _, fp := range s.floorplans {
		w.add(t.floorplans, fp.id, p.id, fp.name, fp.file.sha, fp.file.width, fp.file.height, ts(p.created), ts(p.created))
	}
	for _, a := range s.assets {
		var fpID, x, y any
		if a.floorplan >= 0 {
			fpID, x, y = s.floorplans[a.floorplan].id, a.pinX, a.pinY
		}
		w.add(t.assets, a.id, p.id, a.typ, boolInt(a.esm), a.location, a.barcode, fpID, x, y,
			dateOrNil(a.lastService, s.loc), a.lastResult, ts(p.created), ts(maxTime(p.created, a.lastService)))
	}
	for _, rt := range s.routines {
		types, _ := json.Marshal(rt.types)
		w.add(t.routines, rt.id, p.id, rt.tmpl.name, rt.tmpl.standard, rt.tmpl.months, string(types), rt.tmpl.tol,
			dateIn(rt.due(rt.n-1), s.loc), boolInt(p.active), ts(rt.created), ts(rt.created))
	}
	for i, tk := range s.tasks {
		var routineID, techID any
		if tk.routine >= 0 {
			routineID = s.routines[tk.routine].id
		}
		if tk.tech >= 0 {
			techID = g.techs[tk.tech].id
		}
		w.add(t.tasks, tk.id, g.numberOf(g.taskNo, p.taskOff+i), p.id, routineID, tk.kind, tk.priority, tk.stage, tk.title,
			tk.description, techID, dateOrNil(tk.scheduled, s.loc), dateOrNil(tk.due, s.loc), tk.tolerance,
			tsOrNil(tk.performed), tsOrNil(tk.completed), ts(tk.created), ts(tk.updated))
	}
	for i, m := range s.remarks {
		var assetID, taskID any
		if m.asset >= 0 {
			assetID = s.assets[m.asset].id
		}
		if m.task >= 0 {
			taskID = s.tasks[m.task].id
		}
		status := "open"
		if !m.resolved.IsZero() {
			status = "resolved"
		}
		updated := maxTime(m.raised, maxTime(m.resolved, m.published))
		w.add(t.remarks, m.id, g.numberOf(g.remarkNo, p.remarkOff+i), p.id, assetID, taskID, m.severity, status, m.description,
			ts(m.raised), tsOrNil(m.resolved), boolInt(!m.published.IsZero()), tsOrNil(m.published), ts(m.raised), ts(updated))
		if m.photo >= 0 {
			w.add(t.remarkPhotos, s.g.nextID(r), m.id, g.files.photos[m.photo].sha, "Photo taken on site", ts(m.raised))
		}
	}
	for i, q := range s.quotes {
		w.add(t.quotes, q.id, g.numberOf(g.quoteNo, p.quoteOff+i), q.kind, s.c.id, p.id, q.title, q.status, q.total(),
			dateOrNil(q.issued, s.loc), dateOrNil(q.expires, s.loc), tsOrNil(q.decided), nilIfEmpty(q.decidedBy),
			q.decidedName, q.decidedFor, q.po, q.comment, q.reason, ts(q.created), ts(q.updated))
		for pos, l := range q.lines {
			var remarkID any
			if l.remark >= 0 {
				remarkID = s.remarks[l.remark].id
			}
			w.add(t.quoteLines, s.g.nextID(r), q.id, remarkID, pos+1, l.desc, l.qty, l.unit, ts(q.created))
		}
	}
	for i, inv := range s.invoices {
		var taskID any
		if inv.task >= 0 {
			taskID = s.tasks[inv.task].id
		}
		w.add(t.invoices, inv.id, g.numberOf(g.invoiceNo, p.invoiceOff+i), s.c.id, p.id, taskID, inv.status,
			dateOrNil(inv.issued, s.loc), dateOrNil(inv.due, s.loc), inv.total, inv.paid(), ts(inv.created), ts(inv.updated))
		for _, pay := range inv.payments {
			w.add(t.payments, pay.id, inv.id, pay.amount, dateIn(pay.on, s.loc), pay.ref, ts(pay.on))
		}
	}
	s.writeReports()
	s.writeDocuments()
	s.writeSignoffs()
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

var contactRoles = []struct {
	role                                     string
	reports, quotes, invoices, notifications float64
}{
	{"building_manager", 0.9, 0.3, 0.1, 0.95}, {"strata_manager", 0.8, 0.9, 0.7, 0.5}, {"owner", 0.3, 0.8, 0.8, 0.2},
	{"facility_manager", 0.9, 0.8, 0.5, 0.9}, {"caretaker", 0.2, 0, 0, 0.9}, {"tenant", 0.1, 0, 0, 0.6},
}

func (s *site) writeContacts() {
	t, w, r, p := s.g.t, s.g.w, s.r, s.p
	n := r.weighted([]float64{35, 45, 20}) + 1
	for i := range n {
		role := contactRoles[r.IntN(len(contactRoles)-1)]
		if p.parent >= 0 && i == 0 {
			role = contactRoles[len(contactRoles)-1]
		}
		per := r.person()
		domain := s.c.domain
		if role.role == "owner" || role.role == "tenant" || role.role == "caretaker" {
			domain = pick(r, []string{"gmail.com", "outlook.com", "bigpond.com", "icloud.com"})
		}
		at := p.created.Add(time.Duration(i) * r.duration(0, 400*day))
		at = minTime(at, s.now)
		w.add(t.propertyContacts, s.g.nextID(r), p.id, role.role, per.name(),
			emailPart(per.first)+"."+emailPart(per.last)+"@"+domain, r.phone(suburbs[p.suburb].state),
			boolInt(r.chance(role.reports)), boolInt(r.chance(role.quotes)), boolInt(r.chance(role.invoices)),
			boolInt(r.chance(role.notifications)), ts(at), ts(at))
	}
}

// writeReports writes the reports made from routine work (yearly condition
// reports, routine activity and monthly maintenance reports, rendered on
// demand so they have no stored file) and the yearly statements uploaded by
// the office.
func (s *site) writeReports() {
	g, t, w, r, p := s.g, s.g.t, s.g.w, s.r, s.p
	add := func(taskID any, kind, title string, from, to time.Time, file *storedFile, at time.Time) {
		var sha any
		if file != nil {
			sha = file.sha
		}
		var published time.Time
		if r.chance(0.85) {
			published = s.clampNow(at.Add(r.duration(time.Hour, 72*time.Hour)))
		}
		w.add(t.reports, s.g.nextID(r), p.id, taskID, kind, title, dateOrNil(from, s.loc), dateOrNil(to, s.loc), sha,
			boolInt(!published.IsZero()), tsOrNil(published), ts(at), ts(maxTime(at, published)))
	}
	for _, tk := range s.tasks {
		if tk.kind != "routine" || tk.stage != "complete" {
			continue
		}
		months := s.routines[tk.routine].tmpl.months
		month := tk.due.In(s.loc)
		first := time.Date(month.Year(), month.Month(), 1, 12, 0, 0, 0, s.loc)
		switch {
		case months == 12:
			add(tk.id, "yearly_condition", "Yearly condition report "+month.Format("2006"), first.AddDate(-1, 1, 0), first.AddDate(0, 1, -1), nil, tk.completed)
		case months == 6 && r.chance(0.4):
			add(tk.id, "routine_activity", "Routine activity report — "+month.Format("January 2006"), first, first.AddDate(0, 1, -1), nil, tk.completed)
		case months == 1 && s.now.Sub(tk.completed) < 365*day && r.chance(0.5):
			add(nil, "monthly_maintenance", "Monthly maintenance report — "+month.Format("January 2006"), first, first.AddDate(0, 1, -1), nil, tk.completed)
		}
	}
	title := map[string]string{"NSW": "Annual Fire Safety Statement", "VIC": "Essential Safety Measures Report"}[suburbs[p.suburb].state]
	if title == "" {
		title = "Fire Safety Certificate"
	}
	for y := p.start.Year() + 1; y <= s.now.Year(); y++ {
		at := s.businessTime(time.Date(y, time.Month(r.between(1, 12)), r.between(1, 28), 12, 0, 0, 0, s.loc))
		if at.After(s.now) || at.Before(p.start) || !r.chance(0.7) {
			continue
		}
		add(nil, "uploaded", fmt.Sprintf("%s %d", title, y), time.Time{}, time.Time{}, g.files.pdf[title], at)
	}
}

var propertyDocuments = []struct{ folder, file, name string }{
	{"public", "Evacuation Diagram", "Evacuation diagram — Ground floor.pdf"},
	{"public", "Block Plan", "Block plan.pdf"},
	{"public", "Fire Safety Schedule", "Fire safety schedule.pdf"},
	{"public", "Fire Safety Certificate", "Fire safety certificate %d.pdf"},
	{"Internal", "Key Register", "Key register.pdf"},
	{"Internal", "Site Induction", "Site induction checklist.pdf"},
	{"Compliance", "Fire Engineering Report", "Fire engineering report.pdf"},
	{"Quotes", "Supplier Quote", "Supplier quote — panel upgrade.pdf"},
}

func (s *site) writeDocuments() {
	g, t, w, r, p := s.g, s.g.t, s.g.w, s.r, s.p
	if !r.chance(0.5) {
		return
	}
	docs := append(propertyDocuments[:0:0], propertyDocuments...)
	r.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	for _, d := range docs[:r.between(1, 3)] {
		at := s.businessTime(p.start.Add(r.duration(0, s.now.Sub(p.start))))
		name := d.name
		if d.name == "Fire safety certificate %d.pdf" {
			name = fmt.Sprintf(d.name, at.Year())
		}
		w.add(t.documents, s.g.nextID(r), nil, p.id, d.folder, name, g.files.pdf[d.file].sha, g.office.id, ts(at), ts(at))
	}
}

// ContractorName is the demo contractor: the workspace's own company.
const ContractorName = "Sentinel Fire & Safety"

var otherContractors = []struct{ name, comment string }{
	{"Metro Lift Services", "Lift fire service recall tested."},
	{"AquaGuard Backflow Testing", "Backflow prevention device tested and certified."},
	{"Brightline Electrical", "Emergency lighting circuits verified."},
	{"Coastal Mechanical Services", "Smoke control and stair pressurisation tested."},
	{"SafeHold Fire Doors", "Fire door survey completed; certificates issued."},
}

// writeSignoffs writes the contractor signoff timeline: the contractor's own
// yearly signoff of the essential safety measures, and other trades'.
func (s *site) writeSignoffs() {
	t, w, r, p := s.g.t, s.g.w, s.r, s.p
	var esm []int
	for i, a := range s.assets {
		if a.esm && (a.typ == "Fire indicator panel" || a.typ == "Sprinkler system" || a.typ == "Hydrant") {
			esm = append(esm, i)
		}
	}
	for y := p.start.Year() + 1; y <= s.now.Year(); y++ {
		on := time.Date(y, time.Month(r.between(1, 12)), r.between(1, 28), 12, 0, 0, 0, s.loc)
		if on.After(s.now) || on.Before(p.start) {
			continue
		}
		if r.chance(0.8) {
			var assetID any
			if len(esm) > 0 && r.chance(0.4) {
				assetID = s.assets[pick(r, esm)].id
			}
			w.add(t.signoffs, s.g.nextID(r), p.id, assetID, ContractorName, s.g.techs[s.tech()].name, dateIn(on, s.loc),
				"Essential safety measures inspected and performing to the required standard.", ts(s.businessTime(on)))
		}
		if r.chance(0.3) {
			c := pick(r, otherContractors)
			on2 := on.AddDate(0, 0, r.between(1, 60))
			if on2.After(s.now) {
				continue
			}
			w.add(t.signoffs, s.g.nextID(r), p.id, nil, c.name, r.person().name(), dateIn(on2, s.loc), c.comment, ts(s.businessTime(on2)))
		}
	}
}
