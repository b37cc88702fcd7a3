package importer

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"siteward/backend"
)

// Limits that keep memory bounded whatever is uploaded.
const (
	// MaxFileBytes is the largest upload accepted.
	MaxFileBytes = backend.MaxImportFileBytes
	// MaxUnzippedBytes bounds what an XLSX may unpack to (a zip bomb stops here).
	MaxUnzippedBytes = 64 << 20
	// MaxRows is the most data rows one file may hold.
	MaxRows = 50_000
	// MaxColumns is the most columns a row may have.
	MaxColumns = 64
	// MaxCellChars bounds one cell.
	MaxCellChars = 2000
)

// rowFunc receives each row of a sheet: its spreadsheet row number (the
// first row is 1) and its cells. The cells slice is reused between calls.
type rowFunc func(row int, cells []string) error

// errStop ends reading early without an error (enough rows seen).
var errStop = errors.New("stop")

// formatOf tells a file's format from its content, not its name: an XLSX
// is a zip, anything else is read as CSV.
func formatOf(data []byte) string {
	if bytes.HasPrefix(data, []byte("PK\x03\x04")) {
		return "xlsx"
	}
	return "csv"
}

func tooManyColumns(row int) error {
	return backend.Errorf(backend.EINVALID, "Row %d has more than %d columns; use the template's columns.", row, MaxColumns)
}

// readCSV reads comma-separated UTF-8 text (a byte order mark is skipped).
func readCSV(data []byte, fn rowFunc) error {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		return backend.Errorf(backend.EINVALID, "The file is not UTF-8 text. In Excel choose Save As › CSV UTF-8, or upload the XLSX.")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	for row := 1; ; row++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return backend.Errorf(backend.EINVALID, "The CSV cannot be read at line %d: %v. Check the quotes on that line.", pe.Line, pe.Err)
			}
			return backend.Errorf(backend.EINVALID, "The CSV cannot be read: %v.", err)
		}
		if len(rec) > MaxColumns {
			return tooManyColumns(row)
		}
		if err := fn(row, rec); err != nil {
			return err
		}
	}
}

// readXLSX reads the first worksheet of an XLSX with raw cell values (no
// number formats applied: faster, and codes like 0042 stay as typed text).
func readXLSX(data []byte, fn rowFunc) (err error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue: true, UnzipSizeLimit: MaxUnzippedBytes, UnzipXMLSizeLimit: 16 << 20,
	})
	if err != nil {
		if strings.Contains(err.Error(), "unzip size") {
			return backend.Errorf(backend.EINVALID, "The spreadsheet unpacks to more than %d MB; split it into smaller files.", MaxUnzippedBytes>>20)
		}
		return backend.Errorf(backend.EINVALID, "The file is not a readable XLSX spreadsheet; save it again from Excel or upload a CSV.")
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return backend.Errorf(backend.EINVALID, "The spreadsheet has no worksheet.")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return backend.Errorf(backend.EINVALID, "The first worksheet cannot be read; save it again from Excel or upload a CSV.")
	}
	defer func() {
		if cerr := rows.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("importer: close rows: %w", cerr)
		}
	}()
	for row := 1; rows.Next(); row++ {
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return backend.Errorf(backend.EINVALID, "Row %d of the spreadsheet cannot be read; save it again from Excel or upload a CSV.", row)
		}
		if len(cells) > MaxColumns {
			return tooManyColumns(row)
		}
		if err := fn(row, cells); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return backend.Errorf(backend.EINVALID, "The spreadsheet cannot be read to the end; save it again from Excel or upload a CSV.")
	}
	return nil
}
