package http

import (
	"fmt"
	"testing"

	"siteward/backend"
)

// The map cache holds at most mapCacheSize views and mapCacheMaxPins pins
// in all, dropping entries of an older generation first; a view bigger
// than the whole bound is not kept at all.
func TestMapCache_Bounds(t *testing.T) {
	pins := func(n int) *backend.PortalMap {
		m := &backend.PortalMap{}
		for i := range n {
			m.Pins = append(m.Pins, &backend.MapPin{ID: fmt.Sprint(i)})
		}
		return m
	}
	var c mapCache
	for i := range mapCacheSize + 10 {
		c.put(fmt.Sprint("small", i), &mapEntry{generation: 1, m: pins(10)})
	}
	if len(c.entries) != mapCacheSize || c.pins != 10*mapCacheSize {
		t.Fatalf("%d entries, %d pins", len(c.entries), c.pins)
	}
	// A newer generation's big view pushes out the older entries first.
	big := mapCacheMaxPins - 100
	c.put("big", &mapEntry{generation: 2, m: pins(big)})
	if _, ok := c.get("big", 2); !ok || c.pins > mapCacheMaxPins || len(c.entries) != 1 {
		t.Fatalf("%d entries, %d pins", len(c.entries), c.pins)
	}
	c.put("big2", &mapEntry{generation: 2, m: pins(big)})
	if _, ok := c.get("big2", 2); !ok || c.pins != big || len(c.entries) != 1 {
		t.Fatalf("%d entries, %d pins", len(c.entries), c.pins)
	}
	// Replacing an entry counts its pins once.
	c.put("big2", &mapEntry{generation: 3, m: pins(50)})
	if c.pins != 50 || len(c.entries) != 1 {
		t.Fatalf("%d entries, %d pins", len(c.entries), c.pins)
	}
	c.put("huge", &mapEntry{generation: 3, m: pins(mapCacheMaxPins + 1)})
	if _, ok := c.get("huge", 3); ok || c.pins != 50 {
		t.Fatalf("a view over the bound was kept (%d pins)", c.pins)
	}
}
