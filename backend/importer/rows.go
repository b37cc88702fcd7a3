package importer

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"siteward/backend"
)

// Column indexes into backend.ClientImportColumns.
const (
	colCode = iota
	colName
	colGroup
	colContactName
	colContactEmail
	colContactPhone
	colContactAddress
	colEmailReports
	colEmailQuotes
	colEmailCorrespondence
	colEmailInvoices
	colPricingTier
	colTags
	colActive
	numColumns
)

var columns = backend.ClientImportColumns

// headerIndex maps a normalised header (or key) to its column.
var headerIndex = func() map[string]int {
	if len(columns) != numColumns {
		panic("importer: column constants do not match backend.ClientImportColumns")
	}
	m := map[string]int{}
	for i, c := range columns {
		m[normHeader(c.Header)] = i
		m[normHeader(c.Key)] = i
	}
	return m
}()

// normHeader keeps letters and digits, lower-cased, without a "required" mark.
func normHeader(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return strings.TrimSuffix(b.String(), "required")
}

// fileRow is one data row: its cells in template column order.
type fileRow struct {
	row   int
	cells [numColumns]string
}

// sheetReader turns the rows of a sheet into fileRows, checking the header.
type sheetReader struct {
	fileCol  []int // file column → template column, -1 to ignore
	present  [numColumns]bool
	rows     []fileRow
	problems []backend.ImportProblem
	header   bool
}

func (s *sheetReader) add(row int, cells []string) error {
	if !s.header {
		s.header = true
		return s.readHeader(row, cells)
	}
	blank := true
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			blank = false
			break
		}
	}
	if blank {
		return nil
	}
	if len(s.rows) == MaxRows {
		return backend.Errorf(backend.EINVALID, "The file has more than %d rows; split it into smaller files.", MaxRows)
	}
	r := fileRow{row: row}
	for i, c := range cells {
		if i >= len(s.fileCol) || s.fileCol[i] < 0 {
			if strings.TrimSpace(c) != "" && i >= len(s.fileCol) {
				s.problem(row, fmt.Sprintf("column %d", i+1), "This cell has no header; put it under a template column or clear it.")
			}
			continue
		}
		if len(c) > MaxCellChars {
			s.problem(row, columns[s.fileCol[i]].Header, fmt.Sprintf("Keep this under %d characters.", MaxCellChars))
			continue
		}
		r.cells[s.fileCol[i]] = strings.TrimSpace(c)
	}
	s.rows = append(s.rows, r)
	return nil
}

func (s *sheetReader) readHeader(row int, cells []string) error {
	s.fileCol = make([]int, len(cells))
	for i, h := range cells {
		s.fileCol[i] = -1
		n := normHeader(h)
		if n == "" {
			continue
		}
		col, ok := headerIndex[n]
		if !ok {
			s.problem(row, h, "This is not a template column. Rename it to one of the template's headers or remove it.")
			continue
		}
		if s.present[col] {
			s.problem(row, h, "This column appears twice; keep one.")
			continue
		}
		s.present[col] = true
		s.fileCol[i] = col
	}
	for i, c := range columns {
		if c.Required && !s.present[i] {
			s.problem(row, c.Header, "The file has no "+c.Header+" column; it is required (download the template).")
		}
	}
	return nil
}

func (s *sheetReader) problem(row int, column, msg string) {
	s.problems = append(s.problems, backend.ImportProblem{Row: row, Column: column, Message: msg})
}

// fieldColumn maps the JSON field names of Client and Contact validation
// problems to the template column they came from.
var clientFieldColumn = map[string]int{
	"name": colName, "emailReports": colEmailReports, "emailQuotes": colEmailQuotes,
	"emailCorrespondence": colEmailCorrespondence, "emailInvoices": colEmailInvoices, "pricingTier": colPricingTier,
}

var contactFieldColumn = map[string]int{
	"name": colContactName, "email": colContactEmail, "phone": colContactPhone, "address": colContactAddress,
}

// sortedProblems orders problems by row, then by the template's column
// order, for a stable report.
func sortedProblems(ps []backend.ImportProblem) []backend.ImportProblem {
	pos := func(column string) int {
		if i, ok := headerIndex[normHeader(column)]; ok {
			return i
		}
		return numColumns
	}
	slices.SortStableFunc(ps, func(a, b backend.ImportProblem) int {
		if a.Row != b.Row {
			return a.Row - b.Row
		}
		return pos(a.Column) - pos(b.Column)
	})
	return ps
}
