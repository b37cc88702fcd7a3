package backend

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"
)

// fakeQueue is an in-memory OutboxQueue that records what the sender did.
type fakeQueue struct {
	mu        sync.Mutex
	due       []*OutboxMessage
	results   map[string]AttemptResult
	recordErr error
	recovered int
}

func (q *fakeQueue) RecoverInterruptedMessages(context.Context) (int, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.recovered++
	return 0, nil
}

func (q *fakeQueue) ClaimDueMessage(context.Context) (*OutboxMessage, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.due) == 0 {
		return nil, Errorf(ENOTFOUND, "none")
	}
	m := q.due[0]
	q.due = q.due[1:]
	m.Attempts++
	return m, nil
}

func (q *fakeQueue) NextAttemptIn(context.Context) (time.Duration, error) {
	return 0, Errorf(ENOTFOUND, "none")
}

func (q *fakeQueue) RecordAttempt(_ context.Context, id string, r AttemptResult) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.recordErr != nil {
		return q.recordErr
	}
	q.results[id] = r
	return nil
}

type fakeSettings struct{ acct *EmailAccount }

func (f fakeSettings) GetEmailSettings(context.Context) (*EmailSettings, error) {
	return &f.acct.EmailSettings, nil
}
func (f fakeSettings) SaveEmailSettings(context.Context, EmailSettingsUpdate) (*EmailSettings, error) {
	return nil, errors.New("not here")
}
func (f fakeSettings) EmailAccount(context.Context) (*EmailAccount, error) { return f.acct, nil }

// mailerFunc is a Mailer from a function.
type mailerFunc func(*OutboxMessage) error

func (f mailerFunc) Send(_ context.Context, _ *EmailAccount, m *OutboxMessage) error { return f(m) }

func newTestSender(q *fakeQueue, m Mailer) *MailSender {
	s := NewMailSender(q, fakeSettings{&EmailAccount{EmailSettings: EmailSettings{Host: "smtp.example.com", FromAddress: "o@example.com"}}}, m)
	s.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	s.MaxAttempts = 3
	return s
}

// What becomes of a message after each kind of failure.
func TestMailSenderDecides(t *testing.T) {
	errs := map[string]error{
		"sent":      nil,
		"temporary": &MailError{Failure: MailTemporary, Stage: "RCPT TO", Reply: "451 4.2.0 later"},
		"last try":  &MailError{Failure: MailTemporary, Stage: "RCPT TO", Reply: "451 4.2.0 later"},
		"permanent": &MailError{Failure: MailPermanent, Stage: "RCPT TO", Reply: "550 5.1.1 unknown"},
		"ambiguous": &MailError{Failure: MailAmbiguous, Stage: "end of data", Reply: "no reply"},
		"unknown":   errors.New("a Mailer bug"), // says nothing about delivery: never resent on a guess
	}
	q := &fakeQueue{results: map[string]AttemptResult{}}
	for id := range errs {
		m := &OutboxMessage{ID: id}
		if id == "last try" {
			m.Attempts = 2 // this claim makes it the third, the last allowed
		}
		q.due = append(q.due, m)
	}
	s := newTestSender(q, mailerFunc(func(m *OutboxMessage) error { return errs[m.ID] }))
	s.Backoff = func(n int) time.Duration { return time.Duration(n) * time.Minute }
	n, err := s.SendDue(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("SendDue = %d, %v", n, err)
	}
	want := map[string]AttemptResult{
		"sent":      {Status: OutboxSent},
		"temporary": {Status: OutboxQueued, Error: "RCPT TO: 451 4.2.0 later", RetryAfter: time.Minute},
		"last try":  {Status: OutboxFailed, Error: "Gave up after 3 attempts. Last: RCPT TO: 451 4.2.0 later"},
		"permanent": {Status: OutboxFailed, Error: "RCPT TO: 550 5.1.1 unknown"},
		"ambiguous": {Status: OutboxUncertain, Error: "end of data: no reply"},
		"unknown":   {Status: OutboxUncertain, Error: "a Mailer bug"},
	}
	for id, w := range want {
		if q.results[id] != w {
			t.Errorf("%s: %+v, want %+v", id, q.results[id], w)
		}
	}
}

// With no server configured, nothing is claimed: mail waits as queued.
func TestMailSenderWaitsForSettings(t *testing.T) {
	q := &fakeQueue{results: map[string]AttemptResult{}, due: []*OutboxMessage{{ID: "a"}}}
	s := newTestSender(q, mailerFunc(func(*OutboxMessage) error { t.Fatal("sent"); return nil }))
	s.Settings = fakeSettings{&EmailAccount{}}
	if n, err := s.SendDue(context.Background()); n != 0 || err != nil || len(q.due) != 1 {
		t.Fatalf("SendDue = %d, %v; %d still due", n, err, len(q.due))
	}
}

// A result that cannot be written stops the pass; Run then makes whatever
// was left "sending" uncertain, and keeps going until stopped.
func TestMailSenderRecordFailure(t *testing.T) {
	q := &fakeQueue{results: map[string]AttemptResult{}, due: []*OutboxMessage{{ID: "a"}, {ID: "b"}}, recordErr: errors.New("disk full")}
	sent := 0
	s := newTestSender(q, mailerFunc(func(*OutboxMessage) error { sent++; return nil }))
	if _, err := s.SendDue(context.Background()); err == nil || sent != 1 {
		t.Fatalf("err %v after %d sends, want an error after 1", err, sent)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		q.mu.Lock()
		n := q.recovered
		q.mu.Unlock()
		if n >= 2 { // once at start, once after the failed pass
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("Run did not recover after the failed pass")
		}
		time.Sleep(time.Millisecond)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// When the server is down, one message finds out and the rest wait: the
// worker backs off instead of meeting the same timeout once per message.
func TestMailSenderBacksOffWhenServerDown(t *testing.T) {
	q := &fakeQueue{results: map[string]AttemptResult{}, due: []*OutboxMessage{{ID: "a"}, {ID: "b"}, {ID: "c"}}}
	var mu sync.Mutex
	calls := 0
	s := newTestSender(q, mailerFunc(func(*OutboxMessage) error {
		mu.Lock()
		defer mu.Unlock()
		calls++
		return &MailError{Failure: MailTemporary, Stage: "connect", Reply: "connection refused", Connection: true}
	}))
	s.Backoff = func(int) time.Duration { return time.Hour }
	s.PollInterval = time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Run(ctx) }()
	count := func() int { mu.Lock(); defer mu.Unlock(); return calls }
	waitUntil := func(n int) {
		deadline := time.Now().Add(5 * time.Second)
		for count() < n {
			if time.Now().After(deadline) {
				t.Fatalf("%d sends, want %d", count(), n)
			}
			time.Sleep(time.Millisecond)
		}
	}
	waitUntil(1)
	time.Sleep(50 * time.Millisecond)
	if n := count(); n != 1 {
		t.Fatalf("%d sends while the server was down, want 1", n)
	}
	s.Wake() // e.g. the settings were saved
	waitUntil(2)
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if r := q.results["a"]; r.Status != OutboxQueued || r.Error != "connect: connection refused" {
		t.Fatalf("a: %+v", r)
	}
}
