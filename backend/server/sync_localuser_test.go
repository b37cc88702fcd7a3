package server

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"siteward/backend"
)

// A laptop enrolled for a technician acts for them (the desktop window's
// user), and --password-stdin gives them a password kept on the laptop:
// it signs in there, never reaches the hub, and a pull leaves it alone.
func TestSyncEnrolSetsTheLocalUserAndPassword(t *testing.T) {
	ctx := context.Background()
	hub, l := serveHub(t, t.TempDir())
	tech := &backend.User{Email: "tess@example.com", Name: "Tess Tech", Licence: backend.LicenceTechnician, Active: true}
	if err := hub.Users.CreateUser(ctx, tech, "the hub password here"); err != nil {
		t.Fatal(err)
	}
	run := func(stdin string, args ...string) (int, string) {
		var out, errb bytes.Buffer
		code := (&CLI{Stdout: &out, Stderr: &errb, Stdin: strings.NewReader(stdin)}).Run(args)
		return code, out.String() + errb.String()
	}
	code, _, err := hub.Sync.CreatePairingCode(ctx, tech.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	laptop := t.TempDir()
	enrol := []string{"sync", "enrol", "--data", laptop, "--hub", l.URL, "--code", code, "--fingerprint", l.Fingerprint, "--password-stdin"}
	// A weak password is refused before the code is spent.
	if rc, out := run("short\n", enrol...); rc == 0 || !strings.Contains(out, "at least 10 characters") {
		t.Fatalf("weak password: %d %s", rc, out)
	}
	if rc, out := run("laptop password 4711\n", enrol...); rc != 0 || !strings.Contains(out, "tess@example.com") {
		t.Fatalf("enrol: %d %s", rc, out)
	}

	// The office renames the technician; the laptop pulls it.
	renamed := "Tess Technician"
	if _, err := hub.Users.UpdateUser(ctx, tech.ID, backend.UserUpdate{Name: &renamed}); err != nil {
		t.Fatal(err)
	}
	if rc, out := run("", "sync", "--data", laptop); rc != 0 {
		t.Fatalf("sync: %d %s", rc, out)
	}

	m, err := Open(ctx, Config{DataDir: laptop})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	u, err := m.LocalUser(ctx)
	if err != nil || u.ID != tech.ID || u.Name != "Tess Technician" {
		t.Fatalf("the laptop's local user = %+v, %v; want the technician, renamed", u, err)
	}
	if _, err := m.Users.Authenticate(ctx, tech.Email, "laptop password 4711"); err != nil {
		t.Errorf("the local password does not sign in after a pull: %v", err)
	}
	if _, err := m.Users.Authenticate(ctx, tech.Email, "the hub password here"); err == nil {
		t.Error("the hub's password signs in on the laptop")
	}
	if _, err := hub.Users.Authenticate(ctx, tech.Email, "laptop password 4711"); err == nil {
		t.Error("the laptop's password reached the hub")
	}
}
