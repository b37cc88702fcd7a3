package sqlite

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"siteward/backend"
)

// The data of the portal's charts. Each query starts from scope_properties
// and reads only through indexes on (property_id, …); stored times are
// bucketed by the UTC instants where local months begin (months.go).

func severityKeys(extra ...string) []string {
	keys := make([]string, 0, len(backend.Severities)+len(extra))
	for _, s := range backend.Severities {
		keys = append(keys, string(s))
	}
	return append(keys, extra...)
}

// DefectsMonthly counts published remarks by the local month they were
// raised: open ones by severity, resolved ones as "resolved".
func (s *DashboardService) DefectsMonthly(ctx context.Context, sc backend.Scope) (*backend.ChartData, error) {
	r := lastMonths(s.now(), s.Location)
	c := newCounts(r.keys, severityKeys(backend.SeriesResolved)...)
	cte, args := scopeCTE(sc)
	args = append(args, r.starts[0], r.starts[len(r.keys)])
	bucket, args := r.bucketSQL("r.raised_at", args)
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, cte+`
			SELECT `+bucket+`, CASE WHEN r.status = 'resolved' THEN 'resolved' ELSE r.severity END, COUNT(*)
			FROM remarks r
			WHERE r.property_id IN (SELECT id FROM scope_properties) AND r.published = 1 AND r.deleted_at IS NULL
				AND r.raised_at >= ?4 AND r.raised_at < ?5
			GROUP BY 1, 2`, args...)
		if err != nil {
			return err
		}
		return c.scanInto(rows)
	})
	if err != nil {
		return nil, err
	}
	return c.data, nil
}

// ServiceCallsMonthly counts service calls by the local month they were
// created and their stage; cancelled calls are left out.
func (s *DashboardService) ServiceCallsMonthly(ctx context.Context, sc backend.Scope) (*backend.ChartData, error) {
	r := lastMonths(s.now(), s.Location)
	c := newCounts(r.keys, backend.ServiceCallStages...)
	cte, args := scopeCTE(sc)
	args = append(args, r.starts[0], r.starts[len(r.keys)])
	bucket, args := r.bucketSQL("t.created_at", args)
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, cte+`
			SELECT `+bucket+`, t.stage, COUNT(*)
			FROM tasks t
			WHERE t.property_id IN (SELECT id FROM scope_properties) AND t.kind = 'service_call' AND t.deleted_at IS NULL
				AND t.stage <> 'cancelled' AND t.created_at >= ?4 AND t.created_at < ?5
			GROUP BY 1, 2`, args...)
		if err != nil {
			return err
		}
		return c.scanInto(rows)
	})
	if err != nil {
		return nil, err
	}
	return c.data, nil
}

// SpendMonthly sums issued and paid invoices, in dollars, by the month of
// their issue date (a local date).
func (s *DashboardService) SpendMonthly(ctx context.Context, sc backend.Scope) (*backend.ChartData, error) {
	r := lastMonths(s.now(), s.Location)
	c := newCounts(r.keys, backend.SeriesInvoiced)
	cte, args := scopeCTE(sc)
	args = append(args, r.firstDay, r.endDay)
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, cte+`
			SELECT substr(i.issued_on, 1, 7), 'invoiced', SUM(i.total_cents) / 100.0
			FROM invoices i
			WHERE i.property_id IN (SELECT id FROM scope_properties) AND i.status IN ('issued', 'paid') AND i.deleted_at IS NULL
				AND i.issued_on >= ?4 AND i.issued_on < ?5
			GROUP BY 1`, args...)
		if err != nil {
			return err
		}
		return scanMonthKeyed(rows, r, c)
	})
	if err != nil {
		return nil, err
	}
	return c.data, nil
}

// RoutinesByMonth counts the year's routine tasks by due month and
// tolerance status. A task is done when performed (or, lacking that time,
// completed); it is on time when done on a local date inside due ± the
// task's tolerance days. Cancelled tasks are left out.
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
	// Work can be done well before or after it was due: cover the zone's
	// offsets from a year before the range to two years after it, or today.
	from := time.Date(year-1, 1, 1, 0, 0, 0, 0, time.UTC)
	to := s.now().AddDate(0, 0, 2)
	if end := time.Date(year+2, 1, 1, 0, 0, 0, 0, time.UTC); to.Before(end) {
		to = end
	}
	cte, args := scopeCTE(sc)
	args = append(args, s.today(), r.firstDay, r.endDay)
	tol, args := toleranceSQL(s.Location, from, to, "?4", args)
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, cte+`
			SELECT substr(due_on, 1, 7), status, COUNT(*) FROM (
				SELECT t.due_on, `+tol+` AS status
				FROM tasks t
				WHERE t.property_id IN (SELECT id FROM scope_properties) AND t.kind = 'routine' AND t.deleted_at IS NULL
					AND t.stage <> 'cancelled' AND t.due_on >= ?5 AND t.due_on < ?6)
			GROUP BY 1, 2`, args...)
		if err != nil {
			return err
		}
		return scanMonthKeyed(rows, r, c)
	})
	if err != nil {
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
		typ   string
		worst sql.NullInt64
		n     int
	}
	var rs []row
	cte, args := scopeCTE(sc)
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, cte+`,
			worst(asset_id, property_id, wr) AS (
				SELECT r.asset_id, r.property_id, MIN(`+severityRankSQL+`) FROM remarks r
				WHERE r.property_id IN (SELECT id FROM scope_properties) AND r.deleted_at IS NULL
					AND r.status = 'open' AND r.published = 1 AND r.asset_id IS NOT NULL
				GROUP BY r.asset_id, r.property_id)
			SELECT a.type, NULL, COUNT(*) FROM assets a
			WHERE a.property_id IN (SELECT id FROM scope_properties) AND a.deleted_at IS NULL
			GROUP BY a.type
			UNION ALL
			-- The asset must be on the remark's property, which is in scope;
			-- equality (not IN) keeps this one index seek per asset.
			SELECT a.type, w.wr, -COUNT(*) FROM worst w JOIN assets a ON a.id = w.asset_id AND a.property_id = w.property_id
			WHERE a.deleted_at IS NULL
			GROUP BY a.type, w.wr`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var x row
			if err := rows.Scan(&x.typ, &x.worst, &x.n); err != nil {
				return err
			}
			rs = append(rs, x)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	// The first part gives each type's total; the second, negated, the
	// assets with a worst severity: what is left has no open defect.
	totals := map[string]int{}
	types := []string{}
	for _, x := range rs {
		if !x.worst.Valid {
			totals[x.typ] = x.n
			types = append(types, x.typ)
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
	for _, t := range types {
		c.add(pos[t], backend.SeriesNoOpenDefects, float64(totals[t]))
	}
	for _, x := range rs {
		if sev := severityOfRank(x.worst); sev != nil {
			c.add(pos[x.typ], string(*sev), float64(-x.n))
			c.add(pos[x.typ], backend.SeriesNoOpenDefects, float64(x.n))
		}
	}
	return c.data, nil
}
