package backend_test

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"siteward/backend"
)

// fixedClock is a physical clock a test moves by hand.
type fixedClock struct{ t time.Time }

func (c *fixedClock) now() time.Time { return c.t }

func TestHLC_StringOrderIsClockOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var clocks []backend.HLC
	for range 500 {
		clocks = append(clocks, backend.HLC{Wall: r.Int64N(1 << 44), Counter: uint16(r.UintN(1 << 16))})
	}
	clocks = append(clocks, backend.HLC{}, backend.HLC{Wall: 1<<52 - 1, Counter: 0xffff})
	byString := slices.Clone(clocks)
	sort.Slice(byString, func(i, j int) bool { return byString[i].String() < byString[j].String() })
	byClock := slices.Clone(clocks)
	slices.SortFunc(byClock, backend.HLC.Compare)
	if !slices.Equal(byString, byClock) {
		t.Fatal("sorting the encoded strings does not give the clocks' order")
	}
	for _, c := range clocks {
		got, err := backend.ParseHLC(c.String())
		if err != nil || got != c {
			t.Fatalf("ParseHLC(%q) = %v, %v; want %v", c.String(), got, err, c)
		}
	}
}

func TestParseHLC_RefusesMalformed(t *testing.T) {
	for _, s := range []string{"", "0000000000000-0000x", "000000000000g-0000", "0000000000000_0000", "-000000000001-0000", "0000000000000-fffff"} {
		if _, err := backend.ParseHLC(s); backend.ErrorCode(err) != backend.EINVALID {
			t.Errorf("ParseHLC(%q) = %v, want EINVALID", s, err)
		}
	}
}

func TestHLCClock_TickIsStrictlyIncreasing(t *testing.T) {
	pc := &fixedClock{t: time.UnixMilli(1_000_000)}
	c := &backend.HLCClock{Now: pc.now}
	prev := c.Tick()
	for i := range 70_000 { // past the counter's range within one millisecond
		if i == 30_000 {
			pc.t = pc.t.Add(-time.Hour) // the physical clock is set back
		}
		next := c.Tick()
		if next.Compare(prev) <= 0 {
			t.Fatalf("tick %d: %v is not after %v", i, next, prev)
		}
		prev = next
	}
}

// A laptop whose clock is an hour slow still orders its next edit after
// everything it has seen from the hub, and is told about the skew.
func TestHLCClock_ObservePullsASlowClockRight(t *testing.T) {
	hubTime := &fixedClock{t: time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)}
	laptopTime := &fixedClock{t: hubTime.t.Add(-time.Hour)}
	hub := &backend.HLCClock{Now: hubTime.now}
	laptop := &backend.HLCClock{Now: laptopTime.now}

	fromHub := hub.Tick()
	skew := laptop.Observe(fromHub)
	if skew < 59*time.Minute {
		t.Errorf("skew = %v, want about an hour reported", skew)
	}
	edit := laptop.Tick()
	if edit.Compare(fromHub) <= 0 {
		t.Fatalf("laptop edit %v does not sort after the hub's %v it had seen", edit, fromHub)
	}
	// A clock within MaxSkew is not flagged.
	laptopTime.t = hubTime.t.Add(-10 * time.Second)
	if skew := laptop.Observe(hub.Tick()); skew != 0 {
		t.Errorf("skew = %v for clocks 10 s apart, want 0", skew)
	}
}

// Causality across installs: each install's events, and every event after
// it observed another's, sort after what it knew — whatever their clocks.
func TestHLCClock_CausalOrderAcrossSkewedInstalls(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	base := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	type install struct {
		pc    *fixedClock
		clock *backend.HLCClock
		known backend.HLC // latest timestamp this install has issued or received
	}
	var installs []*install
	for _, offset := range []time.Duration{0, -2 * time.Hour, 90 * time.Second, -3 * time.Second} {
		pc := &fixedClock{t: base.Add(offset)}
		installs = append(installs, &install{pc: pc, clock: &backend.HLCClock{Now: pc.now}})
	}
	for step := range 5_000 {
		for _, in := range installs {
			in.pc.t = in.pc.t.Add(time.Duration(r.IntN(3)) * time.Millisecond)
		}
		a := installs[r.IntN(len(installs))]
		if r.IntN(3) == 0 {
			b := installs[r.IntN(len(installs))]
			msg := b.clock.Tick()
			a.clock.Observe(msg)
			if a.clock.Last().Compare(msg) < 0 {
				t.Fatalf("step %d: after observing %v the clock is at %v", step, msg, a.clock.Last())
			}
			a.known = msg
			continue
		}
		ev := a.clock.Tick()
		if ev.Compare(a.known) <= 0 {
			t.Fatalf("step %d: event %v does not follow %v, which its install already knew", step, ev, a.known)
		}
		a.known = ev
	}
}
