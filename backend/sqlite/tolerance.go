package sqlite

import "time"

// toleranceStatusSQL is the expression giving a routine task's
// backend.ToleranceStatus, shared by the portal's routines chart and the
// reports so both judge a task alike. done is the task's done time
// (performed, else completed), doneDay its local day number (localDaySQL)
// and today the parameter holding today's local date. A task is on time
// when done on a local date inside due ± its tolerance days; Days are
// counted since 1970 (unixepoch / 86400): whole numbers compare faster than
// date strings and are exact. The task table is aliased t.
func toleranceStatusSQL(done, doneDay, today string) string {
	return `CASE
		WHEN ` + done + ` IS NULL AND t.stage IN ('performed', 'complete') THEN 'completed'
		WHEN ` + done + ` IS NULL THEN
			CASE WHEN unixepoch(t.due_on) / 86400 + t.tolerance_days < unixepoch(` + today + `) / 86400
				THEN 'pending_outside' ELSE 'pending' END
		WHEN abs(` + doneDay + ` - unixepoch(t.due_on) / 86400) <= t.tolerance_days THEN 'completed'
		ELSE 'completed_outside' END`
}

// toleranceSQL is toleranceStatusSQL for a task aliased t, with the local
// day of completion worked out from the zone's offsets between from and to
// (appended to args); todayParam names the parameter holding today's local
// date.
func toleranceSQL(loc *time.Location, from, to time.Time, todayParam string, args []any) (string, []any) {
	done := "COALESCE(t.performed_at, t.completed_at)"
	doneDay, args := localDaySQL(done, loc, from, to, args)
	return toleranceStatusSQL(done, doneDay, todayParam), args
}
