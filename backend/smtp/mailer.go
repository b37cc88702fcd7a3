// Package smtp sends mail through go-mail's SMTP client, with go-sasl for the
// OAuth mechanisms go-mail lacks. It implements backend.Mailer.
package smtp

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/wneessen/go-mail/smtp"

	"siteward/backend"
)

// Mailer implements backend.Mailer. It opens one connection per message:
// the office sends tens of messages a day, and a fresh conversation keeps
// each message's outcome separate from the next one's.
type Mailer struct {
	// Timeout bounds every step: connecting, each command's reply, writing
	// the message. A server that hangs fails the step instead of the worker.
	Timeout time.Duration
	// RootCAs verifies certificates when no fingerprint is pinned; nil means
	// this computer's trusted authorities.
	RootCAs *x509.CertPool
	// HELO is the name Siteward gives the server; empty means the host name.
	HELO string
	// Now stamps the Date header.
	Now backend.Clock
}

// NewMailer returns a Mailer with a 30 s step timeout.
func NewMailer() *Mailer { return &Mailer{Timeout: 30 * time.Second, Now: backend.SystemClock} }

var _ backend.Mailer = (*Mailer)(nil)

// Send delivers msg or returns a *backend.MailError. Cancelling ctx closes
// the connection at once; the failure is then classified by the step it cut.
func (m *Mailer) Send(ctx context.Context, acct *backend.EmailAccount, msg *backend.OutboxMessage) error {
	if acct == nil || !acct.Configured() {
		return &backend.MailError{Failure: backend.MailTemporary, Stage: "connect", Reply: "no mail server is configured", Connection: true}
	}
	now := backend.SystemClock
	if m.Now != nil {
		now = m.Now
	}
	// Render before connecting: a message that cannot be written is this
	// message's fault, found without bothering the server.
	var body bytes.Buffer
	from, to, err := render(&body, acct, msg, now())
	if err != nil {
		return &backend.MailError{Failure: backend.MailPermanent, Stage: "message", Reply: err.Error(), Err: err}
	}
	c, stop, err := m.connect(ctx, acct)
	if err != nil {
		return err
	}
	defer c.Close()
	defer stop()
	return m.transfer(c, from, to, body.Bytes())
}

// transfer runs MAIL, RCPT and DATA on a ready connection. Up to the final
// dot nothing can have been delivered; after it, only a reply tells.
func (m *Mailer) transfer(c *smtp.Client, from, to string, body []byte) error {
	step := func(stage string, f func() error) error {
		if err := c.UpdateDeadline(m.timeout()); err != nil {
			return classify(stage, err, false)
		}
		if err := f(); err != nil {
			return classify(stage, err, false)
		}
		return nil
	}
	if err := step("MAIL FROM", func() error { return c.Mail(from) }); err != nil {
		return err
	}
	if err := step("RCPT TO", func() error { return c.Rcpt(to) }); err != nil {
		return err
	}
	var w interface {
		Write([]byte) (int, error)
		Close() error
	}
	if err := step("DATA", func() (err error) { w, err = c.Data(); return err }); err != nil {
		return err
	}
	// Writing the body: the terminating dot goes out only in Close, so a
	// failure here cannot have delivered anything.
	if err := step("message", func() error { _, err := w.Write(body); return err }); err != nil {
		return err
	}
	if err := c.UpdateDeadline(m.timeout()); err != nil {
		return classify("message", err, false) // the dot has not left
	}
	if err := w.Close(); err != nil {
		return classify("end of data", err, true)
	}
	// Delivered. QUIT is a courtesy; its failure changes nothing.
	_ = c.UpdateDeadline(m.timeout())
	_ = c.Quit()
	return nil
}

// connect dials, reads the greeting, says EHLO, secures the connection as
// the account asks and signs in. Every failure here is temporary: it is
// about the server or the account, not this message, so the message waits
// for the office to fix the settings (a test email shows the reply).
// The returned stop ends the watch on ctx.
func (m *Mailer) connect(ctx context.Context, acct *backend.EmailAccount) (*smtp.Client, func() bool, error) {
	trust := &certCheck{fingerprint: acct.TLSFingerprint, roots: m.RootCAs}
	tlsConfig := trust.config(acct.Host)
	conn, err := m.dial(ctx, acct, tlsConfig)
	if err != nil {
		return nil, nil, trust.explain("connect", classify("connect", err, false))
	}
	// A cancelled ctx (shutdown) closes the connection so no step waits out
	// its timeout; the closed connection then fails the step in progress.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	fail := func(c *smtp.Client, stage string, err error) (*smtp.Client, func() bool, error) {
		stop()
		if c != nil {
			c.Close()
		} else {
			conn.Close()
		}
		return nil, nil, trust.explain(stage, classify(stage, err, false))
	}
	if err := conn.SetDeadline(time.Now().Add(m.timeout())); err != nil {
		return fail(nil, "greeting", err)
	}
	c, err := smtp.NewClient(conn, acct.Host)
	if err != nil {
		return fail(nil, "greeting", err)
	}
	if err := c.Hello(m.helo()); err != nil {
		return fail(c, "EHLO", err)
	}
	if err := m.startTLS(c, acct, tlsConfig); err != nil {
		return fail(c, "STARTTLS", err)
	}
	if a := authFor(acct); a != nil {
		if err := c.UpdateDeadline(m.timeout()); err != nil {
			return fail(c, "AUTH", err)
		}
		if err := offered(c, acct.Auth); err != nil {
			return fail(c, "AUTH", err)
		}
		if err := c.Auth(a); err != nil {
			return fail(c, "AUTH", err)
		}
	}
	return c, stop, nil
}

// startTLS upgrades the connection when the account's security asks for it.
func (m *Mailer) startTLS(c *smtp.Client, acct *backend.EmailAccount, cfg *tls.Config) error {
	if acct.Security != backend.SecurityStartTLS && acct.Security != backend.SecurityStartTLSIfOffered {
		return nil
	}
	if ok, _ := c.Extension("STARTTLS"); !ok {
		if acct.Security == backend.SecurityStartTLS {
			return errNoStartTLS
		}
		return nil // "if offered", and it was not: carry on in plain text
	}
	if err := c.UpdateDeadline(m.timeout()); err != nil {
		return err
	}
	return c.StartTLS(cfg)
}

// dial opens the TCP connection (TLS from the start for implicit TLS). With
// security "none" the far end must really be this computer, whatever the
// host name resolved to.
func (m *Mailer) dial(ctx context.Context, acct *backend.EmailAccount, cfg *tls.Config) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, m.timeout())
	defer cancel()
	d := &net.Dialer{}
	conn, err := d.DialContext(ctx, "tcp", net.JoinHostPort(acct.Host, strconv.Itoa(acct.Port)))
	if err != nil {
		return nil, err
	}
	if acct.Security == backend.SecurityNone {
		if ta, ok := conn.RemoteAddr().(*net.TCPAddr); !ok || !ta.IP.IsLoopback() {
			conn.Close()
			return nil, errNotLoopback
		}
	}
	if acct.Security != backend.SecurityImplicitTLS {
		return conn, nil
	}
	tc := tls.Client(conn, cfg)
	if err := tc.HandshakeContext(ctx); err != nil {
		conn.Close()
		return nil, err
	}
	return tc, nil
}

func (m *Mailer) timeout() time.Duration {
	if m.Timeout <= 0 {
		return 30 * time.Second
	}
	return m.Timeout
}

func (m *Mailer) helo() string {
	if m.HELO != "" {
		return m.HELO
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "localhost"
}
