package importer_test

import (
	"context"
	"runtime"
	"syscall"
	"testing"
	"time"

	"siteward/backend"
)

// processCPU is the CPU time this process has used (all threads): on a
// machine shared with other work it tells a slower run from a busier one.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Budgets (DESIGN.md §7, issue 3): ≥ 20,000 CSV rows/s and ≥ 5,000 XLSX
// rows/s end to end (read, check, plan, apply into SQLite), and a 10,000-row
// file with its error report in ≤ 2 s. Run with
// go test -tags sqlite_fts5 -run '^$' -bench . ./backend/importer/

const benchRows = 10_000

func benchApply(b *testing.B, data []byte) {
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	var elapsed, cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		f := newFixture(b)
		b.StartTimer()
		start, startCPU := time.Now(), processCPU()
		r, err := f.im.ApplyClientImport(context.Background(), backend.ImportFile{Name: "bench", Data: data}, nil)
		elapsed += time.Since(start)
		cpu += processCPU() - startCPU
		if err != nil {
			b.Fatal(err)
		}
		if r.Created != benchRows {
			b.Fatalf("created %d", r.Created)
		}
	}
	b.ReportMetric(float64(benchRows*b.N)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(cpu.Seconds()*1000/float64(b.N), "cpu-ms/op")
}

func BenchmarkApplyCSV10k(b *testing.B)  { benchApply(b, csvOf(b, manyRows(benchRows, 0))) }
func BenchmarkApplyXLSX10k(b *testing.B) { benchApply(b, xlsxOf(b, manyRows(benchRows, 0))) }

// BenchmarkApplyCSV10kUpdates re-imports changed names over existing clients.
func BenchmarkApplyCSV10kUpdates(b *testing.B) {
	rows := manyRows(benchRows, 0)
	changed := manyRows(benchRows, 0)
	for _, r := range changed[1:] {
		r[1] += " (renamed)"
	}
	first, second := csvOf(b, rows), csvOf(b, changed)
	b.ReportAllocs()
	var elapsed, cpu time.Duration
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		f := newFixture(b)
		f.apply("first", first)
		b.StartTimer()
		start, startCPU := time.Now(), processCPU()
		r, err := f.im.ApplyClientImport(context.Background(), backend.ImportFile{Name: "second", Data: second}, nil)
		elapsed += time.Since(start)
		cpu += processCPU() - startCPU
		if err != nil || r.Updated != benchRows {
			b.Fatalf("%+v %v", r, err)
		}
	}
	b.ReportMetric(float64(benchRows*b.N)/elapsed.Seconds(), "rows/s")
	b.ReportMetric(cpu.Seconds()*1000/float64(b.N), "cpu-ms/op")
}

func benchPreviewErrors(b *testing.B, data []byte) {
	f := newFixture(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		p, err := f.im.PreviewClientImport(context.Background(), backend.ImportFile{Name: "bench", Data: data})
		if err != nil {
			b.Fatal(err)
		}
		if p.ProblemCount != benchRows/10 {
			b.Fatalf("%d problems", p.ProblemCount)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/file")
}

// A tenth of the rows have a bad email: the preview reports all 1,000.
func BenchmarkPreviewCSV10kWithErrors(b *testing.B) {
	benchPreviewErrors(b, csvOf(b, manyRows(benchRows, 10)))
}

func BenchmarkPreviewXLSX10kWithErrors(b *testing.B) {
	benchPreviewErrors(b, xlsxOf(b, manyRows(benchRows, 10)))
}

// BenchmarkZipBomb reports the peak heap growth while refusing an XLSX
// that unpacks past the limit.
func BenchmarkZipBomb(b *testing.B) {
	f := newFixture(b)
	bomb := zipBomb(b, 200<<20)
	b.ResetTimer()
	var peak uint64
	for i := 0; i < b.N; i++ {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		_, err := f.im.PreviewClientImport(context.Background(), backend.ImportFile{Name: "bomb.xlsx", Data: bomb})
		runtime.ReadMemStats(&after)
		if backend.ErrorCode(err) != backend.EINVALID {
			b.Fatal(err)
		}
		peak = max(peak, after.TotalAlloc-before.TotalAlloc)
	}
	b.ReportMetric(float64(peak)/(1<<20), "MB-allocated")
}
