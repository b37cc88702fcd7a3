package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

func gmailLike(password *string) backend.EmailSettingsUpdate {
	return backend.EmailSettingsUpdate{EmailSettings: backend.EmailSettings{
		Host: "smtp.example.com", Security: backend.SecurityStartTLS, Auth: backend.AuthPlain,
		Username: "office@example.com", FromName: "Fire Safe\r\nBcc: x", FromAddress: "office@example.com",
		TLSFingerprint: strings.Repeat("ab:", 31) + "ab",
	}, Password: password}
}

func TestEmailSettingsPasswordAtRest(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := NewEmailSettingsService(db, "")
	keyFile := filepath.Join(filepath.Dir(db.Path), "secret.key")

	got, err := s.GetEmailSettings(ctx)
	if err != nil || got.Configured() || got.PasswordSet || got.Port != 587 {
		t.Fatalf("defaults = %+v, %v", got, err)
	}
	if _, err := os.Stat(keyFile); !os.IsNotExist(err) {
		t.Fatalf("key file made before any password: %v", err)
	}

	const password = "correct horse battery staple"
	saved, err := s.SaveEmailSettings(ctx, gmailLike(ptr(password)))
	if err != nil {
		t.Fatal(err)
	}
	if !saved.PasswordSet || saved.FromName != "Fire Safe Bcc: x" || saved.TLSFingerprint != strings.Repeat("AB", 32) ||
		saved.UpdatedAt == nil || !saved.UpdatedAt.Equal(testNow) {
		t.Fatalf("saved = %+v", saved)
	}
	// The password never leaves through the domain type...
	b, _ := json.Marshal(saved)
	if bytes.Contains(b, []byte(password)) || bytes.Contains(b, []byte("passwordSealed")) {
		t.Fatalf("settings JSON leaks the password: %s", b)
	}
	// ...and is not in the database file or its WAL in clear.
	for _, f := range []string{db.Path, db.Path + "-wal"} {
		raw, _ := os.ReadFile(f)
		if bytes.Contains(raw, []byte(password)) {
			t.Fatalf("%s holds the password in clear", f)
		}
	}
	if fi, err := os.Stat(keyFile); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, %v", fi, err)
	}
	acct, err := s.EmailAccount(ctx)
	if err != nil || acct.Password != password || acct.Username != "office@example.com" {
		t.Fatalf("account = %v, %v", acct, err)
	}
	if strings.Contains(acct.String(), password) {
		t.Fatal("EmailAccount.String shows the password")
	}

	// Saving without a password keeps it; an empty one removes it.
	if saved, err = s.SaveEmailSettings(ctx, gmailLike(nil)); err != nil || !saved.PasswordSet {
		t.Fatalf("keep: %+v, %v", saved, err)
	}
	if acct, _ = s.EmailAccount(ctx); acct.Password != password {
		t.Fatal("password lost on a save without one")
	}
	assertField(t, func() error { _, err := s.SaveEmailSettings(ctx, gmailLike(ptr(""))); return err }(), backend.EINVALID, "password")
	upd := gmailLike(ptr(""))
	upd.Auth = backend.AuthNone
	if saved, err = s.SaveEmailSettings(ctx, upd); err != nil || saved.PasswordSet {
		t.Fatalf("clear: %+v, %v", saved, err)
	}

	// A lost key file: the office is told to enter the password again.
	if _, err := s.SaveEmailSettings(ctx, gmailLike(ptr(password))); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(keyFile); err != nil {
		t.Fatal(err)
	}
	_, err = s.EmailAccount(ctx)
	if e := assertCode(t, err, backend.EUNAVAILABLE); !strings.Contains(e.Message, "Enter the password again") {
		t.Fatalf("message: %s", e.Message)
	}
	assertCode(t, func() error { _, err := s.SaveEmailSettings(ctx, gmailLike(nil)); return err }(), backend.EUNAVAILABLE)
	if _, err := s.SaveEmailSettings(ctx, gmailLike(ptr("new password"))); err != nil {
		t.Fatal(err)
	}
	if acct, err = s.EmailAccount(ctx); err != nil || acct.Password != "new password" {
		t.Fatalf("after re-entry: %v, %v", acct, err)
	}
}

func TestSaveEmailSettingsValidates(t *testing.T) {
	ctx := context.Background()
	s := NewEmailSettingsService(MustOpenDB(t), "")
	for field, change := range map[string]func(u *backend.EmailSettingsUpdate){
		"host":           func(u *backend.EmailSettingsUpdate) { u.Host = "https://smtp.example.com" },
		"port":           func(u *backend.EmailSettingsUpdate) { u.Port = 70000 },
		"security":       func(u *backend.EmailSettingsUpdate) { u.Security = backend.SecurityNone },
		"auth":           func(u *backend.EmailSettingsUpdate) { u.Auth = "ntlm" },
		"username":       func(u *backend.EmailSettingsUpdate) { u.Username = "" },
		"fromAddress":    func(u *backend.EmailSettingsUpdate) { u.FromAddress = "office" },
		"replyTo":        func(u *backend.EmailSettingsUpdate) { u.ReplyTo = "a@b\r\nBcc: c@d.com" },
		"tlsFingerprint": func(u *backend.EmailSettingsUpdate) { u.TLSFingerprint = "abc" },
		"password":       func(u *backend.EmailSettingsUpdate) { u.Password = ptr("a\r\nb") },
	} {
		u := gmailLike(ptr("pw"))
		change(&u)
		_, err := s.SaveEmailSettings(ctx, u)
		assertField(t, err, backend.EINVALID, field)
	}
	// Plain text is fine to a server on this computer.
	u := gmailLike(nil)
	u.Host, u.Security, u.Auth, u.Port = "127.0.0.1", backend.SecurityNone, backend.AuthNone, 0
	if saved, err := s.SaveEmailSettings(ctx, u); err != nil || saved.Port != 25 {
		t.Fatalf("loopback none: %+v, %v", saved, err)
	}
}

// Saving settings is often what queued mail waits for: it becomes due now.
func TestSaveEmailSettingsMakesQueuedMailDue(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	outbox := NewOutboxService(db)
	woken := 0
	outbox.SetWake(func() { woken++ })
	m := MustEnqueue(t, outbox, "a@example.com")
	outbox.ClaimDueMessage(ctx)
	if err := outbox.RecordAttempt(ctx, m.ID, backend.AttemptResult{Status: backend.OutboxQueued, Error: "535 bad password", RetryAfter: time.Hour}); err != nil {
		t.Fatal(err)
	}
	woken = 0
	if _, err := NewEmailSettingsService(db, "").SaveEmailSettings(ctx, gmailLike(ptr("pw"))); err != nil {
		t.Fatal(err)
	}
	if d, err := outbox.NextAttemptIn(ctx); err != nil || d != 0 || woken != 1 {
		t.Fatalf("next attempt in %v, %v; woken %d", d, err, woken)
	}
}
