package demo

import (
	"fmt"
	"time"
)

// groupKind is a client group's place in a company's structure:
// National → State → Region → Portfolio → Sub-portfolio → Precinct (depth ≤ 6).
type groupKind int

const (
	gkNational     groupKind = iota // a national company (root)
	gkStateCompany                  // a company working in one state (root)
	gkLocal                         // a local company (root) with portfolios at most
	gkState
	gkRegion
	gkPortfolio
	gkSub
	gkCluster
)

type group struct {
	idx      int
	id       string
	name     string
	parent   int // -1 for a root
	root     int
	kind     groupKind
	depth    int    // 1 for a root
	short    string // the company's short name ("Harbour Strata")
	domain   string // the company's email domain
	state    string // set from the state level down (and on state-bound roots)
	region   string // set from the region level down
	pkind    string // portfolio label, set from the portfolio level down
	created  time.Time
	children []int
	clients  []int
}

// childKind says what a group's children are.
func (k groupKind) child() (groupKind, bool) {
	switch k {
	case gkNational:
		return gkState, true
	case gkStateCompany, gkState:
		return gkRegion, true
	case gkLocal, gkRegion:
		return gkPortfolio, true
	case gkPortfolio:
		return gkSub, true
	case gkSub:
		return gkCluster, true
	}
	return 0, false
}

// capacity is the most groups a subtree of kind k (in state) can hold with
// distinct labels at every level.
func (g *generator) capacity(k groupKind, state string) int {
	switch k {
	case gkCluster:
		return 1
	case gkSub:
		return 1 + len(clusterLabels)
	case gkPortfolio:
		return 1 + len(subPortfolioLabels)*g.capacity(gkSub, state)
	case gkRegion, gkLocal:
		return 1 + len(portfolioKinds)*g.capacity(gkPortfolio, state)
	case gkState, gkStateCompany:
		return 1 + len(g.geo.regions[state])*g.capacity(gkRegion, state)
	}
	n := 1
	for _, s := range states {
		n += g.capacity(gkState, s)
	}
	return n
}

// planGroups builds exactly counts.ClientGroups groups as company trees. The
// first root is a national company shaped so the demo logins exist: at least
// two states, one with at least two regions, the first of which has a
// portfolio below it. The second root is a company with children too.
func (g *generator) planGroups() error {
	total := g.counts.ClientGroups
	companies := g.companyOrder()
	left := total
	for root := 0; left > 0; root++ {
		if root >= len(companies) {
			return fmt.Errorf("demo: ran out of company names for %d groups", total)
		}
		var size int
		switch root {
		case 0:
			size = max(8, total*15/100)
		case 1:
			size = max(4, total*5/100)
		default:
			switch g.r.weighted([]float64{35, 30, 25, 10}) {
			case 0:
				size = 1
			case 1:
				size = g.r.between(2, 4)
			case 2:
				size = g.r.between(5, 12)
			default:
				size = g.r.between(13, 40)
			}
		}
		size = min(size, left)
		kind := gkLocal
		state, region := states[g.r.weighted(stateWeights)], ""
		switch {
		case root == 0 || size > 12:
			kind = gkNational
			state = ""
		case root == 1 || (size > 1 && g.r.chance(0.5)):
			kind = gkStateCompany
		default:
			region = pick(g.r, g.geo.regions[state])
		}
		if root == 0 {
			size = max(size, forcedNeed(gkNational))
		}
		size = min(size, g.capacity(kind, state))
		c := companies[root]
		grp := &group{parent: -1, kind: kind, depth: 1, short: c.short, domain: c.domain, state: state, region: region,
			name: c.full, created: g.now.Add(-g.r.duration(1300*day, 1900*day))}
		used := g.buildGroup(grp, size, root == 0)
		left -= used
	}
	return nil
}

type company struct{ full, short, domain string }

// companyOrder returns every company name in a seeded order.
func (g *generator) companyOrder() []company {
	var out []company
	for _, p := range companyPrefixes {
		for _, k := range companyKinds {
			out = append(out, company{p + " " + k.full, p + " " + k.short, emailPart(p+k.short) + ".com.au"})
		}
	}
	g.r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	// One company per prefix first, so roots do not look like one family.
	seen := map[string]bool{}
	var first, rest []company
	for _, c := range out {
		prefix := c.short[:len(c.short)-len(lastWordOf(c))]
		if seen[prefix] {
			rest = append(rest, c)
		} else {
			seen[prefix] = true
			first = append(first, c)
		}
	}
	return append(first, rest...)
}

func lastWordOf(c company) string {
	for _, k := range companyKinds {
		if len(c.full) >= len(k.full) && c.full[len(c.full)-len(k.full):] == k.full {
			return k.short
		}
	}
	return ""
}

// buildGroup adds grp and a subtree of exactly budget groups (budget is
// within grp's capacity) and returns budget. forced shapes the first
// national company (see planGroups).
func (g *generator) buildGroup(grp *group, budget int, forced bool) int {
	grp.idx = len(g.groups)
	grp.id = g.nextID(g.r)
	if grp.parent < 0 {
		grp.root = grp.idx
	}
	g.groups = append(g.groups, grp)
	rest := budget - 1
	ck, ok := grp.kind.child()
	if rest == 0 || !ok {
		return 1
	}
	labels := g.childLabels(grp, ck)
	if forced && grp.kind == gkNational {
		// The first state must have two regions to make a regional login.
		for i, s := range labels {
			if len(g.geo.regions[s]) >= 2 {
				labels[0], labels[i] = labels[i], labels[0]
				break
			}
		}
	}
	childCap := func(label string) int {
		if ck == gkState {
			return g.capacity(ck, label)
		}
		return g.capacity(ck, grp.state)
	}
	maxFan := map[groupKind]int{gkState: 5, gkRegion: 4, gkPortfolio: 4, gkSub: 3, gkCluster: 3}[ck]
	n := g.r.between(1, min(rest, maxFan, len(labels)))
	if forced {
		need := forcedNeed(ck)
		n = min(n, rest-need+1)
		n = max(n, min(forcedKids[grp.kind], rest-need+1))
	}
	// Enough children to hold the budget.
	for n < len(labels) {
		room := 0
		for _, l := range labels[:n] {
			room += childCap(l)
		}
		if room >= rest {
			break
		}
		n++
	}
	labels = labels[:n]
	weights := make([]float64, n)
	for i := range weights {
		weights[i] = g.r.lognormal(0.6)
	}
	shares := apportion(rest, weights, 1)
	if forced {
		need := forcedNeed(ck)
		for i := 1; shares[0] < need && i < n; i++ {
			for shares[i] > 1 && shares[0] < need {
				shares[i]--
				shares[0]++
			}
		}
	}
	// Move what a child cannot hold to siblings with room.
	for i := range shares {
		if over := shares[i] - childCap(labels[i]); over > 0 {
			shares[i] -= over
			for j := range shares {
				for over > 0 && shares[j] < childCap(labels[j]) {
					shares[j]++
					over--
				}
			}
		}
	}
	for i, label := range labels {
		kid := &group{parent: grp.idx, root: grp.root, kind: ck, depth: grp.depth + 1, short: grp.short, domain: grp.domain,
			state: grp.state, region: grp.region, pkind: grp.pkind}
		kid.created = grp.created.Add(g.r.duration(day, 200*day))
		switch ck {
		case gkState:
			kid.state = label
			kid.name = grp.short + " " + label
		case gkRegion:
			kid.region = label
			kid.name = grp.short + " " + label
		case gkPortfolio:
			kid.pkind = label
			if grp.region != "" && grp.kind != gkLocal {
				kid.name = grp.short + " " + grp.region + " " + label
			} else {
				kid.name = grp.short + " " + label
			}
		default:
			kid.name = grp.name + " — " + label
		}
		g.buildGroup(kid, shares[i], forced && i == 0)
		grp.children = append(grp.children, kid.idx)
	}
	return budget
}

// forcedKids and forcedNeed shape the first national company: two states,
// the first with two regions, and below the first region a chain down to a
// precinct, so the deepest nesting (6) is always there.
var forcedKids = map[groupKind]int{gkNational: 2, gkState: 2, gkRegion: 1, gkPortfolio: 1, gkSub: 1}

// forcedNeed is the least budget a forced group of kind k needs.
func forcedNeed(k groupKind) int {
	switch k {
	case gkState:
		return 1 + forcedNeed(gkRegion) + 1
	case gkRegion:
		return 1 + forcedNeed(gkPortfolio)
	case gkPortfolio:
		return 1 + forcedNeed(gkSub)
	case gkSub:
		return 1 + forcedNeed(gkCluster)
	case gkNational:
		return 1 + forcedNeed(gkState) + 1
	}
	return 1
}

// childLabels lists the distinct labels grp's children may take, in a seeded order.
func (g *generator) childLabels(grp *group, ck groupKind) []string {
	var src []string
	switch ck {
	case gkState:
		// States by weight, without replacement.
		w := append([]float64(nil), stateWeights...)
		for range states {
			i := g.r.weighted(w)
			src = append(src, states[i])
			w[i] = 0
		}
		return src
	case gkRegion:
		src = g.geo.regions[grp.state]
	case gkPortfolio:
		src = portfolioKinds
	case gkSub:
		src = subPortfolioLabels
	case gkCluster:
		src = clusterLabels
	}
	out := append([]string(nil), src...)
	g.r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

// subtree returns grp and every group below it.
func (g *generator) subtree(idx int) []int {
	out := []int{idx}
	for i := 0; i < len(out); i++ {
		out = append(out, g.groups[out[i]].children...)
	}
	return out
}
