package backend_test

import (
	"os"
	"path/filepath"
	"testing"

	"siteward/backend"
)

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "key.pem")
	if err := os.WriteFile(name, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := backend.WriteFileAtomic(name, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(name)
	if err != nil || string(got) != "new" {
		t.Fatalf("read %q, %v; want new", got, err)
	}
	if fi, _ := os.Stat(name); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left %d files behind, want only the target", len(entries))
	}
}

func TestWriteFileAtomic_MissingFolderWritesNothing(t *testing.T) {
	name := filepath.Join(t.TempDir(), "absent", "file")
	if err := backend.WriteFileAtomic(name, []byte("x"), 0o600); err == nil {
		t.Fatal("want an error for a folder that does not exist")
	}
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("stat: %v, want not exist", err)
	}
}
