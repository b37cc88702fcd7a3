package http

import (
	"fmt"
	"math"
	"net/http"
	"strconv"

	"siteward/backend"
)

// mapQuery is what GET /api/portal/map asks for: the view's pins at a
// level, in an area (west, south, east, north) or everywhere; without a
// level, the whole view at the level that fits a map of width × height
// pixels (backend.AutoMapLevel).
type mapQuery struct {
	level         int
	auto          bool
	area          *backend.MapArea
	width, height int
}

// mapQueryFrom reads and checks the query; every bad field is named.
func mapQueryFrom(r *http.Request) (mapQuery, error) {
	q := r.URL.Query()
	p := backend.Problems{}
	num := func(name string, lo, hi float64) float64 {
		v, err := strconv.ParseFloat(q.Get(name), 64)
		if err != nil || math.IsNaN(v) || v < lo || v > hi {
			p.Add(name, fmt.Sprintf("Give %s as a number from %g to %g.", name, lo, hi))
		}
		return v
	}
	whole := func(name string, lo, hi int, dflt int) int {
		if q.Get(name) == "" {
			return dflt
		}
		v, err := strconv.Atoi(q.Get(name))
		if err != nil || v < lo || v > hi {
			p.Add(name, fmt.Sprintf("Give %s as a whole number from %d to %d.", name, lo, hi))
		}
		return v
	}
	mq := mapQuery{auto: q.Get("level") == ""}
	mq.level = whole("level", 0, backend.MapMaxLevel, 0)
	mq.width, mq.height = whole("width", 100, 8000, 800), whole("height", 100, 8000, 440)
	given := 0
	for _, k := range []string{"west", "south", "east", "north"} {
		if q.Get(k) != "" {
			given++
		}
	}
	if given > 0 && given < 4 {
		p.Add("area", "Give all of west, south, east and north, or none.")
	} else if given == 4 {
		a := backend.MapArea{West: num("west", -180, 180), South: num("south", -90, 90), East: num("east", -180, 180), North: num("north", -90, 90)}
		switch {
		case len(p) > 0:
		case mq.auto:
			p.Add("level", "Give the level of the area's clusters.")
		case a.West >= a.East || a.South >= a.North:
			p.Add("area", "West must be less than east and south less than north.")
		case a.Cells(mq.level) > backend.MapMaxCells:
			p.Add("area", "The area is too large for this level: zoom in or ask for a lower level.")
		}
		mq.area = &a
	}
	return mq, p.Err()
}
