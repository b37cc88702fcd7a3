package sqlite

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"siteward/backend"
	"siteward/backend/demo"
)

// BenchmarkDashboard times each portal panel's data for the demo's national
// login on the medium dataset (DESIGN.md §7: p95 ≤ 50 ms at 10 concurrent).
// The dataset takes ~30 s to generate; to reuse one, point
// SITEWARD_BENCH_DATA at a data folder made by `siteward demo --size medium`.
//
//	go test -tags sqlite_fts5 -run '^$' -bench Dashboard -benchtime 200x ./backend/sqlite
func BenchmarkDashboard(b *testing.B) {
	db, scopes := openBenchData(b)
	syd, _ := time.LoadLocation("Australia/Sydney")
	svc := NewDashboardService(db, syd)
	ctx := context.Background()
	year := db.Now().In(syd).Year()
	endpoints := []struct {
		name string
		fn   func(backend.Scope) error
	}{
		{"dashboard", func(sc backend.Scope) error { _, err := svc.PortalDashboard(ctx, sc); return err }},
		{"defects-monthly", func(sc backend.Scope) error { _, err := svc.DefectsMonthly(ctx, sc); return err }},
		{"assets-by-type", func(sc backend.Scope) error { _, err := svc.AssetsByType(ctx, sc); return err }},
		{"routines", func(sc backend.Scope) error { _, err := svc.RoutinesByMonth(ctx, sc, year); return err }},
		{"service-calls", func(sc backend.Scope) error { _, err := svc.ServiceCallsMonthly(ctx, sc); return err }},
		{"spend", func(sc backend.Scope) error { _, err := svc.SpendMonthly(ctx, sc); return err }},
		{"map", func(sc backend.Scope) error { _, err := svc.PortalMap(ctx, sc); return err }},
	}
	for _, sc := range scopes {
		for _, e := range endpoints {
			b.Run(sc.name+"/"+e.name, func(b *testing.B) {
				for b.Loop() {
					if err := e.fn(sc.scope); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		// The whole page as a browser loads it, ten at a time: every
		// endpoint once per page; p95 is of single requests.
		b.Run(sc.name+"/page-10-concurrent", func(b *testing.B) {
			var mu sync.Mutex
			var lat []time.Duration
			var wg sync.WaitGroup
			pages := make(chan struct{})
			for range 10 {
				wg.Go(func() {
					for range pages {
						for _, e := range endpoints {
							t0 := time.Now()
							if err := e.fn(sc.scope); err != nil {
								b.Error(err)
							}
							d := time.Since(t0)
							mu.Lock()
							lat = append(lat, d)
							mu.Unlock()
						}
					}
				})
			}
			for b.Loop() {
				pages <- struct{}{}
			}
			close(pages)
			wg.Wait()
			slices.Sort(lat)
			if len(lat) > 0 {
				b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
				b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			}
		})
	}
}

type benchScope struct {
	name  string
	scope backend.Scope
}

// openBenchData opens SITEWARD_BENCH_DATA's database, or generates the
// medium dataset into a temp folder, and returns the national login's
// scope and the scope of the largest root group.
func openBenchData(b *testing.B) (*DB, []benchScope) {
	b.Helper()
	ctx := context.Background()
	dir := os.Getenv("SITEWARD_BENCH_DATA")
	var logins *demo.Logins
	now := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
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
	db := NewDB(filepath.Join(b.TempDir(), "siteward.db"))
	if dir != "" {
		db.Path = filepath.Join(dir, "siteward.db")
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
	nat := logins.Get(demo.RoleNational)
	if nat == nil || nat.Scope == nil {
		b.Fatal("the demo logins have no national login")
	}
	var userID, biggest string
	err := db.View(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = ?`, nat.Email).Scan(&userID); err != nil {
			return err
		}
		// The root group with the most clients below it, at any depth.
		return tx.QueryRowContext(ctx, `WITH RECURSIVE t(root, id) AS (
				SELECT id, id FROM client_groups WHERE parent_id IS NULL AND deleted_at IS NULL
				UNION ALL SELECT t.root, g.id FROM client_groups g JOIN t ON g.parent_id = t.id WHERE g.deleted_at IS NULL)
			SELECT t.root FROM t JOIN clients c ON c.group_id = t.id GROUP BY t.root ORDER BY COUNT(*) DESC LIMIT 1`).Scan(&biggest)
	})
	if err != nil {
		b.Fatal(err)
	}
	view := func(id string) backend.View { return backend.View{Kind: backend.ViewGroup, ID: id} }
	return db, []benchScope{
		{"national", backend.Scope{UserID: userID, View: view(nat.Scope.ID)}},
		{"largest-group", backend.Scope{UserID: userID, View: view(biggest)}},
	}
}
