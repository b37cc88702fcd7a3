package http_test

import (
	"context"
	"fmt"
	"testing"

	"siteward/backend"
	"siteward/backend/sqlite"
)

// BenchmarkPortalMapBigView times one GET /api/portal/map of a view of
// 5,000 located properties (the large dataset's national group has 5,108):
// the whole view at the level the main page first asks for (whole), and a
// map zoomed in on one part of it (zoomed: an area of ~0.5° at level 9);
// served from the map cache (warm) and with the map generation moved on
// before each request (cold: the pins read again; the untimed write is
// outside the measurement).
//
//	go test -tags sqlite_fts5 -run '^$' -bench PortalMapBigView ./backend/http
func BenchmarkPortalMapBigView(b *testing.B) {
	w := newWorld(b)
	ctx := context.Background()
	w.must(w.db.Update(ctx, func(tx *sqlite.Tx) error {
		for i := range 5000 {
			_, err := tx.ExecContext(ctx, `INSERT INTO properties (id, client_id, name, street, suburb, state, postcode, lat, lng, created_at, updated_at)
				VALUES (?, ?, ?, ?, 'Sydney', 'NSW', '2000', ?, ?, 'x', 'x')`, backend.NewID(), w.ids["SouthClient"],
				fmt.Sprintf("Building %04d", i), fmt.Sprintf("%d George Street", i), -33.0-float64(i%100)/50, 150.0+float64(i/100)/25)
			if err != nil {
				return err
			}
		}
		return nil
	}))
	a := w.agent("nsw")
	a.chooseView("group", "NSW")
	bump := func() {
		w.exec(`UPDATE portal_map_generation SET n = n + 1`)
	}
	for _, run := range []struct {
		name, query string
		cold        bool
	}{
		{"whole/warm", "?width=1200&height=440", false},
		{"whole/cold", "?width=1200&height=440", true},
		{"zoomed/warm", "?level=9&west=150.5&south=-34&east=151&north=-33.6", false},
		{"zoomed/cold", "?level=9&west=150.5&south=-34&east=151&north=-33.6", true},
	} {
		cold := run.cold
		b.Run(run.name, func(b *testing.B) {
			var bytes int
			for b.Loop() {
				if cold {
					b.StopTimer()
					bump()
					b.StartTimer()
				}
				status, body := a.do("GET", "/api/portal/map"+run.query, "")
				if status != 200 {
					b.Fatal(status, body)
				}
				bytes = len(body)
			}
			b.ReportMetric(float64(bytes), "B/answer")
		})
	}
}
