package demo

import (
	"fmt"
	"math"
	"time"
)

type client struct {
	idx      int
	id       string
	name     string
	group    int // -1 when ungrouped
	person   person
	domain   string
	state    string
	region   string
	kindPref int // index into propertyKinds, -1 for any
	active   bool
	created  time.Time
	props    []int
	users    []int // customer users linked to the client
	contact  string
}

type prop struct {
	idx       int
	id        string
	client    int
	parent    int // -1, or the building this tenancy is in
	kind      int
	name      string
	street    string
	suburb    int
	lat, lng  float64
	active    bool
	start     time.Time // work starts
	end       time.Time // the last day of work (Now for an active site)
	created   time.Time
	floors    int
	weight    float64
	sprinkled bool
	// How many of each record the site gets, and where its rows start in
	// the dataset-wide numbering.
	nAssets, nTasks, nRemarks, nQuotes, nInvoices      int
	assetOff, taskOff, remarkOff, quoteOff, invoiceOff int
}

// planClients creates the clients and puts them in groups: every group gets
// one, the rest go mostly to groups low in a tree, a fifth stay ungrouped.
func (g *generator) planClients() {
	n := g.counts.Clients
	grouped := n * 8 / 10
	if grouped < len(g.groups) {
		grouped = min(n, len(g.groups))
	}
	weights := make([]float64, len(g.groups))
	for i, grp := range g.groups {
		weights[i] = map[groupKind]float64{gkNational: 0.3, gkStateCompany: 1, gkLocal: 4, gkState: 1,
			gkRegion: 1.5, gkPortfolio: 3, gkSub: 3, gkCluster: 3}[grp.kind] * g.r.lognormal(0.5)
	}
	seen := map[string]bool{}
	for i := range n {
		gi := -1
		switch {
		case i < len(g.groups) && i < grouped:
			gi = i
		case i < grouped:
			gi = g.r.weighted(weights)
		}
		c := &client{idx: i, group: gi, kindPref: -1, active: true}
		for {
			c.person = g.r.person()
			c.name = c.person.name() + " — " + pick(g.r, clientDescriptors)
			if !seen[c.name] {
				seen[c.name] = true
				break
			}
		}
		c.created = g.now.Add(-g.r.duration(1170*day, 1820*day))
		if g.r.chance(0.15) {
			c.created = g.now.Add(-g.r.duration(180*day, 1170*day))
		}
		if gi >= 0 {
			grp := g.groups[gi]
			c.domain = grp.domain
			c.state, c.region = grp.state, grp.region
			c.created = maxTime(c.created, grp.created.Add(g.r.duration(day, 60*day)))
			c.kindPref = kindForPortfolio(grp.pkind)
			grp.clients = append(grp.clients, i)
		} else {
			c.domain = emailPart(c.person.last) + emailPart(lastWord(c.name)) + ".com.au"
		}
		if c.state == "" {
			c.state = states[g.r.weighted(stateWeights)]
			if gi < 0 && g.r.chance(0.7) {
				c.region = pick(g.r, g.geo.regions[c.state])
			}
		}
		if c.kindPref < 0 && g.r.chance(0.5) {
			c.kindPref = g.r.weighted(kindWeights())
		}
		c.id = g.nextID(g.r)
		c.active = !g.r.chance(0.03)
		g.clients = append(g.clients, c)
	}
}

func lastWord(s string) string {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == ' ' {
			return s[i+1:]
		}
	}
	return s
}

func kindWeights() []float64 {
	w := make([]float64, len(propertyKinds))
	for i, k := range propertyKinds {
		w[i] = k.weight
	}
	return w
}

func kindForPortfolio(label string) int {
	byName := map[string]string{"Residential": "residential", "High-rise": "residential", "Townhouses": "residential",
		"Commercial": "commercial", "Mixed Use": "commercial", "Government": "commercial", "Retail": "retail",
		"Industrial": "industrial", "Health & Aged Care": "health", "Education": "education", "Hospitality": "hospitality"}
	for i, k := range propertyKinds {
		if k.name == byName[label] {
			return i
		}
	}
	return -1
}

// planProperties gives every client at least one property, names and
// places them, makes some tenancies of a client's building, deactivates a
// few, and sets each site's span of work.
func (g *generator) planProperties() {
	weights := make([]float64, len(g.clients))
	for i := range weights {
		weights[i] = g.r.lognormal(0.9)
	}
	perClient := apportion(g.counts.Properties, weights, 1)
	kw := kindWeights()
	for ci, c := range g.clients {
		for k := range perClient[ci] {
			p := &prop{idx: len(g.props), client: ci, parent: -1}
			p.kind = g.r.weighted(kw)
			if c.kindPref >= 0 && g.r.chance(0.7) {
				p.kind = c.kindPref
			}
			kind := propertyKinds[p.kind]
			state, region := c.state, c.region
			if g.r.chance(0.15) {
				region = ""
				if c.group >= 0 && g.groups[g.groups[c.group].root].kind == gkNational && g.groups[c.group].state == "" {
					state = states[g.r.weighted(stateWeights)]
				}
			}
			p.suburb = g.geo.suburbFor(g.r, state, region)
			s := suburbs[p.suburb]
			p.lat = round6(s.lat + (g.r.Float64()-0.5)*0.016)
			p.lng = round6(s.lng + (g.r.Float64()-0.5)*0.02)
			p.street = fmt.Sprintf("%d %s %s", g.streetNumber(), pick(g.r, streetNames), pick(g.r, streetTypes))
			p.name = g.propertyName(p, kind, s)
			p.floors = g.r.between(kind.floors[0], kind.floors[1])
			p.sprinkled = g.r.chance(kind.hasSprinkle)
			p.weight = kind.size * g.r.lognormal(0.45)
			// Tenancies: some later properties of a bigger client sit in its first building.
			if k > 0 && perClient[ci] >= 3 && g.r.chance(0.12) {
				g.makeTenancy(p, g.props[c.props[0]])
			}
			c.props = append(c.props, p.idx)
			g.props = append(g.props, p)
		}
	}
	for _, p := range g.props {
		c := g.clients[p.client]
		p.start = c.created.Add(g.r.duration(0, 60*day))
		if g.r.chance(0.2) {
			p.start = c.created.Add(g.r.duration(0, g.now.Sub(c.created)*7/10))
		}
		if p.parent >= 0 {
			p.start = maxTime(p.start, g.props[p.parent].start)
		}
		p.created = p.start.Add(-g.r.duration(day, 20*day))
		p.end, p.active = g.now, true
		inactive := !c.active || g.r.chance(0.025)
		var parent *prop
		if p.parent >= 0 {
			parent = g.props[p.parent]
			inactive = inactive || !parent.active
		}
		// A site let go stopped at least a month ago, after some months of work.
		switch room := g.now.Sub(p.start); {
		case !inactive:
		case room >= 240*day:
			p.active = false
			p.end = g.now.Add(-g.r.duration(30*day, min(540*day, room-200*day)))
		case room >= 60*day:
			p.active = false
			p.end = p.start.Add(room / 2)
		}
		if !p.active && parent != nil && !parent.active && parent.end.After(p.start.Add(30*day)) {
			p.end = parent.end
		}
		p.id = g.nextID(g.r)
	}
}

func round6(f float64) float64 { return math.Round(f*1e6) / 1e6 }

func (g *generator) streetNumber() int {
	if g.r.chance(0.7) {
		return g.r.between(1, 120)
	}
	return g.r.between(120, 680)
}

func (g *generator) propertyName(p *prop, kind propertyKind, s suburb) string {
	switch x := g.r.Float64(); {
	case kind.name == "residential" && x < 0.3:
		plan := map[string]string{"NSW": "SP", "VIC": "OC", "QLD": "CTS", "WA": "SP", "SA": "CT", "TAS": "SP", "ACT": "UP", "NT": "UP"}[s.state]
		return fmt.Sprintf("%s %d — %s", plan, g.r.between(10000, 99999), p.street)
	case x < 0.35:
		return p.street
	case x < 0.7:
		return pick(g.r, buildingWords) + " " + pick(g.r, kind.suffixes)
	default:
		return s.name + " " + pick(g.r, kind.suffixes)
	}
}

func (g *generator) makeTenancy(p, building *prop) {
	// Tenancies are in shopping centres and office buildings.
	if name := propertyKinds[building.kind].name; name != "retail" && name != "commercial" {
		building.kind = 1 + g.r.IntN(2)
		kind := propertyKinds[building.kind]
		building.name = pick(g.r, buildingWords) + " " + pick(g.r, kind.suffixes)
		building.weight = kind.size * g.r.lognormal(0.45)
	}
	p.parent = building.idx
	p.kind = building.kind
	label := pick(g.r, tenancyLabels)
	n := g.r.between(1, 40)
	if label == "Suite" {
		n = g.r.between(1, 30)*100 + g.r.between(1, 12)
	}
	unit := fmt.Sprintf("%s %d", label, n)
	p.name = unit + " — " + building.name
	p.street = unit + ", " + building.street
	p.suburb = building.suburb
	p.lat, p.lng = building.lat+(g.r.Float64()-0.5)*0.0004, building.lng+(g.r.Float64()-0.5)*0.0004
	p.lat, p.lng = round6(p.lat), round6(p.lng)
	p.floors = 1
	p.sprinkled = building.sprinkled
	p.weight = 0.25 * g.r.lognormal(0.3)
}

// planQuotas splits every dataset-wide count over the sites in proportion to
// their size (and, for work, to how long they have been serviced), and sets
// where each site's rows start.
func (g *generator) planQuotas() {
	n := len(g.props)
	size := make([]float64, n)
	work := make([]float64, n)
	for i, p := range g.props {
		years := p.end.Sub(p.start).Hours() / 24 / 365
		size[i] = p.weight
		work[i] = math.Pow(p.weight, 0.8) * math.Min(1.3, math.Max(0.25, years/4))
	}
	assets := apportion(g.counts.Assets, size, 2)
	tasks := apportion(g.counts.Tasks, work, 2)
	remarks := apportion(g.counts.Remarks, work, 0)
	quotes := apportion(g.counts.Quotes, work, 0)
	invoices := apportion(g.counts.Invoices, work, 0)
	var a, t, r, q, inv int
	for i, p := range g.props {
		p.nAssets, p.nTasks, p.nRemarks, p.nQuotes, p.nInvoices = assets[i], tasks[i], remarks[i], quotes[i], invoices[i]
		p.assetOff, p.taskOff, p.remarkOff, p.quoteOff, p.invoiceOff = a, t, r, q, inv
		a, t, r, q, inv = a+assets[i], t+tasks[i], r+remarks[i], q+quotes[i], inv+invoices[i]
	}
}

// visibleProps lists the properties a portal view of these clients shows:
// active properties of active clients.
func (g *generator) visibleProps(clients []int) []int {
	var out []int
	for _, ci := range clients {
		c := g.clients[ci]
		if !c.active {
			continue
		}
		for _, pi := range c.props {
			if g.props[pi].active {
				out = append(out, pi)
			}
		}
	}
	return out
}

// groupClients lists the clients of a group and of every group below it.
func (g *generator) groupClients(gi int) []int {
	var out []int
	for _, x := range g.subtree(gi) {
		out = append(out, g.groups[x].clients...)
	}
	return out
}
