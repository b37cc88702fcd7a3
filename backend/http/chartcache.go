package http

import (
	"encoding/binary"
	"math"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"siteward/backend"
)

// chartCache keeps the finished answers of the chart routes by what they
// are built from: the chart's name and every category, series key and
// value of its data. An answer is a pure function of those (the option
// built by s.Charts, the categories, keys and total), so equal data gives
// the same bytes, and many views — and one view asked again — share one
// build instead of running go-echarts and the JSON encoder each time. The
// key is the data itself, not a hash of it, so two different charts can
// never share an answer. At most chartCacheSize answers are kept; when
// full the cache starts again empty.
type chartCache struct {
	mu           sync.Mutex
	entries      map[string][]byte
	hits, misses int64 // for the tests
}

const chartCacheSize = 512

// chartKey spells out name and d exactly.
func chartKey(name string, d *backend.ChartData) string {
	var b strings.Builder
	b.WriteString(name)
	b.WriteByte(0)
	b.WriteString(strconv.Itoa(len(d.Categories)))
	for _, c := range d.Categories {
		b.WriteByte(0)
		b.WriteString(strconv.Itoa(len(c)))
		b.WriteByte(':')
		b.WriteString(c)
	}
	var buf [8]byte
	for _, s := range d.Series {
		b.WriteByte(1)
		b.WriteString(strconv.Itoa(len(s.Key)))
		b.WriteByte(':')
		b.WriteString(s.Key)
		b.WriteString(strconv.Itoa(len(s.Values)))
		b.WriteByte(':')
		for _, v := range s.Values {
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
			b.Write(buf[:])
		}
	}
	return b.String()
}

func (c *chartCache) get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	body, ok := c.entries[key]
	if ok {
		c.hits++
	} else {
		c.misses++
	}
	return body, ok
}

func (c *chartCache) put(key string, body []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= chartCacheSize {
		c.entries = map[string][]byte{}
	}
	c.entries[key] = body
}

// writeBody writes an encoded JSON answer, as writeJSON would.
func writeBody(w http.ResponseWriter, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}
