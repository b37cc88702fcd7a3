package importer

import (
	"bytes"
	"testing"

	"github.com/xuri/excelize/v2"

	"siteward/backend"
)

// check runs a file through everything that needs no store: reading, the
// header and every row's checks. It must never panic, and every problem
// must name a row the file has.
func check(t *testing.T, data []byte, read func([]byte, rowFunc) error) {
	sr := &sheetReader{}
	if err := read(data, sr.add); err != nil {
		if backend.ErrorCode(err) != backend.EINVALID {
			t.Fatalf("a bad file must be EINVALID, got %v", err)
		}
		return
	}
	for i := range sr.rows {
		r := &sr.rows[i]
		ic, probs := checkRow(r)
		for _, p := range probs {
			if p.Row != r.row || p.Column == "" || p.Message == "" {
				t.Fatalf("problem %+v for row %d", p, r.row)
			}
		}
		if len(probs) == 0 && (ic.Code == "" || ic.Client.Name == "") {
			t.Fatalf("row %d passed without code or name: %+v", r.row, ic)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte("Client code *,Name *,Tags,Active\nA1,Harbour,a;b,yes\n"))
	f.Add([]byte("\xef\xbb\xbfcode,name,Primary contact email\n\"A,1\",\"Quoted \"\"name\"\"\",x@\n"))
	f.Add([]byte("code,name\n,\n\n\"unterminated\n"))
	f.Fuzz(func(t *testing.T, data []byte) { check(t, data, readCSV) })
}

func FuzzReadXLSX(f *testing.F) {
	tpl, err := templateXLSX()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(tpl)
	x := excelize.NewFile()
	for i, r := range [][]any{{"Client code *", "Name *", "Active", "Tags"}, {"0042", "Harbour", true, "a;b"}, {12.5, "", "maybe", ""}} {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
			f.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := x.WriteTo(&buf); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) { check(t, data, readXLSX) })
}
