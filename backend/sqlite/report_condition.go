package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strings"

	"siteward/backend"
)

// YearlyCondition gathers one property's AS 1851 condition report: its
// assets by type with the routine visits that serviced them and their last
// results, the routine visits done in the period, and the published remarks
// still open at the report's date, worst first.
func (s *ReportDataService) YearlyCondition(ctx context.Context, sc backend.Scope, r backend.ReportRequest) (*backend.ConditionReport, error) {
	out := &backend.ConditionReport{}
	err := s.db.View(ctx, func(tx *Tx) error {
		q, h, err := s.begin(ctx, tx, sc, r)
		if err != nil {
			return err
		}
		out.Header = h
		var street, suburb, state, postcode string
		if err := tx.QueryRowContext(ctx, q.cte+`
			SELECT p.name, p.street, p.suburb, p.state, p.postcode, c.name
			FROM properties p JOIN clients c ON c.id = p.client_id
			WHERE p.id IN (SELECT id FROM report_properties)`, q.args...).
			Scan(&out.Property, &street, &suburb, &state, &postcode, &out.Client); err != nil {
			return err
		}
		out.Address = joinAddress(street, suburb, state, postcode)
		if out.Assets, err = findAssetSummaries(ctx, tx, q); err != nil {
			return err
		}
		tasks, err := findReportTasks(ctx, tx, q, byDone)
		if err != nil {
			return err
		}
		for _, t := range tasks {
			out.Visits = append(out.Visits, backend.ServiceVisit{Number: t.Number, Title: t.Title, DueOn: t.DueOn,
				PerformedOn: t.PerformedOn, Tolerance: t.Tolerance})
		}
		// Assets keep only their last service, so a past year's servicing
		// comes from the routine visits that covered each type.
		for i := range out.Assets {
			a := &out.Assets[i]
			for _, t := range tasks {
				if slices.Contains(t.AssetTypes, a.Type) {
					a.Visits++
					a.LastServiceOn = max(a.LastServiceOn, t.PerformedOn)
				}
			}
		}
		rows, err := tx.QueryContext(ctx, q.cte+`
			SELECT `+remarkColumns+`
			FROM remarks r JOIN properties p ON p.id = r.property_id LEFT JOIN assets a ON a.id = r.asset_id
			WHERE r.property_id IN (SELECT id FROM report_properties) AND r.published = 1 AND r.deleted_at IS NULL
				AND r.status = 'open' AND r.raised_at < ?5
			ORDER BY `+severityRankSQL+`, r.raised_at, r.number`, q.next(q.end)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			x, err := scanReportRemark(rows, s.Location)
			if err != nil {
				return err
			}
			out.OpenRemarks = append(out.OpenRemarks, x)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// findAssetSummaries counts the property's assets by type, most first.
func findAssetSummaries(ctx context.Context, tx *Tx, q *reportQuery) ([]backend.AssetTypeSummary, error) {
	rows, err := tx.QueryContext(ctx, q.cte+`
		SELECT a.type, COUNT(*),
			COALESCE(SUM(a.last_service_on >= ?5 AND a.last_service_on < ?6 AND a.last_result = 'pass'), 0),
			COALESCE(SUM(a.last_service_on >= ?5 AND a.last_service_on < ?6 AND a.last_result = 'fail'), 0),
			MAX(CASE WHEN a.last_service_on >= ?5 AND a.last_service_on < ?6 THEN a.last_service_on END)
		FROM assets a
		WHERE a.property_id IN (SELECT id FROM report_properties) AND a.deleted_at IS NULL
		GROUP BY a.type ORDER BY COUNT(*) DESC, a.type`, q.next(q.req.From, q.req.To)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []backend.AssetTypeSummary
	for rows.Next() {
		var x backend.AssetTypeSummary
		var last sql.NullString
		if err := rows.Scan(&x.Type, &x.Count, &x.Passed, &x.Failed, &last); err != nil {
			return nil, err
		}
		x.LastServiceOn = last.String
		out = append(out, x)
	}
	return out, rows.Err()
}

// joinAddress prints "1 Main St, Sydney NSW 2000", skipping empty parts.
func joinAddress(street, suburb, state, postcode string) string {
	tail := strings.TrimSpace(strings.Join([]string{suburb, state, postcode}, " "))
	tail = strings.Join(strings.Fields(tail), " ")
	if street == "" {
		return tail
	}
	if tail == "" {
		return street
	}
	return street + ", " + tail
}
