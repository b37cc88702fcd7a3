package http

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"

	"siteward/backend"
)

// mapCache keeps the encoded map of big views (docs/decisions.md, "Portal
// map for big views"): each entry is one user's view, with the map
// generation its pins were read at. While Dashboard.MapGeneration still
// answers that generation the pins are exactly what a fresh read would
// give, so the answer is served from memory; any change that can alter a
// pin bumps the generation in the same transaction (migration
// 202612021600_portal_map_generation), and the next request reads afresh.
// Keyed by user as well as view, because a user's property limits shape
// their pins. Only views of at least mapCacheMinPins pins are kept (small
// maps are cheap to read), at most mapCacheSize of them.
type mapCache struct {
	mu           sync.Mutex
	entries      map[string]mapEntry
	hits, misses int64 // answers from memory and read afresh (for the load generator)
}

type mapEntry struct {
	generation int64
	body       []byte // the JSON answer
}

// mapCacheMinPins is a variable so the tests can cache small views.
var mapCacheMinPins = 200

const mapCacheSize = 64

func mapKey(sc backend.Scope) string {
	return sc.UserID + "\x00" + string(sc.View.Kind) + "\x00" + sc.View.ID
}

func (c *mapCache) get(key string, generation int64) (mapEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || e.generation != generation {
		c.misses++
		return mapEntry{}, false
	}
	c.hits++
	return e, true
}

func (c *mapCache) put(key string, e mapEntry) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]mapEntry{}
	}
	if _, ok := c.entries[key]; !ok && len(c.entries) >= mapCacheSize {
		// Entries of an older generation are dead; else any one goes.
		for k, old := range c.entries {
			if old.generation < e.generation {
				delete(c.entries, k)
			}
		}
		for k := range c.entries {
			if len(c.entries) < mapCacheSize {
				break
			}
			delete(c.entries, k)
		}
	}
	c.entries[key] = e
}

func (s *Server) handlePortalMap(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if err := s.dashboardReady(); err != nil {
		return err
	}
	key := mapKey(sc)
	generation, err := s.Dashboard.MapGeneration(r.Context())
	if err != nil {
		return err
	}
	if e, ok := s.maps.get(key, generation); ok {
		writeMapEntry(w, e)
		return nil
	}
	m, err := s.Dashboard.PortalMap(r.Context(), sc)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(m); err != nil {
		return err
	}
	e := mapEntry{generation: m.Generation, body: buf.Bytes()}
	if len(m.Pins) >= mapCacheMinPins {
		s.maps.put(key, e)
	}
	writeMapEntry(w, e)
	return nil
}

// writeMapEntry writes an encoded map answer, as writeJSON would.
func writeMapEntry(w http.ResponseWriter, e mapEntry) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(e.body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(e.body)
}
