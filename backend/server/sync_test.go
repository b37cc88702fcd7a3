package server

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"siteward/backend"
	"siteward/backend/sqlite"
)

// serveHub opens a hub on dir and serves it over TLS on a loopback port
// until the test ends.
func serveHub(t *testing.T, dir string) (*Main, Listening) {
	t.Helper()
	m, err := Open(context.Background(), Config{DataDir: dir, Assets: fstest.MapFS{"index.html": {Data: []byte("<title>ok</title>")}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan Listening, 1)
	done := make(chan error, 1)
	go func() {
		done <- m.Serve(ctx, ServeOptions{Addr: "127.0.0.1:0", TLS: "auto"}, func(l Listening) { ready <- l })
	}()
	t.Cleanup(func() {
		cancel()
		<-done
		m.Close()
	})
	select {
	case l := <-ready:
		return m, l
	case err := <-done:
		t.Fatal(err)
	}
	panic("unreachable")
}

func execOn(t *testing.T, db *sqlite.DB, query string, args ...any) {
	t.Helper()
	err := db.Update(context.Background(), func(tx *sqlite.Tx) error {
		_, err := tx.Exec(query, args...)
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func taskField(t *testing.T, dataDir, taskID, col string) string {
	t.Helper()
	m, err := Open(context.Background(), Config{DataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	var v string
	err = m.DB.View(context.Background(), func(tx *sqlite.Tx) error {
		return tx.QueryRow(`SELECT `+col+` FROM tasks WHERE id = ?`, taskID).Scan(&v)
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A technician's laptop enrolled with a pairing code over TLS (the hub's
// certificate pinned), offline work, then `siteward sync` both ways —
// through the real commands and a real listening hub.
func TestSyncEnrolAndSyncThroughTheCommands(t *testing.T) {
	ctx := context.Background()
	hub, l := serveHub(t, t.TempDir())
	tech := &backend.User{Email: "tess@example.com", Name: "Tess Tech", Licence: backend.LicenceTechnician, Active: true}
	if err := hub.Users.CreateUser(ctx, tech, "a long enough password"); err != nil {
		t.Fatal(err)
	}
	client := &backend.Client{Name: "Harbour Strata", Active: true}
	if err := hub.Clients.CreateClient(ctx, client); err != nil {
		t.Fatal(err)
	}
	prop := &backend.Property{ClientID: client.ID, Name: "Harbour Tower", Street: "1 Harbour St", Suburb: "Sydney", State: "NSW", Postcode: "2000", Active: true}
	if err := hub.Properties.CreateProperty(ctx, prop); err != nil {
		t.Fatal(err)
	}
	task := backend.NewID()
	execOn(t, hub.DB, `INSERT INTO tasks (id, property_id, kind, stage, title, technician_id, created_at, updated_at)
		VALUES (?, ?, 'other', 'ready', 'Monthly inspection', ?, '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')`, task, prop.ID, tech.ID)

	run := func(args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := (&CLI{Stdout: &out, Stderr: &errb}).Run(args)
		return code, out.String() + errb.String()
	}

	// A wrong certificate pin is refused, and leaves nothing behind.
	code, _, err := hub.Sync.CreatePairingCode(ctx, tech.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	wrong := t.TempDir()
	if rc, out := run("sync", "enrol", "--data", wrong, "--hub", l.URL, "--code", code, "--fingerprint", strings.Repeat("ab", 32)); rc == 0 || !strings.Contains(out, "fingerprint") {
		t.Fatalf("enrol with a wrong pin: %d %s", rc, out)
	}
	if _, err := os.Stat(filepath.Join(wrong, "siteward.db")); !os.IsNotExist(err) {
		t.Error("a refused enrolment left a database")
	}

	laptop := t.TempDir()
	if rc, out := run("sync", "enrol", "--data", laptop, "--hub", l.URL, "--code", code, "--fingerprint", l.Fingerprint); rc != 0 {
		t.Fatalf("enrol: %d %s", rc, out)
	}
	if rc, out := run("sync", "enrol", "--data", laptop, "--hub", l.URL, "--code", code); rc == 0 || !strings.Contains(out, "already holds") {
		t.Errorf("enrolling over a workspace: %d %s", rc, out)
	}

	// Offline on the laptop: the task is performed.
	m, err := Open(ctx, Config{DataDir: laptop})
	if err != nil {
		t.Fatal(err)
	}
	execOn(t, m.DB, `UPDATE tasks SET stage = 'performed', performed_at = '2026-12-01T03:00:00.000Z' WHERE id = ?`, task)
	st, err := m.Sync.SyncStatus(ctx)
	if err != nil || st.Pending != 1 {
		t.Fatalf("status %+v, %v; want one change waiting", st, err)
	}
	m.Close()

	// Meanwhile the office adds a note to the task's description.
	execOn(t, hub.DB, `UPDATE tasks SET description = 'Access via loading dock' WHERE id = ?`, task)

	if rc, out := run("sync", "--data", laptop); rc != 0 || !strings.Contains(out, "pushed 1") || !strings.Contains(out, "0 changes waiting") {
		t.Fatalf("sync: %d %s", rc, out)
	}
	var stage string
	if err := hub.DB.View(ctx, func(tx *sqlite.Tx) error {
		return tx.QueryRow(`SELECT stage FROM tasks WHERE id = ?`, task).Scan(&stage)
	}); err != nil || stage != "performed" {
		t.Errorf("hub task stage %q, %v; want performed", stage, err)
	}
	if got := taskField(t, laptop, task, "description"); got != "Access via loading dock" {
		t.Errorf("laptop description %q: the office's edit was not pulled", got)
	}
}
