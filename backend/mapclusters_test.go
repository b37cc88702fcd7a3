package backend

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

func sev(s Severity) *Severity { return &s }

// Every pin is in exactly one cluster or sent as itself, at every level;
// a cluster's count, worst defect and box are its pins'; an area sends only
// the cells that meet it, while the totals stay the whole view's.
func TestClusterMap_EveryPinOnceAtEveryLevel(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	m := &PortalMap{Unmapped: 2}
	sevs := []*Severity{nil, nil, nil, sev(SeverityCritical), sev(SeverityNonConformance), sev(SeverityRecommendation)}
	for i := range 2000 {
		// Around four cities, and a few exactly on top of each other.
		city := [][2]float64{{151.2, -33.9}, {145.0, -37.8}, {153.0, -27.5}, {115.9, -32.0}}[i%4]
		lng, lat := city[0]+r.NormFloat64()*0.3, city[1]+r.NormFloat64()*0.3
		if i%100 == 0 {
			lng, lat = 151.2, -33.9
		}
		m.Pins = append(m.Pins, &MapPin{ID: fmt.Sprint(i), Name: fmt.Sprintf("P%04d", i), Lng: lng, Lat: lat, WorstSeverity: sevs[r.IntN(len(sevs))]})
	}
	areas := []*MapArea{nil, {West: 150, South: -35, East: 152, North: -33}, {West: 100, South: 0, East: 101, North: 1}}
	for level := 0; level <= MapMaxLevel; level++ {
		for _, area := range areas {
			got := ClusterMap(m, level, area)
			if got.Total != 2000 || got.Unmapped != 2 || got.Level != level {
				t.Fatalf("level %d: total %d unmapped %d level %d", level, got.Total, got.Unmapped, got.Level)
			}
			sum := 0
			for _, n := range got.Severities {
				sum += n
			}
			if sum != 2000 {
				t.Fatalf("level %d: severities add up to %d", level, sum)
			}
			want := 0
			for _, p := range m.Pins {
				if inCells(p, level, area) {
					want++
				}
			}
			seen := len(got.Pins)
			for _, c := range got.Clusters {
				if c.Count < 2 || level == MapMaxLevel {
					t.Fatalf("level %d: cluster of %d", level, c.Count)
				}
				// Its counts by severity add up, its colour is its worst, and
				// its box holds at least its pins.
				var worst *Severity
				sum, inBox := 0, 0
				for i, n := range c.Counts {
					sum += n
					if n > 0 && worst == nil && i < len(Severities) {
						worst = &Severities[i]
					}
				}
				for _, p := range m.Pins {
					if p.Lng >= c.Area.West && p.Lng <= c.Area.East && p.Lat >= c.Area.South && p.Lat <= c.Area.North {
						inBox++
					}
				}
				if sum != c.Count || !reflect.DeepEqual(worst, c.Worst) || inBox < c.Count ||
					c.Lng < c.Area.West || c.Lng > c.Area.East || c.Lat < c.Area.South || c.Lat > c.Area.North {
					t.Fatalf("level %d: cluster %+v (counts add to %d, worst %v, %d pins in its box)", level, c, sum, worst, inBox)
				}
				seen += c.Count
			}
			if seen != want {
				t.Fatalf("level %d area %v: %d pins sent, %d in the area's cells", level, area, seen, want)
			}
		}
	}
	if top := ClusterMap(m, 0, nil); len(top.Clusters) > 8 || len(top.Pins) != 0 {
		t.Fatalf("level 0: %d clusters, %d pins", len(top.Clusters), len(top.Pins))
	}
	if deep := ClusterMap(m, MapMaxLevel, nil); len(deep.Pins) != 2000 {
		t.Fatalf("deepest level: %d pins", len(deep.Pins))
	}
}

func cellOfPin(p *MapPin, level int) [2]int64 {
	d := MapCellDegrees(level)
	return [2]int64{int64(math.Floor(p.Lng / d)), int64(math.Floor(p.Lat / d))}
}

func inCells(p *MapPin, level int, a *MapArea) bool {
	if a == nil {
		return true
	}
	c := cellOfPin(p, level)
	lo, hi := cellOfPin(&MapPin{Lng: a.West, Lat: a.South}, level), cellOfPin(&MapPin{Lng: a.East, Lat: a.North}, level)
	return c[0] >= lo[0] && c[0] <= hi[0] && c[1] >= lo[1] && c[1] <= hi[1]
}

// Clusters of neighbouring cells that would be drawn on top of each other
// are one; those a cell apart are not.
func TestClusterMap_MergesOverlappingNeighbours(t *testing.T) {
	d := MapCellDegrees(6)
	border := 150 * d // a cell border at level 6
	m := &PortalMap{Pins: []*MapPin{
		{ID: "w1", Name: "W1", Lng: border - 0.01*d, Lat: -0.5 * d},
		{ID: "w2", Name: "W2", Lng: border - 0.02*d, Lat: -0.5 * d, WorstSeverity: sev(SeverityCritical)},
		{ID: "e1", Name: "E1", Lng: border + 0.01*d, Lat: -0.5 * d},
		// Two cells further east, alone: its own pin.
		{ID: "far", Name: "Far", Lng: border + 2.5*d, Lat: -0.5 * d},
	}}
	got := ClusterMap(m, 6, nil)
	if len(got.Clusters) != 1 || got.Clusters[0].Count != 3 || *got.Clusters[0].Worst != SeverityCritical ||
		!reflect.DeepEqual(got.Clusters[0].Counts, []int{1, 0, 0, 0, 0, 2}) || len(got.Pins) != 1 || got.Pins[0].ID != "far" {
		t.Fatalf("got %+v", got)
	}
}

func TestClusterMap_EmptyView(t *testing.T) {
	got := ClusterMap(&PortalMap{Unmapped: 3}, 5, nil)
	b, _ := json.Marshal(got)
	if string(b) != `{"level":5,"total":0,"unmapped":3,"bounds":null,"severities":{},"clusters":[],"pins":[]}` {
		t.Fatal(string(b))
	}
}

// The answer is arrays, not objects, and reads back as it was.
func TestClusterMap_CompactJSONRoundTrip(t *testing.T) {
	m := &PortalMap{Pins: []*MapPin{
		{ID: "a", Name: "Alpha", Address: "1 A St", Lng: 151.2000049, Lat: -33.9, WorstSeverity: sev(SeverityCritical)},
		{ID: "b", Name: "Beta", Address: "2 B St", Lng: 151.21, Lat: -33.91},
		{ID: "c", Name: "Gamma", Address: "3 C St", Lng: 115.9, Lat: -32.0},
	}}
	got := ClusterMap(m, 6, nil)
	b, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"level":6,"total":3,"unmapped":0,"bounds":[115.9,-33.91,151.21,-32],"severities":{"critical":1,"none":2},` +
		`"clusters":[[151.205,-33.905,2,"critical",151.2,-33.91,151.21,-33.9,[1,0,0,0,0,1]]],"pins":[["c","Gamma","3 C St",115.9,-32,null]]}`
	if string(b) != want {
		t.Fatalf("got  %s\nwant %s", b, want)
	}
	var back MapClusters
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if len(back.Pins) != 1 || back.Pins[0].Name != "Gamma" || back.Pins[0].WorstSeverity != nil ||
		len(back.Clusters) != 1 || back.Clusters[0].Count != 2 || *back.Clusters[0].Worst != SeverityCritical || back.Bounds.West != 115.9 {
		t.Fatalf("read back %+v", back)
	}
}

func TestAutoMapLevel(t *testing.T) {
	australia := &MapArea{West: 115, South: -43, East: 154, North: -12}
	if a, b := AutoMapLevel(australia, 400, 360), AutoMapLevel(australia, 1200, 440); a > b || b > 4 || a < 1 {
		t.Fatalf("Australia: %d at 400 px, %d at 1,200 px", a, b)
	}
	sydney := &MapArea{West: 151.1, South: -33.95, East: 151.15, North: -33.9}
	if got := AutoMapLevel(sydney, 1200, 440); got < AutoMapLevel(australia, 1200, 440) {
		t.Fatalf("a suburb's level %d is above a continent's", got)
	}
	if AutoMapLevel(nil, 800, 400) != 0 || AutoMapLevel(&MapArea{}, 1e9, 1e9) != MapMaxLevel {
		t.Fatal("bounds")
	}
}
