package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"time"

	"siteward/backend"
)

// Routine tasks and their remarks in reports. A routine task's tolerance
// status is judged exactly as the portal's routines chart judges it
// (toleranceStatusSQL).

// taskPeriod says which date puts a task in a report's period.
type taskPeriod int

const (
	byDone taskPeriod = iota // performed (else completed) in the period: the work done
	byDue                    // due in the period: the work planned
)

// findReportTasks lists the scope's routine tasks of the period, cancelled
// ones left out, oldest first.
func findReportTasks(ctx context.Context, tx *Tx, q *reportQuery, by taskPeriod) ([]backend.ReportTask, error) {
	done := "COALESCE(t.performed_at, t.completed_at)"
	from, _ := time.Parse(backend.DateLayout, q.req.From)
	to, _ := time.Parse(backend.DateLayout, q.req.To)
	// Work can be done well before or after it was due: cover the zone's
	// offsets from a year before the period to two years after it, or today.
	until := q.now.AddDate(0, 0, 2)
	if end := to.AddDate(2, 0, 0); until.Before(end) {
		until = end
	}
	args := q.next(q.today)
	doneDay, args := localDaySQL(done, q.loc, from.AddDate(-1, 0, 0), until, args)
	lo, hi := "?"+strconv.Itoa(len(args)+1), "?"+strconv.Itoa(len(args)+2)
	var period, order string
	switch by {
	case byDone:
		period = done + ` >= ` + lo + ` AND ` + done + ` < ` + hi
		args = append(args, q.start, q.end)
		order = done
	default:
		period = `t.due_on >= ` + lo + ` AND t.due_on < ` + hi
		args = append(args, q.req.From, q.req.To)
		order = "t.due_on"
	}
	rows, err := tx.QueryContext(ctx, q.cte+`
		SELECT t.id, t.number, p.name, t.title, t.stage, COALESCE(t.due_on, ''), `+done+`,
			`+toleranceStatusSQL(done, doneDay, "?5")+`, COALESCE(ro.asset_types, '[]')
		FROM tasks t JOIN properties p ON p.id = t.property_id LEFT JOIN routines ro ON ro.id = t.routine_id
		WHERE t.property_id IN (SELECT id FROM report_properties) AND t.kind = 'routine' AND t.deleted_at IS NULL
			AND t.stage <> 'cancelled' AND `+period+`
		ORDER BY `+order+`, t.number`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []backend.ReportTask
	for rows.Next() {
		var n sql.NullInt64
		var doneAt sql.NullString
		var x backend.ReportTask
		var types string
		if err := rows.Scan(&x.ID, &n, &x.Property, &x.Title, &x.Stage, &x.DueOn, &doneAt, &x.Tolerance, &types); err != nil {
			return nil, err
		}
		// The routine's asset types; a malformed list covers none.
		_ = json.Unmarshal([]byte(types), &x.AssetTypes)
		x.Number = backend.FormatNumber("T", nullInt64(n))
		x.PerformedOn = localDate(doneAt, q.loc)
		out = append(out, x)
	}
	return out, rows.Err()
}

// remarkColumns reads a remark with its property and asset type; it pairs
// with scanReportRemark.
const remarkColumns = `r.task_id, r.number, p.name, COALESCE(a.type, ''), r.severity, r.description, r.raised_at, r.status, r.resolved_at`

func scanReportRemark(rows *sql.Rows, loc *time.Location) (backend.ReportRemark, error) {
	var x backend.ReportRemark
	var task, raised, resolved sql.NullString
	var n sql.NullInt64
	if err := rows.Scan(&task, &n, &x.Property, &x.AssetType, &x.Severity, &x.Description, &raised, &x.Status, &resolved); err != nil {
		return x, err
	}
	x.TaskID = task.String
	x.Number = backend.FormatNumber("R", nullInt64(n))
	x.RaisedOn = localDate(raised, loc)
	x.ResolvedOn = localDate(resolved, loc)
	return x, nil
}

// MonthlyMaintenance lists the routine tasks performed in the period and
// the published remarks each identified, with their status today.
func (s *ReportDataService) MonthlyMaintenance(ctx context.Context, sc backend.Scope, r backend.ReportRequest) (*backend.MaintenanceReport, error) {
	out := &backend.MaintenanceReport{}
	err := s.db.View(ctx, func(tx *Tx) error {
		q, h, err := s.begin(ctx, tx, sc, r)
		if err != nil {
			return err
		}
		out.Header = h
		if out.Tasks, err = findReportTasks(ctx, tx, q, byDone); err != nil {
			return err
		}
		pos := make(map[string]int, len(out.Tasks))
		for i, t := range out.Tasks {
			pos[t.ID] = i
		}
		done := "COALESCE(t.performed_at, t.completed_at)"
		rows, err := tx.QueryContext(ctx, q.cte+`
			SELECT `+remarkColumns+`
			FROM remarks r JOIN tasks t ON t.id = r.task_id AND t.property_id = r.property_id
				JOIN properties p ON p.id = r.property_id LEFT JOIN assets a ON a.id = r.asset_id
			WHERE r.property_id IN (SELECT id FROM report_properties) AND r.published = 1 AND r.deleted_at IS NULL
				AND t.kind = 'routine' AND t.deleted_at IS NULL AND t.stage <> 'cancelled'
				AND `+done+` >= ?5 AND `+done+` < ?6
			ORDER BY `+severityRankSQL+`, r.raised_at, r.number`, q.next(q.start, q.end)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			x, err := scanReportRemark(rows, s.Location)
			if err != nil {
				return err
			}
			if i, ok := pos[x.TaskID]; ok {
				out.Tasks[i].Remarks = append(out.Tasks[i].Remarks, x)
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RoutineActivity lists the routine tasks due in the period with their
// tolerance status, and counts them by due month.
func (s *ReportDataService) RoutineActivity(ctx context.Context, sc backend.Scope, r backend.ReportRequest) (*backend.RoutineActivityReport, error) {
	out := &backend.RoutineActivityReport{}
	err := s.db.View(ctx, func(tx *Tx) error {
		q, h, err := s.begin(ctx, tx, sc, r)
		if err != nil {
			return err
		}
		out.Header = h
		out.Tasks, err = findReportTasks(ctx, tx, q, byDue)
		return err
	})
	if err != nil {
		return nil, err
	}
	out.Chart = routinesChart(r, out.Tasks)
	return out, nil
}

// routinesChart counts tasks by due month (every month of the period, in
// order) and tolerance status.
func routinesChart(r backend.ReportRequest, tasks []backend.ReportTask) backend.ChartData {
	from, _ := time.Parse(backend.DateLayout, r.From)
	to, _ := time.Parse(backend.DateLayout, r.To)
	var d backend.ChartData
	index := map[string]int{}
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); m.Before(to); m = m.AddDate(0, 1, 0) {
		index[m.Format("2006-01")] = len(d.Categories)
		d.Categories = append(d.Categories, m.Format("2006-01"))
	}
	series := map[backend.ToleranceStatus]int{}
	for _, st := range backend.ToleranceStatuses {
		series[st] = len(d.Series)
		d.Series = append(d.Series, backend.Series{Key: string(st), Values: make([]float64, len(d.Categories))})
	}
	for _, t := range tasks {
		i, ok := index[substr7(t.DueOn)]
		j, known := series[t.Tolerance]
		if ok && known {
			d.Series[j].Values[i]++
		}
	}
	return d
}

func substr7(s string) string {
	if len(s) < 7 {
		return s
	}
	return s[:7]
}
