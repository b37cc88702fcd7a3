package server

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"siteward/backend/sqlite"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	c := &CLI{Stdout: &out, Stderr: &errb, Assets: fstest.MapFS{}}
	code = c.Run(args)
	return code, out.String(), errb.String()
}

// Bad input gets one line and a non-zero exit, and loses nothing.
func TestCLIBadInput(t *testing.T) {
	if os.Getuid() == 0 {
		t.Log("running as root: the unwritable-folder case is checked with a file in the way instead")
	}
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown command", []string{"frobnicate"}, "unknown command"},
		{"data is a file", []string{"backup", "--data", filepath.Join(blocker, "sub")}, "Cannot create the data folder"},
		{"restore without from", []string{"restore", "--data", dir}, "--from"},
		{"restore missing file", []string{"restore", "--data", filepath.Join(dir, "r"), "--from", filepath.Join(dir, "nope.db")}, "Cannot read the backup"},
		{"restore not a db", []string{"restore", "--data", filepath.Join(dir, "r2"), "--from", blocker}, "not a Siteward database"},
		{"bad tls", []string{"serve", "--data", filepath.Join(dir, "t"), "--addr", "127.0.0.1:0", "--tls", "nonsense"}, "--tls takes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, c.args...)
			if code == 0 || !strings.Contains(stderr, c.want) {
				t.Fatalf("exit %d, stderr %q; want non-zero and %q", code, stderr, c.want)
			}
			if n := strings.Count(strings.TrimSpace(stderr), "\n"); n > 0 {
				t.Fatalf("want one line, got %d: %q", n+1, stderr)
			}
		})
	}
}

func TestCLIPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	code, _, stderr := runCLI(t, "serve", "--data", t.TempDir(), "--addr", ln.Addr().String())
	if code == 0 || !strings.Contains(stderr, "already in use") {
		t.Fatalf("exit %d, %q", code, stderr)
	}
}

func TestCLIDataFolderInUse(t *testing.T) {
	dir := t.TempDir()
	m, err := Open(context.Background(), Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	code, _, stderr := runCLI(t, "backup", "--data", dir)
	if code == 0 || !strings.Contains(stderr, "in use by another Siteward") {
		t.Fatalf("exit %d, %q", code, stderr)
	}
}

func TestCLINewerDatabaseRefused(t *testing.T) {
	dir := t.TempDir()
	db := sqlite.NewDB(DBPath(dir))
	if err := db.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := db.Update(context.Background(), func(tx *sqlite.Tx) error {
		_, err := tx.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES ('209912310000_future', '2099-01-01T00:00:00.000Z')`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(DBPath(dir))
	code, _, stderr := runCLI(t, "backup", "--data", dir)
	if code == 0 || !strings.Contains(stderr, "newer version of Siteward") {
		t.Fatalf("exit %d, %q", code, stderr)
	}
	after, _ := os.ReadFile(DBPath(dir))
	if !bytes.Equal(before, after) {
		t.Fatal("the newer database was changed")
	}
}

func TestBackupAndRestore(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	m, err := Open(ctx, Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.LocalUser(ctx); err != nil {
		t.Fatal(err)
	}
	m.Close()
	backup := filepath.Join(t.TempDir(), "b.db")
	if code, out, stderr := runCLI(t, "backup", "--data", dir, "--to", backup); code != 0 || !strings.Contains(out, backup) {
		t.Fatalf("backup: %d %s %s", code, out, stderr)
	}
	// Change the live database after the backup, then restore.
	m, err = Open(ctx, Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := m.LocalUser(ctx)
	name := "Renamed"
	if _, err := m.Users.UpdateUser(ctx, u.ID, userUpdateName(name)); err != nil {
		t.Fatal(err)
	}
	m.Close()
	code, out, stderr := runCLI(t, "restore", "--data", dir, "--from", backup)
	if code != 0 || !strings.Contains(out, "saved to") {
		t.Fatalf("restore: %d %s %s", code, out, stderr)
	}
	m, err = Open(ctx, Config{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	got, err := m.Users.FindUserByID(ctx, u.ID)
	if err != nil || got.Name != "Office" {
		t.Fatalf("after restore: %+v %v", got, err)
	}
}
