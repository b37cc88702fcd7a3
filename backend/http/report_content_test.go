package http_test

import (
	"regexp"
	"strings"
	"testing"
)

// reportCase is one report as one viewer gets it, and what its text must
// and must never hold (buildReports names every item for where it is).
type reportCase struct {
	as, path string
	want     []string
	never    []string
	match    []string // regular expressions over the text
}

// Everything office-only, unpublished or not customer-visible.
var neverInReports = []string{"North draft works", "North voided works", "North expired works", "North deleted works",
	"North secret defect", "Closed building works", "INV-8003", "door code"}

func TestReportContentIsTheViewsOnly(t *testing.T) {
	w := newWorld(t)
	w.buildPanels()
	w.buildReports()
	agents := map[string]*agent{}
	for who, v := range customerViews {
		a := w.agent(who)
		a.chooseView(v[0], v[1])
		agents[who] = a
	}
	activity := "/api/portal/reports/monthly-activity?month=2026-11"
	maintenance := "/api/portal/reports/monthly-maintenance?month=2026-11"
	routines := "/api/portal/reports/routine-activity?from=2026-11-01&to=2026-12-31"
	condition := "/api/portal/reports/yearly-condition?year=2026&property={NorthTower}"
	cases := []reportCase{
		{as: "north", path: activity,
			want: []string{"Monthly Activity Report", "Period: November 2026", "Scope: SydneyNorth", "Q-7001", "North defect works",
				"Awaiting authorisation", "Q-7006", "Approved", "INV-8001", "Overdue", "$550.00", "Page 1 of 1"},
			never: []string{"Q-7010", "South", "Other", "VicHouse", "INV-8002", "INV-8004"}},
		{as: "nsw", path: activity,
			want:  []string{"Q-7001", "Q-7007", "South declined service", "Declined", "INV-8001", "INV-8004", "Paid"},
			never: []string{"Other court works", "INV-8002", "VicHouse"}},
		{as: "other", path: activity,
			want:  []string{"Scope: Other", "Q-7008", "Other court works", "INV-8002"},
			never: []string{"North", "South", "INV-8001"}},
		{as: "limited", path: activity,
			want:  []string{"Q-7007", "INV-8004"},
			never: []string{"North", "Other court works", "INV-8001"}},
		{as: "national", path: activity + "&property={SouthPlaza}",
			want:  []string{"Scope: SouthPlaza — National", "Q-7007"},
			never: []string{"North", "INV-8001", "VicHouse"}},
		{as: "north", path: maintenance,
			want: []string{"Monthly Maintenance Report", "T-9001", "North monthly service", "R-6001", "North hydrant leaking",
				"Critical", "Open", "R-6002", "North exit sign dim", "Resolved 15/11/2026", "1 open, 1 resolved"},
			never: []string{"T-9002", "Other pump failed", "T-9003"}},
		{as: "other", path: maintenance,
			want:  []string{"T-9002", "Other pump failed"},
			never: []string{"North", "South"}},
		{as: "nsw", path: routines,
			want: []string{"Routine Activity Report", "01/11/2026 – 31/12/2026", "T-9001", "T-9003", "Completed outside tolerance",
				"Nov 26", "Dec 26"},
			never: []string{"T-9002", "Other monthly service"}},
		{as: "north", path: condition,
			want: []string{"Yearly Condition Report", "Scope: NorthTower — SydneyNorth", "1 NorthTower St, Sydney NSW 2000",
				"NorthClient", "Hose reel", "Extinguisher", "T-9001", "11/11/2026", "North hydrant leaking", "Declaration",
				"Signature", "AS 1851"},
			never: []string{"North exit sign dim", "Other pump failed"},
			// Type, assets, routine visits that covered it, last service, passed, failed.
			match: []string{`Extinguisher\s+1\s+1\s+11/11/2026\s+0\s+0`, `Hose reel\s+1\s+1\s+11/11/2026\s+1\s+0`}},
	}
	for _, c := range cases {
		t.Run(c.as+" "+c.path, func(t *testing.T) {
			status, body := agents[c.as].do("GET", c.path, "")
			if status != 200 {
				t.Fatalf("status %d: %s", status, body)
			}
			text := pdfText(t, []byte(body))
			for _, re := range c.match {
				if !regexp.MustCompile(re).MatchString(text) {
					t.Errorf("report does not match %q:\n%s", re, text)
				}
			}
			for _, s := range c.want {
				if !strings.Contains(text, w.expand(s)) {
					t.Errorf("report lacks %q:\n%s", s, text)
				}
			}
			for _, s := range append(c.never, neverInReports...) {
				if strings.Contains(text, s) {
					t.Errorf("report has %q:\n%s", s, text)
				}
			}
		})
	}
	for name, path := range map[string]string{"activity": activity, "maintenance": maintenance, "routines": routines, "condition": condition} {
		_, body := agents["national"].do("GET", path, "")
		savePages(t, "report-"+name, []byte(body))
	}
}
