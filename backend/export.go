package backend

import (
	"io"
	"strings"
	"time"
)

// Exports of lists ("an export of exactly what is shown", DESIGN.md §10):
// the list's finder streams its rows, a TableWriter encodes them.

// ExportFormat is a file format a list can be exported as.
type ExportFormat string

const (
	ExportCSV  ExportFormat = "csv"
	ExportXLSX ExportFormat = "xlsx"
)

// ContentType is the MIME type of a file in format f.
func (f ExportFormat) ContentType() string {
	if f == ExportXLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// ParseExportFormat returns EINVALID (field format) for anything but csv or xlsx.
func ParseExportFormat(s string) (ExportFormat, error) {
	switch f := ExportFormat(strings.ToLower(s)); f {
	case ExportCSV, ExportXLSX:
		return f, nil
	}
	msg := "Choose csv or xlsx."
	return "", &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"format": msg}}
}

// TableWriter writes one table: a header row, then rows of cells. A cell is
// a string, an int, a bool or a Date. Close finishes the file; nothing is
// complete before it.
type TableWriter interface {
	WriteHeader(columns []string) error
	WriteRow(cells []any) error
	Close() error
}

// Date is a calendar date cell: the writer shows it as DD/MM/YYYY.
type Date struct{ time.Time }

// Exporter makes table writers (backend/export).
type Exporter interface {
	// NewTableWriter writes a table named sheet to w in format f.
	NewTableWriter(w io.Writer, f ExportFormat, sheet string) (TableWriter, error)
}

// ExportColumn is one column of an exported list.
type ExportColumn[T any] struct {
	Key    string // the list's column key, as the UI's column chooser names it
	Header string
	Cell   func(row T, loc *time.Location) any
}

// ClientExportColumns are the columns a clients export may have, in their
// default order.
var ClientExportColumns = []ExportColumn[*Client]{
	{"name", "Client", func(c *Client, _ *time.Location) any { return c.Name }},
	{"code", "Client code", func(c *Client, _ *time.Location) any { return c.Code }},
	{"group", "Group", func(c *Client, _ *time.Location) any { return c.GroupName }},
	{"primaryContact", "Primary contact", func(c *Client, _ *time.Location) any { return c.PrimaryName }},
	{"primaryEmail", "Primary email", func(c *Client, _ *time.Location) any { return c.PrimaryEmail }},
	{"emailReports", "Reports email", func(c *Client, _ *time.Location) any { return c.EmailFor("reports") }},
	{"emailQuotes", "Quotes email", func(c *Client, _ *time.Location) any { return c.EmailFor("quotes") }},
	{"emailCorrespondence", "Correspondence email", func(c *Client, _ *time.Location) any { return c.EmailFor("correspondence") }},
	{"emailInvoices", "Invoices email", func(c *Client, _ *time.Location) any { return c.EmailFor("invoices") }},
	{"pricingTier", "Pricing tier", func(c *Client, _ *time.Location) any { return c.PricingTier }},
	{"properties", "Properties", func(c *Client, _ *time.Location) any { return c.PropertyCount }},
	{"portalUsers", "Portal users", func(c *Client, _ *time.Location) any { return c.PortalUsers }},
	{"tags", "Tags", func(c *Client, _ *time.Location) any { return strings.Join(c.Tags, ", ") }},
	{"active", "Active", func(c *Client, _ *time.Location) any { return c.Active }},
	{"createdAt", "Added", func(c *Client, loc *time.Location) any { return Date{c.CreatedAt.In(loc)} }},
}

// PickColumns returns the columns named by keys, in that order; all of them
// when keys is empty; EINVALID (field columns) for an unknown key.
func PickColumns[T any](all []ExportColumn[T], keys []string) ([]ExportColumn[T], error) {
	if len(keys) == 0 {
		return all, nil
	}
	var out []ExportColumn[T]
	seen := map[string]bool{}
	for _, k := range keys {
		found := false
		for _, c := range all {
			if c.Key == k {
				found = true
				if !seen[k] {
					out = append(out, c)
					seen[k] = true
				}
			}
		}
		if !found {
			msg := "Unknown column: " + k + "."
			return nil, &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"columns": msg}}
		}
	}
	return out, nil
}
