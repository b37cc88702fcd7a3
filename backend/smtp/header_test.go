package smtp

import (
	"bytes"
	"context"
	"mime"
	"net/mail"
	"strings"
	"testing"

	"siteward/backend"
)

// No user value reaches a header unencoded: names and subjects carrying
// CR/LF cannot add a header or end the header block, even when handed to the
// Mailer directly (the outbox flattens them before that).
func TestHeaderInjection(t *testing.T) {
	srv := newTestServer(t, serverOptions{})
	acct := srv.account(backend.SecurityNone, backend.AuthNone, "", "")
	acct.FromName = "Office\r\nReply-To: evil@example.com"
	msg := testMessage("pat@example.com")
	msg.ToName = "Eve\r\nBcc: victim@example.com"
	msg.Subject = "Hello\r\nX-Injected: yes\r\n\r\nbody takeover"
	mustSend(t, testMailer(), acct, msg)

	got := srv.received()
	if len(got) != 1 || len(got[0].To) != 1 || got[0].To[0] != "pat@example.com" {
		t.Fatalf("recipients %+v", got)
	}
	raw := got[0].Raw
	head, body, ok := bytes.Cut(raw, []byte("\r\n\r\n"))
	if !ok {
		t.Fatal("no header block")
	}
	counts := map[string]int{}
	for _, line := range strings.Split(string(head), "\r\n") {
		for _, c := range []byte(line) {
			if c < 0x20 && c != '\t' || c > 0x7e {
				t.Errorf("raw byte %#x in header line %q", c, line)
			}
		}
		if line == "" || line[0] == ' ' || line[0] == '\t' {
			continue // a folded continuation
		}
		name, _, _ := strings.Cut(line, ":")
		counts[strings.ToLower(name)]++
	}
	for _, bad := range []string{"bcc", "x-injected", "reply-to"} {
		if counts[bad] != 0 {
			t.Errorf("injected header %s in\n%s", bad, head)
		}
	}
	for _, one := range []string{"from", "to", "subject", "message-id", "date"} {
		if counts[one] != 1 {
			t.Errorf("%d %s headers in\n%s", counts[one], one, head)
		}
	}
	if bytes.Contains(body, []byte("body takeover")) {
		t.Error("the subject's text reached the body")
	}
	m, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	if s, _ := dec.DecodeHeader(m.Header.Get("Subject")); s != "Hello X-Injected: yes body takeover" {
		t.Errorf("subject decodes to %q", s)
	}
	to, err := m.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Eve Bcc: victim@example.com" || to[0].Address != "pat@example.com" {
		t.Errorf("To: %v, %v", to, err)
	}
}

// Names and subjects outside ASCII are encoded (RFC 2047) and read back whole.
func TestHeaderEncoding(t *testing.T) {
	srv := newTestServer(t, serverOptions{})
	acct := srv.account(backend.SecurityNone, backend.AuthNone, "", "")
	acct.FromName = "Zoë's \"Fire\" Safety"
	acct.ReplyTo = "bookings@firesafe.example.com"
	msg := testMessage("pat@example.com")
	msg.ToName = "Ngô Thị Hương"
	msg.Subject = "Inspection — 12 Quay St, Level 3 ✓ " + strings.TrimSpace(strings.Repeat("long words keep folding ", 6))
	msg.HTMLBody = "<p>See you on Tuesday.</p>"
	mustSend(t, testMailer(), acct, msg)

	m, err := mail.ReadMessage(bytes.NewReader(srv.received()[0].Raw))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	if s, _ := dec.DecodeHeader(m.Header.Get("Subject")); s != msg.Subject {
		t.Errorf("subject %q, want %q", s, msg.Subject)
	}
	from, _ := m.Header.AddressList("From")
	to, _ := m.Header.AddressList("To")
	reply, _ := m.Header.AddressList("Reply-To")
	if len(from) != 1 || from[0].Name != acct.FromName || len(to) != 1 || to[0].Name != msg.ToName ||
		len(reply) != 1 || reply[0].Address != acct.ReplyTo {
		t.Errorf("from %v to %v reply-to %v", from, to, reply)
	}
	if m.Header.Get("Auto-Submitted") != "auto-generated" || !strings.HasPrefix(m.Header.Get("Content-Type"), "multipart/alternative") {
		t.Errorf("headers %v", m.Header)
	}
}

// Addresses and Message-IDs are never patched up: a bad one fails the
// message for good, before the server is contacted.
func TestBadAddressesRefusedBeforeConnecting(t *testing.T) {
	srv := newTestServer(t, serverOptions{})
	acct := srv.account(backend.SecurityNone, backend.AuthNone, "", "")
	for name, change := range map[string]func(*backend.OutboxMessage){
		"to with CRLF":         func(m *backend.OutboxMessage) { m.To = "pat@example.com\r\nBcc: x@example.com" },
		"to with a name":       func(m *backend.OutboxMessage) { m.To = "Pat <pat@example.com>" },
		"message-id with CRLF": func(m *backend.OutboxMessage) { m.MessageID = "x@y\r\nBcc: x@example.com" },
	} {
		msg := testMessage("pat@example.com")
		change(msg)
		me := failure(t, testMailer().Send(context.Background(), acct, msg))
		if me.Failure != backend.MailPermanent || me.Stage != "message" || strings.ContainsAny(me.Reply, "\r\n") {
			t.Errorf("%s: %+v", name, me)
		}
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.sessions != 0 {
		t.Fatalf("%d sessions opened for bad messages", srv.sessions)
	}
}
