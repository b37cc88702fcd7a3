package demo

import (
	"fmt"
	"time"
)

type user struct {
	idx      int
	id       string
	email    string
	name     string
	licence  string
	active   bool
	password bool      // has the demo password; false: invited, not yet accepted
	lastSeen time.Time // zero: never signed in
	created  time.Time
	clients  []int
	groups   []int
	limits   []int
	role     string // the demo login role, if any
}

// planStaff creates the office user and the technicians.
func (g *generator) planStaff() {
	nTech := map[Size]int{Small: 3, Medium: 8, Large: 25}[g.opt.Size]
	created := g.now.Add(-1900 * day)
	g.office = &user{id: g.nextID(g.r), email: OfficeEmail, name: "Claire Dawson", licence: "office", active: true,
		password: true, created: created, lastSeen: g.now.Add(-g.r.duration(time.Hour, 48*time.Hour)), role: RoleOffice}
	g.staff = append(g.staff, g.office)
	seen := map[string]bool{OfficeEmail: true}
	for i := range nTech {
		p := g.r.person()
		email := emailPart(p.first) + "." + emailPart(p.last) + "@siteward.demo"
		if i == 0 {
			email = "technician@siteward.demo"
		}
		for seen[email] {
			email = emailPart(p.first) + "." + emailPart(p.last) + fmt.Sprint(g.r.between(2, 99)) + "@siteward.demo"
		}
		seen[email] = true
		t := created.Add(g.r.duration(0, 1500*day))
		u := &user{id: g.nextID(g.r), email: email, name: p.name(), licence: "technician", active: i < 2 || !g.r.chance(0.1),
			password: true, created: t, lastSeen: g.now.Add(-g.r.duration(time.Hour, 20*day))}
		if i == 0 {
			u.role = RoleTechnician
		}
		g.techs = append(g.techs, u)
		g.staff = append(g.staff, u)
	}
}

// planCustomers creates exactly counts.CustomerUsers customer users: the
// demo logins first, then users of clients (about two thirds) and accounts
// of client groups at every level.
func (g *generator) planCustomers(plans []loginPlan) {
	seen := map[string]bool{}
	for _, u := range g.staff {
		seen[u.email] = true
	}
	add := func(u *user) {
		u.idx = len(g.customers)
		u.licence = "customer"
		u.id = g.nextID(g.r)
		seen[u.email] = true
		g.customers = append(g.customers, u)
		for _, ci := range u.clients {
			g.clients[ci].users = append(g.clients[ci].users, u.idx)
		}
	}
	for _, pl := range plans {
		var p person
		u := &user{email: pl.email, active: true, password: true, role: pl.role, limits: pl.limits}
		if pl.client >= 0 {
			c := g.clients[pl.client]
			p, u.clients = c.person, []int{pl.client}
			u.created = c.created.Add(g.r.duration(day, 90*day))
		} else {
			p, u.groups = g.r.person(), []int{pl.group}
			u.created = g.groups[pl.group].created.Add(g.r.duration(day, 90*day))
		}
		u.name = p.name()
		u.lastSeen = g.now.Add(-g.r.duration(time.Hour, 10*day))
		add(u)
	}
	groupWeights := make([]float64, len(g.groups))
	for i, grp := range g.groups {
		groupWeights[i] = map[groupKind]float64{gkNational: 4, gkStateCompany: 3, gkLocal: 2, gkState: 2,
			gkRegion: 2, gkPortfolio: 1, gkSub: 0.5, gkCluster: 0.3}[grp.kind]
	}
	clientWeights := make([]float64, len(g.clients))
	for i, c := range g.clients {
		clientWeights[i] = float64(len(c.props))
		if !c.active {
			clientWeights[i] = 0.05
		}
	}
	for len(g.customers) < g.counts.CustomerUsers {
		u := &user{active: !g.r.chance(0.04), password: !g.r.chance(0.08)}
		var p person
		var domain string
		if g.r.chance(0.66) {
			ci := g.r.weighted(clientWeights)
			c := g.clients[ci]
			u.clients = []int{ci}
			p, domain = g.r.person(), c.domain
			if len(c.users) == 0 && g.r.chance(0.6) {
				p = c.person // the client's own manager signs in
			}
			if len(c.props) > 1 && g.r.chance(0.1) {
				ci2 := g.r.weighted(clientWeights)
				if ci2 != ci {
					u.clients = append(u.clients, ci2)
				}
			}
			if len(c.props) >= 3 && g.r.chance(0.04) {
				u.limits = append([]int(nil), c.props[:g.r.between(1, 2)]...)
			}
			u.created = c.created.Add(g.r.duration(day, 400*day))
		} else {
			gi := g.r.weighted(groupWeights)
			u.groups = []int{gi}
			p, domain = g.r.person(), g.groups[gi].domain
			u.created = g.groups[gi].created.Add(g.r.duration(day, 400*day))
		}
		u.created = minTime(u.created, g.now.Add(-g.r.duration(day, 30*day)))
		u.name = p.name()
		base := emailPart(p.first) + "." + emailPart(p.last)
		u.email = base + "@" + domain
		for n := 2; seen[u.email]; n++ {
			u.email = fmt.Sprintf("%s%d@%s", base, n, domain)
		}
		if u.password && u.active && g.r.chance(0.75) {
			u.lastSeen = maxTime(g.now.Add(-g.r.duration(time.Hour, 120*day)), u.created.Add(time.Hour))
		}
		add(u)
	}
}

// writeUsers writes staff and customers, their links, pending invitations
// and recent portal sign-ins.
func (g *generator) writeUsers() {
	t := g.t
	for _, u := range append(append([]*user(nil), g.staff...), g.customers...) {
		hash := ""
		if u.password {
			hash = g.hashes[u.role]
			if hash == "" {
				hash = g.hashes[""]
			}
		}
		updated := maxTime(u.created, u.lastSeen)
		g.w.add(t.users, u.id, u.email, u.name, u.licence, boolInt(u.active), hash, tsOrNil(u.lastSeen), ts(u.created), ts(updated))
	}
	for _, u := range g.customers {
		for _, gi := range u.groups {
			g.w.add(t.groupAccounts, g.groups[gi].id, u.id, ts(u.created))
		}
	}
}

// writeUserLinks writes what refers to clients and properties: client
// users, property limits, invitations and sign-ins.
func (g *generator) writeUserLinks() {
	t := g.t
	for _, u := range g.customers {
		for _, ci := range u.clients {
			g.w.add(t.clientUsers, g.clients[ci].id, u.id, ts(u.created))
		}
		for _, pi := range u.limits {
			g.w.add(t.limits, u.id, g.props[pi].id)
		}
		if !u.password {
			// Invited, not yet accepted: some invitations have lapsed.
			sent := maxTime(u.created, g.now.Add(-g.r.duration(day, 20*day)))
			var clientID, groupID any
			if len(u.clients) > 0 {
				clientID = g.clients[u.clients[0]].id
			} else {
				groupID = g.groups[u.groups[0]].id
			}
			g.w.add(t.invitations, g.nextID(g.r), u.id, clientID, groupID, "invite", g.r.token()+g.r.token(),
				ts(sent.Add(3*day)), ts(sent), g.office.id, ts(sent))
		}
		if !u.lastSeen.IsZero() {
			kind, viewID := "client", ""
			if len(u.groups) > 0 {
				kind, viewID = "group", g.groups[u.groups[0]].id
			} else {
				viewID = g.clients[u.clients[0]].id
			}
			at := u.lastSeen
			for range g.r.between(1, 6) {
				g.w.add(t.signIns, g.nextID(g.r), u.id, kind, viewID, ts(at))
				at = at.Add(-g.r.duration(day, 30*day))
				if at.Before(u.created) {
					break
				}
			}
		}
	}
}
