package http_test

import (
	"encoding/json"
	"slices"
	"strconv"
	"testing"

	"siteward/backend"
	sitehttp "siteward/backend/http"
)

// The map is served from memory only while nothing it shows has changed:
// each kind of change that can alter a view's pins (a name, coordinates, a
// property's worst open defect, a client moving group, a group re-parented,
// a property deactivated) is seen by the very next request, both in the
// pins (the deepest level) and in the clusters of the whole view (level 0,
// whose encoded answer is kept too), and the answer is per user, so a
// property-limited user of the same view never gets the unlimited user's
// pins.
func TestPortalMap_CacheFollowsEveryChange(t *testing.T) {
	defer sitehttp.CacheEveryMap()()
	w := newWorld(t)
	w.buildPanels()
	nsw, limited, office := w.agent("nsw"), w.agent("limited"), w.agent("office")
	nsw.chooseView("group", "NSW")
	limited.chooseView("group", "NSW")
	pins := func(a *agent, path string) map[string]string {
		t.Helper()
		out := map[string]string{}
		for _, p := range mapAt(t, a, path, backend.MapMaxLevel).Pins {
			out[p.Name] = sevName(p.WorstSeverity)
		}
		return out
	}
	expect := func(step string, a *agent, path string, want map[string]string) {
		t.Helper()
		for range 2 { // the read that fills the cache, then the cached one
			got := pins(a, path)
			if len(got) != len(want) {
				t.Fatalf("%s: %s sees %v, want %v", step, a.who, got, want)
			}
			for k, v := range want {
				if got[k] != v {
					t.Fatalf("%s: %s sees %v, want %v", step, a.who, got, want)
				}
			}
			// Every pin of these views is in one cell of level 0.
			whole := mapAt(t, a, path, 0)
			worst := "none"
			for _, v := range want {
				if v != "none" && (worst == "none" || slices.Index(backend.Severities, backend.Severity(v)) < slices.Index(backend.Severities, backend.Severity(worst))) {
					worst = v
				}
			}
			switch {
			case len(want) == 1 && len(whole.Pins) == 1 && len(whole.Clusters) == 0:
			case len(want) > 1 && len(whole.Pins) == 0 && len(whole.Clusters) == 1 &&
				whole.Clusters[0].Count == len(want) && sevName(whole.Clusters[0].Worst) == worst:
			default:
				t.Fatalf("%s: %s sees at level 0 %+v, want %d pins, worst %s", step, a.who, whole, len(want), worst)
			}
			if whole.Total != len(want) {
				t.Fatalf("%s: total %d", step, whole.Total)
			}
		}
	}
	const m = "/api/portal/map"
	expect("first", nsw, m, map[string]string{"NorthTower": "critical", "SouthPlaza": "non_critical"})
	expect("first", limited, m, map[string]string{"SouthPlaza": "non_critical"})
	expect("office as NSW", office, m+"?asKind=group&asId={NSW}", map[string]string{"NorthTower": "critical", "SouthPlaza": "non_critical"})

	w.exec(`UPDATE properties SET name = 'South Plaza East' WHERE id = ?`, w.ids["SouthPlaza"])
	expect("renamed", nsw, m, map[string]string{"NorthTower": "critical", "South Plaza East": "non_critical"})
	expect("renamed", limited, m, map[string]string{"South Plaza East": "non_critical"})

	// A worse defect published at South Plaza, then every one there resolved.
	w.exec(`INSERT INTO remarks (id, property_id, severity, description, raised_at, published, published_at, created_at, updated_at)
		VALUES (?, ?, 'critical', 'Pump seized', 'x', 1, 'x', 'x', 'x')`, backend.NewID(), w.ids["SouthPlaza"])
	expect("critical raised", nsw, m, map[string]string{"NorthTower": "critical", "South Plaza East": "critical"})
	w.exec(`UPDATE remarks SET status = 'resolved', resolved_at = 'x' WHERE property_id = ?`, w.ids["SouthPlaza"])
	expect("all resolved", nsw, m, map[string]string{"NorthTower": "critical", "South Plaza East": "none"})

	// North Annex gets coordinates: a new pin.
	w.exec(`UPDATE properties SET lat = -33.7, lng = 151.1 WHERE id = ?`, w.ids["NorthAnnex"])
	expect("located", nsw, m, map[string]string{"NorthTower": "critical", "NorthAnnex": "none", "South Plaza East": "none"})

	// Sydney North re-parented under VIC: its client's pins leave the NSW view.
	w.exec(`UPDATE client_groups SET parent_id = ? WHERE id = ?`, w.ids["VIC"], w.ids["SydneyNorth"])
	expect("re-parented", nsw, m, map[string]string{"South Plaza East": "none"})
	expect("re-parented", office, m+"?asKind=group&asId={NSW}", map[string]string{"South Plaza East": "none"})
	w.exec(`UPDATE client_groups SET parent_id = ? WHERE id = ?`, w.ids["NSW"], w.ids["SydneyNorth"])

	// The Vic client moved into NSW, then North Tower deactivated.
	w.exec(`UPDATE clients SET group_id = ? WHERE id = ?`, w.ids["NSW"], w.ids["VicClient"])
	expect("client moved", nsw, m, map[string]string{"NorthTower": "critical", "NorthAnnex": "none", "South Plaza East": "none", "VicHouse": "non_conformance"})
	w.exec(`UPDATE properties SET active = 0 WHERE id = ?`, w.ids["NorthTower"])
	expect("deactivated", nsw, m, map[string]string{"NorthAnnex": "none", "South Plaza East": "none", "VicHouse": "non_conformance"})

	// The limited user's limit widened: their own answer follows.
	w.exec(`INSERT INTO user_property_limits (user_id, property_id) VALUES (?, ?)`, w.ids["limited"], w.ids["VicHouse"])
	expect("limit widened", limited, m, map[string]string{"South Plaza East": "none", "VicHouse": "non_conformance"})
	other := w.agent("other")
	other.chooseView("group", "Other")
	if got := pins(other, m); !slices.Equal(keys(got), []string{"OtherCourt"}) {
		t.Fatalf("other sees %v", got)
	}
}

// mapAt reads the map answer of path (the view's map) at level.
func mapAt(t testing.TB, a *agent, path string, level int) *backend.MapClusters {
	t.Helper()
	path += sep(path) + "level=" + strconv.Itoa(level)
	status, body := a.do("GET", path, "")
	if status != 200 {
		t.Fatalf("%s %s: %d %s", a.who, path, status, body)
	}
	var m backend.MapClusters
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

func sevName(s *backend.Severity) string {
	if s == nil {
		return backend.SeverityNone
	}
	return string(*s)
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
