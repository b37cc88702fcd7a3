package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"siteward/backend"
)

// PortalListService implements backend.PortalListService: the detailed
// lists behind the portal's counts and chart bars.
type PortalListService struct {
	db       *DB
	Location *time.Location
}

// NewPortalListService returns a PortalListService on db in the given time zone.
func NewPortalListService(db *DB, loc *time.Location) *PortalListService {
	if loc == nil {
		loc = time.UTC
	}
	return &PortalListService{db: db, Location: loc}
}

var _ backend.PortalListService = (*PortalListService)(nil)

var backendUTC = time.UTC

// mustMonth is noon on the first of a "YYYY-MM" month already validated.
func mustMonth(month string) time.Time {
	t, _ := time.Parse("2006-01", month)
	return time.Date(t.Year(), t.Month(), 1, 12, 0, 0, 0, time.UTC)
}

// localMonth returns the UTC instants bounding a "YYYY-MM" month in loc,
// to compare with stored times.
func localMonth(month string, loc *time.Location) (from, to string) {
	m := mustMonth(month)
	r := monthsFrom(time.Date(m.Year(), m.Month(), 1, 12, 0, 0, 0, loc), loc, 1)
	return r.starts[0], r.starts[1]
}

func (s *PortalListService) today() string {
	return s.db.Now().In(s.Location).Format(backend.DateLayout)
}

func (s *PortalListService) FindPortalDefects(ctx context.Context, sc backend.Scope, f backend.DefectFilter) (ds []*backend.Defect, n int, err error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	f.Normalize()
	cte, args := scopeCTE(sc)
	w := where{"r.property_id IN (SELECT id FROM scope_properties)", "r.deleted_at IS NULL", "r.published = 1"}
	add := func(cond string, v ...any) { w, args = append(w, cond), append(args, v...) }
	if f.PropertyID != nil {
		add("r.property_id = ?", *f.PropertyID)
	}
	if f.AssetID != nil {
		add("r.asset_id = ?", *f.AssetID)
	}
	if f.Severity != nil {
		add("r.severity = ?", string(*f.Severity))
	}
	if f.Status != nil {
		add("r.status = ?", *f.Status)
	}
	if f.Serious {
		w = append(w, "r.severity NOT IN ('information', 'recommendation')")
	}
	if f.RaisedMonth != nil {
		from, to := localMonth(*f.RaisedMonth, s.Location)
		add("r.raised_at >= ? AND r.raised_at < ?", from, to)
	}
	if f.AssetType != nil {
		add("a.type = ?", *f.AssetType)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := likeArg(q)
		add(`(r.description LIKE ? ESCAPE '\' OR p.name LIKE ? ESCAPE '\' OR a.type LIKE ? ESCAPE '\' OR a.location LIKE ? ESCAPE '\')`, pat, pat, pat, pat)
	}
	col, desc := f.SortKey("raised", "raised", "severity", "property", "status", "number", "asset")
	order := map[string]string{"raised": "r.raised_at", "severity": strings.ReplaceAll(severityRankSQL, "severity", "r.severity"),
		"property": "p.name COLLATE NOCASE", "status": "r.status", "number": "r.number", "asset": "a.type COLLATE NOCASE"}[col]
	if f.Sort == "" {
		desc = true
	}
	args = append(args, f.Limit, f.Offset)
	err = s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, cte+`
			SELECT r.id, r.number, r.property_id, p.name, r.asset_id, COALESCE(a.type, ''), COALESCE(a.location, ''), r.severity, r.status,
				r.description, r.raised_at, r.resolved_at, COUNT(*) OVER ()
			FROM remarks r JOIN properties p ON p.id = r.property_id LEFT JOIN assets a ON a.id = r.asset_id AND a.deleted_at IS NULL`+w.sql()+`
			ORDER BY `+order+dir(desc)+` NULLS LAST, r.id`+dir(desc)+` LIMIT ? OFFSET ?`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d backend.Defect
			var number sql.NullInt64
			var asset, resolved sql.NullString
			if err := rows.Scan(&d.ID, &number, &d.PropertyID, &d.PropertyName, &asset, &d.AssetType, &d.Location, &d.Severity, &d.Status,
				&d.Description, &d.RaisedAt, &resolved, &n); err != nil {
				return err
			}
			d.Number, d.AssetID, d.ResolvedAt = nullInt(number), nullStr(asset), nullStr(resolved)
			ds = append(ds, &d)
		}
		return rows.Err()
	})
	return ds, n, err
}

func (s *PortalListService) FindPortalTasks(ctx context.Context, sc backend.Scope, f backend.PortalTaskFilter) (ts []*backend.PortalTask, n int, err error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	f.Normalize()
	now := s.db.Now()
	cte, args := scopeCTE(sc)
	args = append(args, s.today()) // ?4
	from, to := now.AddDate(-8, 0, 0), now.AddDate(3, 0, 0)
	if f.DueMonth != nil {
		m := mustMonth(*f.DueMonth)
		from, to = m.AddDate(-1, 0, 0), m.AddDate(1, 0, 0)
		if to.Before(now.AddDate(0, 0, 2)) {
			to = now.AddDate(0, 0, 2)
		}
	}
	tol, args := toleranceSQL(s.Location, from, to, "?4", args)
	tol = "CASE WHEN t.kind = 'routine' AND t.due_on IS NOT NULL AND t.stage <> 'cancelled' THEN " + tol + " END"
	w := where{"t.property_id IN (SELECT id FROM scope_properties)", "t.deleted_at IS NULL"}
	add := func(cond string, v ...any) { w, args = append(w, cond), append(args, v...) }
	if f.PropertyID != nil {
		add("t.property_id = ?", *f.PropertyID)
	}
	if f.Kind != nil {
		add("t.kind = ?", *f.Kind)
	}
	if f.Stage != nil {
		add("t.stage = ?", *f.Stage)
	} else {
		w = append(w, "t.stage <> 'cancelled'")
	}
	if f.Tolerance != nil {
		add("tolerance = ?", string(*f.Tolerance))
	}
	if f.DueMonth != nil {
		first, end := monthDays(*f.DueMonth)
		add("t.due_on >= ? AND t.due_on < ?", first, end)
	}
	if f.CreatedMonth != nil {
		from, to := localMonth(*f.CreatedMonth, s.Location)
		add("t.created_at >= ? AND t.created_at < ?", from, to)
	}
	if f.Upcoming {
		w = append(w, "t.performed_at IS NULL AND t.completed_at IS NULL AND t.stage IN ('onhold', 'ready', 'inprogress')",
			"COALESCE(t.scheduled_on, t.due_on) >= ?4")
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := likeArg(q)
		add(`(t.title LIKE ? ESCAPE '\' OR CAST(t.number AS TEXT) LIKE ? ESCAPE '\' OR p.name LIKE ? ESCAPE '\')`, pat, pat, pat)
	}
	def := "created"
	if f.Upcoming {
		def = "when"
	}
	col, desc := f.SortKey(def, "created", "due", "when", "property", "stage", "title", "number")
	order := map[string]string{"created": "t.created_at", "due": "t.due_on", "when": "COALESCE(t.scheduled_on, t.due_on)",
		"property": "p.name COLLATE NOCASE", "stage": "t.stage", "title": "t.title COLLATE NOCASE", "number": "t.number"}[col]
	if f.Sort == "" && !f.Upcoming {
		desc = true
	}
	args = append(args, f.Limit, f.Offset)
	// The inner select names the tolerance status so the filter and the
	// list judge it by the same expression; SQLite flattens it, so the
	// indexes on tasks still serve the scope.
	cond := strings.ReplaceAll(w.sql(), "p.name", "t.property_name")
	err = s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, cte+`
			SELECT t.id, t.number, t.property_id, t.property_name, t.kind, t.priority, t.stage, t.title, t.created_at, t.scheduled_on,
				t.due_on, COALESCE(t.performed_at, t.completed_at), t.tolerance, COUNT(*) OVER ()
			FROM (SELECT t.*, p.name AS property_name, `+tol+` AS tolerance
				FROM tasks t JOIN properties p ON p.id = t.property_id) t`+cond+`
			ORDER BY `+strings.ReplaceAll(order, "p.name", "t.property_name")+dir(desc)+` NULLS LAST, t.id`+dir(desc)+` LIMIT ? OFFSET ?`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t backend.PortalTask
			var number sql.NullInt64
			var sched, due, done, tolerance sql.NullString
			if err := rows.Scan(&t.ID, &number, &t.PropertyID, &t.PropertyName, &t.Kind, &t.Priority, &t.Stage, &t.Title, &t.CreatedAt,
				&sched, &due, &done, &tolerance, &n); err != nil {
				return err
			}
			t.Number, t.ScheduledOn, t.DueOn, t.DoneAt = nullInt(number), nullStr(sched), nullStr(due), nullStr(done)
			if tolerance.Valid {
				ts := backend.ToleranceStatus(tolerance.String)
				t.Tolerance = &ts
			}
			ts = append(ts, &t)
		}
		return rows.Err()
	})
	return ts, n, err
}

func (s *PortalListService) FindPortalAssets(ctx context.Context, sc backend.Scope, f backend.PortalAssetFilter) (as []*backend.PortalAsset, n int, err error) {
	if err := f.Validate(); err != nil {
		return nil, 0, err
	}
	f.Normalize()
	cte, args := scopeCTE(sc)
	w := where{"a.property_id IN (SELECT id FROM scope_properties)", "a.deleted_at IS NULL"}
	add := func(cond string, v ...any) { w, args = append(w, cond), append(args, v...) }
	if f.PropertyID != nil {
		add("a.property_id = ?", *f.PropertyID)
	}
	if f.FloorplanID != nil {
		add("a.floorplan_id = ? AND a.pin_x IS NOT NULL AND a.pin_y IS NOT NULL", *f.FloorplanID)
	}
	if f.Type != nil {
		add("a.type = ?", *f.Type)
	}
	if f.Worst != nil {
		if *f.Worst == backend.SeriesNoOpenDefects {
			w = append(w, "worst_rank IS NULL")
		} else {
			for i, sev := range backend.Severities {
				if string(sev) == *f.Worst {
					add("worst_rank = ?", i)
				}
			}
		}
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := likeArg(q)
		add(`(a.type LIKE ? ESCAPE '\' OR a.location LIKE ? ESCAPE '\' OR a.barcode LIKE ? ESCAPE '\' OR a.property_name LIKE ? ESCAPE '\')`, pat, pat, pat, pat)
	}
	col, desc := f.SortKey("type", "type", "property", "location", "severity", "defects", "service")
	order := map[string]string{"type": "a.type COLLATE NOCASE", "property": "a.property_name COLLATE NOCASE",
		"location": "a.location COLLATE NOCASE", "severity": "worst_rank", "defects": "open_defects", "service": "a.last_service_on"}[col]
	args = append(args, f.Limit, f.Offset)
	err = s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, cte+`
			SELECT a.id, a.property_id, a.property_name, a.type, a.esm, a.location, a.barcode, a.last_service_on, a.last_result,
				a.open_defects, a.worst_rank, a.floorplan_id, a.pin_x, a.pin_y, COUNT(*) OVER ()
			FROM (SELECT a.*, p.name AS property_name,
					(SELECT COUNT(*) FROM remarks r WHERE r.asset_id = a.id AND r.property_id = a.property_id AND r.deleted_at IS NULL
						AND r.published = 1 AND r.status = 'open') AS open_defects,
					(SELECT MIN(`+severityRankSQL+`) FROM remarks r WHERE r.asset_id = a.id AND r.property_id = a.property_id
						AND r.deleted_at IS NULL AND r.published = 1 AND r.status = 'open') AS worst_rank
				FROM assets a JOIN properties p ON p.id = a.property_id) a`+w.sql()+`
			ORDER BY `+order+dir(desc)+` NULLS LAST, a.property_name COLLATE NOCASE, a.location, a.id LIMIT ? OFFSET ?`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var a backend.PortalAsset
			var service, floorplan sql.NullString
			var worst sql.NullInt64
			var x, y sql.NullFloat64
			if err := rows.Scan(&a.ID, &a.PropertyID, &a.PropertyName, &a.Type, &a.ESM, &a.Location, &a.Barcode, &service, &a.LastResult,
				&a.OpenDefects, &worst, &floorplan, &x, &y, &n); err != nil {
				return err
			}
			a.LastServiceOn, a.FloorplanID, a.WorstSeverity = nullStr(service), nullStr(floorplan), severityOfRank(worst)
			if x.Valid && y.Valid {
				a.PinX, a.PinY = &x.Float64, &y.Float64
			}
			as = append(as, &a)
		}
		return rows.Err()
	})
	return as, n, err
}
