package smtp

import (
	"context"
	"log/slog"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"siteward/backend"
	"siteward/backend/sqlite"
)

// portOverride points the account at another port while set: how the test
// makes the server's address refuse connections.
type portOverride struct {
	backend.EmailSettingsService
	port atomic.Int64
}

func (p *portOverride) EmailAccount(ctx context.Context) (*backend.EmailAccount, error) {
	a, err := p.EmailSettingsService.EmailAccount(ctx)
	if err == nil && p.port.Load() != 0 {
		a.Port = int(p.port.Load())
	}
	return a, err
}

// hangFor gives the messages to some recipients the short hangTimeout, so
// a step meant to hang ends in a moment while every other step keeps the
// generous one.
type hangFor struct {
	*Mailer
	mu    sync.Mutex
	short map[string]bool
}

func (h *hangFor) set(rcpt string, short bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.short[rcpt] = short
}

func (h *hangFor) Send(ctx context.Context, acct *backend.EmailAccount, msg *backend.OutboxMessage) error {
	h.mu.Lock()
	m := *h.Mailer
	if h.short[msg.To] {
		m.Timeout = hangTimeout
	}
	h.mu.Unlock()
	return m.Send(ctx, acct, msg)
}

// outboxRig is the worker, the store and a real server, wired as in serve.
type outboxRig struct {
	t        *testing.T
	db       *sqlite.DB
	clock    *testClock
	outbox   *sqlite.OutboxService
	settings *sqlite.EmailSettingsService
	override *portOverride
	mailer   *hangFor
	sender   *backend.MailSender
	srv      *testServer
}

func newOutboxRig(t *testing.T, opts serverOptions) *outboxRig {
	db, clock := MustOpenDB(t)
	r := &outboxRig{t: t, db: db, clock: clock, outbox: sqlite.NewOutboxService(db),
		settings: sqlite.NewEmailSettingsService(db, ""), srv: newTestServer(t, opts)}
	r.override = &portOverride{EmailSettingsService: r.settings}
	r.mailer = &hangFor{Mailer: testMailer(), short: map[string]bool{}}
	r.sender = backend.NewMailSender(r.outbox, r.override, r.mailer)
	r.sender.Backoff = func(int) time.Duration { return time.Minute }
	r.sender.Logger = slog.New(slog.DiscardHandler)
	r.outbox.SetWake(r.sender.Wake)
	return r
}

func (r *outboxRig) configure() {
	r.t.Helper()
	if _, err := r.settings.SaveEmailSettings(context.Background(), backend.EmailSettingsUpdate{EmailSettings: backend.EmailSettings{
		Host: r.srv.Host, Port: r.srv.Port, Security: backend.SecurityNone, Auth: backend.AuthNone,
		FromName: "Fire Safe Office", FromAddress: "office@firesafe.example.com"}}); err != nil {
		r.t.Fatal(err)
	}
}

func (r *outboxRig) enqueue(to string) *backend.OutboxMessage {
	r.t.Helper()
	m := &backend.OutboxMessage{Kind: "reminder", To: to, Subject: "Inspection due", TextBody: "Hello"}
	if err := r.outbox.EnqueueMessage(context.Background(), m); err != nil {
		r.t.Fatal(err)
	}
	return m
}

// pass runs one pass of the worker and returns how many were sent.
func (r *outboxRig) pass() int {
	r.t.Helper()
	n, err := r.sender.SendDue(context.Background())
	if err != nil {
		r.t.Fatalf("SendDue: %v", err)
	}
	return n
}

// expect checks a message's status and that its last error holds want.
func (r *outboxRig) expect(m *backend.OutboxMessage, status backend.OutboxStatus, want string) *backend.OutboxMessage {
	r.t.Helper()
	got, err := r.outbox.FindMessageByID(context.Background(), m.ID)
	if err != nil {
		r.t.Fatal(err)
	}
	if got.Status != status || !strings.Contains(got.LastError, want) {
		r.t.Fatalf("%s: status %s, last error %q; want %s with %q", m.To, got.Status, got.LastError, status, want)
	}
	return got
}

// The outage matrix: each way a server fails, then recovery. At the end no
// message is lost (each was delivered, or is visibly failed) and none is
// duplicated (the server counts deliveries by Message-ID).
func TestOutageMatrixThenRecovery(t *testing.T) {
	r := newOutboxRig(t, serverOptions{})
	ctx := context.Background()
	a, b := r.enqueue("a@example.com"), r.enqueue("b@example.com")

	// No server configured: mail waits.
	if n := r.pass(); n != 0 {
		t.Fatalf("sent %d with no server configured", n)
	}
	r.expect(a, backend.OutboxQueued, "")
	r.configure()

	// Refused: nothing listens on the port. One message meets it and the pass
	// ends: the others would meet it too, so they wait, attempts uncounted.
	dead, _ := net.Listen("tcp", "127.0.0.1:0")
	r.override.port.Store(int64(dead.Addr().(*net.TCPAddr).Port))
	dead.Close()
	r.pass()
	if got := r.expect(a, backend.OutboxQueued, "connect: dial tcp"); got.Attempts != 1 || !got.NextAttemptAt.Equal(r.clock.Now().Add(time.Minute)) ||
		!strings.Contains(got.LastError, "connection refused") {
		t.Fatalf("after refusal: attempts %d, next %v, error %q", got.Attempts, got.NextAttemptAt, got.LastError)
	}
	if got := r.expect(b, backend.OutboxQueued, ""); got.Attempts != 0 || got.LastError != "" {
		t.Fatalf("b was tried after the server refused a: %+v", got)
	}
	r.override.port.Store(0)

	// 421 instead of a greeting: b, due first now, meets it.
	r.clock.Add(time.Minute)
	r.srv.setMode(modeGreet421)
	r.pass()
	r.expect(b, backend.OutboxQueued, "greeting: 421 4.3.2 mx.test too busy, try again later")
	r.expect(a, backend.OutboxQueued, "connection refused")

	// A server that accepts and never speaks: the step timeout ends it, once.
	r.clock.Add(time.Minute)
	r.srv.setMode(modeHang)
	r.mailer.set("a@example.com", true)
	start := time.Now()
	r.pass()
	if d := time.Since(start); d > 10*hangTimeout {
		t.Fatalf("hung server held the worker %v", d)
	}
	r.mailer.set("a@example.com", false)
	r.expect(a, backend.OutboxQueued, "greeting: read tcp")
	r.expect(a, backend.OutboxQueued, "i/o timeout")
	if got := r.expect(b, backend.OutboxQueued, "421"); got.Attempts != 1 {
		t.Fatalf("b tried %d times, want 1", got.Attempts)
	}
	r.srv.setMode(modeSMTP)

	// Reply-level failures, one per message, and the ambiguous ones.
	c, d, e, f, g := r.enqueue("c@example.com"), r.enqueue("d@example.com"), r.enqueue("e@example.com"), r.enqueue("f@example.com"), r.enqueue("g@example.com")
	r.srv.failNext("a@example.com", faultRcpt451)
	r.srv.failNext("b@example.com", faultRcpt550)
	r.srv.failNext("c@example.com", faultData451)
	r.srv.failNext("d@example.com", faultDropKept) // the server got it; we cannot know
	r.srv.failNext("e@example.com", faultDropLost) // the server lost it; we cannot know
	r.srv.failNext("f@example.com", faultHangKept) // the server got it and never said so
	r.mailer.set("f@example.com", true)
	r.srv.failNext("g@example.com", faultData554)
	r.clock.Add(time.Minute)
	if n := r.pass(); n != 0 {
		t.Fatalf("sent %d, want 0", n)
	}
	r.expect(a, backend.OutboxQueued, "RCPT TO: 451 4.2.0 Greylisted, please try again later")
	r.expect(b, backend.OutboxFailed, "RCPT TO: 550 5.1.1 <b@example.com>: Recipient address rejected: User unknown")
	r.expect(c, backend.OutboxQueued, "end of data: 451 4.3.0 Temporary local problem")
	r.expect(d, backend.OutboxUncertain, "end of data: ")
	r.expect(e, backend.OutboxUncertain, "end of data: ")
	r.expect(f, backend.OutboxUncertain, "i/o timeout")
	r.expect(g, backend.OutboxFailed, "end of data: 554 5.7.1 Message rejected by policy")

	// Recovery: the server works again; what was queued goes, what is
	// uncertain or failed stays as it is however often the worker runs.
	for i := 0; i < 3; i++ {
		r.clock.Add(time.Hour)
		r.pass()
	}
	for _, m := range []*backend.OutboxMessage{a, c} {
		r.expect(m, backend.OutboxSent, "")
	}
	r.expect(d, backend.OutboxUncertain, "")
	r.expect(b, backend.OutboxFailed, "550 5.1.1")

	// The office decides. d and f arrived (the recipients say so): cancel.
	// e did not: send it again. b's mailbox now exists: try again. g stays
	// failed, visibly, with the server's reply.
	for _, m := range []*backend.OutboxMessage{d, f} {
		if _, err := r.outbox.CancelMessage(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []*backend.OutboxMessage{e, b} {
		if _, err := r.outbox.RetryMessage(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	if n := r.pass(); n != 2 {
		t.Fatalf("sent %d after the office's decisions, want 2", n)
	}
	r.expect(e, backend.OutboxSent, "")
	r.expect(b, backend.OutboxSent, "")
	r.expect(g, backend.OutboxFailed, "554 5.7.1")

	// The tally: every message but g arrived exactly once.
	got := r.srv.deliveries()
	for _, m := range []*backend.OutboxMessage{a, b, c, d, e, f} {
		stored, _ := r.outbox.FindMessageByID(ctx, m.ID)
		if got[stored.MessageID] != 1 {
			t.Errorf("%s delivered %d times, want 1", m.To, got[stored.MessageID])
		}
	}
	stored, _ := r.outbox.FindMessageByID(ctx, g.ID)
	if got[stored.MessageID] != 0 || len(got) != 6 {
		t.Errorf("deliveries %v", got)
	}
	total := 0
	for _, n := range got {
		total += n
	}
	if total != 6 {
		t.Errorf("%d deliveries in all, want 6", total)
	}
}

// A temporary failure is retried with a growing wait, and given up on
// (visibly) after MaxAttempts.
func TestBackoffThenGiveUp(t *testing.T) {
	r := newOutboxRig(t, serverOptions{})
	r.configure()
	r.sender.Backoff = backend.ExponentialBackoff(time.Minute, 4*time.Minute)
	r.sender.MaxAttempts = 4
	m := r.enqueue("a@example.com")
	r.srv.failNext("a@example.com", faultRcpt451, faultRcpt451, faultRcpt451, faultRcpt451)
	var waits []time.Duration
	for i := 0; i < 4; i++ {
		r.pass()
		got, _ := r.outbox.FindMessageByID(context.Background(), m.ID)
		if got.Status == backend.OutboxFailed {
			break
		}
		wait := got.NextAttemptAt.Sub(r.clock.Now())
		waits = append(waits, wait)
		r.clock.Add(wait)
	}
	if want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute}; len(waits) != 3 || waits[0] != want[0] || waits[1] != want[1] || waits[2] != want[2] {
		t.Fatalf("waits %v, want %v", waits, want)
	}
	r.expect(m, backend.OutboxFailed, "Gave up after 4 attempts. Last: RCPT TO: 451 4.2.0")
	if len(r.srv.received()) != 0 {
		t.Fatal("delivered")
	}
}
