package smtp

import (
	"context"
	"crypto/x509"
	"strings"
	"testing"

	"siteward/backend"
)

// How an office trusts its server: a certificate from an authority this
// computer trusts, or a pinned fingerprint that the test email shows.
func TestTLS(t *testing.T) {
	cert, leaf := MustSelfSigned(t)
	other, otherLeaf := MustSelfSigned(t)
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	fp := Fingerprint(leaf)

	for _, tc := range []struct {
		name      string
		opts      serverOptions
		security  backend.EmailSecurity
		pin       string
		roots     *x509.CertPool
		wantTLS   bool
		wantError []string // all in the MailError's text; none means delivered
	}{
		{name: "STARTTLS, pinned", opts: serverOptions{startTLS: &cert}, security: backend.SecurityStartTLS, pin: fp, wantTLS: true},
		{name: "implicit TLS, pinned", opts: serverOptions{implicit: &cert}, security: backend.SecurityImplicitTLS, pin: fp, wantTLS: true},
		{name: "STARTTLS, trusted authority", opts: serverOptions{startTLS: &cert}, security: backend.SecurityStartTLS, roots: roots, wantTLS: true},
		{name: "implicit TLS, trusted authority", opts: serverOptions{implicit: &cert}, security: backend.SecurityImplicitTLS, roots: roots, wantTLS: true},
		{name: "STARTTLS if offered, offered", opts: serverOptions{startTLS: &cert}, security: backend.SecurityStartTLSIfOffered, pin: fp, wantTLS: true},
		{name: "STARTTLS if offered, not offered", security: backend.SecurityStartTLSIfOffered},
		{name: "none to loopback", security: backend.SecurityNone},
		{name: "STARTTLS, untrusted: shows the fingerprint", opts: serverOptions{startTLS: &cert}, security: backend.SecurityStartTLS,
			wantError: []string{"TLS: The server's certificate is not trusted", colons(fp), "enter it as the trusted fingerprint"}},
		{name: "implicit TLS, untrusted: shows the fingerprint", opts: serverOptions{implicit: &cert}, security: backend.SecurityImplicitTLS,
			wantError: []string{"TLS: The server's certificate is not trusted", colons(fp)}},
		{name: "pinned, another certificate", opts: serverOptions{startTLS: &other}, security: backend.SecurityStartTLS, pin: fp,
			wantError: []string{"TLS: The server presented a certificate with SHA-256 fingerprint " + colons(Fingerprint(otherLeaf)), "not the trusted " + colons(fp)}},
		{name: "trusted authority, another certificate", opts: serverOptions{startTLS: &other}, security: backend.SecurityStartTLS, roots: roots,
			wantError: []string{"not trusted", colons(Fingerprint(otherLeaf))}},
		{name: "STARTTLS required, not offered", security: backend.SecurityStartTLS,
			wantError: []string{"STARTTLS: the server does not offer STARTTLS"}},
		{name: "implicit TLS to a plain server", security: backend.SecurityImplicitTLS,
			wantError: []string{"connect: "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newTestServer(t, tc.opts)
			acct := srv.account(tc.security, backend.AuthNone, "", "")
			acct.TLSFingerprint = tc.pin
			m := testMailer()
			m.RootCAs = tc.roots
			if tc.roots == nil {
				m.RootCAs = x509.NewCertPool() // never this machine's: the test must not depend on it
			}
			msg := testMessage("pat@example.com")
			err := m.Send(context.Background(), acct, msg)
			if tc.wantError == nil {
				if err != nil {
					t.Fatal(err)
				}
				got := srv.received()
				if len(got) != 1 || got[0].TLS != tc.wantTLS || got[0].MessageID != msg.MessageID {
					t.Fatalf("received %+v, want one message with TLS=%v", got, tc.wantTLS)
				}
				return
			}
			me := failure(t, err)
			for _, want := range tc.wantError {
				if !strings.Contains(me.Error(), want) {
					t.Errorf("error %q lacks %q", me.Error(), want)
				}
			}
			if me.Failure != backend.MailTemporary {
				t.Errorf("failure %s, want temporary: the settings are at fault, not the message", me.Failure)
			}
			if n := len(srv.received()); n != 0 {
				t.Errorf("%d messages delivered", n)
			}
		})
	}
}

// Security "none" is refused when the far end is not this computer, even if
// the settings were saved some other way.
func TestSecurityNoneOnlyToLoopback(t *testing.T) {
	acct := &backend.EmailAccount{EmailSettings: backend.EmailSettings{Host: "smtp.example.com", Port: 25,
		Security: backend.SecurityNone, FromAddress: "office@firesafe.example.com"}}
	if err := acct.EmailSettings.Validate(); err == nil {
		t.Fatal("settings accepted plain text to a remote server")
	}
	if !backend.IsLoopbackHost("127.0.0.1") || !backend.IsLoopbackHost("localhost") || !backend.IsLoopbackHost("::1") || backend.IsLoopbackHost("10.0.0.5") {
		t.Fatal("IsLoopbackHost")
	}
}
