package pdf_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"siteward/backend"
	"siteward/backend/pdf"
)

var palette = map[string]string{"critical": "#c62828", "non_critical": "#ef6c00", "completed": "#2e7d32", "pending_outside": "#c62828"}
var labels = map[string]string{"critical": "Critical", "non_critical": "Non-critical", "completed": "Completed", "pending_outside": "Pending outside tolerance"}

func header(title string) backend.ReportHeader {
	return backend.ReportHeader{Company: "Acme Fire Services", Title: title, Period: "November 2026",
		Scope: "Strata Co — Café Résidence", GeneratedAt: time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)}
}

// pdfText extracts a PDF's text with pdftotext, page by page (form feeds).
func pdfText(t testing.TB, b []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	in := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(in, b, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// savePNG renders the pages for a person to look at, when ARTIFACTS is set.
func savePNG(t testing.TB, name string, b []byte) {
	dir := os.Getenv("ARTIFACTS")
	if dir == "" {
		return
	}
	os.MkdirAll(dir, 0o755)
	in := filepath.Join(dir, name+".pdf")
	os.WriteFile(in, b, 0o644)
	if err := exec.Command("pdftoppm", "-png", "-r", "60", in, filepath.Join(dir, name)).Run(); err != nil {
		t.Logf("pdftoppm: %v", err)
	}
}

func TestActivityBreaksTablesAcrossPagesWithHeaders(t *testing.T) {
	a := &backend.ActivityReport{Header: header("Monthly Activity Report")}
	for i := range 120 {
		a.Invoices = append(a.Invoices, backend.ReportInvoice{Number: fmt.Sprintf("INV-%d", 2000+i), Property: "Tower " + fmt.Sprint(i),
			Status: "issued", IssuedOn: "2026-11-03", DueOn: "2026-12-03", TotalCents: 123456})
	}
	a.DefectQuotes = []backend.ReportQuote{{Number: "Q-1", Property: "Tower 1", Title: "Replace extinguisher", Status: "submitted", IssuedOn: "2026-11-02", TotalCents: 9900}}
	b, err := pdf.New(palette, labels).MonthlyActivity(a)
	if err != nil {
		t.Fatal(err)
	}
	savePNG(t, "activity", b)
	text := pdfText(t, b)
	pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
	if len(pages) < 3 {
		t.Fatalf("want at least 3 pages, got %d", len(pages))
	}
	for i, p := range pages {
		for _, want := range []string{"Acme Fire Services", "Monthly Activity Report", "Period: November 2026",
			"Café Résidence", fmt.Sprintf("Page %d of %d", i+1, len(pages))} {
			if !strings.Contains(p, want) {
				t.Errorf("page %d lacks %q", i+1, want)
			}
		}
		if i > 0 && !strings.Contains(p, "Invoice") {
			t.Errorf("page %d lacks the repeated header row", i+1)
		}
	}
	for _, want := range []string{"INV-2000", "INV-2119", "$1,234.56", "03/11/2026", "$148,147.20", "Awaiting authorisation"} {
		if !strings.Contains(text, want) {
			t.Errorf("text lacks %q", want)
		}
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Error("not a PDF")
	}
}
