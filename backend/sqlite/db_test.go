package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"siteward/backend"
)

// The DSN settings must really take on every handle: the driver silently
// ignores a key it does not know.
func TestOpen_SettingsOnWriterAndEveryReader(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()

	check := func(name string, conn *sql.Conn, wantQueryOnly int) {
		t.Helper()
		var mode string
		var fk, synchronous, busy, queryOnly int
		for _, q := range []struct {
			pragma string
			dst    any
		}{{"journal_mode", &mode}, {"foreign_keys", &fk}, {"synchronous", &synchronous}, {"busy_timeout", &busy}, {"query_only", &queryOnly}} {
			if err := conn.QueryRowContext(ctx, "PRAGMA "+q.pragma).Scan(q.dst); err != nil {
				t.Fatalf("%s: PRAGMA %s: %v", name, q.pragma, err)
			}
		}
		if mode != "wal" || fk != 1 || synchronous != 2 || busy != 5000 || queryOnly != wantQueryOnly {
			t.Errorf("%s: journal_mode=%s foreign_keys=%d synchronous=%d busy_timeout=%d query_only=%d; want wal 1 2(FULL) 5000 %d",
				name, mode, fk, synchronous, busy, queryOnly, wantQueryOnly)
		}
	}

	w, err := db.write.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	check("writer", w, 0)
	w.Close()

	// Hold several reader connections at once so each is a distinct one.
	var readers []*sql.Conn
	for i := 0; i < 4; i++ {
		c, err := db.read.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		readers = append(readers, c)
		check("reader", c, 1)
	}
	// A reader refuses writes, so nothing can bypass the single writer.
	if _, err := readers[0].ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 'now')`); err == nil {
		t.Error("a reader connection accepted a write")
	}
	for _, c := range readers {
		c.Close()
	}
	if got := db.write.Stats().MaxOpenConnections; got != 1 {
		t.Errorf("writer pool allows %d connections, want exactly 1", got)
	}
}

// Foreign keys are enforced, not just reported as on.
func TestOpen_ForeignKeysEnforced(t *testing.T) {
	db := MustOpenDB(t)
	err := db.Update(context.Background(), func(tx *Tx) error {
		_, err := tx.Exec(`INSERT INTO clients (id, name, group_id, created_at, updated_at) VALUES (?, 'X', ?, 'now', 'now')`,
			backend.NewID(), backend.NewID())
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Fatalf("a client in a group that does not exist was stored: %v", err)
	}
}

// Readers see committed writes at once and run beside the writer.
func TestDB_ReadersSeeCommittedWrites(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	u := MustCreateUser(t, db, "Reader Check", backend.LicenceOffice)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := NewUserService(db).FindUserByID(ctx, u.ID); err != nil {
				t.Errorf("concurrent read: %v", err)
			}
		}()
	}
	wg.Wait()
}

// A failing Update rolls back everything it did.
func TestDB_UpdateRollsBackOnError(t *testing.T) {
	db := MustOpenDB(t)
	boom := backend.Errorf(backend.ECONFLICT, "boom")
	err := db.Update(context.Background(), func(tx *Tx) error {
		if _, err := tx.Exec(`INSERT INTO settings (key, value, updated_at) VALUES ('a', 'b', ?)`, tx.now); err != nil {
			return err
		}
		return boom
	})
	if err != boom {
		t.Fatalf("Update returned %v, want the callback's error", err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM settings`); n != 0 {
		t.Fatalf("%d settings rows survived a rolled-back transaction", n)
	}
}

func TestOpen_FolderCannotBeCreated(t *testing.T) {
	// A regular file where the data folder should be: even root cannot
	// create a folder inside it.
	dir := t.TempDir()
	blocker := filepath.Join(dir, "not-a-folder")
	if err := os.WriteFile(blocker, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(blocker, "data", "siteward.db")
	db := NewDB(path)
	err := db.Open(context.Background())
	e := assertCode(t, err, backend.EUNAVAILABLE)
	if !strings.Contains(e.Message, "Cannot create the data folder") || !strings.Contains(e.Message, filepath.Join(blocker, "data")) {
		t.Errorf("message %q should say which folder cannot be created", e.Message)
	}
	if b, _ := os.ReadFile(blocker); string(b) != "x" {
		t.Error("the blocking file was changed")
	}
}

func TestOpen_FolderNotWritable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes to any folder; TestOpen_FolderCannotBeCreated and TestOpen_PathIsAFolder cover the failure")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	db := NewDB(filepath.Join(dir, "siteward.db"))
	e := assertCode(t, db.Open(context.Background()), backend.EUNAVAILABLE)
	if !strings.Contains(e.Message, "writable") {
		t.Errorf("message %q should say to check the folder is writable", e.Message)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files were created in a read-only folder: %v", entries)
	}
}

func TestOpen_PathIsAFolder(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "siteward.db")
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	db := NewDB(path)
	e := assertCode(t, db.Open(context.Background()), backend.EUNAVAILABLE)
	if !strings.Contains(e.Message, path) {
		t.Errorf("message %q should name the database path", e.Message)
	}
	if entries, _ := os.ReadDir(path); len(entries) != 0 {
		t.Errorf("files were created inside the folder: %v", entries)
	}
}

func TestOpen_NotADatabase(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "siteward.db")
	content := bytes.Repeat([]byte("This is a shopping list, not a database.\n"), 200)
	if err := os.WriteFile(path, content, 0o600); err != nil {
		t.Fatal(err)
	}
	db := NewDB(path)
	db.Now = NewTestClock().Now
	e := assertCode(t, db.Open(context.Background()), backend.EINVALID)
	if !strings.Contains(e.Message, "not a Siteward database") || !strings.Contains(e.Message, path) {
		t.Errorf("message %q should name the file and say it is not a Siteward database", e.Message)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, content) {
		t.Error("the file was changed")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("Open left files beside the non-database: %v", names)
	}
}

func TestOpen_NoPath(t *testing.T) {
	assertCode(t, NewDB("").Open(context.Background()), backend.EINVALID)
}

func TestBackup_IsAValidCopy(t *testing.T) {
	db := MustOpenDB(t)
	db.BackupDir = filepath.Join(t.TempDir(), "elsewhere")
	u := MustCreateUser(t, db, "Backed Up", backend.LicenceOffice)
	ctx := context.Background()
	first, err := db.Backup(ctx, "manual")
	if err != nil {
		t.Fatal(err)
	}
	second, err := db.Backup(ctx, "manual")
	if err != nil {
		t.Fatal(err)
	}
	if first == second {
		t.Fatalf("two backups in the same second share the name %s", first)
	}
	if filepath.Dir(first) != db.BackupDir || !strings.Contains(filepath.Base(first), "20260310T143000-manual") {
		t.Errorf("backup at %s, want in %s named with the pinned time and label", first, db.BackupDir)
	}
	for _, p := range []string{first, second} {
		if got := mustReadOnlyQuery(t, p, `SELECT email FROM users WHERE id = '`+u.ID+`'`); got != u.Email {
			t.Errorf("backup %s has user %q, want %q", p, got, u.Email)
		}
	}
}

// mustReadOnlyQuery opens a database file read-only and returns one string.
func mustReadOnlyQuery(tb testing.TB, path, query string) string {
	tb.Helper()
	h, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer h.Close()
	var ok string
	if err := h.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		tb.Fatalf("%s: integrity_check %q %v", path, ok, err)
	}
	var s sql.NullString
	if err := h.QueryRow(query).Scan(&s); err != nil && err != sql.ErrNoRows {
		tb.Fatalf("%s: %s: %v", path, query, err)
	}
	return s.String
}
