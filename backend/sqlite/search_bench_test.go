package sqlite

import (
	"context"
	"testing"
)

// BenchmarkSearch times the portal search's SQL alone for common and rare
// words at the national and the largest group's views (DESIGN.md §7:
// search p95 ≤ 50 ms). The HTTP figures, with concurrency, are
// BenchmarkPortalLoad's search mix.
//
//	SITEWARD_BENCH_DATA=/path/to/data go test -tags sqlite_fts5 -run '^$' -bench Search -benchtime 50x ./backend/sqlite
func BenchmarkSearch(b *testing.B) {
	db, scopes := openBenchData(b)
	svc := NewSearchService(db)
	ctx := context.Background()
	for _, sc := range scopes {
		for _, w := range []string{"hydrant", "exit", "defect", "street", "fire", "tower", "zzqx"} {
			b.Run(sc.name+"/"+w, func(b *testing.B) {
				for b.Loop() {
					if _, err := svc.Search(ctx, sc.scope, w); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
