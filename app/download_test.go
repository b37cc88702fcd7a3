package app

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// exportHandler answers like the API: a CSV for /api/export.csv, the coded
// error JSON for anything else.
func exportHandler(t *testing.T) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			t.Errorf("SaveURL sent %s, want GET", r.Method)
		}
		if r.URL.Path == "/api/export.csv" && r.URL.Query().Get("q") == "Smith & Co" {
			w.Header().Set("Content-Type", "text/csv")
			w.Write([]byte("name\nSmith & Co\n"))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"error":{"code":"not_found","message":"Client not found."}}`))
	})
}

func TestSaveURLWritesTheAnswer(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "clients.csv")
	p := &fakePlatform{saveTo: dest}
	n := &Native{platform: p, handler: exportHandler(t), log: discardLogger()}

	got, err := n.SaveURL("/api/export.csv?q=Smith+%26+Co", FileDialog{Title: "Save clients", DefaultFilename: "clients.csv"})
	if err != nil {
		t.Fatal(err)
	}
	if got != dest {
		t.Fatalf("SaveURL = %q, want %q", got, dest)
	}
	b, err := os.ReadFile(dest)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != "name\nSmith & Co\n" {
		t.Fatalf("saved %q", b)
	}
	if p.dialogs[0].DefaultFilename != "clients.csv" {
		t.Fatalf("dialog got %+v", p.dialogs[0])
	}
	assertOnlyFile(t, dest)
}

func TestSaveURLKeepsTheOldFileOnError(t *testing.T) {
	dest := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(dest, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	n := &Native{platform: &fakePlatform{saveTo: dest}, handler: exportHandler(t), log: discardLogger()}

	_, err := n.SaveURL("/api/reports/missing.pdf", FileDialog{})
	if err == nil || !strings.Contains(err.Error(), "Client not found.") {
		t.Fatalf("SaveURL error = %v, want the API's message", err)
	}
	if b, _ := os.ReadFile(dest); string(b) != "old" {
		t.Fatalf("the existing file became %q", b)
	}
	assertOnlyFile(t, dest)
}

func TestSaveURLCancelled(t *testing.T) {
	n := &Native{platform: &fakePlatform{saveTo: ""}, handler: exportHandler(t), log: discardLogger()}
	got, err := n.SaveURL("/api/export.csv", FileDialog{})
	if got != "" || err != nil {
		t.Fatalf("SaveURL after cancel = %q, %v; want \"\", nil", got, err)
	}
}

func TestSaveURLOnlyAPIPaths(t *testing.T) {
	p := &fakePlatform{saveTo: filepath.Join(t.TempDir(), "x")}
	n := &Native{platform: p, handler: exportHandler(t), log: discardLogger()}
	for _, path := range []string{"https://example.com/api/x", "/index.html", "//evil/api/x", "api/x"} {
		if _, err := n.SaveURL(path, FileDialog{}); err == nil {
			t.Errorf("SaveURL(%q) succeeded, want it refused", path)
		}
	}
	if len(p.dialogs) != 0 {
		t.Fatalf("a dialog opened for a refused path")
	}
}

// assertOnlyFile fails if the temporary file was left beside dest.
func assertOnlyFile(t *testing.T, dest string) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dest))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != filepath.Base(dest) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Fatalf("folder holds %v, want only %s", names, filepath.Base(dest))
	}
}
