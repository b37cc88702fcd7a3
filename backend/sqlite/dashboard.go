package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"siteward/backend"
)

// DashboardService implements backend.DashboardService: the portal main
// page's tallies, chart data and map pins, read from the pre-aggregated
// portal counts (portalcounts.go). Every query starts from the scope
// (scopeCTE); ?1–?3 are the scope's parameters, the rest follow.
type DashboardService struct {
	db *DB
	// Location is the workspace's time zone: months and "overdue" follow it.
	Location *time.Location
}

// NewDashboardService returns a DashboardService on db in the given time zone.
func NewDashboardService(db *DB, loc *time.Location) *DashboardService {
	if loc == nil {
		loc = time.UTC
	}
	return &DashboardService{db: db, Location: loc}
}

var _ backend.DashboardService = (*DashboardService)(nil)

func (s *DashboardService) now() time.Time { return s.db.Now().In(s.Location) }

func (s *DashboardService) today() string { return s.now().Format(backend.DateLayout) }

// PortalDashboard counts, in one query of the portal counts: open
// published remarks by severity, submitted quotes by kind, and overdue
// invoices (unpaid ones due before today) with what is still owed on them.
func (s *DashboardService) PortalDashboard(ctx context.Context, sc backend.Scope) (*backend.PortalDashboard, error) {
	d := &backend.PortalDashboard{OpenDefects: map[backend.Severity]int{}, Panels: backend.DefaultPortalPanels()}
	for _, sev := range backend.Severities {
		d.OpenDefects[sev] = 0
	}
	if err := s.db.EnsureCountsZone(ctx, s.Location); err != nil {
		return nil, err
	}
	cte, args := scopeCTE(sc)
	args = append(args, s.today())
	err := s.db.View(ctx, func(tx *Tx) error {
		var err error
		if d.Panels, err = scopePanels(ctx, tx, sc); err != nil {
			return err
		}
		from, err := countsFrom(ctx, tx, sc, `c.metric IN ('open_defects', 'quotes_awaiting', 'unpaid') AND (c.metric <> 'unpaid' OR c.bucket < ?4)`)
		if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, cte+`
			SELECT c.metric, CASE WHEN c.metric = 'unpaid' THEN '' ELSE c.key END, SUM(c.n), SUM(c.amount)
			FROM `+from+` c
			GROUP BY 1, 2`, args...)
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
			case "open_defects":
				d.OpenDefects[backend.Severity(key)] += n
				d.OpenDefectsTotal += n
			case "quotes_awaiting":
				if key == "defect" {
					d.QuotesAwaiting.Defect = n
				} else {
					d.QuotesAwaiting.Service += n
				}
			case "unpaid":
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

// countRankSQL is severityRankSQL for the key of an open_defects count.
var countRankSQL = strings.ReplaceAll(severityRankSQL, "severity", "c.key")

// PortalMap lists the scope's properties with coordinates and the worst
// open published remark at each.
func (s *DashboardService) PortalMap(ctx context.Context, sc backend.Scope) (*backend.PortalMap, error) {
	m := &backend.PortalMap{Pins: []*backend.MapPin{}}
	if err := s.db.EnsureCountsZone(ctx, s.Location); err != nil {
		return nil, err
	}
	cte, args := scopeCTE(sc)
	err := s.db.View(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, mapGenerationSQL).Scan(&m.Generation); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, cte+`
			SELECT p.id, p.name, p.street, p.suburb, p.state, p.postcode, p.lat, p.lng,
				(SELECT MIN(`+countRankSQL+`) FROM portal_counts c WHERE c.property_id = p.id AND c.metric = 'open_defects'
					AND c.bucket = '' AND c.n > 0)
			FROM scope_properties s CROSS JOIN properties p ON p.id = s.id
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

const mapGenerationSQL = `SELECT n FROM portal_map_generation WHERE id = 1`

// MapGeneration reads the map generation (migration
// 202612021600_portal_map_generation).
func (s *DashboardService) MapGeneration(ctx context.Context) (int64, error) {
	var n int64
	err := s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, mapGenerationSQL).Scan(&n)
	})
	return n, err
}

// severityOfRank turns a severityRankSQL value back into a Severity.
func severityOfRank(rank sql.NullInt64) *backend.Severity {
	if !rank.Valid || rank.Int64 < 0 || int(rank.Int64) >= len(backend.Severities) {
		return nil
	}
	sev := backend.Severities[rank.Int64]
	return &sev
}

// counts collects (category, key, value) rows into a ChartData whose
// series are keys, in that order, each with one value per category.
type counts struct {
	data  *backend.ChartData
	index map[string]int // key → series index
}

func newCounts(categories []string, keys ...string) *counts {
	c := &counts{data: &backend.ChartData{Categories: categories, Series: make([]backend.Series, len(keys))}, index: map[string]int{}}
	for i, k := range keys {
		c.data.Series[i] = backend.Series{Key: k, Values: make([]float64, len(categories))}
		c.index[k] = i
	}
	return c
}

// add adds v at category i of key's series; unknown keys and categories
// outside the range are ignored.
func (c *counts) add(i int, key string, v float64) {
	if k, ok := c.index[key]; ok && i >= 0 && i < len(c.data.Categories) {
		c.data.Series[k].Values[i] += v
	}
}

// scanInto reads (category index, key, value) rows.
func (c *counts) scanInto(rows *sql.Rows) error {
	defer rows.Close()
	for rows.Next() {
		var i int
		var key string
		var v float64
		if err := rows.Scan(&i, &key, &v); err != nil {
			return err
		}
		c.add(i, key, v)
	}
	return rows.Err()
}
