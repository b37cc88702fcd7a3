package http_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"siteward/backend"
	"siteward/backend/charts"
	"siteward/backend/demo"
	sitehttp "siteward/backend/http"
	"siteward/backend/pdf"
	"siteward/backend/sqlite"
)

// BenchmarkPortalLoad is the portal's loopback load generator (DESIGN.md
// §7): the real HTTP server over a demo dataset, driven over TCP on
// 127.0.0.1 by signed-in customers at each scope level, closed-loop (N
// clients, each sending its next request when the last one answers) and
// open-loop (a fixed rate, latency measured from when each request was due,
// so a slow server cannot hide its queue). Beside it, two references: a
// bare handler serving the same JSON from memory through the same loopback
// stack, and the services' SQL alone, with no HTTP. Every run is bounded in
// requests and in time.
//
// It needs a data folder made by `siteward demo --size medium` (or large):
//
//	SITEWARD_BENCH_DATA=/path/to/data go test -tags sqlite_fts5 -run '^$' \
//	    -bench PortalLoad -benchtime 1x ./backend/http
//
// Each sub-benchmark reports p50/p95/p99 in ms, requests/s and errors.
func BenchmarkPortalLoad(b *testing.B) {
	dir := os.Getenv("SITEWARD_BENCH_DATA")
	if dir == "" {
		b.Skip("set SITEWARD_BENCH_DATA to a data folder made by `siteward demo --size medium`")
	}
	lb := openLoadBench(b, dir)
	panels := []string{"/api/portal/dashboard", "/api/portal/map", "/api/portal/charts/defects-monthly",
		"/api/portal/charts/assets-by-type", "/api/portal/charts/routines", "/api/portal/charts/service-calls", "/api/portal/charts/spend"}
	// The main page's lists, as its panels first ask for them.
	lists := []string{"/api/portal/properties?limit=10", "/api/portal/latest-reports?limit=10",
		"/api/portal/quotes?kind=defect&status=submitted&limit=5", "/api/portal/quotes?kind=service&status=submitted&limit=5",
		"/api/portal/invoices?status=issued&sort=due&limit=5"}
	for _, sc := range lb.scopes {
		searches := make([]string, len(lb.words))
		for i, w := range lb.words {
			searches[i] = "/api/portal/search?q=" + w
		}
		// dashboard-cold: each client moves the map generation on (untimed)
		// before each of its map requests, as if a pin changed between any
		// two, so no map answer comes from the cache (mapcache.go); each run
		// reports the share of map answers served from memory.
		for _, mix := range []struct {
			name  string
			paths []string
			cold  bool
		}{{"dashboard", panels, false}, {"dashboard-cold", panels, true}, {"lists", lists, false}, {"search", searches, false}} {
			paths := withView(mix.paths, sc.query)
			for _, c := range []int{1, 10, 50} {
				b.Run(fmt.Sprintf("%s/%s/closed-%d", sc.name, mix.name, c), func(b *testing.B) {
					for b.Loop() {
						var before func(path string)
						if mix.cold {
							before = lb.changeMapBefore
						}
						lb.srv.MapCacheCounts()
						r := closedLoop(sc.client, lb.url, paths, c, 40*c, 20*time.Second, before)
						hits, misses := lb.srv.MapCacheCounts()
						report(b, r)
						if hits+misses > 0 {
							b.ReportMetric(100*float64(hits)/float64(hits+misses), "map-hit-%")
						}
					}
				})
			}
			if mix.cold {
				continue
			}
			b.Run(fmt.Sprintf("%s/%s/open-50rps", sc.name, mix.name), func(b *testing.B) {
				for b.Loop() {
					report(b, openLoop(sc.client, lb.url, paths, 50, 4*time.Second, 200))
				}
			})
			if mix.name == "dashboard" {
				b.Run(sc.name+"/dashboard/sql-10", func(b *testing.B) {
					for b.Loop() {
						report(b, sqlLoop(lb, sc.scope, 10, 400))
					}
				})
			}
		}
	}
	// The bare handler: the dashboard's JSON from memory, same loopback, same client.
	body := lb.sample
	bare := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write(body)
	}))
	defer bare.Close()
	for _, c := range []int{1, 10, 50} {
		b.Run(fmt.Sprintf("bare-handler/closed-%d", c), func(b *testing.B) {
			for b.Loop() {
				report(b, closedLoop(&http.Client{Transport: newTransport()}, bare.URL, []string{"/"}, c, 200*c, 20*time.Second, nil))
			}
		})
	}
}

type loadScope struct {
	name   string
	scope  backend.Scope
	client *http.Client
	query  string // ?asKind=…&asId=… for the office's view of the root group
}

type loadBench struct {
	url    string
	srv    *sitehttp.Server
	scopes []loadScope
	words  []string
	sample []byte // one dashboard answer, for the bare handler
	db     *sqlite.DB
	syd    *time.Location
}

func newTransport() *http.Transport {
	return &http.Transport{MaxIdleConns: 200, MaxIdleConnsPerHost: 200, IdleConnTimeout: time.Minute}
}

func openLoadBench(b *testing.B, dir string) *loadBench {
	b.Helper()
	ctx := context.Background()
	raw, err := os.ReadFile(filepath.Join(dir, demo.LoginsFile))
	if err != nil {
		b.Fatal(err)
	}
	var logins demo.Logins
	if err := json.Unmarshal(raw, &logins); err != nil {
		b.Fatal(err)
	}
	now, err := backend.ParseTime(logins.GeneratedAt)
	if err != nil {
		b.Fatal(err)
	}
	db := sqlite.NewDB(filepath.Join(dir, "siteward.db"))
	db.BackupDir = b.TempDir()
	db.Now = func() time.Time { return now }
	if err := db.Open(ctx); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	syd, _ := time.LoadLocation("Australia/Sydney")
	// Build the portal counts in the workspace's zone now (once per data
	// folder), not inside the first measured request.
	if err := db.EnsureCountsZone(ctx, syd); err != nil {
		b.Fatal(err)
	}
	srv := &sitehttp.Server{
		Users: sqlite.NewUserService(db), Sessions: sqlite.NewSessionService(db),
		ClientGroups: sqlite.NewClientGroupService(db), Clients: sqlite.NewClientService(db),
		Contacts: sqlite.NewContactService(db), Properties: sqlite.NewPropertyService(db),
		Portal: sqlite.NewPortalService(db, syd), Settings: sqlite.NewSettingsService(db),
		Dashboard: sqlite.NewDashboardService(db, syd), Charts: charts.New(),
		Activity: sqlite.NewActivityService(db, syd), Lists: sqlite.NewPortalListService(db, syd),
		PropertyPage: sqlite.NewPortalPageService(db, syd), Search: sqlite.NewSearchService(db),
		ReportData: sqlite.NewReportDataService(db, syd), ReportRenderer: pdf.New(charts.Palette, charts.Labels),
		Reports: sqlite.NewReportService(db, backend.NewDirFileStore(filepath.Join(dir, "files"))),
		Now:     func() time.Time { return now },
	}
	ts := httptest.NewServer(srv.Handler())
	b.Cleanup(ts.Close)
	lb := &loadBench{url: ts.URL, srv: srv, db: db, syd: syd}

	signIn := func(l *demo.Login) *http.Client {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, Transport: newTransport()}
		body := `{"email":"` + l.Email + `","password":"` + l.Password + `"}`
		res, err := c.Post(ts.URL+"/api/auth/login", "application/json", strings.NewReader(body))
		if err != nil || res.StatusCode != 200 {
			b.Fatalf("sign in %s: %v %v", l.Email, err, res)
		}
		res.Body.Close()
		if l.Scope != nil {
			v := `{"kind":"` + l.Scope.Kind + `","id":"` + l.Scope.ID + `"}`
			req, _ := http.NewRequest("POST", ts.URL+"/api/portal/view", strings.NewReader(v))
			req.Header.Set("Content-Type", "application/json")
			if res, err = c.Do(req); err != nil || res.StatusCode != 200 {
				b.Fatalf("choose view %s: %v %v", l.Email, err, res)
			}
			res.Body.Close()
		}
		return c
	}
	userID := func(email string) string {
		var id string
		err := db.View(ctx, func(tx *sqlite.Tx) error {
			return tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = ? AND deleted_at IS NULL`, email).Scan(&id)
		})
		if err != nil {
			b.Fatal(err)
		}
		return id
	}
	for _, role := range []string{demo.RoleClient, demo.RoleRegion, demo.RoleNational} {
		l := logins.Get(role)
		if l == nil {
			b.Fatalf("no %s login", role)
		}
		lb.scopes = append(lb.scopes, loadScope{name: map[string]string{demo.RoleClient: "client", demo.RoleRegion: "region",
			demo.RoleNational: "national"}[role], client: signIn(l),
			scope: backend.Scope{UserID: userID(l.Email), View: backend.View{Kind: backend.ViewKind(l.Scope.Kind), ID: l.Scope.ID}}})
	}
	// The root group with the most clients, seen by the office ("view as").
	var root string
	err = db.View(ctx, func(tx *sqlite.Tx) error {
		return tx.QueryRowContext(ctx, `WITH RECURSIVE t(root, id) AS (
				SELECT id, id FROM client_groups WHERE parent_id IS NULL AND deleted_at IS NULL
				UNION ALL SELECT t.root, g.id FROM client_groups g JOIN t ON g.parent_id = t.id WHERE g.deleted_at IS NULL)
			SELECT t.root FROM t JOIN clients c ON c.group_id = t.id GROUP BY t.root ORDER BY COUNT(*) DESC LIMIT 1`).Scan(&root)
	})
	if err != nil {
		b.Fatal(err)
	}
	office := logins.Get(demo.RoleOffice)
	lb.scopes = append(lb.scopes, loadScope{name: "root-group", client: signIn(office), query: "asKind=group&asId=" + root,
		scope: backend.Scope{UserID: userID(office.Email), View: backend.View{Kind: backend.ViewGroup, ID: root}}})

	// Search words: pieces of the national view's property names.
	nat := lb.scopes[2]
	res, err := nat.client.Get(ts.URL + "/api/portal/properties?limit=40")
	if err != nil {
		b.Fatal(err)
	}
	var props struct{ Items []backend.PortalProperty }
	_ = json.NewDecoder(res.Body).Decode(&props)
	res.Body.Close()
	seen := map[string]bool{}
	for _, p := range props.Items {
		for _, w := range strings.Fields(p.Name) {
			if len(w) >= 4 && !seen[w] && len(lb.words) < 8 {
				seen[w] = true
				lb.words = append(lb.words, strings.ToLower(w[:4]))
			}
		}
	}
	lb.words = append(lb.words, "hydrant", "exit", "defect")
	res, err = nat.client.Get(ts.URL + "/api/portal/dashboard")
	if err != nil {
		b.Fatal(err)
	}
	lb.sample, _ = io.ReadAll(res.Body)
	res.Body.Close()
	return lb
}

func withView(paths []string, query string) []string {
	if query == "" {
		return paths
	}
	out := make([]string, len(paths))
	for i, p := range paths {
		sep := "?"
		if strings.Contains(p, "?") {
			sep = "&"
		}
		out[i] = p + sep + query
	}
	return out
}

// loadResult is what one run measured.
type loadResult struct {
	lat     []time.Duration
	errors  int
	elapsed time.Duration
}

func get(c *http.Client, url string) error {
	res, err := c.Get(url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return err
	}
	if res.StatusCode != 200 {
		return fmt.Errorf("%s: %d", url, res.StatusCode)
	}
	return nil
}

// closedLoop runs n clients, each cycling through paths, until total
// requests are done or limit passes; before (if set) runs ahead of each
// request, untimed.
func closedLoop(c *http.Client, base string, paths []string, n, total int, limit time.Duration, before func(path string)) loadResult {
	var mu sync.Mutex
	var r loadResult
	var wg sync.WaitGroup
	next := make(chan int, total)
	for i := range total {
		next <- i
	}
	close(next)
	deadline := time.Now().Add(limit)
	t0 := time.Now()
	for range n {
		wg.Go(func() {
			for i := range next {
				if time.Now().After(deadline) {
					return
				}
				if before != nil {
					before(paths[i%len(paths)])
				}
				start := time.Now()
				err := get(c, base+paths[i%len(paths)])
				d := time.Since(start)
				mu.Lock()
				r.lat = append(r.lat, d)
				if err != nil {
					r.errors++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	r.elapsed = time.Since(t0)
	return r
}

// openLoop sends rate requests a second for dur, whatever the answers'
// pace, with at most maxInFlight outstanding (beyond that a request counts
// as an error: the server has fallen behind).
func openLoop(c *http.Client, base string, paths []string, rate int, dur time.Duration, maxInFlight int) loadResult {
	var mu sync.Mutex
	var r loadResult
	var wg sync.WaitGroup
	slots := make(chan struct{}, maxInFlight)
	interval := time.Second / time.Duration(rate)
	t0 := time.Now()
	for i := 0; time.Duration(i)*interval < dur; i++ {
		due := t0.Add(time.Duration(i) * interval)
		time.Sleep(time.Until(due))
		select {
		case slots <- struct{}{}:
		default:
			mu.Lock()
			r.errors++
			mu.Unlock()
			continue
		}
		wg.Go(func() {
			defer func() { <-slots }()
			err := get(c, base+paths[i%len(paths)])
			d := time.Since(due) // from when it was due: queueing counts
			mu.Lock()
			r.lat = append(r.lat, d)
			if err != nil {
				r.errors++
			}
			mu.Unlock()
		})
	}
	wg.Wait()
	r.elapsed = time.Since(t0)
	return r
}

// changeMapBefore moves the map generation on before a map request, as a
// change to a pin would: every view's cached map is then stale, and the
// request reads, sorts and encodes the pins again.
func (lb *loadBench) changeMapBefore(path string) {
	if !strings.HasPrefix(path, "/api/portal/map") {
		return
	}
	err := lb.db.Update(context.Background(), func(tx *sqlite.Tx) error {
		_, err := tx.ExecContext(context.Background(), `UPDATE portal_map_generation SET n = n + 1`)
		return err
	})
	if err != nil {
		panic(err)
	}
}

// sqlLoop calls the panels' services directly, n at a time: the SQL alone.
func sqlLoop(lb *loadBench, sc backend.Scope, n, total int) loadResult {
	ctx := context.Background()
	dash := lb.srv.Dashboard
	calls := []func() error{
		func() error { _, err := dash.PortalDashboard(ctx, sc); return err },
		func() error { _, err := dash.PortalMap(ctx, sc); return err },
		func() error { _, err := dash.DefectsMonthly(ctx, sc); return err },
		func() error { _, err := dash.AssetsByType(ctx, sc); return err },
		func() error { _, err := dash.RoutinesByMonth(ctx, sc, 0); return err },
		func() error { _, err := dash.ServiceCallsMonthly(ctx, sc); return err },
		func() error { _, err := dash.SpendMonthly(ctx, sc); return err },
	}
	var mu sync.Mutex
	var r loadResult
	var wg sync.WaitGroup
	next := make(chan int, total)
	for i := range total {
		next <- i
	}
	close(next)
	t0 := time.Now()
	for range n {
		wg.Go(func() {
			for i := range next {
				start := time.Now()
				err := calls[i%len(calls)]()
				d := time.Since(start)
				mu.Lock()
				r.lat = append(r.lat, d)
				if err != nil {
					r.errors++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	r.elapsed = time.Since(t0)
	return r
}

func report(b *testing.B, r loadResult) {
	b.Helper()
	if len(r.lat) == 0 {
		b.Fatal("no requests completed")
	}
	slices.Sort(r.lat)
	pct := func(p int) float64 { return float64(r.lat[(len(r.lat)-1)*p/100].Microseconds()) / 1000 }
	b.ReportMetric(pct(50), "p50-ms")
	b.ReportMetric(pct(95), "p95-ms")
	b.ReportMetric(pct(99), "p99-ms")
	b.ReportMetric(float64(len(r.lat))/r.elapsed.Seconds(), "req/s")
	b.ReportMetric(float64(r.errors), "errors")
	b.ReportMetric(0, "ns/op") // latency is in the percentiles
}
