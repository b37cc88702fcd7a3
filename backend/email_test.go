package backend

import (
	"strings"
	"testing"
	"time"
)

func TestSingleLine(t *testing.T) {
	for in, want := range map[string]string{
		"Pat Manager":                     "Pat Manager",
		"  Pat\r\nBcc: eve@example.com  ": "Pat Bcc: eve@example.com",
		"a\r\n\r\n\tb":                    "a b",
		"line\u2028sep\u0085next\x00nul":  "line sep next nul",
		"Zoë — “quoted”":                  "Zoë — “quoted”",
		"\r\n":                            "",
	} {
		if got := SingleLine(in); got != want {
			t.Errorf("SingleLine(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNormalizeFingerprint(t *testing.T) {
	hex := strings.Repeat("ab", 32)
	for in, want := range map[string]string{
		"":                                    "",
		hex:                                   strings.ToUpper(hex),
		strings.Repeat("AB:", 31) + "AB":      strings.ToUpper(hex),
		" " + strings.Repeat("ab ", 32) + " ": strings.ToUpper(hex),
	} {
		if got, ok := NormalizeFingerprint(in); !ok || got != want {
			t.Errorf("NormalizeFingerprint(%q) = %q, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"ab", strings.Repeat("zz", 32), strings.Repeat("ab", 20)} {
		if _, ok := NormalizeFingerprint(bad); ok {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestEmailSettingsApply(t *testing.T) {
	stored := &EmailAccount{Password: "old"}
	upd := EmailSettingsUpdate{EmailSettings: EmailSettings{Host: "smtp.example.com", Security: SecurityImplicitTLS,
		Auth: AuthLogin, Username: "u", FromAddress: "office@example.com"}}
	acct, err := upd.Apply(stored)
	if err != nil || acct.Password != "old" || !acct.PasswordSet || acct.Port != 465 {
		t.Fatalf("keep: %v, %v", acct, err)
	}
	upd.Password = ptrTo("new")
	if acct, _ = upd.Apply(stored); acct.Password != "new" {
		t.Fatal("new password not taken")
	}
	upd.Password = ptrTo("")
	err = func() error { _, err := upd.Apply(stored); return err }()
	if e, ok := err.(*Error); !ok || e.Fields["password"] == "" {
		t.Fatalf("empty password with LOGIN: %v", err)
	}
	// Unconfigured is valid: sending is simply off.
	empty := EmailSettingsUpdate{EmailSettings: DefaultEmailSettings()}
	if acct, err := empty.Apply(nil); err != nil || acct.Configured() {
		t.Fatalf("empty: %v, %v", acct, err)
	}
	if s := (EmailAccount{Password: "hunter2"}).String(); strings.Contains(s, "hunter2") {
		t.Fatal("String shows the password")
	}
}

func TestMessageIDs(t *testing.T) {
	id := NewMessageID("Office@FireSafe.example.com")
	if !strings.HasSuffix(id, "@firesafe.example.com") || !ValidMessageID(id) {
		t.Fatalf("NewMessageID = %q", id)
	}
	if id := NewMessageID(""); !strings.HasSuffix(id, "@siteward.localdomain") {
		t.Fatalf("no From: %q", id)
	}
	for _, bad := range []string{"", "@x", "x@", "a@b@c", "a b@c", "a@b>\r\nBcc: x", "<a@b>"} {
		if ValidMessageID(bad) {
			t.Errorf("ValidMessageID(%q)", bad)
		}
	}
}

func TestExponentialBackoff(t *testing.T) {
	b := ExponentialBackoff(30*time.Second, 5*time.Minute)
	var got []time.Duration
	for n := 1; n <= 7; n++ {
		got = append(got, b(n))
	}
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 5 * time.Minute, 5 * time.Minute, 5 * time.Minute}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("backoff %v, want %v", got, want)
		}
	}
}

func ptrTo[T any](v T) *T { return &v }
