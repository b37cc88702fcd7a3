package http_test

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"siteward/backend"
	sitehttp "siteward/backend/http"
)

// A cluster never tells of a property outside the view: not by its count,
// not by its colour, not by its box. Properties of an unrelated group and
// an inactive property of the view's own client stand exactly on the view's
// pins, every one with a critical defect; at every level, over the whole
// view and over an area, each view's clusters and pins add up to its own
// properties, no pin outside it is sent, and a cluster is only as bad as
// the view's own worst pin inside it. The property-limited user of the NSW
// group sees South Plaza alone, never North Tower's critical defect.
func TestPortalMap_ClustersNeverRevealOutsideTheView(t *testing.T) {
	for _, cached := range []bool{false, true} {
		t.Run(fmt.Sprint("cached=", cached), func(t *testing.T) {
			if cached {
				defer sitehttp.CacheEveryMap()()
			}
			w := newWorld(t)
			w.buildPanels()
			// Over each located property of the world: five active properties
			// of the unrelated group, each with a critical defect.
			for i, spot := range []string{"NorthTower", "NorthClosed", "SouthPlaza", "VicHouse", "OtherCourt"} {
				for k := range 5 {
					name := fmt.Sprintf("Intruder%d%d", i, k)
					w.property(name, "OtherClient", true)
					w.exec(`UPDATE properties SET lat = (SELECT lat FROM properties WHERE id = ?), lng = (SELECT lng FROM properties WHERE id = ?) WHERE id = ?`,
						w.ids[spot], w.ids[spot], w.ids[name])
					w.exec(`INSERT INTO remarks (id, property_id, severity, description, raised_at, published, published_at, created_at, updated_at)
						VALUES (?, ?, 'critical', 'Intruder', 'x', 1, 'x', 'x', 'x')`, backend.NewID(), w.ids[name])
				}
			}
			views := []struct {
				who, path, view string
				want            map[string]string // name → worst open defect
			}{
				{"north", "/api/portal/map", "SydneyNorth", map[string]string{"NorthTower": "critical"}},
				{"nsw", "/api/portal/map", "NSW", map[string]string{"NorthTower": "critical", "SouthPlaza": "non_critical"}},
				{"limited", "/api/portal/map", "NSW", map[string]string{"SouthPlaza": "non_critical"}},
				{"national", "/api/portal/map", "National", map[string]string{"NorthTower": "critical", "SouthPlaza": "non_critical", "VicHouse": "non_conformance"}},
				{"office", "/api/portal/map?asKind=group&asId={VIC}", "", map[string]string{"VicHouse": "non_conformance"}},
			}
			for _, v := range views {
				a := w.agent(v.who)
				if v.view != "" {
					a.chooseView("group", v.view)
				}
				own := mapAt(t, a, v.path, backend.MapMaxLevel).Pins
				got := map[string]string{}
				for _, p := range own {
					got[p.Name] = sevName(p.WorstSeverity)
				}
				if fmt.Sprint(got) != fmt.Sprint(v.want) {
					t.Fatalf("%s: pins %v, want %v", v.who, got, v.want)
				}
				areas := []string{"", "&west=151&south=-34.5&east=151.5&north=-33.5", "&west=144&south=-39&east=146&north=-37"}
				for level := 0; level <= backend.MapMaxLevel; level++ {
					for _, area := range areas {
						if area != "" && level > 9 {
							continue // too many cells for the area: refused (TestPortalMap_BadQueryNamesTheField)
						}
						m := mapAt(t, a, v.path+sep(v.path)+strings.TrimPrefix(area, "&"), level)
						where := fmt.Sprintf("%s level %d%s", v.who, level, area)
						if m.Total != len(v.want) || sumValues(m.Severities) != len(v.want) {
							t.Fatalf("%s: total %d, severities %v", where, m.Total, m.Severities)
						}
						inArea := 0
						for _, p := range own {
							if area == "" || inCellsOf(p.Lng, p.Lat, area, level) {
								inArea++
							}
						}
						sent := len(m.Pins)
						for _, p := range m.Pins {
							if _, ok := v.want[p.Name]; !ok {
								t.Fatalf("%s: pin %s is outside the view", where, p.Name)
							}
						}
						for _, c := range m.Clusters {
							sent += c.Count
							worst := ""
							n := 0
							for _, p := range own {
								if p.Lng >= c.Area.West && p.Lng <= c.Area.East && p.Lat >= c.Area.South && p.Lat <= c.Area.North {
									n++
									if s := sevName(p.WorstSeverity); worst == "" || rank(s) < rank(worst) {
										worst = s
									}
								}
							}
							// Merged from neighbouring cells, its box may hold more of
							// the view's pins, never fewer, nor only better ones.
							if n < c.Count || worst == "" || rank(sevName(c.Worst)) < rank(worst) || sumInts(c.Counts) != c.Count {
								t.Fatalf("%s: cluster %+v, the view has %d pins in its box, worst %s", where, c, n, worst)
							}
						}
						if sent != inArea {
							t.Fatalf("%s: %d pins in the answer, the view has %d there", where, sent, inArea)
						}
					}
				}
			}
		})
	}
}

func sumInts(s []int) int {
	n := 0
	for _, v := range s {
		n += v
	}
	return n
}

func sumValues(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// rank orders "critical" … "information", then "none".
func rank(s string) int {
	if i := slices.Index(backend.Severities, backend.Severity(s)); i >= 0 {
		return i
	}
	return len(backend.Severities)
}

// inCellsOf: whether lng, lat is in a cell of level that meets the area
// "&west=…&south=…&east=…&north=…".
func inCellsOf(lng, lat float64, area string, level int) bool {
	var west, south, east, north float64
	if _, err := fmt.Sscanf(area, "&west=%g&south=%g&east=%g&north=%g", &west, &south, &east, &north); err != nil {
		panic(err)
	}
	d := backend.MapCellDegrees(level)
	cell := func(v float64) float64 { return math.Floor(v / d) }
	return cell(lng) >= cell(west) && cell(lng) <= cell(east) && cell(lat) >= cell(south) && cell(lat) <= cell(north)
}

// A bad map query is refused with the field it is about, whoever asks.
func TestPortalMap_BadQueryNamesTheField(t *testing.T) {
	w := newWorld(t)
	w.buildPanels()
	a := w.agent("nsw")
	a.chooseView("group", "NSW")
	for q, field := range map[string]string{
		"level=15":                            "level",
		"level=-1":                            "level",
		"level=two":                           "level",
		"width=5":                             "width",
		"height=x":                            "height",
		"level=3&west=151&south=-34&east=152": "area",
		"level=3&west=152&south=-34&east=151&north=-33":  "area",
		"level=3&west=151&south=-33&east=152&north=-34":  "area",
		"level=3&west=151&south=-34&east=152&north=-95":  "north",
		"level=3&west=abc&south=-34&east=152&north=-33":  "west",
		"west=151&south=-34&east=152&north=-33":          "level",
		"level=14&west=110&south=-44&east=155&north=-10": "area",
	} {
		status, body := a.do("GET", "/api/portal/map?"+q, "")
		if status != 400 || !strings.Contains(body, `"`+field+`"`) {
			t.Errorf("%s: %d %s, want 400 naming %s", q, status, body, field)
		}
	}
	// The biggest area allowed at the deepest level is answered.
	if status, body := a.do("GET", "/api/portal/map?level=14&west=151.1&south=-34.3&east=151.3&north=-33.7", ""); status != 200 {
		t.Fatalf("%d %s", status, body)
	}
}
