package http

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sync"

	"siteward/backend"
)

// mapCache keeps the pins of big views (docs/decisions.md, "Portal map
// for big views"): each entry is one user's view, with the map generation
// its pins were read at. While Dashboard.MapGeneration still answers that
// generation the pins are exactly what a fresh read would give, so they are
// clustered from memory; any change that can alter a pin bumps the
// generation in the same transaction (migration
// 202612021600_portal_map_generation), and the next request reads afresh.
// Keyed by user as well as view, because a user's property limits shape
// their pins. Only views of at least mapCacheMinPins pins are kept (small
// maps are cheap to read), at most mapCacheSize of them and
// mapCacheMaxPins pins in all. The encoded answer for the whole view at a
// level (what the main page asks first) is kept with the pins.
type mapCache struct {
	mu           sync.Mutex
	entries      map[string]*mapEntry
	pins         int   // pins held in all
	hits, misses int64 // answers from memory and read afresh (for the load generator)
}

type mapEntry struct {
	generation int64
	m          *backend.PortalMap
	whole      map[int][]byte // level → the encoded answer without an area
}

// mapCacheMinPins is a variable so the tests can cache small views.
var mapCacheMinPins = 200

const (
	mapCacheSize    = 64
	mapCacheMaxPins = 250_000 // ~40 MB
)

func mapKey(sc backend.Scope) string {
	return sc.UserID + "\x00" + string(sc.View.Kind) + "\x00" + sc.View.ID
}

func (c *mapCache) get(key string, generation int64) (*mapEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || e.generation != generation {
		c.misses++
		return nil, false
	}
	c.hits++
	return e, true
}

func (c *mapCache) put(key string, e *mapEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]*mapEntry{}
	}
	if old, ok := c.entries[key]; ok {
		c.pins -= len(old.m.Pins)
		delete(c.entries, key)
	}
	n := len(e.m.Pins)
	if n > mapCacheMaxPins {
		return
	}
	if len(c.entries) >= mapCacheSize || c.pins+n > mapCacheMaxPins {
		// Entries of an older generation are dead; else any one goes.
		for k, old := range c.entries {
			if old.generation < e.generation {
				c.pins -= len(old.m.Pins)
				delete(c.entries, k)
			}
		}
		for k, old := range c.entries {
			if len(c.entries) < mapCacheSize && c.pins+n <= mapCacheMaxPins {
				break
			}
			c.pins -= len(old.m.Pins)
			delete(c.entries, k)
		}
	}
	c.entries[key] = e
	c.pins += n
}

// wholeAt returns the encoded whole-view answer at level, if made before.
func (c *mapCache) wholeAt(e *mapEntry, level int) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	b, ok := e.whole[level]
	return b, ok
}

func (c *mapCache) keepWhole(e *mapEntry, level int, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e.whole == nil {
		e.whole = map[int][]byte{}
	}
	e.whole[level] = body
}

// handlePortalMap answers the view's pins clustered at a level
// (backend.ClusterMap; mapquery.go for the query).
func (s *Server) handlePortalMap(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if err := s.dashboardReady(); err != nil {
		return err
	}
	q, err := mapQueryFrom(r)
	if err != nil {
		return err
	}
	key := mapKey(sc)
	generation, err := s.Dashboard.MapGeneration(r.Context())
	if err != nil {
		return err
	}
	e, kept := s.maps.get(key, generation)
	if !kept {
		m, err := s.Dashboard.PortalMap(r.Context(), sc)
		if err != nil {
			return err
		}
		e = &mapEntry{generation: m.Generation, m: m}
		if kept = len(m.Pins) >= mapCacheMinPins; kept {
			s.maps.put(key, e)
		}
	}
	level := q.level
	if q.auto {
		level = backend.AutoMapLevel(e.m.Bounds(), q.width, q.height)
	}
	if q.area == nil {
		if body, ok := s.maps.wholeAt(e, level); ok {
			writeBody(w, body)
			return nil
		}
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(backend.ClusterMap(e.m, level, q.area)); err != nil {
		return err
	}
	if q.area == nil && kept {
		s.maps.keepWhole(e, level, buf.Bytes())
	}
	writeBody(w, buf.Bytes())
	return nil
}
