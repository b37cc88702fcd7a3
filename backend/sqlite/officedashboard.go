package sqlite

import (
	"context"
	"time"

	"siteward/backend"
)

// OfficeDashboardService implements backend.OfficeDashboardService; today
// is the workspace's local date.
type OfficeDashboardService struct {
	db  *DB
	loc *time.Location
}

// NewOfficeDashboardService returns an OfficeDashboardService on db.
func NewOfficeDashboardService(db *DB, loc *time.Location) *OfficeDashboardService {
	if loc == nil {
		loc = time.UTC
	}
	return &OfficeDashboardService{db: db, loc: loc}
}

var _ backend.OfficeDashboardService = (*OfficeDashboardService)(nil)

func (s *OfficeDashboardService) OfficeDashboard(ctx context.Context) (d *backend.OfficeDashboard, err error) {
	today := s.db.Now().In(s.loc).Format(backend.DateLayout)
	d = &backend.OfficeDashboard{}
	err = s.db.View(ctx, func(tx *Tx) error {
		return tx.QueryRowContext(ctx, `SELECT
			(SELECT COUNT(*) FROM quotes WHERE status = 'submitted' AND deleted_at IS NULL),
			(SELECT COALESCE(SUM(total_cents), 0) FROM quotes WHERE status = 'submitted' AND deleted_at IS NULL),
			(SELECT COUNT(*) FROM invoices i WHERE `+overdueSQL+` AND i.deleted_at IS NULL),
			(SELECT COALESCE(SUM(total_cents - paid_cents), 0) FROM invoices i WHERE `+overdueSQL+` AND i.deleted_at IS NULL),
			(SELECT COUNT(*) FROM remarks WHERE severity = 'critical' AND status = 'open' AND deleted_at IS NULL),
			(SELECT COUNT(*) FROM remarks WHERE severity = 'critical' AND status = 'open' AND published = 0 AND deleted_at IS NULL),
			(SELECT COUNT(*) FROM tasks t WHERE t.deleted_at IS NULL AND `+outsideToleranceSQL+`),
			(SELECT COUNT(*) FROM outbox_messages WHERE status IN ('failed', 'uncertain'))`,
			today, today, today).Scan(&d.QuotesAwaiting.Count, &d.QuotesAwaiting.AmountCents, &d.OverdueInvoices.Count,
			&d.OverdueInvoices.AmountCents, &d.OpenCriticalDefects, &d.UnpublishedCritical, &d.RoutinesOutsideTolerance, &d.FailedEmails)
	})
	return d, err
}

func (s *OfficeDashboardService) OpenDefectsByAge(ctx context.Context) (*backend.ChartData, error) {
	now := backend.FormatTime(s.db.Now())
	d := &backend.ChartData{Categories: backend.DefectAgeBuckets}
	index := map[backend.Severity]int{}
	for i, sev := range backend.Severities {
		index[sev] = i
		d.Series = append(d.Series, backend.Series{Key: string(sev), Values: make([]float64, len(backend.DefectAgeBuckets))})
	}
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT severity,
				CASE WHEN julianday(?) - julianday(raised_at) <= 30 THEN 0
					WHEN julianday(?) - julianday(raised_at) <= 90 THEN 1
					WHEN julianday(?) - julianday(raised_at) <= 365 THEN 2 ELSE 3 END AS bucket,
				COUNT(*)
			FROM remarks WHERE status = 'open' AND deleted_at IS NULL GROUP BY severity, bucket`, now, now, now)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var sev backend.Severity
			var bucket int
			var n float64
			if err := rows.Scan(&sev, &bucket, &n); err != nil {
				return err
			}
			if i, ok := index[sev]; ok {
				d.Series[i].Values[bucket] = n
			}
		}
		return rows.Err()
	})
	return d, err
}
