package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"siteward/backend"
	"siteward/backend/charts"
	"siteward/backend/demo"
	"siteward/backend/pdf"
	"siteward/backend/sqlite"
)

// BenchmarkReports times a report from request to PDF bytes (the scoped
// queries and the drawing) on the medium dataset (DESIGN.md §7: one
// client's monthly report ≤ 0.5 s; a group of up to 2,000 properties ≤ 3 s).
// Generating the dataset takes about a minute; to reuse one, point
// SITEWARD_BENCH_DATA at a data folder made by `siteward demo --size medium`.
//
//	go test -tags sqlite_fts5 -run '^$' -bench Reports -benchtime 10x ./backend/server
func BenchmarkReports(b *testing.B) {
	ctx := context.Background()
	db, logins := openReportBenchData(b)
	syd, _ := time.LoadLocation("Australia/Sydney")
	data := sqlite.NewReportDataService(db, syd)
	draw := pdf.New(charts.Palette, charts.Labels)

	client := logins.Get(demo.RoleClient)
	if client == nil || client.Scope == nil {
		b.Fatal("the demo logins have no client login")
	}
	var userID, groupID, propertyID string
	var groupProps int
	err := db.View(ctx, func(tx *sqlite.Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = ?`, client.Email).Scan(&userID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT id FROM properties WHERE client_id = ? AND active = 1 AND deleted_at IS NULL
			ORDER BY id LIMIT 1`, client.Scope.ID).Scan(&propertyID); err != nil {
			return err
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	groupID, groupProps = groupOfUpTo(b, db, 2000)
	b.Logf("group of %d properties", groupProps)
	now := db.Now()
	month := now.In(syd).AddDate(0, -1, 0).Format("2006-01") // the last whole month
	clientScope := backend.Scope{UserID: userID, View: backend.View{Kind: backend.ViewClient, ID: client.Scope.ID, Name: client.Scope.Name}}
	groupScope := backend.Scope{UserID: userID, View: backend.View{Kind: backend.ViewGroup, ID: groupID, Name: "Benchmark group"}}

	monthly := func(kind backend.ReportKind) backend.ReportRequest {
		r, err := backend.MonthPeriod(kind, month, now, syd)
		if err != nil {
			b.Fatal(err)
		}
		return r
	}
	year, _ := backend.RangePeriod(backend.ReportRoutineActivity, "", "", now, syd)
	condition, _ := backend.YearPeriod(backend.ReportYearlyCondition, "", now, syd)
	condition.PropertyID = propertyID
	render := func(sc backend.Scope, r backend.ReportRequest) ([]byte, error) {
		switch r.Kind {
		case backend.ReportMonthlyActivity:
			d, err := data.MonthlyActivity(ctx, sc, r)
			if err != nil {
				return nil, err
			}
			return draw.MonthlyActivity(d)
		case backend.ReportMonthlyMaintenance:
			d, err := data.MonthlyMaintenance(ctx, sc, r)
			if err != nil {
				return nil, err
			}
			return draw.MonthlyMaintenance(d)
		case backend.ReportRoutineActivity:
			d, err := data.RoutineActivity(ctx, sc, r)
			if err != nil {
				return nil, err
			}
			return draw.RoutineActivity(d)
		}
		d, err := data.YearlyCondition(ctx, sc, r)
		if err != nil {
			return nil, err
		}
		return draw.YearlyCondition(d)
	}
	cases := []struct {
		name string
		sc   backend.Scope
		req  backend.ReportRequest
	}{
		{"client/monthly-activity", clientScope, monthly(backend.ReportMonthlyActivity)},
		{"client/monthly-maintenance", clientScope, monthly(backend.ReportMonthlyMaintenance)},
		{"client/routine-activity-12-months", clientScope, year},
		{"property/yearly-condition", clientScope, condition},
		{"group/monthly-activity", groupScope, monthly(backend.ReportMonthlyActivity)},
		{"group/monthly-maintenance", groupScope, monthly(backend.ReportMonthlyMaintenance)},
		{"group/routine-activity-12-months", groupScope, year},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var size int
			for b.Loop() {
				out, err := render(c.sc, c.req)
				if err != nil {
					b.Fatal(err)
				}
				size = len(out)
			}
			b.ReportMetric(float64(size)/1024, "kB")
		})
	}
}

// groupOfUpTo makes a group of as near n active properties as the dataset
// allows without passing n, by nesting the largest root groups that fit
// below a new one (the medium dataset's own groups hold a few hundred
// each). It works on the benchmark's own copy of the data.
func groupOfUpTo(b *testing.B, db *sqlite.DB, n int) (string, int) {
	ctx := context.Background()
	id, total := backend.NewID(), 0
	err := db.Update(ctx, func(tx *sqlite.Tx) error {
		rows, err := tx.QueryContext(ctx, `WITH RECURSIVE t(top, id) AS (
				SELECT id, id FROM client_groups WHERE parent_id IS NULL AND deleted_at IS NULL
				UNION ALL SELECT t.top, g.id FROM client_groups g JOIN t ON g.parent_id = t.id WHERE g.deleted_at IS NULL)
			SELECT t.top, COUNT(*) FROM t JOIN clients c ON c.group_id = t.id AND c.active = 1 AND c.deleted_at IS NULL
				JOIN properties p ON p.client_id = c.id AND p.active = 1 AND p.deleted_at IS NULL
			GROUP BY t.top ORDER BY COUNT(*) DESC`)
		if err != nil {
			return err
		}
		var picked []string
		for rows.Next() {
			var top string
			var count int
			if err := rows.Scan(&top, &count); err != nil {
				rows.Close()
				return err
			}
			if total+count <= n {
				picked, total = append(picked, top), total+count
			}
		}
		rows.Close()
		if _, err := tx.ExecContext(ctx, `INSERT INTO client_groups (id, name, created_at, updated_at) VALUES (?, 'Benchmark', 'x', 'x')`, id); err != nil {
			return err
		}
		for _, g := range picked {
			if _, err := tx.ExecContext(ctx, `UPDATE client_groups SET parent_id = ? WHERE id = ?`, id, g); err != nil {
				return err
			}
		}
		return rows.Err()
	})
	if err != nil {
		b.Fatal(err)
	}
	return id, total
}

// openReportBenchData opens SITEWARD_BENCH_DATA's database, or generates
// the medium dataset into a temp folder.
func openReportBenchData(b *testing.B) (*sqlite.DB, *demo.Logins) {
	b.Helper()
	ctx := context.Background()
	dir := os.Getenv("SITEWARD_BENCH_DATA")
	now := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
	var logins *demo.Logins
	if dir != "" {
		raw, err := os.ReadFile(filepath.Join(dir, demo.LoginsFile))
		if err != nil {
			b.Fatal(err)
		}
		if err := json.Unmarshal(raw, &logins); err != nil {
			b.Fatal(err)
		}
		if now, err = backend.ParseTime(logins.GeneratedAt); err != nil {
			b.Fatal(err)
		}
	}
	db := sqlite.NewDB(filepath.Join(b.TempDir(), "siteward.db"))
	if dir != "" {
		// A copy: the benchmark regroups clients (groupOfUpTo).
		src, err := sql.Open("sqlite3", "file:"+filepath.Join(dir, "siteward.db")+"?mode=ro")
		if err != nil {
			b.Fatal(err)
		}
		_, err = src.ExecContext(ctx, `VACUUM INTO ?`, db.Path)
		src.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	db.Now = func() time.Time { return now }
	if err := db.Open(ctx); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if dir == "" {
		var err error
		if logins, err = demo.Generate(ctx, db, demo.Options{Size: demo.Medium, Seed: 1, Now: now}); err != nil {
			b.Fatal(err)
		}
	}
	return db, logins
}
