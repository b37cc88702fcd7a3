package backend

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"
)

// MailSender is the outbox worker: it hands due messages to the Mailer one
// at a time and records what happened. The rule it keeps is that a message
// is never delivered twice: each one is marked "sending" in its own
// transaction before the server is contacted, and a failure after the
// message was handed over leaves it "uncertain" for the office to decide.
type MailSender struct {
	Outbox   OutboxQueue
	Settings EmailSettingsService
	Mailer   Mailer
	Logger   *slog.Logger
	// Files holds the messages' attachments; nil fails any message that has one.
	Files FileStore

	// Backoff is the wait before attempt n+1 after n failed attempts.
	Backoff func(attempts int) time.Duration
	// MaxAttempts is how often a temporary failure is retried before the
	// message is marked failed.
	MaxAttempts int
	// PollInterval is the longest the worker sleeps without a wake-up.
	PollInterval time.Duration

	wake chan struct{}
	mu   sync.Mutex // one pass at a time: a message is claimed by one pass only
}

// NewMailSender returns a sender with the default backoff (30 s doubling to
// at most 1 h), 30 attempts (about a day of trying) and a 30 s poll.
func NewMailSender(outbox OutboxQueue, settings EmailSettingsService, mailer Mailer) *MailSender {
	return &MailSender{
		Outbox: outbox, Settings: settings, Mailer: mailer, Logger: slog.Default(),
		Backoff: ExponentialBackoff(30*time.Second, time.Hour), MaxAttempts: 30, PollInterval: 30 * time.Second,
		wake: make(chan struct{}, 1),
	}
}

// ExponentialBackoff waits base after the first failure, doubling after each
// further one, never more than max.
func ExponentialBackoff(base, max time.Duration) func(int) time.Duration {
	return func(attempts int) time.Duration {
		d := base
		for i := 1; i < attempts && d < max; i++ {
			d *= 2
		}
		return min(d, max)
	}
}

// Wake makes a sleeping Run look at the outbox now. It never blocks; wakes
// that arrive while a pass runs collapse into one more pass.
func (s *MailSender) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// Run works the outbox until ctx ends, then returns nil. It first marks
// messages that a crash left "sending" as uncertain. A send in progress when
// ctx ends is cut off and recorded like any other failure at that step.
func (s *MailSender) Run(ctx context.Context) error {
	if n, err := s.Outbox.RecoverInterruptedMessages(ctx); err != nil {
		return fmt.Errorf("outbox: recover interrupted messages: %w", err)
	} else if n > 0 {
		s.Logger.Warn("outbox: messages interrupted while sending are now uncertain; the office decides whether to send them again", "count", n)
	}
	downs := 0 // passes in a row that ended on an unreachable server or a refused sign-in
	for {
		p, err := s.pass(ctx)
		if ctx.Err() != nil {
			return nil
		}
		wait := s.PollInterval
		switch {
		case err != nil:
			s.Logger.Error("outbox: sending failed", "err", err)
			// A message whose result could not be written is still "sending";
			// it was handed over or not, nobody knows: make it uncertain.
			if _, rerr := s.Outbox.RecoverInterruptedMessages(ctx); rerr != nil && ctx.Err() == nil {
				s.Logger.Error("outbox: recover interrupted messages", "err", rerr)
			}
		case p.serverDown:
			// The other due messages would meet the same failure: back off as
			// a retried message would. Saving the settings wakes us sooner.
			downs++
			wait = s.Backoff(downs)
		case p.configured:
			downs = 0
			if d, err := s.Outbox.NextAttemptIn(ctx); err == nil && d < wait {
				wait = max(d, 10*time.Millisecond)
			}
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-s.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// SendDue sends every message that is due now and returns how many were
// sent. With no mail server configured it does nothing: mail waits. It stops
// early when the server cannot be reached or refuses the account, leaving
// the other messages queued and their attempts uncounted.
func (s *MailSender) SendDue(ctx context.Context) (int, error) {
	p, err := s.pass(ctx)
	return p.sent, err
}

type passResult struct {
	sent       int
	configured bool
	serverDown bool // the pass ended on a connection-level failure
}

func (s *MailSender) pass(ctx context.Context) (p passResult, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	acct, err := s.Settings.EmailAccount(ctx)
	if err != nil || !acct.Configured() {
		return p, err
	}
	p.configured = true
	for ctx.Err() == nil {
		msg, err := s.Outbox.ClaimDueMessage(ctx)
		if ErrorCode(err) == ENOTFOUND {
			return p, nil
		} else if err != nil {
			return p, err
		}
		res, sendErr := s.attempt(ctx, acct, msg)
		// The result is written even when ctx has ended: the server has been
		// talked to, and what it said must not be lost.
		if err := s.Outbox.RecordAttempt(context.WithoutCancel(ctx), msg.ID, res); err != nil {
			return p, fmt.Errorf("outbox: record attempt on %s: %w", msg.ID, err)
		}
		if res.Status == OutboxSent {
			p.sent++
		}
		var me *MailError
		if errors.As(sendErr, &me) && me.Connection {
			p.serverDown = true
			return p, nil
		}
	}
	return p, nil
}

// attempt sends msg once and decides what becomes of it.
func (s *MailSender) attempt(ctx context.Context, acct *EmailAccount, msg *OutboxMessage) (AttemptResult, error) {
	if err := s.readAttachments(msg); err != nil {
		// Nothing was sent; the file will not come back by waiting.
		return AttemptResult{Status: OutboxFailed, Error: err.Error()}, err
	}
	err := s.Mailer.Send(ctx, acct, msg)
	if err == nil {
		return AttemptResult{Status: OutboxSent}, nil
	}
	text := err.Error()
	switch MailFailureOf(err) {
	case MailPermanent:
		return AttemptResult{Status: OutboxFailed, Error: text}, err
	case MailTemporary:
		if msg.Attempts >= s.MaxAttempts {
			return AttemptResult{Status: OutboxFailed, Error: fmt.Sprintf("Gave up after %d attempts. Last: %s", msg.Attempts, text)}, err
		}
		return AttemptResult{Status: OutboxQueued, Error: text, RetryAfter: s.Backoff(msg.Attempts)}, err
	default:
		return AttemptResult{Status: OutboxUncertain, Error: text}, err
	}
}

// readAttachments fills each attachment's content from the file store.
func (s *MailSender) readAttachments(msg *OutboxMessage) error {
	for i := range msg.Attachments {
		a := &msg.Attachments[i]
		if s.Files == nil {
			return fmt.Errorf("attachment %s: no file store", a.Filename)
		}
		b, err := s.Files.ReadFile(a.SHA256)
		if err != nil {
			return fmt.Errorf("attachment %s is missing from the data folder: %w", a.Filename, err)
		}
		a.Content = b
	}
	return nil
}
