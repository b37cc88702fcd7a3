package importer_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"siteward/backend"
	"siteward/backend/importer"
	"siteward/backend/sqlite"
)

// fixture is a real database with the importer on it.
type fixture struct {
	t   testing.TB
	db  *sqlite.DB
	im  *importer.Importer
	now time.Time
}

func newFixture(tb testing.TB) *fixture {
	tb.Helper()
	f := &fixture{t: tb, now: time.Date(2026, 12, 1, 3, 0, 0, 0, time.UTC)}
	f.db = sqlite.NewDB(filepath.Join(tb.TempDir(), "siteward.db"))
	f.db.Now = func() time.Time { return f.now }
	if err := f.db.Open(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.db.Close() })
	f.im = importer.New(sqlite.NewClientImportStore(f.db))
	return f
}

func (f *fixture) group(name string) *backend.ClientGroup {
	f.t.Helper()
	g := &backend.ClientGroup{Name: name}
	if err := sqlite.NewClientGroupService(f.db).CreateClientGroup(context.Background(), g); err != nil {
		f.t.Fatal(err)
	}
	return g
}

func (f *fixture) count(q string, args ...any) int64 {
	f.t.Helper()
	n, err := f.db.QueryInt(context.Background(), q, args...)
	if err != nil {
		f.t.Fatal(err)
	}
	return n
}

func (f *fixture) preview(name string, data []byte) *backend.ClientImportPreview {
	f.t.Helper()
	p, err := f.im.PreviewClientImport(context.Background(), backend.ImportFile{Name: name, Data: data})
	if err != nil {
		f.t.Fatalf("preview: %v", err)
	}
	return p
}

func (f *fixture) apply(name string, data []byte) *backend.ClientImportRecord {
	f.t.Helper()
	r, err := f.im.ApplyClientImport(context.Background(), backend.ImportFile{Name: name, Data: data},
		&backend.User{ID: "", Name: "Olive Office"})
	if err != nil {
		f.t.Fatalf("apply: %v", err)
	}
	return r
}

// clientByCode reads back an imported client through the client service.
func (f *fixture) clientByCode(code string) *backend.Client {
	f.t.Helper()
	var id string
	err := f.db.View(context.Background(), func(tx *sqlite.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT id FROM clients WHERE code = ?`, code).Scan(&id)
	})
	if err != nil {
		f.t.Fatalf("client %s: %v", code, err)
	}
	c, err := sqlite.NewClientService(f.db).FindClientByID(context.Background(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func csvOf(tb testing.TB, rows [][]string) []byte {
	tb.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(rows); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func xlsxOf(tb testing.TB, rows [][]string) []byte {
	tb.Helper()
	x := excelize.NewFile()
	defer x.Close()
	sw, err := x.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	for i, r := range rows {
		cells := make([]any, len(r))
		for j, c := range r {
			cells[j] = c
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

var fullHeader = []string{"Client code *", "Name *", "Client group", "Primary contact name", "Primary contact email",
	"Primary contact phone", "Primary contact address", "Reports email", "Quotes email", "Correspondence email",
	"Invoices email", "Pricing tier", "Tags", "Active"}

// manyRows makes n valid client rows (codes C00001…), every bad'th one
// (when bad > 0) with an invalid email.
func manyRows(n, bad int) [][]string {
	rows := [][]string{fullHeader}
	for i := 1; i <= n; i++ {
		email := fmt.Sprintf("pm%d@example.com", i)
		if bad > 0 && i%bad == 0 {
			email = "not an email"
		}
		rows = append(rows, []string{fmt.Sprintf("C%05d", i), fmt.Sprintf("Client %d Strata", i), "",
			fmt.Sprintf("Person %d", i), email, "02 9999 0000", fmt.Sprintf("%d George St, Sydney NSW 2000", i),
			"", "quotes@example.com", "", "", "strata", "north; imported", "yes"})
	}
	return rows
}

func hasProblem(ps []backend.ImportProblem, row int, column, contains string) bool {
	for _, p := range ps {
		if p.Row == row && p.Column == column && strings.Contains(p.Message, contains) {
			return true
		}
	}
	return false
}
