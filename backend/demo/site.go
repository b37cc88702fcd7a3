package demo

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// site is one property's generated records, made from the property's own
// random stream so both passes of load make the same rows.
type site struct {
	g   *generator
	p   *prop
	c   *client
	r   *rng
	loc *time.Location
	now time.Time // the end of the site's work: Now, or when it was deactivated

	floorplans []floorplanRow
	assets     []assetRow
	routines   []routineRow
	tasks      []taskRow
	remarks    []remarkRow
	quotes     []quoteRow
	invoices   []invoiceRow
}

type floorplanRow struct {
	id, name string
	file     *storedFile
}

type assetRow struct {
	id, typ, level, location, barcode string
	esm                               bool
	floorplan                         int
	pinX, pinY                        float64
	lastService                       time.Time
	lastResult                        string
}

type taskRow struct {
	id                    string
	routine, asset, tech  int
	kind, priority, stage string
	title, description    string
	scheduled, due        time.Time
	tolerance             int
	performed, completed  time.Time
	created, updated      time.Time
}

func (t *taskRow) done() bool { return t.stage == "performed" || t.stage == "complete" }

var assetTypes = []string{"Extinguisher", "Hydrant", "Hose reel", "Exit light", "Emergency light", "Fire door",
	"Sprinkler system", "Detector", "Fire indicator panel"}

// Shares of the everyday asset types (sprinkler systems and panels are added per building).
var assetWeights = map[string]float64{"Extinguisher": 30, "Hydrant": 3, "Hose reel": 5, "Exit light": 15,
	"Emergency light": 22, "Fire door": 7, "Detector": 15}

var esmChance = map[string]float64{"Extinguisher": 0.85, "Hydrant": 1, "Hose reel": 0.9, "Exit light": 0.95,
	"Emergency light": 0.95, "Fire door": 1, "Sprinkler system": 1, "Detector": 0.9, "Fire indicator panel": 1}

var assetSpots = map[string][]string{
	"Extinguisher":         {"lift lobby", "kitchen", "plant room", "main entry", "east corridor", "switchboard room", "loading dock", "car park bay 12"},
	"Hydrant":              {"fire stairs landing", "car park ramp", "hydrant pump room", "booster assembly, street frontage"},
	"Hose reel":            {"stairwell", "west corridor", "car park", "loading dock"},
	"Exit light":           {"stairwell door", "corridor exit", "main entry", "fire stairs"},
	"Emergency light":      {"corridor", "stairwell", "lift lobby", "car park", "plant room"},
	"Fire door":            {"stairwell door", "plant room door", "riser cupboard", "fire stairs entry"},
	"Sprinkler system":     {"sprinkler valve room", "pump room"},
	"Detector":             {"corridor", "lift motor room", "office area", "apartment hallway", "switch room"},
	"Fire indicator panel": {"fire control room", "main entry foyer", "building manager's office"},
}

// groundSpots are only on the ground floor (or a basement car park).
var groundSpots = map[string]bool{"main entry": true, "loading dock": true, "car park bay 12": true, "car park ramp": true,
	"booster assembly, street frontage": true, "car park": true, "main entry foyer": true, "fire control room": true}

// generateSite makes every record of one property.
func (g *generator) generateSite(p *prop) *site {
	s := &site{g: g, p: p, c: g.clients[p.client], r: newRNG(g.opt.Seed, uint64(1+p.idx)), loc: stateZones[suburbs[p.suburb].state], now: p.end}
	s.makeAssets()
	s.makeRoutineTasks()
	s.makeReactiveTasks()
	s.makeRemarks()
	s.makeQuotes()
	s.makeInvoices()
	s.settleInactive()
	s.setLastService()
	return s
}

// levels lists where on the site assets can be.
func (s *site) levels() []string {
	var out []string
	if s.p.floors > 3 && s.r.chance(0.6) {
		out = append(out, "Basement B1")
		if s.p.floors > 15 {
			out = append(out, "Basement B2")
		}
	}
	out = append(out, "Ground floor")
	for i := 1; i < s.p.floors; i++ {
		out = append(out, fmt.Sprintf("Level %d", i))
	}
	return out
}

func (s *site) makeAssets() {
	r, p := s.r, s.p
	levels := s.levels()
	var types []string
	if p.nAssets >= 6 {
		types = append(types, "Fire indicator panel")
		if p.sprinkled {
			types = append(types, "Sprinkler system")
		}
	}
	names := []string{"Extinguisher", "Hydrant", "Hose reel", "Exit light", "Emergency light", "Fire door", "Detector"}
	weights := make([]float64, len(names))
	for i, n := range names {
		weights[i] = assetWeights[n]
		if propertyKinds[p.kind].name == "industrial" && (n == "Extinguisher" || n == "Hose reel" || n == "Hydrant") {
			weights[i] *= 1.6
		}
	}
	for len(types) < p.nAssets {
		types = append(types, names[r.weighted(weights)])
	}
	if p.parent < 0 && p.nAssets >= 8 && r.chance(0.15) {
		for i := range r.between(1, min(2, len(levels))) {
			name := levels[i]
			if levels[0] != "Ground floor" {
				name = levels[i+1]
			}
			s.floorplans = append(s.floorplans, floorplanRow{id: s.g.nextID(r), name: name, file: pick(r, s.g.files.floorplans)})
		}
	}
	for i, typ := range types {
		a := assetRow{typ: typ, floorplan: -1, esm: r.chance(esmChance[typ])}
		switch typ {
		case "Fire indicator panel":
			a.level = "Ground floor"
		case "Sprinkler system":
			a.level = levels[0]
		default:
			a.level = pick(r, levels)
		}
		spot := pick(r, assetSpots[typ])
		if groundSpots[spot] {
			a.level = "Ground floor"
			if strings.HasPrefix(spot, "car park") && levels[0] != "Ground floor" {
				a.level = levels[0]
			}
		}
		a.location = a.level + " " + spot
		if r.chance(0.92) {
			// A bijection of the asset's index mod 10^8: unique, not sequential.
			a.barcode = fmt.Sprintf("SW%08d", (int64(p.assetOff+i)*2654435761+12345678)%100_000_000)
		}
		for fi, fp := range s.floorplans {
			if fp.name == a.level && r.chance(0.85) {
				a.floorplan = fi
				a.pinX = math.Round((0.05+0.9*r.Float64())*1000) / 1000
				a.pinY = math.Round((0.05+0.9*r.Float64())*1000) / 1000
			}
		}
		a.id = s.g.nextID(r)
		s.assets = append(s.assets, a)
	}
}

// assetsOfType lists the site's assets whose type is in types (all if types is nil).
func (s *site) assetsOfType(types []string) []int {
	var out []int
	for i, a := range s.assets {
		if types == nil || contains(types, a.typ) {
			out = append(out, i)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// businessTime is a random moment in working hours on t's local day.
func (s *site) businessTime(t time.Time) time.Time { return s.r.atWorkHours(t, s.loc) }

// clampNow keeps t at or before the site's end.
func (s *site) clampNow(t time.Time) time.Time { return minTime(t, s.now) }

// tech picks a technician.
func (s *site) tech() int { return s.r.IntN(len(s.g.techs)) }

// settleInactive closes what was open when a site was deactivated.
func (s *site) settleInactive() {
	if s.p.active {
		return
	}
	for i := range s.tasks {
		t := &s.tasks[i]
		switch t.stage {
		case "performed":
			t.stage, t.completed, t.updated = "complete", s.now, s.now
		case "ready", "onhold", "inprogress":
			t.stage, t.updated = "cancelled", s.now
		}
	}
	for i := range s.quotes {
		q := &s.quotes[i]
		switch q.status {
		case "draft":
			q.status, q.updated = "deleted", s.now
		case "submitted":
			q.status, q.expires, q.updated = "expired", minTime(q.expires, s.now), s.now
		}
	}
}
