package http

import (
	"bytes"
	"context"
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
//
// Requests that miss together share one read: after a change, every open
// portal page of a big view asks for its map again at once, and each would
// read and sort the same pins.
type mapCache struct {
	mu           sync.Mutex
	entries      map[string]*mapEntry
	reading      map[string]*mapRead // reads under way, by key
	pins         int                 // pins held in all
	hits, misses int64               // answers from memory and read afresh (for the load generator)
	shared       int64               // misses answered by another request's read
}

// mapRead is one read of a view's pins that other requests may wait for.
type mapRead struct {
	generation int64
	done       chan struct{}
	e          *mapEntry
	err        error
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

// load returns the view's pins at generation: kept, being read by another
// request (it waits for that read), or read by read. kept says whether the
// entry is held for the next request.
func (c *mapCache) load(ctx context.Context, key string, generation int64, read func() (*backend.PortalMap, error)) (e *mapEntry, kept bool, err error) {
	c.mu.Lock()
	if e, ok := c.entries[key]; ok && e.generation == generation {
		c.hits++
		c.mu.Unlock()
		return e, true, nil
	}
	if r, ok := c.reading[key]; ok && r.generation == generation {
		c.mu.Unlock()
		select {
		case <-r.done:
		case <-ctx.Done():
			return nil, false, ctx.Err()
		}
		if r.err == nil {
			c.mu.Lock()
			c.shared++
			c.mu.Unlock()
			return r.e, len(r.e.m.Pins) >= mapCacheMinPins, nil
		}
		// The other request failed (it may have been cancelled): read here.
		c.mu.Lock()
	}
	c.misses++
	r := &mapRead{generation: generation, done: make(chan struct{})}
	if c.reading == nil {
		c.reading = map[string]*mapRead{}
	}
	c.reading[key] = r
	c.mu.Unlock()

	m, err := read()
	if err == nil {
		r.e = &mapEntry{generation: m.Generation, m: m}
		if kept = len(m.Pins) >= mapCacheMinPins; kept {
			c.put(key, r.e)
		}
	}
	r.err = err
	c.mu.Lock()
	if c.reading[key] == r {
		delete(c.reading, key)
	}
	c.mu.Unlock()
	close(r.done)
	return r.e, kept, err
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
	e, kept, err := s.maps.load(r.Context(), key, generation, func() (*backend.PortalMap, error) {
		return s.Dashboard.PortalMap(r.Context(), sc)
	})
	if err != nil {
		return err
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
