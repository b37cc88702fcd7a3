package backend

import "time"

// Clock returns "now". Services take one so tests can pin time.
type Clock func() time.Time

// SystemClock is the wall clock in UTC.
func SystemClock() time.Time { return time.Now().UTC() }

// TimeLayout is how every timestamp is stored: UTC RFC 3339 with
// milliseconds, fixed width so TEXT comparison orders correctly.
const TimeLayout = "2006-01-02T15:04:05.000Z"

// DateLayout is how calendar dates (due dates, issue dates) are stored.
const DateLayout = "2006-01-02"

// FormatTime renders t for storage.
func FormatTime(t time.Time) string { return t.UTC().Format(TimeLayout) }

// ParseTime reads a stored timestamp; it accepts any RFC 3339 form.
func ParseTime(s string) (time.Time, error) {
	if t, err := time.Parse(TimeLayout, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339Nano, s)
}
