package importer

import (
	"bytes"
	"encoding/csv"
	"fmt"

	"github.com/xuri/excelize/v2"

	"siteward/backend"
)

// ContentTypes of the template formats.
const (
	ContentTypeCSV  = "text/csv; charset=utf-8"
	ContentTypeXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// templateHeader is a column's header with required ones marked "*".
func templateHeader(c backend.ImportColumn) string {
	if c.Required {
		return c.Header + " *"
	}
	return c.Header
}

func (im *Importer) ClientImportTemplate(format string) ([]byte, string, error) {
	switch format {
	case "csv":
		b, err := templateCSV()
		return b, ContentTypeCSV, err
	case "xlsx":
		b, err := templateXLSX()
		return b, ContentTypeXLSX, err
	}
	return nil, "", &backend.Error{Code: backend.EINVALID, Message: "Choose csv or xlsx.", Fields: map[string]string{"format": "Choose csv or xlsx."}}
}

func templateCSV() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\xef\xbb\xbf") // so Excel opens it as UTF-8
	w := csv.NewWriter(&buf)
	h := make([]string, len(columns))
	for i, c := range columns {
		h[i] = templateHeader(c)
	}
	if err := w.Write(h); err != nil {
		return nil, err
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// templateXLSX writes a Clients sheet whose required headers are yellow
// (and marked "*"), and a Help sheet describing every column.
func templateXLSX() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Clients"); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	required, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"FFEB3B"}}})
	if err != nil {
		return nil, err
	}
	sw, err := f.NewStreamWriter("Clients")
	if err != nil {
		return nil, err
	}
	row := make([]any, len(columns))
	for i, c := range columns {
		st := bold
		if c.Required {
			st = required
		}
		row[i] = excelize.Cell{StyleID: st, Value: templateHeader(c)}
		if err := sw.SetColWidth(i+1, i+1, 24); err != nil {
			return nil, err
		}
	}
	if err := sw.SetRow("A1", row); err != nil {
		return nil, err
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	if _, err := f.NewSheet("Help"); err != nil {
		return nil, err
	}
	help := [][]any{{"Column", "Required", "What to enter"}}
	for _, c := range columns {
		req := ""
		if c.Required {
			req = "yes (yellow)"
		}
		help = append(help, []any{c.Header, req, c.Help})
	}
	for i, r := range help {
		if err := f.SetSheetRow("Help", fmt.Sprintf("A%d", i+1), &r); err != nil {
			return nil, err
		}
	}
	if err := f.SetCellStyle("Help", "A1", "C1", bold); err != nil {
		return nil, err
	}
	if err := f.SetColWidth("Help", "A", "A", 26); err != nil {
		return nil, err
	}
	if err := f.SetColWidth("Help", "C", "C", 90); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
