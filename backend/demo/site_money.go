package demo

import (
	"fmt"
	"math"
	"sort"
	"time"
)

type quoteRow struct {
	id, kind, title, status  string
	lines                    []lineRow
	issued, expires, decided time.Time
	decidedBy                string // a user id, or ""
	decidedName, decidedFor  string
	po, comment, reason      string
	created, updated         time.Time
}

type lineRow struct {
	id     string
	remark int
	desc   string
	qty    int
	unit   int64
}

func (q *quoteRow) total() int64 {
	var t int64
	for _, l := range q.lines {
		t += int64(l.qty) * l.unit
	}
	return t
}

var serviceQuoteItems = []struct {
	desc   string
	lo, hi int // dollars
}{
	{"Supply and install 4.5 kg ABE extinguisher", 180, 260}, {"Supply and install LED exit sign", 220, 380},
	{"Supply and install LED emergency light", 160, 290}, {"Replace fire door closer and latch", 350, 780},
	{"Supply and install photoelectric smoke detector", 140, 240}, {"Hydrant landing valve replacement", 650, 1800},
	{"Hose reel replacement (36 m)", 700, 1250}, {"Fire indicator panel battery replacement", 280, 520},
	{"Fire indicator panel replacement", 9500, 24000}, {"Sprinkler head replacement", 120, 260},
	{"Evacuation diagram redraw (per level)", 140, 260}, {"After-hours call-out labour", 180, 350},
}

var serviceQuoteTitles = []string{"Upgrade exit and emergency lighting to LED", "Fire indicator panel replacement",
	"Additional extinguishers for new tenancy", "Fire door hardware upgrade", "Evacuation diagrams for all levels",
	"Hydrant and hose reel replacements", "Detector upgrade for tenancy fit-out"}

var declineReasons = []string{
	"Budget not approved by the owners corporation this financial year.",
	"Work will be done by the building's in-house maintenance team.",
	"Obtaining competing quotes.",
	"Defect disputed — the item was replaced last month.",
	"Scope to be revised after the committee meeting.",
}

var decisionComments = []string{"Please proceed before the next inspection.", "Approved by the committee.",
	"Attend after 6pm to avoid trading hours.", "Invoice to the sinking fund.", "Go ahead — call the caretaker for access."}

// severityPrice is a defect line's price range in dollars by severity.
var severityPrice = map[string][2]int{"critical": {250, 2500}, "non_critical": {120, 900},
	"non_conformance": {90, 700}, "recommendation": {200, 4000}}

// makeQuotes makes defect quotes from the site's remarks (oldest first) and
// service quotes, with statuses that fit their age.
func (s *site) makeQuotes() {
	r, p := s.r, s.p
	var pool []int
	for i, m := range s.remarks {
		if m.severity != "information" {
			pool = append(pool, i)
		}
	}
	r.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	span := s.now.Sub(p.start)
	for range p.nQuotes {
		q := quoteRow{kind: "service"}
		if len(pool) > 0 && r.chance(0.6) {
			q.kind = "defect"
			k := min(len(pool), r.weighted([]float64{50, 30, 20})+1)
			picked := pool[:k]
			pool = pool[k:]
			sort.Ints(picked)
			var last time.Time
			for _, mi := range picked {
				m := s.remarks[mi]
				last = maxTime(last, m.raised)
				price := severityPrice[m.severity]
				q.lines = append(q.lines, lineRow{remark: mi, desc: "Rectify: " + m.description, qty: 1, unit: dollars(r, price[0], price[1])})
			}
			if r.chance(0.4) {
				q.lines = append(q.lines, lineRow{remark: -1, desc: "Labour and travel", qty: r.between(1, 4), unit: dollars(r, 95, 140)})
			}
			q.title = fmt.Sprintf("Defect rectification — %d item", len(picked))
			if len(picked) > 1 {
				q.title += "s"
			}
			q.created = s.clampNow(s.businessTime(last.Add(r.duration(day, 10*day))))
			q.created = maxTime(q.created, last)
		} else {
			q.title = pick(r, serviceQuoteTitles)
			for range r.between(1, 4) {
				it := pick(r, serviceQuoteItems)
				q.lines = append(q.lines, lineRow{remark: -1, desc: it.desc, qty: r.between(1, 12), unit: dollars(r, it.lo, it.hi)})
			}
			q.created = s.clampNow(s.businessTime(p.start.Add(time.Duration(float64(span) * math.Pow(r.Float64(), 0.7)))))
		}
		s.quoteStatus(&q)
		q.id = s.g.nextID(r)
		s.quotes = append(s.quotes, q)
	}
}

func dollars(r *rng, lo, hi int) int64 { return int64(r.between(lo/5, hi/5)) * 500 }

func (s *site) quoteStatus(q *quoteRow) {
	r := s.r
	statuses := []string{"draft", "submitted", "approved", "declined", "expired", "voided", "deleted"}
	weights := []float64{2, 0, 50, 15, 20, 6, 7}
	if s.now.Sub(q.created) < 45*day {
		weights = []float64{20, 45, 20, 7, 0, 3, 5}
	}
	q.status = statuses[r.weighted(weights)]
	q.updated = q.created
	if q.status == "draft" || (q.status == "deleted" && r.chance(0.7)) {
		return // never issued
	}
	q.issued = s.clampNow(q.created.Add(r.duration(0, 3*day)))
	q.expires = q.issued.Add(time.Duration(30+30*r.IntN(2)) * day)
	if d := q.expires.Sub(s.now); d > -2*day && d < 2*day {
		q.expires = q.expires.Add(3 * day) // clear of today in any time zone
	}
	q.updated = q.issued
	switch q.status {
	case "submitted", "expired":
		if q.expires.Before(s.now) {
			q.status = "expired"
		} else {
			q.status = "submitted"
		}
	case "approved", "declined":
		q.decided = s.businessTime(q.issued.Add(time.Duration(r.between(1, 25)) * day))
		if q.decided.After(s.now) || q.decided.After(q.expires) {
			if q.expires.Before(s.now) {
				q.status, q.decided = "expired", time.Time{}
			} else {
				q.status, q.decided = "submitted", time.Time{}
			}
			return
		}
		q.updated = q.decided
		s.decide(q)
	case "voided", "deleted":
		q.updated = s.clampNow(q.issued.Add(r.duration(day, 30*day)))
	}
}

// decide records who approved or declined: the client's portal user, or the
// office on the client's behalf.
func (s *site) decide(q *quoteRow) {
	r := s.r
	var customer *user
	for _, ui := range s.c.users {
		if u := s.g.customers[ui]; u.active && u.password {
			customer = u
			break
		}
	}
	if customer != nil && r.chance(0.7) {
		q.decidedBy, q.decidedName = customer.id, customer.name
	} else {
		q.decidedBy, q.decidedName = s.g.office.id, s.g.office.name
		q.decidedFor = s.c.person.name() + " (by phone)"
	}
	if q.status == "declined" {
		q.reason = pick(r, declineReasons)
		return
	}
	if r.chance(0.7) {
		q.po = fmt.Sprintf("PO-%05d", r.IntN(100000))
	}
	if r.chance(0.3) {
		q.comment = pick(r, decisionComments)
	}
	// Approved defect work gets done: its remarks resolve some weeks later.
	for _, l := range q.lines {
		if l.remark < 0 {
			continue
		}
		m := &s.remarks[l.remark]
		if done := q.decided.Add(r.duration(7*day, 40*day)); done.Before(s.now) {
			m.resolved = done
		}
	}
}

type invoiceRow struct {
	id, status       string
	task             int
	issued, due      time.Time
	total            int64
	payments         []paymentRow
	created, updated time.Time
}

type paymentRow struct {
	id     string
	amount int64
	on     time.Time
	ref    string
}

func (inv *invoiceRow) paid() int64 {
	var t int64
	for _, p := range inv.payments {
		t += p.amount
	}
	return t
}

// makeInvoices bills completed tasks (three in four invoices) and contract
// fees, with payments and overdue ones that fit their age.
func (s *site) makeInvoices() {
	r, p := s.r, s.p
	var billable []int
	for i := range s.tasks {
		if s.tasks[i].stage == "complete" {
			billable = append(billable, i)
		}
	}
	r.Shuffle(len(billable), func(i, j int) { billable[i], billable[j] = billable[j], billable[i] })
	linked := min(len(billable), int(math.Round(float64(p.nInvoices)*0.75)))
	span := s.now.Sub(p.start)
	for i := range p.nInvoices {
		inv := invoiceRow{task: -1}
		if i < linked {
			inv.task = billable[i]
			t := &s.tasks[inv.task]
			inv.created = s.businessTime(t.completed.Add(r.duration(0, 5*day)))
			switch {
			case t.kind == "routine":
				inv.total = dollars(r, 180, 600) + int64(len(s.assets))*dollars(r, 5, 25)
			case t.priority == "urgent":
				inv.total = dollars(r, 350, 3500)
			default:
				inv.total = dollars(r, 150, 2500)
			}
		} else {
			inv.created = s.businessTime(p.start.Add(time.Duration(float64(span) * r.Float64())))
			inv.total = dollars(r, 200, 5000)
		}
		if inv.created.After(s.now) {
			inv.created = s.now
			inv.status = "draft"
		}
		s.invoiceStatus(&inv)
		inv.id = s.g.nextID(r)
		s.invoices = append(s.invoices, inv)
	}
}

var paymentRefs = []string{"EFT %06d", "BPAY %07d", "Cheque %06d", "Card %04d"}

func (s *site) invoiceStatus(inv *invoiceRow) {
	r := s.r
	inv.updated = inv.created
	if inv.status == "draft" || (s.now.Sub(inv.created) < 30*day && r.chance(0.04)) {
		inv.status = "draft"
		return
	}
	inv.issued = inv.created
	terms := 30
	if r.chance(0.3) {
		terms = 14
	}
	inv.due = inv.issued.Add(time.Duration(terms) * day)
	if r.chance(0.03) {
		inv.status = "voided"
		inv.updated = s.clampNow(inv.issued.Add(r.duration(day, 20*day)))
		return
	}
	pastDue := s.now.Sub(inv.due)
	var paid float64
	switch {
	case pastDue < 0:
		paid = 0.35
	case pastDue < 60*day:
		paid = 0.65
	default:
		paid = 0.975
	}
	pay := func(amount int64, lo, hi time.Time) {
		on := s.businessTime(lo.Add(r.duration(0, max(hi.Sub(lo), time.Hour))))
		on = s.clampNow(on)
		inv.payments = append(inv.payments, paymentRow{id: s.g.nextID(r), amount: amount, on: on,
			ref: fmt.Sprintf(pick(r, paymentRefs), r.IntN(1000000))})
		inv.updated = maxTime(inv.updated, on)
	}
	latest := s.clampNow(inv.due.Add(30 * day))
	if r.chance(paid) {
		inv.status = "paid"
		if r.chance(0.12) && inv.total >= 1000 {
			first := inv.total / 2 / 500 * 500
			pay(first, inv.issued.Add(3*day), latest)
			pay(inv.total-first, inv.payments[0].on, latest)
		} else {
			pay(inv.total, inv.issued.Add(3*day), latest)
		}
		return
	}
	inv.status = "issued"
	if pastDue > 0 && r.chance(0.2) && inv.total >= 1000 {
		pay(inv.total/2/500*500, inv.issued.Add(3*day), s.now) // part paid, still overdue
	}
}
