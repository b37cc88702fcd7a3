package backend

import (
	"fmt"
	"strconv"
	"sync"
	"time"
)

// HLC is a hybrid logical clock timestamp (Kulkarni et al., 2014): the
// physical time in milliseconds of the latest event this install knows of,
// and a counter that orders events within one millisecond. Offline sync
// orders edits by it (DESIGN.md §9), so an edit made at 10:00 on a laptop
// that syncs at 17:00 still sorts before an office edit made at 12:00 — and
// a laptop whose clock is wrong is pulled right by every timestamp it
// receives from the hub.
type HLC struct {
	Wall    int64  // Unix milliseconds
	Counter uint16 // events within the same Wall
}

// hlcWidth is the length of an encoded HLC: 13 hex digits of milliseconds
// (good until the year 10889) and 4 of counter.
const hlcWidth = 13 + 1 + 4

// String encodes t so that the byte order of the strings is the order of
// the clocks: SQL can compare and index them as TEXT.
func (t HLC) String() string {
	return fmt.Sprintf("%013x-%04x", t.Wall, t.Counter)
}

// ParseHLC decodes String's form; anything else is EINVALID.
func ParseHLC(s string) (HLC, error) {
	if len(s) != hlcWidth || s[13] != '-' {
		return HLC{}, Errorf(EINVALID, "Not a clock value: %q.", s)
	}
	wall, err1 := strconv.ParseInt(s[:13], 16, 64)
	counter, err2 := strconv.ParseUint(s[14:], 16, 16)
	if err1 != nil || err2 != nil || wall < 0 {
		return HLC{}, Errorf(EINVALID, "Not a clock value: %q.", s)
	}
	return HLC{Wall: wall, Counter: uint16(counter)}, nil
}

// Compare orders two clocks: -1, 0 or +1.
func (t HLC) Compare(u HLC) int {
	switch {
	case t.Wall < u.Wall:
		return -1
	case t.Wall > u.Wall:
		return 1
	case t.Counter < u.Counter:
		return -1
	case t.Counter > u.Counter:
		return 1
	}
	return 0
}

// Time is the clock's physical part.
func (t HLC) Time() time.Time { return time.UnixMilli(t.Wall).UTC() }

// HLCClock issues timestamps for one install. It is safe for concurrent use.
type HLCClock struct {
	// Now is the physical clock; nil means SystemClock.
	Now Clock
	// MaxSkew is how far ahead of this install's physical clock a received
	// timestamp may be before Observe reports the skew (the clocks of this
	// install and the sender disagree by more than that). Zero means 1 minute.
	MaxSkew time.Duration

	mu   sync.Mutex
	last HLC
}

func (c *HLCClock) physical() int64 {
	now := c.Now
	if now == nil {
		now = SystemClock
	}
	return now().UnixMilli()
}

// Tick returns a timestamp for a local event (an edit), later than every
// timestamp issued or observed before.
func (c *HLCClock) Tick() HLC {
	c.mu.Lock()
	defer c.mu.Unlock()
	pt := c.physical()
	if pt > c.last.Wall {
		c.last = HLC{Wall: pt}
	} else {
		c.advanceCounter()
	}
	return c.last
}

// Observe merges a timestamp received from another install, so every later
// Tick sorts after it. It returns how far the sender's clock is ahead of
// this install's physical clock when that exceeds MaxSkew (0 otherwise):
// the caller flags it, and the clock still moves, so order is kept.
func (c *HLCClock) Observe(remote HLC) (skew time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	pt := c.physical()
	maxSkew := c.MaxSkew
	if maxSkew <= 0 {
		maxSkew = time.Minute
	}
	if ahead := time.Duration(remote.Wall-pt) * time.Millisecond; ahead > maxSkew {
		skew = ahead
	}
	switch wall := max(pt, c.last.Wall, remote.Wall); {
	case wall == c.last.Wall && wall == remote.Wall:
		c.last.Counter = max(c.last.Counter, remote.Counter)
		c.advanceCounter()
	case wall == c.last.Wall:
		c.advanceCounter()
	case wall == remote.Wall:
		c.last = remote
		c.advanceCounter()
	default:
		c.last = HLC{Wall: wall}
	}
	return skew
}

// Last is the latest timestamp issued or observed.
func (c *HLCClock) Last() HLC {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// advanceCounter counts one more event in the current millisecond; past
// 65,535 of them it borrows the next millisecond, so order is never lost.
func (c *HLCClock) advanceCounter() {
	if c.last.Counter == ^uint16(0) {
		c.last = HLC{Wall: c.last.Wall + 1}
		return
	}
	c.last.Counter++
}
