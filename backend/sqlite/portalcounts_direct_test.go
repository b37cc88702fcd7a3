package sqlite

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"siteward/backend"
)

// The portal panels' queries as they were before the pre-aggregated counts
// (portalcounts.go): each scans the scope's rows. Kept only as the oracle the
// counts are checked against (TestPortalCounts_MatchDirectQueries).

// directPortalDashboard is the old PortalDashboard: counts, in one query: open published remarks by
// severity, submitted quotes by kind, and overdue invoices with what is
// still owed on them.
func (s *DashboardService) directPortalDashboard(ctx context.Context, sc backend.Scope) (*backend.PortalDashboard, error) {
	d := &backend.PortalDashboard{OpenDefects: map[backend.Severity]int{}, Panels: backend.DefaultPortalPanels()}
	for _, sev := range backend.Severities {
		d.OpenDefects[sev] = 0
	}
	cte, args := scopeCTE(sc)
	args = append(args, s.today())
	err := s.db.View(ctx, func(tx *Tx) error {
		var err error
		if d.Panels, err = scopePanels(ctx, tx, sc); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, cte+`
			SELECT 'defect', r.severity, COUNT(*), 0 FROM remarks r
			WHERE r.property_id IN (SELECT id FROM scope_properties) AND r.deleted_at IS NULL
				AND r.status = 'open' AND r.published = 1
			GROUP BY r.severity
			UNION ALL
			SELECT 'quote', q.kind, COUNT(*), 0 FROM quotes q
			WHERE q.property_id IN (SELECT id FROM scope_properties) AND q.deleted_at IS NULL AND q.status = 'submitted'
			GROUP BY q.kind
			UNION ALL
			SELECT 'invoice', '', COUNT(*), COALESCE(SUM(i.total_cents - i.paid_cents), 0) FROM invoices i
			WHERE i.property_id IN (SELECT id FROM scope_properties) AND i.deleted_at IS NULL AND i.status = 'issued'
				AND i.due_on < ?4 AND i.paid_cents < i.total_cents`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var what, key string
			var n int
			var amount int64
			if err := rows.Scan(&what, &key, &n, &amount); err != nil {
				return err
			}
			switch what {
			case "defect":
				d.OpenDefects[backend.Severity(key)] += n
				d.OpenDefectsTotal += n
			case "quote":
				if key == "defect" {
					d.QuotesAwaiting.Defect = n
				} else {
					d.QuotesAwaiting.Service += n
				}
			case "invoice":
				d.OverdueInvoices = backend.InvoiceTally{Count: n, AmountCents: amount}
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return d, nil
}

// directPortalMap is the old PortalMap: lists the scope's properties with coordinates and the worst
// open published remark at each.
func (s *DashboardService) directPortalMap(ctx context.Context, sc backend.Scope) (*backend.PortalMap, error) {
	m := &backend.PortalMap{Pins: []*backend.MapPin{}}
	cte, args := scopeCTE(sc)
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, cte+`
			SELECT p.id, p.name, p.street, p.suburb, p.state, p.postcode, p.lat, p.lng,
				(SELECT MIN(`+severityRankSQL+`) FROM remarks r WHERE r.property_id = p.id AND r.deleted_at IS NULL
					AND r.status = 'open' AND r.published = 1)
			FROM properties p WHERE p.id IN (SELECT id FROM scope_properties)
			ORDER BY p.name COLLATE NOCASE, p.id`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var pin backend.MapPin
			var street, suburb, state, postcode string
			var lat, lng sql.NullFloat64
			var worst sql.NullInt64
			if err := rows.Scan(&pin.ID, &pin.Name, &street, &suburb, &state, &postcode, &lat, &lng, &worst); err != nil {
				return err
			}
			if !lat.Valid || !lng.Valid || lat.Float64 < -90 || lat.Float64 > 90 || lng.Float64 < -180 || lng.Float64 > 180 {
				m.Unmapped++
				continue
			}
			pin.Lat, pin.Lng = lat.Float64, lng.Float64
			pin.Address = (&backend.Property{Street: street, Suburb: suburb, State: state, Postcode: postcode}).Address()
			pin.WorstSeverity = severityOfRank(worst)
			m.Pins = append(m.Pins, &pin)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// directDefectsMonthly is the old DefectsMonthly: counts published remarks by the local month they were
// raised: open ones by severity, resolved ones as "resolved".
func (s *DashboardService) directDefectsMonthly(ctx context.Context, sc backend.Scope) (*backend.ChartData, error) {
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

// directServiceCallsMonthly is the old ServiceCallsMonthly: counts service calls by the local month they were
// created and their stage; cancelled calls are left out.
func (s *DashboardService) directServiceCallsMonthly(ctx context.Context, sc backend.Scope) (*backend.ChartData, error) {
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

// directSpendMonthly is the old SpendMonthly: sums issued and paid invoices, in dollars, by the month of
// their issue date (a local date).
func (s *DashboardService) directSpendMonthly(ctx context.Context, sc backend.Scope) (*backend.ChartData, error) {
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

// directRoutinesByMonth is the old RoutinesByMonth: counts the year's routine tasks by due month and
// tolerance status. A task is done when performed (or, lacking that time,
// completed); it is on time when done on a local date inside due ± the
// task's tolerance days. Cancelled tasks are left out.
func (s *DashboardService) directRoutinesByMonth(ctx context.Context, sc backend.Scope, year int) (*backend.ChartData, error) {
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

// directAssetsByType is the old AssetsByType: counts the scope's assets by type, each once, under the
// worst severity of its open published remarks or "no_open_defects".
// Types come most assets first.
func (s *DashboardService) directAssetsByType(ctx context.Context, sc backend.Scope) (*backend.ChartData, error) {
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

// directPortalProperties is the old properties list: every property's
// counts from its remarks, quotes and invoices, sorted and paged in one
// query.
func (s *PortalService) directPortalProperties(ctx context.Context, sc backend.Scope, f backend.PortalPropertyFilter) ([]*backend.PortalProperty, int, error) {
	f.Normalize()
	cte, args := scopeCTE(sc)
	args = append(args, s.today())
	col, desc := f.SortKey("name", "name", "client", "defects", "quotes", "invoices", "severity")
	order := map[string]string{"name": "p.name COLLATE NOCASE", "client": "c.name COLLATE NOCASE",
		"defects": "open_defects", "quotes": "quotes_awaiting", "invoices": "overdue_invoices", "severity": "worst_rank"}[col]
	args = append(args, f.Limit, f.Offset)
	var out []*backend.PortalProperty
	var total int
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, cte+`
		SELECT p.id, p.name, p.client_id, c.name,
			(SELECT COUNT(*) FROM invoices i WHERE i.property_id = p.id AND i.deleted_at IS NULL AND i.status = 'issued'
				AND i.due_on < ?4 AND i.paid_cents < i.total_cents) AS overdue_invoices,
			(SELECT COUNT(*) FROM quotes q WHERE q.property_id = p.id AND q.deleted_at IS NULL AND q.status = 'submitted') AS quotes_awaiting,
			(SELECT COUNT(*) FROM remarks r WHERE r.property_id = p.id AND r.deleted_at IS NULL AND r.published = 1
				AND r.status = 'open' AND r.severity NOT IN ('information', 'recommendation')) AS open_defects,
			(SELECT MIN(`+severityRankSQL+`) FROM remarks r WHERE r.property_id = p.id AND r.deleted_at IS NULL
				AND r.published = 1 AND r.status = 'open') AS worst_rank,
			COUNT(*) OVER ()
		FROM properties p JOIN clients c ON c.id = p.client_id WHERE p.id IN (SELECT id FROM scope_properties)
		ORDER BY `+order+dir(desc)+` NULLS LAST, p.name COLLATE NOCASE, p.id LIMIT ? OFFSET ?`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p backend.PortalProperty
			var worst sql.NullInt64
			if err := rows.Scan(&p.ID, &p.Name, &p.ClientID, &p.ClientName, &p.OverdueInvoices, &p.QuotesAwaiting, &p.OpenDefects, &worst, &total); err != nil {
				return err
			}
			if worst.Valid && int(worst.Int64) < len(backend.Severities) {
				sev := backend.Severities[worst.Int64]
				p.WorstSeverity = &sev
			}
			out = append(out, &p)
		}
		return rows.Err()
	})
	return out, total, err
}

// directPortalReports is the newest published reports of the scope (their
// ids) and how many there are, counted from the rows.
func directPortalReports(ctx context.Context, db *DB, sc backend.Scope, limit int) (ids []string, total int, err error) {
	cte, args := scopeCTE(sc)
	const w = ` FROM reports r WHERE r.deleted_at IS NULL AND r.published = 1 AND r.property_id IN (SELECT id FROM scope_properties)`
	err = db.View(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, cte+` SELECT COUNT(*)`+w, args...).Scan(&total); err != nil {
			return err
		}
		ids, err = queryStrings(ctx, tx, cte+` SELECT r.id`+w+` ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`, append(args, limit)...)
		return err
	})
	return ids, total, err
}

// directQuotesAwaiting counts the scope's submitted quotes (of one kind).
func directQuotesAwaiting(ctx context.Context, db *DB, sc backend.Scope, kind *string) (n int, err error) {
	cte, args := scopeCTE(sc)
	err = db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, cte+` SELECT COUNT(*) FROM quotes q WHERE q.property_id IN (SELECT id FROM scope_properties)
			AND q.deleted_at IS NULL AND q.status = 'submitted' AND (?4 IS NULL OR q.kind = ?4)`, append(args, kind)...).Scan(&n)
	})
	return n, err
}
