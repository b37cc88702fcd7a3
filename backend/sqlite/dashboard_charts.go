package sqlite

import (
	"context"
	"database/sql"
	"sort"
	"strconv"

	"siteward/backend"
)

// The data of the portal's charts, summed from the scope's portal counts
// (portalcounts.go, countsFrom): a few rows per group, client or property
// and month, whatever the history's length. Months are local months of the workspace's time zone.

func severityKeys(extra ...string) []string {
	keys := make([]string, 0, len(backend.Severities)+len(extra))
	for _, s := range backend.Severities {
		keys = append(keys, string(s))
	}
	return append(keys, extra...)
}

// monthCounts adds to c the scope's counts of metric in the months of r,
// by key; value is what each row gives (a SQL expression over c.n and
// c.amount), key the key expression (over c.key), and extra args follow ?6.
func (s *DashboardService) monthCounts(ctx context.Context, sc backend.Scope, metric string, r monthRange, c *counts,
	value, key string, extra ...any) error {
	if err := s.db.EnsureCountsZone(ctx, s.Location); err != nil {
		return err
	}
	cte, args := scopeCTE(sc)
	args = append(args, r.keys[0], r.keys[len(r.keys)-1])
	args = append(args, extra...)
	return s.db.View(ctx, func(tx *Tx) error {
		from, err := countsFrom(ctx, tx, sc, `c.metric = '`+metric+`' AND c.bucket >= ?4 AND c.bucket <= ?5`)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, cte+`
			SELECT c.bucket, `+key+`, SUM(`+value+`) FROM `+from+` c
			GROUP BY 1, 2`, args...)
		if err != nil {
			return err
		}
		return scanMonthKeyed(rows, r, c)
	})
}

// DefectsMonthly counts published remarks by the local month they were
// raised: open ones by severity, resolved ones as "resolved".
func (s *DashboardService) DefectsMonthly(ctx context.Context, sc backend.Scope) (*backend.ChartData, error) {
	r := lastMonths(s.now(), s.Location)
	c := newCounts(r.keys, severityKeys(backend.SeriesResolved)...)
	if err := s.monthCounts(ctx, sc, "defects", r, c, "c.n", "c.key"); err != nil {
		return nil, err
	}
	return c.data, nil
}

// ServiceCallsMonthly counts service calls by the local month they were
// created and their stage; cancelled calls are left out.
func (s *DashboardService) ServiceCallsMonthly(ctx context.Context, sc backend.Scope) (*backend.ChartData, error) {
	r := lastMonths(s.now(), s.Location)
	c := newCounts(r.keys, backend.ServiceCallStages...)
	if err := s.monthCounts(ctx, sc, "service_calls", r, c, "c.n", "c.key"); err != nil {
		return nil, err
	}
	return c.data, nil
}

// SpendMonthly sums issued and paid invoices, in dollars, by the month of
// their issue date (a local date).
func (s *DashboardService) SpendMonthly(ctx context.Context, sc backend.Scope) (*backend.ChartData, error) {
	r := lastMonths(s.now(), s.Location)
	c := newCounts(r.keys, backend.SeriesInvoiced)
	if err := s.monthCounts(ctx, sc, "spend", r, c, "c.amount / 100.0", "c.key"); err != nil {
		return nil, err
	}
	return c.data, nil
}

// RoutinesByMonth counts the year's routine tasks by due month and
// tolerance status. A task is done when performed (or, lacking that time,
// completed); it is on time when done on a local date inside due ± the
// task's tolerance days. Cancelled tasks are left out. Whether a task not
// yet done is pending or overdue depends on today, so the counts keep the
// last day of its window and the query compares it with today.
func (s *DashboardService) RoutinesByMonth(ctx context.Context, sc backend.Scope, year int) (*backend.ChartData, error) {
	if year == 0 {
		year = s.now().Year()
	}
	if year < 2000 || year > 2100 {
		return nil, &backend.Error{Code: backend.EINVALID, Message: "Choose a year between 2000 and 2100.",
			Fields: map[string]string{"year": "Choose a year between 2000 and 2100."}}
	}
	r := yearMonths(year, s.Location)
	keys := make([]string, len(backend.ToleranceStatuses))
	for i, t := range backend.ToleranceStatuses {
		keys[i] = string(t)
	}
	c := newCounts(r.keys, keys...)
	key := `CASE WHEN c.key LIKE 'pending:%' THEN
			CASE WHEN CAST(substr(c.key, 9) AS INTEGER) < unixepoch(?6) / 86400 THEN 'pending_outside' ELSE 'pending' END
		ELSE c.key END`
	if err := s.monthCounts(ctx, sc, "routines", r, c, "c.n", key, s.today()); err != nil {
		return nil, err
	}
	return c.data, nil
}

// scanMonthKeyed reads ("YYYY-MM", key, value) rows.
func scanMonthKeyed(rows *sql.Rows, r monthRange, c *counts) error {
	defer rows.Close()
	for rows.Next() {
		var month, key string
		var v float64
		if err := rows.Scan(&month, &key, &v); err != nil {
			return err
		}
		c.add(r.index(month), key, v)
	}
	return rows.Err()
}

// AssetsByType counts the scope's assets by type, each once, under the
// worst severity of its open published remarks or "no_open_defects".
// Types come most assets first.
func (s *DashboardService) AssetsByType(ctx context.Context, sc backend.Scope) (*backend.ChartData, error) {
	type row struct {
		typ, key string
		n        int
	}
	var rs []row
	if err := s.db.EnsureCountsZone(ctx, s.Location); err != nil {
		return nil, err
	}
	cte, args := scopeCTE(sc)
	err := s.db.View(ctx, func(tx *Tx) error {
		from, err := countsFrom(ctx, tx, sc, `c.metric = 'assets'`)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, cte+`
			SELECT c.bucket, c.key, SUM(c.n) FROM `+from+` c
			GROUP BY 1, 2`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var x row
			if err := rows.Scan(&x.typ, &x.key, &x.n); err != nil {
				return err
			}
			rs = append(rs, x)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	totals := map[string]int{}
	for _, x := range rs {
		totals[x.typ] += x.n
	}
	types := []string{}
	for t, n := range totals {
		if n > 0 {
			types = append(types, t)
		}
	}
	sort.Slice(types, func(i, j int) bool {
		if totals[types[i]] != totals[types[j]] {
			return totals[types[i]] > totals[types[j]]
		}
		return types[i] < types[j]
	})
	pos := map[string]int{}
	for i, t := range types {
		pos[t] = i
	}
	c := newCounts(types, severityKeys(backend.SeriesNoOpenDefects)...)
	for _, x := range rs {
		i, ok := pos[x.typ]
		if !ok {
			continue
		}
		key := backend.SeriesNoOpenDefects
		if rank, err := strconv.Atoi(x.key); err == nil {
			if sev := severityOfRank(sql.NullInt64{Int64: int64(rank), Valid: true}); sev != nil {
				key = string(*sev)
			}
		}
		c.add(i, key, float64(x.n))
	}
	return c.data, nil
}
