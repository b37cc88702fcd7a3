package smtp

import (
	"context"
	"crypto/x509"
	"strings"
	"testing"

	"siteward/backend"
)

// "Send test email" goes straight to the server (not the outbox), can try
// unsaved settings, and on failure says what the server said.
func TestSendTestEmail(t *testing.T) {
	ctx := context.Background()
	cert, leaf := MustSelfSigned(t)
	r := newOutboxRig(t, serverOptions{startTLS: &cert, mechs: []string{"PLAIN", "LOGIN"}})
	r.mailer.RootCAs = x509.NewCertPool()
	r.srv.addUser("office@firesafe.example.com", "right")
	form := func(password *string, pin string) *backend.EmailSettingsUpdate {
		return &backend.EmailSettingsUpdate{EmailSettings: backend.EmailSettings{
			Host: r.srv.Host, Port: r.srv.Port, Security: backend.SecurityStartTLS, Auth: backend.AuthPlain,
			Username: "office@firesafe.example.com", FromAddress: "office@firesafe.example.com", TLSFingerprint: pin,
		}, Password: password}
	}
	sendErr := func(upd *backend.EmailSettingsUpdate, to string) *backend.Error {
		t.Helper()
		err := r.sender.SendTestEmail(ctx, upd, to)
		e, ok := err.(*backend.Error)
		if !ok {
			t.Fatalf("error %v (%T) is not a *backend.Error", err, err)
		}
		return e
	}

	// Nothing configured yet.
	if e := sendErr(nil, "pat@example.com"); e.Code != backend.EINVALID {
		t.Fatalf("unconfigured: %v", e)
	}
	// Unsaved settings, certificate not yet trusted: the fingerprint to check.
	if e := sendErr(form(ptr("right"), ""), "pat@example.com"); e.Code != backend.EUNAVAILABLE || !strings.Contains(e.Message, colons(Fingerprint(leaf))) {
		t.Fatalf("untrusted: %v", e)
	}
	// Trusted now, wrong password: the server's exact reply.
	fp := Fingerprint(leaf)
	if e := sendErr(form(ptr("wrong"), fp), "pat@example.com"); e.Code != backend.EUNAVAILABLE ||
		!strings.Contains(e.Message, "AUTH: 535 5.7.8 Authentication credentials invalid") {
		t.Fatalf("wrong password: %v", e)
	}
	if e := sendErr(form(ptr("right"), fp), "not an address"); e.Code != backend.EINVALID || e.Fields["to"] == "" {
		t.Fatalf("bad address: %v", e)
	}
	// Right: delivered. Then saved, and tried again with the stored password.
	if err := r.sender.SendTestEmail(ctx, form(ptr("right"), fp), "pat@example.com"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.settings.SaveEmailSettings(ctx, *form(ptr("right"), fp)); err != nil {
		t.Fatal(err)
	}
	if err := r.sender.SendTestEmail(ctx, form(nil, fp), "pat@example.com"); err != nil {
		t.Fatalf("with the stored password: %v", err)
	}
	if err := r.sender.SendTestEmail(ctx, nil, "pat@example.com"); err != nil {
		t.Fatalf("with the saved settings: %v", err)
	}
	// The recipient's server refuses: its reply, and "refused".
	r.srv.failNext("nobody@example.com", faultRcpt550)
	if e := sendErr(nil, "nobody@example.com"); !strings.Contains(e.Message, "refused") ||
		!strings.Contains(e.Message, "RCPT TO: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown") {
		t.Fatalf("refused: %v", e)
	}

	got := r.srv.received()
	if len(got) != 3 || !strings.Contains(string(got[0].Raw), "Subject: Siteward test email") || !got[0].TLS {
		t.Fatalf("received %d: %+v", len(got), got)
	}
	if _, n, _ := r.outbox.FindMessages(ctx, backend.OutboxFilter{}); n != 0 {
		t.Fatalf("%d test emails in the outbox", n)
	}
}

func ptr[T any](v T) *T { return &v }
