package backend

import (
	"encoding/json"
	"math"
	"slices"
)

// The portal map of a big view is drawn as clusters (docs/decisions.md,
// "Portal map clusters"): the pins of the view are counted in a grid of
// square cells, MapCellDegrees(level) degrees a side, aligned to whole
// multiples of the cell so a cell's pins do not change as the map is
// moved. A cell holding one pin is sent as that pin, any other as a
// cluster: where its pins are on average, how many, the worst open
// defect among them, how many of each, and the box they fill (a click
// zooms to it); clusters that would be drawn overlapping are merged. At
// MapMaxLevel every pin is sent as itself. The clusters are made from the
// view's own pins (PortalMap), so nothing outside the view is counted.
const (
	// MapMaxLevel is the deepest level: cells of ~300 m, where the pins
	// themselves are drawn.
	MapMaxLevel = 14
	// mapCellPixels is how wide a cell is drawn when the level is chosen
	// for a map's size (AutoMapLevel); the browser chooses the same way.
	mapCellPixels = 56
	// MapMaxCells bounds an answer: an area of more cells than this at the
	// asked level is refused (the browser never asks for one).
	MapMaxCells = 20000
)

// MapCellDegrees is the side of a cell at level: 45° at level 0, halved at
// each level below.
func MapCellDegrees(level int) float64 { return 45 / math.Exp2(float64(level)) }

// MapArea is a box of the map in degrees.
type MapArea struct {
	West, South, East, North float64
}

// MarshalJSON writes the box as [west, south, east, north].
func (a MapArea) MarshalJSON() ([]byte, error) {
	return json.Marshal([4]float64{round5(a.West), round5(a.South), round5(a.East), round5(a.North)})
}

// UnmarshalJSON reads [west, south, east, north].
func (a *MapArea) UnmarshalJSON(b []byte) error {
	var v [4]float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*a = MapArea{West: v[0], South: v[1], East: v[2], North: v[3]}
	return nil
}

// Cells is how many cells of level the area spans (partly covered ones included).
func (a MapArea) Cells(level int) float64 {
	d := MapCellDegrees(level)
	return (math.Floor(a.East/d) - math.Floor(a.West/d) + 1) * (math.Floor(a.North/d) - math.Floor(a.South/d) + 1)
}

func (a *MapArea) add(lng, lat float64) {
	a.West, a.East = math.Min(a.West, lng), math.Max(a.East, lng)
	a.South, a.North = math.Min(a.South, lat), math.Max(a.North, lat)
}

// MapCluster is the pins of one cell, two or more.
type MapCluster struct {
	Lng, Lat float64   // where its pins are on average
	Count    int       // how many pins
	Worst    *Severity // the worst open published defect among them; nil: none
	Area     MapArea   // the box its pins fill
	// Counts is how many of its pins have each worst open defect, in the
	// order of Severities, then those with none.
	Counts []int
}

// MarshalJSON writes the cluster as [lng, lat, count, worst, west, south,
// east, north, counts].
func (c MapCluster) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{round5(c.Lng), round5(c.Lat), c.Count, c.Worst,
		round5(c.Area.West), round5(c.Area.South), round5(c.Area.East), round5(c.Area.North), c.Counts})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (c *MapCluster) UnmarshalJSON(b []byte) error {
	var v [9]json.RawMessage
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	return unmarshalAll(v[:], &c.Lng, &c.Lat, &c.Count, &c.Worst, &c.Area.West, &c.Area.South, &c.Area.East, &c.Area.North, &c.Counts)
}

// MapPins go in an answer as arrays, [id, name, address, lng, lat, worst]:
// no key repeated for each of thousands of pins.
type MapPins []*MapPin

// MarshalJSON writes each pin as [id, name, address, lng, lat, worst].
func (ps MapPins) MarshalJSON() ([]byte, error) {
	out := make([][]any, len(ps))
	for i, p := range ps {
		out[i] = []any{p.ID, p.Name, p.Address, round5(p.Lng), round5(p.Lat), p.WorstSeverity}
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads pins written by MarshalJSON.
func (ps *MapPins) UnmarshalJSON(b []byte) error {
	var rows [][6]json.RawMessage
	if err := json.Unmarshal(b, &rows); err != nil {
		return err
	}
	*ps = make(MapPins, len(rows))
	for i, v := range rows {
		p := &MapPin{}
		if err := unmarshalAll(v[:], &p.ID, &p.Name, &p.Address, &p.Lng, &p.Lat, &p.WorstSeverity); err != nil {
			return err
		}
		(*ps)[i] = p
	}
	return nil
}

func unmarshalAll(raw []json.RawMessage, into ...any) error {
	for i, r := range raw {
		if err := json.Unmarshal(r, into[i]); err != nil {
			return err
		}
	}
	return nil
}

// MapClusters is the map panel's answer (GET /api/portal/map): the view's
// pins at one level, in one area or everywhere.
type MapClusters struct {
	Level int `json:"level"`
	// Total is how many of the view's properties have a location, Unmapped
	// how many have none; Bounds the box of every located one (nil if none).
	Total    int      `json:"total"`
	Unmapped int      `json:"unmapped"`
	Bounds   *MapArea `json:"bounds"`
	// Severities counts the view's pins by worst open defect ("none": no
	// open defects), for the legend.
	Severities map[string]int `json:"severities"`
	Clusters   []MapCluster   `json:"clusters"`
	Pins       MapPins        `json:"pins"`
}

// Bounds is the box of m's pins; nil if there are none.
func (m *PortalMap) Bounds() *MapArea {
	var b *MapArea
	for _, p := range m.Pins {
		if b == nil {
			b = &MapArea{West: p.Lng, East: p.Lng, South: p.Lat, North: p.Lat}
		}
		b.add(p.Lng, p.Lat)
	}
	return b
}

// AutoMapLevel is the level at which the whole of bounds, drawn in a map
// of width × height pixels, has cells about mapCellPixels wide: as the
// browser fits the view (at least 3° each way, 8 % margins).
func AutoMapLevel(bounds *MapArea, width, height int) int {
	if bounds == nil || width <= 0 || height <= 0 {
		return 0
	}
	lat := math.Max(bounds.North-bounds.South, 3) * 1.16
	lng := math.Max(bounds.East-bounds.West, 3) * 1.16 * math.Cos((bounds.North+bounds.South)/2*math.Pi/180)
	pxPerDegree := math.Min(float64(width)/lng, float64(height)/lat)
	level := int(math.Round(math.Log2(45 * pxPerDegree / mapCellPixels)))
	return min(max(level, 0), MapMaxLevel)
}

// ClusterMap counts m's pins at level; with area, only the cells that meet
// it are sent (Total, Bounds and Severities are always the whole view's).
// Neighbouring cells whose clusters would be drawn overlapping (centres
// closer than mapMergeCells of a cell) are merged into one, the biggest
// first, so a cluster's pins can come from up to nine cells. Clusters and
// pins come in a fixed order (by cell, pins by name as in m).
func ClusterMap(m *PortalMap, level int, area *MapArea) *MapClusters {
	out := &MapClusters{Level: level, Total: len(m.Pins), Unmapped: m.Unmapped,
		Bounds: m.Bounds(), Severities: map[string]int{}, Clusters: []MapCluster{}, Pins: MapPins{}}
	d := MapCellDegrees(level)
	cellOf := func(lng, lat float64) cellKey {
		return cellKey{int64(math.Floor(lng / d)), int64(math.Floor(lat / d))}
	}
	var lo, hi cellKey
	if area != nil {
		lo, hi = cellOf(area.West, area.South), cellOf(area.East, area.North)
	}
	cells := map[cellKey]*mapGroup{}
	var order []*mapGroup
	for _, p := range m.Pins {
		out.Severities[severityKey(p.WorstSeverity)]++
		k := cellOf(p.Lng, p.Lat)
		if area != nil && (k.x < lo.x || k.x > hi.x || k.y < lo.y || k.y > hi.y) {
			continue
		}
		g := cells[k]
		if g == nil {
			g = &mapGroup{key: k, area: MapArea{West: p.Lng, East: p.Lng, South: p.Lat, North: p.Lat}}
			cells[k] = g
			order = append(order, g)
		}
		g.add(p)
	}
	slices.SortFunc(order, func(a, b *mapGroup) int { return a.key.compare(b.key) })
	if level < MapMaxLevel {
		mergeNeighbours(order, cells, d)
	}
	for _, g := range order {
		switch {
		case g.merged:
		case len(g.pins) == 1 || level >= MapMaxLevel:
			out.Pins = append(out.Pins, g.pins...)
		default:
			out.Clusters = append(out.Clusters, g.cluster())
		}
	}
	return out
}

// mapMergeCells: clusters closer than this many cells are drawn as one.
const mapMergeCells = 0.6

type cellKey struct{ x, y int64 }

// compare orders cells north first, then west to east.
func (a cellKey) compare(b cellKey) int {
	if a.y != b.y {
		return cmpInt(b.y, a.y)
	}
	return cmpInt(a.x, b.x)
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// mapGroup is the pins of a cell, and of the neighbours merged into it.
type mapGroup struct {
	key      cellKey
	pins     []*MapPin
	lng, lat float64 // sums
	area     MapArea
	merged   bool // merged into another group
}

func (g *mapGroup) add(p *MapPin) {
	g.pins = append(g.pins, p)
	g.lng += p.Lng
	g.lat += p.Lat
	g.area.add(p.Lng, p.Lat)
}

func (g *mapGroup) centre() (lng, lat float64) {
	n := float64(len(g.pins))
	return g.lng / n, g.lat / n
}

func (g *mapGroup) absorb(o *mapGroup) {
	g.pins = append(g.pins, o.pins...)
	g.lng += o.lng
	g.lat += o.lat
	g.area.add(o.area.West, o.area.South)
	g.area.add(o.area.East, o.area.North)
	o.merged = true
}

func (g *mapGroup) cluster() MapCluster {
	c := MapCluster{Count: len(g.pins), Area: g.area, Counts: make([]int, len(Severities)+1)}
	// The mean, kept inside the box against rounding.
	c.Lng, c.Lat = g.centre()
	c.Lng, c.Lat = min(max(c.Lng, g.area.West), g.area.East), min(max(c.Lat, g.area.South), g.area.North)
	for _, p := range g.pins {
		c.Worst = worseSeverity(c.Worst, p.WorstSeverity)
		if p.WorstSeverity == nil {
			c.Counts[len(Severities)]++
		} else {
			c.Counts[slices.Index(Severities, *p.WorstSeverity)]++
		}
	}
	return c
}

// mergeNeighbours merges each group, biggest first, with the groups of the
// eight cells around it whose centres are within mapMergeCells of a cell of
// its own (a degree of longitude counted as the cosine of the latitude, as
// the map draws it).
func mergeNeighbours(order []*mapGroup, cells map[cellKey]*mapGroup, d float64) {
	seeds := slices.Clone(order)
	slices.SortStableFunc(seeds, func(a, b *mapGroup) int { return cmpInt(int64(len(b.pins)), int64(len(a.pins))) })
	limit := mapMergeCells * d
	for _, g := range seeds {
		if g.merged {
			continue
		}
		for dy := int64(1); dy >= -1; dy-- {
			for dx := int64(-1); dx <= 1; dx++ {
				o := cells[cellKey{g.key.x + dx, g.key.y + dy}]
				if o == nil || o == g || o.merged {
					continue
				}
				glng, glat := g.centre()
				olng, olat := o.centre()
				if math.Hypot((glng-olng)*math.Cos(glat*math.Pi/180), glat-olat) < limit {
					g.absorb(o)
				}
			}
		}
	}
}

// SeverityNone is the Severities key of pins with no open defect.
const SeverityNone = "none"

func severityKey(s *Severity) string {
	if s == nil {
		return SeverityNone
	}
	return string(*s)
}

// worseSeverity returns the worse of a and b (nil: no defect, the least).
func worseSeverity(a, b *Severity) *Severity {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	if slices.Index(Severities, *b) < slices.Index(Severities, *a) {
		return b
	}
	return a
}

// round5 rounds degrees to 5 decimals (about a metre).
func round5(x float64) float64 { return math.Round(x*1e5) / 1e5 }
