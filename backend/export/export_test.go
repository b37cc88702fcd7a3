package export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"siteward/backend"
)

func writeAll(t *testing.T, f backend.ExportFormat, rows [][]any) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw, err := Exporter{}.NewTableWriter(&buf, f, "Clients")
	if err != nil {
		t.Fatal(err)
	}
	if err := tw.WriteHeader([]string{"Client", "Properties", "Active", "Added"}); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := tw.WriteRow(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var added = backend.Date{Time: time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)}

func TestCSV_AustralianDatesAndNoFormulas(t *testing.T) {
	b := writeAll(t, backend.ExportCSV, [][]any{
		{"Harbour Strata, \"North\"", 12, true, added},
		{"=HYPERLINK(\"http://evil\")", 0, false, backend.Date{}},
		{"Zoë Ltd", 3, true, added},
	})
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Error("no UTF-8 byte order mark: Excel would garble accents")
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Client", "Properties", "Active", "Added"},
		{`Harbour Strata, "North"`, "12", "Yes", "09/03/2026"},
		{`'=HYPERLINK("http://evil")`, "0", "No", ""},
		{"Zoë Ltd", "3", "Yes", "09/03/2026"},
	}
	if len(recs) != len(want) {
		t.Fatalf("records = %q", recs)
	}
	for i := range want {
		if strings.Join(recs[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i, recs[i], want[i])
		}
	}
}

func TestXLSX_RealNumbersAndDates(t *testing.T) {
	rows := [][]any{{"Harbour Strata", 12, true, added}, {"+61 2 9999 0000", 0, false, backend.Date{}}}
	for i := 0; i < 2000; i++ {
		rows = append(rows, []any{"Client", i, true, added})
	}
	b := writeAll(t, backend.ExportXLSX, rows)
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "Clients" {
		t.Fatalf("sheets = %v", got)
	}
	got, err := f.GetRows("Clients")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2003 {
		t.Fatalf("rows = %d, want 2003", len(got))
	}
	if strings.Join(got[1], "|") != "Harbour Strata|12|TRUE|09/03/2026" {
		t.Errorf("row 2 = %q", got[1])
	}
	if got[2][0] != "'+61 2 9999 0000" {
		t.Errorf("formula-like text = %q, want it quoted", got[2][0])
	}
	// Numbers are stored as numbers (no t="s"/"str" attribute: OOXML's default).
	if typ, err := f.GetCellType("Clients", "B2"); err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
		t.Errorf("B2 type = %v (%v), want a number", typ, err)
	}
	raw, _ := f.GetCellValue("Clients", "D2", excelize.Options{RawCellValue: true})
	if raw != "46090" {
		t.Errorf("D2 raw = %q, want the Excel serial date 46090", raw)
	}
}

func TestUnknownFormat(t *testing.T) {
	if _, err := (Exporter{}).NewTableWriter(&bytes.Buffer{}, "pdf", "x"); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("err = %v, want EINVALID", err)
	}
	if _, err := backend.ParseExportFormat("ods"); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("parse ods: %v", err)
	}
}

// BenchmarkExport writes the large dataset's 10,000 clients (14 columns).
//
//	go test -run '^$' -bench Export ./backend/export
func BenchmarkExport(b *testing.B) {
	row := []any{"Harbour Strata Management Pty Ltd", "Sydney North", "Pat Person", "pat@harbour.example.com.au",
		"reports@harbour.example.com.au", "quotes@harbour.example.com.au", "pat@harbour.example.com.au",
		"accounts@harbour.example.com.au", "strata", 12, 3, "Key account, Monthly billing", true, added}
	head := make([]string, len(row))
	for i := range head {
		head[i] = "Column"
	}
	for _, f := range []backend.ExportFormat{backend.ExportCSV, backend.ExportXLSX} {
		b.Run(string(f), func(b *testing.B) {
			for b.Loop() {
				var buf bytes.Buffer
				tw, err := Exporter{}.NewTableWriter(&buf, f, "Clients")
				if err != nil {
					b.Fatal(err)
				}
				if err := tw.WriteHeader(head); err != nil {
					b.Fatal(err)
				}
				for range 10000 {
					if err := tw.WriteRow(row); err != nil {
						b.Fatal(err)
					}
				}
				if err := tw.Close(); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(buf.Len())/1e6, "MB")
			}
		})
	}
}

func TestCents_DollarsInCSVAndNumbersInXLSX(t *testing.T) {
	var buf bytes.Buffer
	for _, f := range []backend.ExportFormat{backend.ExportCSV, backend.ExportXLSX} {
		buf.Reset()
		tw, err := Exporter{}.NewTableWriter(&buf, f, "Invoices")
		if err != nil {
			t.Fatal(err)
		}
		_ = tw.WriteHeader([]string{"Total"})
		for _, c := range []backend.Cents{123450, 5, -1205} {
			if err := tw.WriteRow([]any{c}); err != nil {
				t.Fatal(err)
			}
		}
		if err := tw.Close(); err != nil {
			t.Fatal(err)
		}
		if f == backend.ExportCSV {
			if got := strings.TrimPrefix(buf.String(), "\ufeff"); got != "Total\n1234.50\n0.05\n-12.05\n" {
				t.Errorf("csv %q", got)
			}
			continue
		}
		x, err := excelize.OpenReader(&buf, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows("Invoices")
		x.Close()
		if len(rows) != 4 || rows[1][0] != "1234.5" || rows[3][0] != "-12.05" {
			t.Errorf("xlsx %q", rows)
		}
	}
}
