// Package export writes lists as CSV and XLSX files (backend.Exporter).
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"siteward/backend"
)

// Exporter implements backend.Exporter.
type Exporter struct{}

var _ backend.Exporter = Exporter{}

// NewTableWriter returns a CSV or XLSX writer onto w.
func (Exporter) NewTableWriter(w io.Writer, f backend.ExportFormat, sheet string) (backend.TableWriter, error) {
	switch f {
	case backend.ExportCSV:
		return newCSV(w), nil
	case backend.ExportXLSX:
		return newXLSX(w, sheet)
	}
	return nil, backend.Errorf(backend.EINVALID, "Unknown export format %q.", f)
}

// safeText keeps a spreadsheet from reading a cell as a formula (CSV
// injection): text starting with = + - @ or a tab/CR gets a leading '.
func safeText(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// dollars shows cents as 1234.50 (-12.05 for a negative amount).
func dollars(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return sign + strconv.FormatInt(cents/100, 10) + "." + strconv.FormatInt(100+cents%100, 10)[1:]
}

// csvWriter writes RFC 4180 CSV with a UTF-8 byte order mark, so Excel
// opens names with accents correctly.
type csvWriter struct {
	w   *csv.Writer
	bom bool
	out io.Writer
}

func newCSV(w io.Writer) *csvWriter { return &csvWriter{w: csv.NewWriter(w), out: w} }

func (c *csvWriter) WriteHeader(cols []string) error {
	if !c.bom {
		c.bom = true
		if _, err := io.WriteString(c.out, "\ufeff"); err != nil {
			return err
		}
	}
	return c.w.Write(cols)
}

func (c *csvWriter) WriteRow(cells []any) error {
	rec := make([]string, len(cells))
	for i, v := range cells {
		switch v := v.(type) {
		case string:
			rec[i] = safeText(v)
		case int:
			rec[i] = strconv.Itoa(v)
		case int64:
			rec[i] = strconv.FormatInt(v, 10)
		case bool:
			rec[i] = map[bool]string{true: "Yes", false: "No"}[v]
		case backend.Date:
			if !v.IsZero() {
				rec[i] = v.Format("02/01/2006")
			}
		case backend.Cents:
			rec[i] = dollars(int64(v))
		case nil:
		default:
			rec[i] = safeText(fmt.Sprint(v))
		}
	}
	return c.w.Write(rec)
}

func (c *csvWriter) Close() error {
	c.w.Flush()
	return c.w.Error()
}

// xlsxWriter streams rows into one sheet (excelize's StreamWriter keeps
// memory bounded by spilling to a temp file) and writes the workbook on Close.
type xlsxWriter struct {
	out        io.Writer
	f          *excelize.File
	sw         *excelize.StreamWriter
	row        int
	dateStyle  int
	moneyStyle int
	headStyle  int
}

func newXLSX(w io.Writer, sheet string) (*xlsxWriter, error) {
	f := excelize.NewFile()
	if sheet == "" {
		sheet = "Sheet1"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		f.Close()
		return nil, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		f.Close()
		return nil, err
	}
	x := &xlsxWriter{out: w, f: f, sw: sw, row: 1}
	fmtDate := "dd/mm/yyyy"
	if x.dateStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: &fmtDate}); err != nil {
		f.Close()
		return nil, err
	}
	fmtMoney := "#,##0.00"
	if x.moneyStyle, err = f.NewStyle(&excelize.Style{CustomNumFmt: &fmtMoney}); err != nil {
		f.Close()
		return nil, err
	}
	if x.headStyle, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}}); err != nil {
		f.Close()
		return nil, err
	}
	return x, nil
}

func (x *xlsxWriter) WriteHeader(cols []string) error {
	cells := make([]any, len(cols))
	for i, c := range cols {
		cells[i] = excelize.Cell{Value: c, StyleID: x.headStyle}
	}
	if err := x.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return x.write(cells)
}

func (x *xlsxWriter) WriteRow(cells []any) error {
	out := make([]any, len(cells))
	for i, v := range cells {
		switch v := v.(type) {
		case string:
			out[i] = safeText(v)
		case backend.Date:
			if !v.IsZero() {
				out[i] = excelize.Cell{Value: v.Time, StyleID: x.dateStyle}
			}
		case backend.Cents:
			out[i] = excelize.Cell{Value: float64(v) / 100, StyleID: x.moneyStyle}
		default:
			out[i] = v
		}
	}
	return x.write(out)
}

func (x *xlsxWriter) write(cells []any) error {
	cell, err := excelize.CoordinatesToCellName(1, x.row)
	if err != nil {
		return err
	}
	x.row++
	return x.sw.SetRow(cell, cells)
}

func (x *xlsxWriter) Close() error {
	defer x.f.Close()
	if err := x.sw.Flush(); err != nil {
		return err
	}
	_, err := x.f.WriteTo(x.out)
	return err
}
