package sqlite

import (
	"testing"
	"time"
)

func TestMonths_LastMonthsCrossTheYear(t *testing.T) {
	syd, _ := time.LoadLocation("Australia/Sydney")
	// 1 January 2027, 00:30 in Sydney; still 2026 in UTC.
	r := lastMonths(time.Date(2026, 12, 31, 13, 30, 0, 0, time.UTC), syd)
	if len(r.keys) != 12 || r.keys[0] != "2026-02" || r.keys[11] != "2027-01" {
		t.Fatalf("keys = %v", r.keys)
	}
	if r.starts[0] != "2026-01-31T13:00:00.000Z" || r.starts[12] != "2027-01-31T13:00:00.000Z" {
		t.Errorf("starts = %s … %s", r.starts[0], r.starts[12])
	}
	// April starts in AEDT (UTC+11), May in AEST (UTC+10).
	if r.starts[2] != "2026-03-31T13:00:00.000Z" || r.starts[3] != "2026-04-30T14:00:00.000Z" {
		t.Errorf("April %s, May %s", r.starts[2], r.starts[3])
	}
	if r.firstDay != "2026-02-01" || r.endDay != "2027-02-01" || r.index("2026-07") != 5 || r.index("2026-01") != -1 {
		t.Errorf("days %s–%s", r.firstDay, r.endDay)
	}
}

func TestMonths_LocalDaySQL(t *testing.T) {
	syd, _ := time.LoadLocation("Australia/Sydney")
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	// AEDT until 5 April 2026, AEST until 4 October, then AEDT.
	expr, args := localDaySQL("t", syd, from, to, []any{"a"})
	want := "((unixepoch(t) + CASE WHEN t < ?2 THEN 39600 WHEN t < ?3 THEN 36000 ELSE 39600 END) / 86400)"
	if expr != want || len(args) != 3 || args[1] != "2026-04-04T16:00:00.000Z" || args[2] != "2026-10-03T16:00:00.000Z" {
		t.Errorf("expr = %s, args %v", expr, args)
	}
	if expr, args := localDaySQL("t", time.UTC, from, to, nil); expr != "((unixepoch(t) + 0) / 86400)" || len(args) != 0 {
		t.Errorf("UTC expr = %s, args %v", expr, args)
	}
}
