package smtp

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"siteward/backend"
	"siteward/backend/sqlite"
)

// testNow pins the database clock; see sqlite's tests for why this instant.
var testNow = time.Date(2026, 3, 10, 14, 30, 0, 0, time.UTC)

// testTimeout bounds each SMTP step in tests: generous, so a busy CI
// machine never turns a working step into a timeout. hangTimeout is for
// the steps meant to hang, so they end in a moment.
const (
	testTimeout = 5 * time.Second
	hangTimeout = 300 * time.Millisecond
)

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// MustOpenDB opens a fresh database in a temp folder on a pinned clock.
func MustOpenDB(tb testing.TB) (*sqlite.DB, *testClock) {
	tb.Helper()
	clock := &testClock{t: testNow}
	db := sqlite.NewDB(filepath.Join(tb.TempDir(), "siteward.db"))
	db.Now = clock.Now
	if err := db.Open(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db, clock
}

// MustSelfSigned makes a certificate for 127.0.0.1 and localhost that can
// also serve as its own authority.
func MustSelfSigned(tb testing.TB) (tls.Certificate, *x509.Certificate) {
	tb.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "mx.test"},
		NotBefore:    time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.ParseIP("127.0.0.1")},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true, IsCA: true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, leaf
}

func testMailer() *Mailer {
	return &Mailer{Timeout: testTimeout, HELO: "siteward.test", Now: func() time.Time { return testNow }}
}

// testMessage is a message as the outbox would hold it.
func testMessage(to string) *backend.OutboxMessage {
	return &backend.OutboxMessage{ID: backend.NewID(), MessageID: backend.NewMessageID("office@firesafe.example.com"),
		Kind: "test", To: to, ToName: "Pat Manager", Subject: "Annual inspection booked", TextBody: "See you on Tuesday.\n"}
}

// mustSend sends one message and fails the test on error.
func mustSend(tb testing.TB, m *Mailer, acct *backend.EmailAccount, msg *backend.OutboxMessage) {
	tb.Helper()
	if err := m.Send(context.Background(), acct, msg); err != nil {
		tb.Fatalf("send: %v", err)
	}
}

// failure returns the *MailError of err, failing the test if there is none.
func failure(tb testing.TB, err error) *backend.MailError {
	tb.Helper()
	me, ok := err.(*backend.MailError)
	if !ok {
		tb.Fatalf("error %v (%T) is not a *MailError", err, err)
	}
	return me
}
