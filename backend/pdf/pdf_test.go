package pdf_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	pngenc "image/png"
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

// A logo, when the workspace has one, is drawn on every page; a broken one
// is left out rather than failing the report.
func TestLogoOnEveryPage(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for x := range 40 {
		for y := range 20 {
			img.Set(x, y, color.RGBA{R: 198, G: 40, B: 40, A: 255})
		}
	}
	var png bytes.Buffer
	if err := pngenc.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	m := &backend.MaintenanceReport{Header: header("Monthly Maintenance Report")}
	for i := range 60 {
		m.Tasks = append(m.Tasks, backend.ReportTask{Number: fmt.Sprintf("T-%d", i), Property: "Tower", Title: "Monthly service",
			DueOn: "2026-11-10", PerformedOn: "2026-11-11", Tolerance: backend.ToleranceCompleted})
	}
	m.Header.Logo = png.Bytes()
	b, err := pdf.New(palette, labels).MonthlyMaintenance(m)
	if err != nil {
		t.Fatal(err)
	}
	savePNG(t, "logo", b)
	if _, err := exec.LookPath("pdfimages"); err == nil {
		in := filepath.Join(t.TempDir(), "l.pdf")
		os.WriteFile(in, b, 0o600)
		out, err := exec.Command("pdfimages", "-list", in).Output()
		if err != nil {
			t.Fatal(err)
		}
		pages := strings.Count(pdfText(t, b), "\f")
		// One header line and a separator, then one line per image drawn.
		if got := strings.Count(string(out), "\n") - 2; got != pages || pages < 2 {
			t.Errorf("logo drawn %d times on %d pages:\n%s", got, pages, out)
		}
	}
	m.Header.Logo = []byte("not an image")
	if _, err := pdf.New(palette, labels).MonthlyMaintenance(m); err != nil {
		t.Errorf("a broken logo failed the report: %v", err)
	}
}
