package smtp

import (
	"bytes"
	"crypto/tls"
	"io"
	"net"
	"net/mail"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	gosmtp "github.com/emersion/go-smtp"

	"siteward/backend"
)

// testServer is a real SMTP server (go-smtp) on a loopback port, with the
// failures a mail server can show, set per connection or per recipient.
type testServer struct {
	Host string
	Port int

	srv      *gosmtp.Server
	front    net.Listener  // the port the client dials
	inner    *chanListener // what go-smtp serves
	tlsConf  *tls.Config   // implicit TLS when set on front
	implicit bool
	mode     atomic.Value // connMode
	release  chan struct{}

	mu       sync.Mutex
	kept     []received // messages the server accepted (or may have: see faults)
	faults   map[string][]fault
	users    map[string]string // user name → password or token
	mechs    []string
	hung     []net.Conn
	sessions int
}

type received struct {
	MessageID string
	From      string
	To        []string
	Raw       []byte
	TLS       bool
	Auth      string // "MECH user", empty without AUTH
}

// connMode is what the server does with a new connection.
type connMode string

const (
	modeSMTP     connMode = "smtp"      // a working server
	modeGreet421 connMode = "greet-421" // "421 too busy" instead of a greeting
	modeHang     connMode = "hang"      // accepts and never says anything
)

// fault is what happens to one attempt at one recipient.
type fault string

const (
	faultNone     fault = "none"
	faultRcpt451  fault = "rcpt-451"  // RCPT TO: 451 4.2.0 (greylisting)
	faultRcpt550  fault = "rcpt-550"  // RCPT TO: 550 5.1.1 no such user
	faultData451  fault = "data-451"  // end of data: 451 4.3.0
	faultData554  fault = "data-554"  // end of data: 554 5.7.1 rejected
	faultDropKept fault = "drop-kept" // keeps the message, drops the connection without a reply
	faultDropLost fault = "drop-lost" // drops after the data, keeping nothing
	faultHangKept fault = "hang-kept" // keeps the message and never replies
)

type serverOptions struct {
	startTLS *tls.Certificate // offer STARTTLS with this certificate
	implicit *tls.Certificate // TLS from the first byte with this certificate
	mechs    []string         // AUTH mechanisms offered
}

func newTestServer(t testing.TB, opts serverOptions) *testServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &testServer{
		Host: "127.0.0.1", Port: ln.Addr().(*net.TCPAddr).Port, front: ln,
		inner:  &chanListener{ch: make(chan net.Conn), done: make(chan struct{}), addr: ln.Addr()},
		faults: map[string][]fault{}, users: map[string]string{}, mechs: opts.mechs, release: make(chan struct{}),
	}
	s.mode.Store(modeSMTP)
	s.srv = gosmtp.NewServer(gosmtp.BackendFunc(s.newSession))
	s.srv.Domain = "mx.test"
	s.srv.AllowInsecureAuth = true // loopback tests in plain text; the client guards itself
	s.srv.ErrorLog = quietLog{}
	if opts.startTLS != nil {
		s.srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{*opts.startTLS}}
	}
	if opts.implicit != nil {
		s.tlsConf = &tls.Config{Certificates: []tls.Certificate{*opts.implicit}}
	}
	go s.srv.Serve(s.inner)
	go s.accept()
	t.Cleanup(s.close)
	return s
}

func (s *testServer) accept() {
	for {
		conn, err := s.front.Accept()
		if err != nil {
			return
		}
		switch s.mode.Load().(connMode) {
		case modeGreet421:
			conn.Write([]byte("421 4.3.2 mx.test too busy, try again later\r\n"))
			conn.Close()
		case modeHang:
			s.mu.Lock()
			s.hung = append(s.hung, conn)
			s.mu.Unlock()
		default:
			if s.tlsConf != nil {
				conn = tls.Server(conn, s.tlsConf)
			}
			select {
			case s.inner.ch <- conn:
			case <-s.inner.done:
				conn.Close()
				return
			}
		}
	}
}

func (s *testServer) close() {
	close(s.release)
	s.front.Close()
	s.srv.Close()
	s.mu.Lock()
	for _, c := range s.hung {
		c.Close()
	}
	s.mu.Unlock()
}

func (s *testServer) setMode(m connMode) { s.mode.Store(m) }

// addUser lets user sign in with secret (a password or an access token).
func (s *testServer) addUser(user, secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[user] = secret
}

// failNext makes the next attempts at rcpt meet faults, one per attempt.
func (s *testServer) failNext(rcpt string, faults ...fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[rcpt] = append(s.faults[rcpt], faults...)
}

// deliveries counts the messages the server accepted, by Message-ID.
func (s *testServer) deliveries() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := map[string]int{}
	for _, r := range s.kept {
		n[r.MessageID]++
	}
	return n
}

func (s *testServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.kept...)
}

// account is an EmailAccount for this server.
func (s *testServer) account(sec backend.EmailSecurity, auth backend.EmailAuth, user, secret string) *backend.EmailAccount {
	return &backend.EmailAccount{EmailSettings: backend.EmailSettings{
		Host: s.Host, Port: s.Port, Security: sec, Auth: auth, Username: user, PasswordSet: secret != "",
		FromName: "Fire Safe Office", FromAddress: "office@firesafe.example.com",
	}, Password: secret}
}

func (s *testServer) newSession(c *gosmtp.Conn) (gosmtp.Session, error) {
	s.mu.Lock()
	s.sessions++
	s.mu.Unlock()
	return &session{s: s, c: c}, nil
}

type session struct {
	s     *testServer
	c     *gosmtp.Conn
	from  string
	to    []string
	fault fault
	auth  string
}

func (se *session) Mail(from string, _ *gosmtp.MailOptions) error { se.from = from; return nil }

func (se *session) Rcpt(to string, _ *gosmtp.RcptOptions) error {
	se.s.mu.Lock()
	f := faultNone
	if q := se.s.faults[to]; len(q) > 0 {
		f, se.s.faults[to] = q[0], q[1:]
	}
	se.s.mu.Unlock()
	switch f {
	case faultRcpt451:
		return &gosmtp.SMTPError{Code: 451, EnhancedCode: gosmtp.EnhancedCode{4, 2, 0}, Message: "Greylisted, please try again later"}
	case faultRcpt550:
		return &gosmtp.SMTPError{Code: 550, EnhancedCode: gosmtp.EnhancedCode{5, 1, 1}, Message: "<" + to + ">: Recipient address rejected: User unknown"}
	}
	se.fault = f
	se.to = append(se.to, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	keep := func() {
		_, isTLS := se.c.TLSConnectionState()
		rec := received{From: se.from, To: se.to, Raw: raw, TLS: isTLS, Auth: se.auth}
		if m, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
			rec.MessageID = strings.Trim(m.Header.Get("Message-Id"), "<>")
		}
		se.s.mu.Lock()
		se.s.kept = append(se.s.kept, rec)
		se.s.mu.Unlock()
	}
	switch se.fault {
	case faultData451:
		return &gosmtp.SMTPError{Code: 451, EnhancedCode: gosmtp.EnhancedCode{4, 3, 0}, Message: "Temporary local problem, please try again"}
	case faultData554:
		return &gosmtp.SMTPError{Code: 554, EnhancedCode: gosmtp.EnhancedCode{5, 7, 1}, Message: "Message rejected by policy"}
	case faultDropLost:
		se.c.Conn().Close()
	case faultDropKept:
		keep()
		se.c.Conn().Close()
	case faultHangKept:
		keep()
		<-se.s.release
	default:
		keep()
	}
	return nil
}

func (se *session) Reset()        { se.from, se.to, se.fault = "", nil, faultNone }
func (se *session) Logout() error { return nil }

// chanListener hands go-smtp the connections the front listener lets through.
type chanListener struct {
	ch   chan net.Conn
	done chan struct{}
	once sync.Once
	addr net.Addr
}

func (l *chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ch:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

func (l *chanListener) Close() error   { l.once.Do(func() { close(l.done) }); return nil }
func (l *chanListener) Addr() net.Addr { return l.addr }

type quietLog struct{}

func (quietLog) Printf(string, ...any) {}
func (quietLog) Println(...any)        {}
