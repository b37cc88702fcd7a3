package smtp

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/wneessen/go-mail/smtp"

	"siteward/backend"
)

// Each mechanism signs in to a real server over STARTTLS, delivers, and
// with a wrong secret fails with the server's reply.
func TestAuthMechanisms(t *testing.T) {
	cert, leaf := MustSelfSigned(t)
	for _, tc := range []struct {
		auth backend.EmailAuth
		mech string
	}{
		{backend.AuthPlain, "PLAIN"},
		{backend.AuthLogin, "LOGIN"},
		{backend.AuthCRAMMD5, "CRAM-MD5"},
		{backend.AuthXOAUTH2, "XOAUTH2"},
		{backend.AuthOAUTHBEARER, "OAUTHBEARER"},
	} {
		t.Run(tc.mech, func(t *testing.T) {
			srv := newTestServer(t, serverOptions{startTLS: &cert, mechs: []string{tc.mech}})
			srv.addUser("office@firesafe.example.com", "s3cret-token")
			m := testMailer()
			acct := srv.account(backend.SecurityStartTLS, tc.auth, "office@firesafe.example.com", "s3cret-token")
			acct.TLSFingerprint = Fingerprint(leaf)

			msg := testMessage("pat@example.com")
			mustSend(t, m, acct, msg)
			got := srv.received()
			if len(got) != 1 || got[0].Auth != tc.mech+" office@firesafe.example.com" || !got[0].TLS || got[0].MessageID != msg.MessageID {
				t.Fatalf("received %+v", got)
			}

			acct.Password = "wrong"
			err := m.Send(context.Background(), acct, testMessage("pat@example.com"))
			me := failure(t, err)
			if me.Stage != "AUTH" || me.Failure != backend.MailTemporary {
				t.Fatalf("wrong secret: %+v", me)
			}
			// Mechanisms whose server answers with a reply show it exactly;
			// OAUTHBEARER answers with a JSON error the client reports.
			want := "535 5.7.8 Authentication credentials invalid"
			if tc.mech == "OAUTHBEARER" {
				want = "invalid_token"
			}
			if !strings.Contains(me.Reply, want) {
				t.Fatalf("reply %q, want %q", me.Reply, want)
			}
			if n := len(srv.received()); n != 1 {
				t.Fatalf("%d messages after a failed sign-in", n)
			}
		})
	}
}

// A mechanism the server does not offer fails at AUTH, visibly.
func TestAuthMechanismNotOffered(t *testing.T) {
	srv := newTestServer(t, serverOptions{mechs: []string{"PLAIN"}})
	srv.addUser("u", "p")
	acct := srv.account(backend.SecurityNone, backend.AuthCRAMMD5, "u", "p")
	me := failure(t, testMailer().Send(context.Background(), acct, testMessage("pat@example.com")))
	if me.Stage != "AUTH" || me.Failure != backend.MailTemporary || !strings.Contains(me.Reply, "does not offer CRAM-MD5; it offers PLAIN") {
		t.Fatalf("%+v", me)
	}
}

// No password or token goes over plain text to another computer, whatever
// the mechanism; to this computer it may (security "none" is loopback-only).
func TestAuthNeverSendsSecretsInClear(t *testing.T) {
	for _, auth := range []backend.EmailAuth{backend.AuthPlain, backend.AuthLogin, backend.AuthXOAUTH2, backend.AuthOAUTHBEARER} {
		a := authFor(&backend.EmailAccount{EmailSettings: backend.EmailSettings{Host: "smtp.example.com", Port: 587, Auth: auth, Username: "u"}, Password: "p"})
		if _, _, err := a.Start(&smtp.ServerInfo{Name: "smtp.example.com", TLS: false}); !errors.Is(err, errSecretInClear) {
			t.Errorf("%s in clear to a remote server: %v", auth, err)
		}
		if _, _, err := a.Start(&smtp.ServerInfo{Name: "smtp.example.com", TLS: true}); err != nil {
			t.Errorf("%s over TLS: %v", auth, err)
		}
		b := authFor(&backend.EmailAccount{EmailSettings: backend.EmailSettings{Host: "127.0.0.1", Port: 25, Auth: auth, Username: "u"}, Password: "p"})
		if _, _, err := b.Start(&smtp.ServerInfo{Name: "127.0.0.1", TLS: false}); err != nil {
			t.Errorf("%s to loopback: %v", auth, err)
		}
	}
	if authFor(&backend.EmailAccount{EmailSettings: backend.EmailSettings{Auth: backend.AuthNone}}) != nil {
		t.Error("auth none signs in")
	}

	// End to end: plain text to loopback with PLAIN works.
	srv := newTestServer(t, serverOptions{mechs: []string{"PLAIN"}})
	srv.addUser("u", "p")
	mustSend(t, testMailer(), srv.account(backend.SecurityNone, backend.AuthPlain, "u", "p"), testMessage("pat@example.com"))
	if got := srv.received(); len(got) != 1 || got[0].TLS || got[0].Auth != "PLAIN u" {
		t.Fatalf("%+v", got)
	}
}
