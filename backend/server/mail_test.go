package server

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	gosmtp "github.com/emersion/go-smtp"

	"siteward/backend"
)

// captured is a mail server on a loopback port that keeps what it is sent.
type captured struct {
	mu   sync.Mutex
	msgs [][]byte
}

type captureSession struct{ c *captured }

func (s *captureSession) Reset()                                 {}
func (s *captureSession) Logout() error                          { return nil }
func (s *captureSession) Mail(string, *gosmtp.MailOptions) error { return nil }
func (s *captureSession) Rcpt(string, *gosmtp.RcptOptions) error { return nil }
func (s *captureSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.c.mu.Lock()
	s.c.msgs = append(s.c.msgs, b)
	s.c.mu.Unlock()
	return nil
}

func startCapture(t *testing.T) (*captured, int) {
	t.Helper()
	c := &captured{}
	srv := gosmtp.NewServer(gosmtp.BackendFunc(func(*gosmtp.Conn) (gosmtp.Session, error) { return &captureSession{c: c}, nil }))
	srv.Domain = "capture.test"
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })
	return c, ln.Addr().(*net.TCPAddr).Port
}

func (c *captured) wait(t *testing.T, n int) [][]byte {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		got := append([][]byte(nil), c.msgs...)
		c.mu.Unlock()
		if len(got) >= n {
			return got
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("the mail server got fewer than %d messages", n)
	return nil
}

// The whole path of an invitation: written to the outbox with the action,
// delivered by the sender worker to a real SMTP server as text and HTML,
// and its link sets the password.
func TestInvitationIsDeliveredAndItsLinkWorks(t *testing.T) {
	ctx := context.Background()
	m, err := Open(ctx, Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	box, port := startCapture(t)
	if _, err := m.EmailSetup.SaveEmailSettings(ctx, backend.EmailSettingsUpdate{EmailSettings: backend.EmailSettings{
		Host: "127.0.0.1", Port: port, Security: backend.SecurityNone, Auth: backend.AuthNone,
		FromName: "Sentinel Fire", FromAddress: "office@sentinel.example.com"}}); err != nil {
		t.Fatal(err)
	}
	c := &backend.Client{Name: "Harbour Strata", Active: true}
	if err := m.Clients.CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := m.Contacts.CreateContact(ctx, &backend.Contact{ClientID: c.ID, Name: "Zoë \"Z\" O'Neil\r\nBcc: evil@example.com",
		Email: "zoe@example.com", Primary: true}); err != nil {
		t.Fatal(err)
	}
	invs, err := m.Invitations.InviteClients(ctx, backend.InviteRequest{ClientIDs: []string{c.ID},
		Links: backend.MailLinks{BaseURL: "https://portal.example.com"}})
	if err != nil {
		t.Fatal(err)
	}
	stop := m.StartWorkers(ctx)
	raw := box.wait(t, 1)[0]
	stop()

	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	out, err := m.Outbox.FindMessageByID(ctx, invs[0].MessageID)
	if err != nil {
		t.Fatal(err)
	}
	if out.Status != backend.OutboxSent || msg.Header.Get("Message-Id") != "<"+out.MessageID+">" {
		t.Fatalf("outbox status %s, Message-ID %q vs %q", out.Status, msg.Header.Get("Message-Id"), out.MessageID)
	}
	// The name with a line break is one header line; no Bcc sneaks in.
	if msg.Header.Get("Bcc") != "" || strings.Contains(strings.ToLower(string(raw[:bytes.Index(raw, []byte("\r\n\r\n"))])), "\nbcc:") {
		t.Fatalf("header injection:\n%s", raw)
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Address != "zoe@example.com" {
		t.Fatalf("To = %v, %v", to, err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("content type %q %v", mt, err)
	}
	parts := map[string]string{}
	r := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		var body io.Reader = p
		if p.Header.Get("Content-Transfer-Encoding") == "quoted-printable" {
			body = quotedprintable.NewReader(p)
		}
		b, _ := io.ReadAll(body)
		ct, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		parts[ct] = string(b)
	}
	if !strings.Contains(parts["text/html"], "Choose your password") || !strings.Contains(parts["text/plain"], "Harbour Strata") {
		t.Fatalf("parts = %v", parts)
	}
	link := regexp.MustCompile(`https://portal\.example\.com/portal\.html#/accept\?token=([A-Za-z0-9_%-]+)`).FindStringSubmatch(parts["text/plain"])
	if link == nil {
		t.Fatalf("no link in %q", parts["text/plain"])
	}
	token, _ := url.QueryUnescape(link[1])
	u, err := m.Invitations.AcceptToken(ctx, token, "zoe's own long password")
	if err != nil || u.Email != "zoe@example.com" {
		t.Fatalf("accept: %v, %v", u, err)
	}
}
