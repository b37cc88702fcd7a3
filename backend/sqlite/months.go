package sqlite

import (
	"strconv"
	"strings"
	"time"

	"siteward/backend"
)

// Month buckets follow the workspace's time zone (DESIGN.md §4), but times
// are stored as UTC text and SQLite knows no time zones. So Go works out
// the UTC instants where each local month begins, and queries bucket stored
// times by comparing against them; stored dates (due_on, issued_on) are
// already local calendar dates and bucket by their "YYYY-MM" prefix.

// monthRange is a run of consecutive months in a time zone.
type monthRange struct {
	keys []string // "2026-01", oldest first
	// starts[i] is the UTC instant month i begins (stored-time layout);
	// starts[len(keys)] is where the range ends.
	starts []string
	// firstDay and endDay bound the range as local dates: firstDay ≤ d < endDay.
	firstDay, endDay string
}

// monthsFrom returns n months starting with the local month holding first.
func monthsFrom(first time.Time, loc *time.Location, n int) monthRange {
	l := first.In(loc)
	m0 := time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, loc)
	r := monthRange{}
	for i := 0; i <= n; i++ {
		m := m0.AddDate(0, i, 0)
		if i < n {
			r.keys = append(r.keys, m.Format("2006-01"))
		}
		r.starts = append(r.starts, backend.FormatTime(m))
	}
	r.firstDay = m0.Format(backend.DateLayout)
	r.endDay = m0.AddDate(0, n, 0).Format(backend.DateLayout)
	return r
}

// lastMonths returns the 12 months ending with the one that holds now.
func lastMonths(now time.Time, loc *time.Location) monthRange {
	l := now.In(loc)
	return monthsFrom(time.Date(l.Year(), l.Month()-11, 1, 12, 0, 0, 0, loc), loc, 12)
}

// yearMonths returns January to December of year.
func yearMonths(year int, loc *time.Location) monthRange {
	return monthsFrom(time.Date(year, 1, 1, 12, 0, 0, 0, loc), loc, 12)
}

// index returns the position of a "YYYY-MM" key, -1 if outside the range.
func (r monthRange) index(key string) int {
	for i, k := range r.keys {
		if k == key {
			return i
		}
	}
	return -1
}

// bucketSQL is an expression giving the month index (0 …) of a stored time
// column in the range, NULL outside it. It compares with the months' UTC
// starts, appended to args as numbered parameters: no join, no JSON per row.
func (r monthRange) bucketSQL(col string, args []any) (string, []any) {
	var b strings.Builder
	b.WriteString("CASE WHEN " + col + " < ?" + strconv.Itoa(len(args)+1) + " THEN NULL")
	args = append(args, r.starts[0])
	for i := range r.keys {
		b.WriteString(" WHEN " + col + " < ?" + strconv.Itoa(len(args)+1) + " THEN " + strconv.Itoa(i))
		args = append(args, r.starts[i+1])
	}
	b.WriteString(" END")
	return b.String(), args
}

// localDaySQL is an expression giving the local calendar day of a stored
// time column in loc as a whole number of days since 1970-01-01 (NULL stays
// NULL), comparable with unixepoch(date) / 86400 for a stored date. SQLite
// knows no time zones, so the UTC offsets in force between from and to, and
// the instants they change, are appended to args as numbered parameters.
// Integer arithmetic: exact at midnight, and no date strings to build.
func localDaySQL(col string, loc *time.Location, from, to time.Time, args []any) (string, []any) {
	var whens strings.Builder
	for t := from; ; {
		_, off := t.In(loc).Zone()
		_, end := t.In(loc).ZoneBounds()
		if end.IsZero() || !end.Before(to) {
			if whens.Len() == 0 {
				return "((unixepoch(" + col + ") + " + strconv.Itoa(off) + ") / 86400)", args
			}
			return "((unixepoch(" + col + ") + CASE" + whens.String() + " ELSE " + strconv.Itoa(off) + " END) / 86400)", args
		}
		whens.WriteString(" WHEN " + col + " < ?" + strconv.Itoa(len(args)+1) + " THEN " + strconv.Itoa(off))
		args = append(args, backend.FormatTime(end))
		t = end
	}
}
