package smtp

import (
	"context"
	"testing"
	"time"

	"siteward/backend"
)

// waitFor polls cond until it holds, failing the test after a few seconds.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// run starts the worker and returns a function that stops it and checks it
// stopped cleanly and promptly.
func (r *outboxRig) run() (stop func()) {
	r.t.Helper()
	r.sender.PollInterval = time.Hour // only wake-ups move it
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.sender.Run(ctx) }()
	return func() {
		r.t.Helper()
		cancel()
		select {
		case err := <-done:
			if err != nil {
				r.t.Fatalf("Run: %v", err)
			}
		case <-time.After(2 * time.Second):
			r.t.Fatal("Run did not stop")
		}
	}
}

func (r *outboxRig) status(m *backend.OutboxMessage) backend.OutboxStatus {
	got, err := r.outbox.FindMessageByID(context.Background(), m.ID)
	if err != nil {
		r.t.Fatal(err)
	}
	return got.Status
}

// Mail queued before there is a server waits, and goes when the settings are
// saved; a message queued later goes at once. Neither waits for the poll.
func TestRunWakesOnSettingsAndEnqueue(t *testing.T) {
	r := newOutboxRig(t, serverOptions{})
	early := r.enqueue("a@example.com")
	stop := r.run()
	defer stop()
	r.configure()
	waitFor(t, "the early message", func() bool { return r.status(early) == backend.OutboxSent })
	late := r.enqueue("b@example.com")
	waitFor(t, "the late message", func() bool { return r.status(late) == backend.OutboxSent })
	if got := r.srv.deliveries(); len(got) != 2 {
		t.Fatalf("deliveries %v", got)
	}
}

// A message a crash left "sending" becomes uncertain at start and is not
// sent; others are.
func TestRunRecoversInterruptedSends(t *testing.T) {
	r := newOutboxRig(t, serverOptions{})
	r.configure()
	crashed := r.enqueue("a@example.com")
	if _, err := r.outbox.ClaimDueMessage(context.Background()); err != nil { // then the process died
		t.Fatal(err)
	}
	other := r.enqueue("b@example.com")
	stop := r.run()
	defer stop()
	waitFor(t, "the other message", func() bool { return r.status(other) == backend.OutboxSent })
	if s := r.status(crashed); s != backend.OutboxUncertain {
		t.Fatalf("interrupted message is %s", s)
	}
	if got := r.srv.deliveries(); len(got) != 1 {
		t.Fatalf("deliveries %v", got)
	}
}

// Stopping while the server sits on a whole message: Run returns at once,
// and the message is recorded as uncertain, not lost in "sending".
func TestRunStopsMidSend(t *testing.T) {
	r := newOutboxRig(t, serverOptions{})
	r.mailer.Timeout = time.Minute
	r.configure()
	r.srv.failNext("a@example.com", faultHangKept)
	m := r.enqueue("a@example.com")
	stop := r.run()
	waitFor(t, "the server to hold the message", func() bool { return len(r.srv.received()) == 1 })
	start := time.Now()
	stop()
	if d := time.Since(start); d > time.Second {
		t.Fatalf("stopping took %v", d)
	}
	if s := r.status(m); s != backend.OutboxUncertain {
		t.Fatalf("message is %s after stopping mid-send", s)
	}
}
