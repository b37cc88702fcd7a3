package backend

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"sync"
	"time"
)

var idMu sync.Mutex
var lastIDMillis int64
var idSeq uint16

// NewID returns a UUIDv7 string: time-ordered, generated where the row is
// created, so installs that work offline never collide (DESIGN.md §9).
// Within one millisecond a 12-bit counter keeps IDs from one process ordered.
func NewID() string {
	return newIDAt(time.Now())
}

func newIDAt(t time.Time) string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("siteward: crypto/rand failed: " + err.Error())
	}
	ms := t.UnixMilli()
	idMu.Lock()
	if ms <= lastIDMillis {
		ms = lastIDMillis
		idSeq++
		if idSeq > 0x0fff {
			ms++
			idSeq = 0
		}
	} else {
		idSeq = binary.BigEndian.Uint16(b[6:8]) & 0x03ff // leave room to count up
	}
	lastIDMillis = ms
	seq := idSeq
	idMu.Unlock()

	b[0] = byte(ms >> 40)
	b[1] = byte(ms >> 32)
	b[2] = byte(ms >> 24)
	b[3] = byte(ms >> 16)
	b[4] = byte(ms >> 8)
	b[5] = byte(ms)
	b[6] = 0x70 | byte(seq>>8)&0x0f
	b[7] = byte(seq)
	b[8] = b[8]&0x3f | 0x80

	return FormatUUID(b)
}

// ValidID reports whether s looks like an ID made by NewID (any UUID form is
// accepted, so IDs from other installs and older data still pass).
func ValidID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// FormatUUID writes 16 bytes in the canonical 8-4-4-4-12 hex form.
func FormatUUID(b [16]byte) string {
	var out [36]byte
	hex.Encode(out[0:8], b[0:4])
	out[8] = '-'
	hex.Encode(out[9:13], b[4:6])
	out[13] = '-'
	hex.Encode(out[14:18], b[6:8])
	out[18] = '-'
	hex.Encode(out[19:23], b[8:10])
	out[23] = '-'
	hex.Encode(out[24:], b[10:])
	return string(out[:])
}
