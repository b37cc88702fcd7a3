package importer_test

import (
	"archive/zip"
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"siteward/backend"
	"siteward/backend/importer"
	"siteward/backend/sqlite"
)

func TestTemplate_BothFormatsReadBackAsEmptyImports(t *testing.T) {
	f := newFixture(t)
	for _, format := range []string{"csv", "xlsx"} {
		data, ctype, err := f.im.ClientImportTemplate(format)
		if err != nil {
			t.Fatal(err)
		}
		if ctype == "" {
			t.Errorf("%s: no content type", format)
		}
		p := f.preview("template."+format, data)
		if p.Format != format || p.Rows != 0 || p.ProblemCount != 0 {
			t.Errorf("%s template previews as %+v", format, p)
		}
	}
	if _, _, err := f.im.ClientImportTemplate("pdf"); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("pdf template: %v", err)
	}
}

func TestTemplate_XLSXMarksRequiredColumnsYellow(t *testing.T) {
	f := newFixture(t)
	data, _, err := f.im.ClientImportTemplate("xlsx")
	if err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	for i, c := range backend.ClientImportColumns {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		v, _ := x.GetCellValue("Clients", cell)
		id, _ := x.GetCellStyle("Clients", cell)
		st, err := x.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		yellow := len(st.Fill.Color) > 0 && strings.EqualFold(st.Fill.Color[0], "FFEB3B")
		if yellow != c.Required || strings.HasSuffix(v, "*") != c.Required {
			t.Errorf("%s: header %q yellow=%v, required=%v", cell, v, yellow, c.Required)
		}
	}
	if help, _ := x.GetRows("Help"); len(help) != len(backend.ClientImportColumns)+1 {
		t.Errorf("Help sheet has %d rows", len(help))
	}
}

func TestPreview_ReportsRowErrorsAndWritesNothing(t *testing.T) {
	f := newFixture(t)
	f.group("Strata North")
	f.group("Twin")
	f.group("twin")
	data := csvOf(t, [][]string{
		{"Client code *", "name", "Client group", "Primary contact name", "Primary contact email", "Active", "Pricing tier"},
		{"A1", "Harbour Strata", "strata north", "Pat Lee", "pat@example.com", "yes", "Strata"},
		{"", "No Code Pty", "", "", "", "", ""},
		{"A3", "", "", "", "", "", ""},
		{"A1", "Duplicate", "", "", "", "", ""},
		{"A5", "Bad Email", "", "Sam", "sam@", "maybe", "gold"},
		{"A6", "Nobody Contact", "", "", "lonely@example.com", "", ""},
		{"A7", "Lost Group", "Nowhere", "", "", "", ""},
		{"A8", "Two Groups", "TWIN", "", "", "", ""},
		{"", "", "", "", "", "", ""},
		{"A10", "Fine Too", "", "", "", "no", ""},
	})
	p := f.preview("clients.csv", data)
	want := []struct {
		row          int
		col, message string
	}{
		{3, "Client code", "Enter the client code"},
		{4, "Name", "name"},
		{5, "Client code", "also on row 2"},
		{6, "Primary contact email", "name@example.com"},
		{6, "Active", "yes or no"},
		{6, "Pricing tier", "standard"},
		{7, "Primary contact name", "primary contact's name"},
		{8, "Client group", "no client group named Nowhere"},
		{9, "Client group", "2 client groups are named"},
	}
	for _, w := range want {
		if !hasProblem(p.Problems, w.row, w.col, w.message) {
			t.Errorf("no problem at row %d, %s, %q in %+v", w.row, w.col, w.message, p.Problems)
		}
	}
	if p.ProblemCount != len(want) {
		t.Errorf("%d problems, want %d: %+v", p.ProblemCount, len(want), p.Problems)
	}
	if p.Rows != 9 || p.Creates != 2 || p.Updates != 0 {
		t.Errorf("rows %d creates %d updates %d", p.Rows, p.Creates, p.Updates)
	}
	if n := f.count(`SELECT COUNT(*) FROM clients`); n != 0 {
		t.Errorf("preview wrote %d clients", n)
	}
	// Applying a file with problems writes nothing either.
	_, err := f.im.ApplyClientImport(context.Background(), backend.ImportFile{Name: "clients.csv", Data: data}, nil)
	if backend.ErrorCode(err) != backend.EINVALID || !strings.Contains(backend.ErrorMessage(err), "9 problem") {
		t.Fatalf("apply with problems: %v", err)
	}
	if n := f.count(`SELECT COUNT(*) FROM clients`) + f.count(`SELECT COUNT(*) FROM client_imports`); n != 0 {
		t.Errorf("a refused apply wrote %d rows", n)
	}
}

func TestApply_CreatesThenUpdatesOnlyTheFilesColumns(t *testing.T) {
	f := newFixture(t)
	north := f.group("Strata North")
	first := csvOf(t, [][]string{fullHeader,
		{"H-100", "Harbour Strata", "Strata North", "Pat Lee", "Pat@Example.com", "0299990000", "1 George St", "",
			"quotes@harbour.example", "", "", "preferred", "strata; harbour", "yes"},
		{"H-200", "Bay Owners", "", "", "", "", "", "", "", "", "", "", "", "no"},
	})
	p := f.preview("first.csv", first)
	if p.ProblemCount != 0 || p.Creates != 2 {
		t.Fatalf("preview: %+v", p)
	}
	rec := f.apply("first.csv", first)
	if rec.Created != 2 || rec.Updated != 0 || rec.UserName != "Olive Office" {
		t.Errorf("record %+v", rec)
	}
	h := f.clientByCode("H-100")
	if h.Name != "Harbour Strata" || h.GroupID == nil || *h.GroupID != north.ID || h.PrimaryEmail != "pat@example.com" ||
		h.EmailQuotes != "quotes@harbour.example" || h.PricingTier != "preferred" || !h.Active ||
		!slices.Contains(h.Tags, "harbour") || !slices.Contains(h.Tags, "strata") {
		t.Errorf("imported client %+v", h)
	}
	if b := f.clientByCode("H-200"); b.Active || b.PrimaryName != "" {
		t.Errorf("second client %+v", b)
	}

	// The same file again is recognised, in the preview and on apply.
	p = f.preview("renamed.csv", first)
	if p.PreviousImport == nil || p.PreviousImport.FileName != "first.csv" || p.Unchanged != 2 {
		t.Errorf("second preview: %+v", p)
	}
	_, err := f.im.ApplyClientImport(context.Background(), backend.ImportFile{Name: "renamed.csv", Data: first}, nil)
	if backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(backend.ErrorMessage(err), "already imported") {
		t.Fatalf("re-apply: %v", err)
	}

	// A file with fewer columns updates only those; codes match ignoring case.
	second := csvOf(t, [][]string{{"client code", "NAME", "Primary contact name", "Primary contact email"},
		{"h-100", "Harbour Strata Plan 1", "Pat Lee", "pat.lee@example.com"},
		{"H-200", "Bay Owners", "", ""},
		{"N-1", "New One", "", ""},
	})
	p = f.preview("second.csv", second)
	if p.Creates != 1 || p.Updates != 1 || p.Unchanged != 1 || p.ProblemCount != 0 {
		t.Fatalf("second preview %+v", p)
	}
	if ch := p.Changes[0]; ch.Action != backend.ImportUpdate || !slices.Equal(ch.Fields, []string{"Name", "Primary contact email"}) {
		t.Errorf("update change %+v", ch)
	}
	f.apply("second.csv", second)
	h = f.clientByCode("H-100")
	if h.Name != "Harbour Strata Plan 1" || h.PrimaryEmail != "pat.lee@example.com" || h.PricingTier != "preferred" ||
		h.GroupID == nil || len(h.Tags) != 3 { // two tags and NO PORTAL ACCESS
		t.Errorf("updated client %+v", h)
	}
	if n := f.count(`SELECT COUNT(*) FROM client_contacts WHERE client_id = ?`, h.ID); n != 1 {
		t.Errorf("%d contacts after update, want the primary updated in place", n)
	}
}

func TestApply_ConflictSincePreviewWritesNothing(t *testing.T) {
	f := newFixture(t)
	f.apply("a.csv", csvOf(t, [][]string{{"code", "name"}, {"K1", "Keep"}}))
	k := f.clientByCode("K1")
	store := sqlite.NewClientImportStore(f.db)
	ctx := context.Background()
	st, err := store.ClientImportState(ctx, "hash-b", []string{"K1"})
	if err != nil {
		t.Fatal(err)
	}
	ic := *st.Existing["k1"]
	ic.Client.Name = "Changed By Import"
	plan := &backend.ClientImportPlan{
		Record: backend.ClientImportRecord{Hash: "hash-b", FileName: "b.csv", Format: "csv", Created: 1, Updated: 1},
		Changes: []backend.ClientImportChange{
			{Row: 2, Action: backend.ImportCreate, Code: "NEW", Client: backend.ImportedClient{Code: "NEW",
				Client: backend.Client{Name: "Would Be New", PricingTier: "standard", Active: true}}},
			{Row: 3, Action: backend.ImportUpdate, Code: "K1", Client: ic},
		},
	}
	// Someone edits the client between the preview and the apply.
	f.now = f.now.Add(1e9)
	name := "Edited In The Office"
	if _, err := sqlite.NewClientService(f.db).UpdateClient(ctx, k.ID, backend.ClientUpdate{Name: &name}); err != nil {
		t.Fatal(err)
	}
	err = store.ApplyClientImport(ctx, plan)
	if backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(backend.ErrorMessage(err), "row 3") {
		t.Fatalf("apply after an edit: %v", err)
	}
	if n := f.count(`SELECT COUNT(*) FROM clients WHERE code = 'NEW'`) + f.count(`SELECT COUNT(*) FROM client_imports WHERE sha256 = 'hash-b'`); n != 0 {
		t.Errorf("half an import was written (%d rows)", n)
	}
	if c := f.clientByCode("K1"); c.Name != name {
		t.Errorf("client is %q", c.Name)
	}
}

func TestXLSX_ImportsLikeCSV(t *testing.T) {
	f := newFixture(t)
	rows := [][]string{{"Client code *", "Name *", "Tags"}, {"0042", "Leading Zero Pty", "a;b"}, {"", "", ""}, {"X", "", ""}}
	p := f.preview("clients.xlsx", xlsxOf(t, rows))
	if p.Format != "xlsx" || p.Rows != 2 || p.Creates != 1 || !hasProblem(p.Problems, 4, "Name", "name") {
		t.Fatalf("xlsx preview %+v", p)
	}
	rows = rows[:2]
	f.apply("clients.xlsx", xlsxOf(t, rows))
	if c := f.clientByCode("0042"); c.Name != "Leading Zero Pty" || !slices.Contains(c.Tags, "a") || !slices.Contains(c.Tags, "b") {
		t.Errorf("client %+v", c)
	}
}

func TestRead_RefusesWhatCannotBeRead(t *testing.T) {
	f := newFixture(t)
	cases := map[string][]byte{
		"empty":          nil,
		"too big":        bytes.Repeat([]byte("a"), importer.MaxFileBytes+1),
		"not utf-8":      []byte("code,name\nA,Caf\xe9\n"),
		"bad quotes":     []byte("code,name\nA,\"unterminated\n"),
		"broken xlsx":    append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0}, 100)...),
		"too many cols":  []byte(strings.Repeat("x,", importer.MaxColumns) + "x\n"),
		"no header row":  []byte(""),
		"too many rows":  append([]byte("code,name\n"), bytes.Repeat([]byte("A,B\n"), importer.MaxRows+1)...),
		"header missing": []byte("\n"),
	}
	for name, data := range cases {
		_, err := f.im.PreviewClientImport(context.Background(), backend.ImportFile{Name: "x", Data: data})
		if backend.ErrorCode(err) != backend.EINVALID {
			t.Errorf("%s: %v", name, err)
		}
	}
	p := f.preview("h.csv", []byte("code,nom,code\n"))
	if !hasProblem(p.Problems, 1, "nom", "not a template column") || !hasProblem(p.Problems, 1, "code", "twice") ||
		!hasProblem(p.Problems, 1, "Name", "required") {
		t.Errorf("header problems %+v", p.Problems)
	}
}

// zipBomb is an XLSX whose worksheet unpacks to n bytes of spaces.
func zipBomb(tb testing.TB, n int) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		w, _ := zw.Create(name)
		w.Write([]byte("<x/>"))
	}
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		tb.Fatal(err)
	}
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for written := 0; written < n; written += len(chunk) {
		w.Write(chunk)
	}
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestXLSX_ZipBombIsRefused(t *testing.T) {
	f := newFixture(t)
	bomb := zipBomb(t, importer.MaxUnzippedBytes+(1<<20))
	if len(bomb) > 1<<20 {
		t.Fatalf("bomb is %d bytes compressed", len(bomb))
	}
	_, err := f.im.PreviewClientImport(context.Background(), backend.ImportFile{Name: "bomb.xlsx", Data: bomb})
	if backend.ErrorCode(err) != backend.EINVALID || !strings.Contains(backend.ErrorMessage(err), "unpacks to more than") {
		t.Fatalf("zip bomb: %v", err)
	}
}

func TestApply_CodeTakenSincePreviewNamesTheRow(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	store := sqlite.NewClientImportStore(f.db)
	plan := &backend.ClientImportPlan{
		Record: backend.ClientImportRecord{Hash: "hash-c", FileName: "c.csv", Format: "csv", Created: 2},
		Changes: []backend.ClientImportChange{
			{Row: 2, Action: backend.ImportCreate, Code: "FREE", Client: backend.ImportedClient{Code: "FREE",
				Client: backend.Client{Name: "Free", PricingTier: "standard", Active: true}}},
			{Row: 3, Action: backend.ImportCreate, Code: "RACE", Client: backend.ImportedClient{Code: "RACE",
				Client: backend.Client{Name: "Race", PricingTier: "standard", Active: true}}},
		},
	}
	// Another import takes RACE between this file's preview and its apply.
	f.apply("other.csv", csvOf(t, [][]string{{"code", "name"}, {"race", "Got There First"}}))
	err := store.ApplyClientImport(ctx, plan)
	if backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(backend.ErrorMessage(err), "row 3") {
		t.Fatalf("apply: %v", err)
	}
	if n := f.count(`SELECT COUNT(*) FROM clients WHERE code = 'FREE'`); n != 0 {
		t.Errorf("half the import was written")
	}
}
