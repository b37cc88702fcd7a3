package http

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
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
	if _, ok := c.entries["big"]; !ok || c.pins > mapCacheMaxPins || len(c.entries) != 1 {
		t.Fatalf("%d entries, %d pins", len(c.entries), c.pins)
	}
	c.put("big2", &mapEntry{generation: 2, m: pins(big)})
	if _, ok := c.entries["big2"]; !ok || c.pins != big || len(c.entries) != 1 {
		t.Fatalf("%d entries, %d pins", len(c.entries), c.pins)
	}
	// Replacing an entry counts its pins once.
	c.put("big2", &mapEntry{generation: 3, m: pins(50)})
	if c.pins != 50 || len(c.entries) != 1 {
		t.Fatalf("%d entries, %d pins", len(c.entries), c.pins)
	}
	c.put("huge", &mapEntry{generation: 3, m: pins(mapCacheMaxPins + 1)})
	if _, ok := c.entries["huge"]; ok || c.pins != 50 {
		t.Fatalf("a view over the bound was kept (%d pins)", c.pins)
	}
}

// Requests that miss together share one read of the pins; if that read
// fails, each waiting request reads for itself; a waiting request whose
// context ends stops waiting.
func TestMapCache_ConcurrentMissesShareOneRead(t *testing.T) {
	view := &backend.PortalMap{Generation: 7}
	for i := range mapCacheMinPins {
		view.Pins = append(view.Pins, &backend.MapPin{ID: fmt.Sprint(i)})
	}
	var c mapCache
	var reads atomic.Int32
	release := make(chan struct{})
	read := func() (*backend.PortalMap, error) {
		reads.Add(1)
		<-release
		return view, nil
	}
	const n = 10
	var wg sync.WaitGroup
	got := make([]*mapEntry, n)
	for i := range n {
		wg.Go(func() {
			e, _, err := c.load(context.Background(), "v", 7, read)
			if err != nil {
				t.Error(err)
			}
			got[i] = e
		})
	}
	// Let the first read finish only once it has begun; whoever comes
	// later waits for it or finds its entry kept.
	for reads.Load() == 0 {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if r := reads.Load(); r != 1 {
		t.Fatalf("%d reads for %d requests at one generation, want 1", r, n)
	}
	for i, e := range got {
		if e == nil || e.m != view {
			t.Fatalf("request %d answered %+v", i, e)
		}
	}

	// A failed read: the waiting requests read for themselves.
	var calls atomic.Int32
	failing := make(chan struct{})
	first := func() (*backend.PortalMap, error) {
		calls.Add(1)
		<-failing
		return nil, errors.New("cancelled")
	}
	again := func() (*backend.PortalMap, error) { calls.Add(1); return view, nil }
	errs := make(chan error, 1)
	go func() { _, _, err := c.load(context.Background(), "w", 7, first); errs <- err }()
	for calls.Load() == 0 {
		runtime.Gosched()
	}
	waited := make(chan *mapEntry, 1)
	go func() { e, _, _ := c.load(context.Background(), "w", 7, again); waited <- e }()
	close(failing)
	if err := <-errs; err == nil {
		t.Error("the failed read answered no error")
	}
	if e := <-waited; e == nil || e.m != view {
		t.Errorf("after another's failed read: %+v", e)
	}

	// A waiting request whose context ends returns at once.
	block, reader := make(chan struct{}), make(chan struct{})
	defer func() { close(block); <-reader }()
	go func() {
		defer close(reader)
		c.load(context.Background(), "x", 7, func() (*backend.PortalMap, error) { <-block; return view, nil })
	}()
	for {
		c.mu.Lock()
		_, busy := c.reading["x"]
		c.mu.Unlock()
		if busy {
			break
		}
		runtime.Gosched()
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := c.load(ctx, "x", 7, read); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled wait answered %v", err)
	}
}
