package demo

import (
	"encoding/hex"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"siteward/backend"
)

// rng is a seeded random source with the helpers the generator uses. Every
// stream is a PCG seeded from the dataset seed and a stream number, so a
// site's data does not depend on how many numbers other sites drew.
type rng struct{ *rand.Rand }

func newRNG(seed, stream uint64) *rng {
	return &rng{rand.New(rand.NewPCG(seed, stream*0x9e3779b97f4a7c15+0x632be59bd9b4e019))}
}

// between returns an int in [lo, hi].
func (r *rng) between(lo, hi int) int {
	if hi <= lo {
		return lo
	}
	return lo + r.IntN(hi-lo+1)
}

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.Float64() < p }

// pick returns a random element of list.
func pick[T any](r *rng, list []T) T { return list[r.IntN(len(list))] }

// weighted returns an index into weights, chosen in proportion to them.
func (r *rng) weighted(weights []float64) int {
	total := 0.0
	for _, w := range weights {
		total += w
	}
	x := r.Float64() * total
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

// lognormal returns exp(N(0, sigma)): a positive size factor around 1 with a long tail.
func (r *rng) lognormal(sigma float64) float64 { return math.Exp(r.NormFloat64() * sigma) }

// duration returns a random duration in [lo, hi).
func (r *rng) duration(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	return lo + time.Duration(r.Int64N(int64(hi-lo)))
}

// uuid7 returns a UUIDv7-shaped id with the given millisecond time and
// 12-bit sequence, and random bits from r.
func (r *rng) uuid7(ms int64, seq int) string {
	var b [16]byte
	hi, lo := r.Uint64(), r.Uint64()
	b[0], b[1], b[2], b[3], b[4], b[5] = byte(ms>>40), byte(ms>>32), byte(ms>>24), byte(ms>>16), byte(ms>>8), byte(ms)
	b[6] = 0x70 | byte(seq>>8)&0x0f
	b[7] = byte(seq)
	b[8] = 0x80 | byte(hi)&0x3f
	b[9] = byte(hi >> 8)
	for i := 10; i < 16; i++ {
		b[i] = byte(lo >> (8 * (i - 10)))
	}
	return backend.FormatUUID(b)
}

// token returns 32 random hex characters (for token hashes that must be unique).
func (r *rng) token() string {
	var b [16]byte
	hi, lo := r.Uint64(), r.Uint64()
	for i := range 8 {
		b[i], b[8+i] = byte(hi>>(8*i)), byte(lo>>(8*i))
	}
	return hex.EncodeToString(b[:])
}

// apportion splits total into len(weights) integers, each at least minEach,
// in proportion to weights (largest remainder), summing exactly to total.
func apportion(total int, weights []float64, minEach int) []int {
	n := len(weights)
	out := make([]int, n)
	if n == 0 {
		return out
	}
	if minEach*n > total {
		minEach = total / n
	}
	rest := total - minEach*n
	sum := 0.0
	for _, w := range weights {
		sum += w
	}
	type rem struct {
		i int
		f float64
	}
	rems := make([]rem, n)
	given := 0
	for i, w := range weights {
		exact := float64(rest) * w / sum
		out[i] = minEach + int(exact)
		given += int(exact)
		rems[i] = rem{i, exact - math.Floor(exact)}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].f > rems[b].f })
	for k := 0; given < rest; k++ {
		out[rems[k%n].i]++
		given++
	}
	return out
}

// Time helpers. Stored times are UTC RFC 3339 (backend.FormatTime), dates
// YYYY-MM-DD in the property's local time.

func ts(t time.Time) string { return backend.FormatTime(t) }

func tsOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return backend.FormatTime(t)
}

func dateIn(t time.Time, loc *time.Location) string { return t.In(loc).Format(backend.DateLayout) }

func dateOrNil(t time.Time, loc *time.Location) any {
	if t.IsZero() {
		return nil
	}
	return t.In(loc).Format(backend.DateLayout)
}

const day = 24 * time.Hour

// atWorkHours moves t to a random time between 7:00 and 17:00 local on the same local day.
func (r *rng) atWorkHours(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), l.Day(), 7, 0, 0, 0, loc).Add(r.duration(0, 10*time.Hour)).Truncate(time.Minute).UTC()
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
