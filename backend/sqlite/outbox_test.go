package sqlite

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

// MustEnqueue queues a message to addr and returns it.
func MustEnqueue(tb testing.TB, s *OutboxService, addr string) *backend.OutboxMessage {
	tb.Helper()
	m := &backend.OutboxMessage{Kind: "invitation", To: addr, ToName: "Pat Manager", Subject: "Your portal", TextBody: "Hello"}
	if err := s.EnqueueMessage(context.Background(), m); err != nil {
		tb.Fatalf("enqueue to %s: %v", addr, err)
	}
	return m
}

func TestEnqueueMessage(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := NewOutboxService(db)
	woken := 0
	s.SetWake(func() { woken++ })
	client := MustCreateClient(t, db, "Harbour Strata", nil)
	prop := MustCreateProperty(t, db, client, "12 Quay St")

	m := &backend.OutboxMessage{Kind: "invitation", ClientID: &client.ID, PropertyID: &prop.ID, To: " Pat@Example.com ",
		ToName: "Pat\r\nBcc: eve@example.com", Subject: "Welcome\nX-Evil: 1", TextBody: "Hello", HTMLBody: "<p>Hello</p>"}
	if err := s.EnqueueMessage(ctx, m); err != nil {
		t.Fatal(err)
	}
	if woken != 1 {
		t.Errorf("wake called %d times, want 1", woken)
	}
	got, err := s.FindMessageByID(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != backend.OutboxQueued || got.Attempts != 0 || !got.NextAttemptAt.Equal(testNow) || !got.CreatedAt.Equal(testNow) {
		t.Errorf("queued message = %+v", got)
	}
	if got.To != "pat@example.com" || got.ToName != "Pat Bcc: eve@example.com" || got.Subject != "Welcome X-Evil: 1" {
		t.Errorf("header fields not flattened: to=%q name=%q subject=%q", got.To, got.ToName, got.Subject)
	}
	if !backend.ValidMessageID(got.MessageID) || !strings.HasSuffix(got.MessageID, "@siteward.localdomain") {
		t.Errorf("Message-ID %q", got.MessageID)
	}
	if *got.ClientID != client.ID || *got.PropertyID != prop.ID || got.HTMLBody != "<p>Hello</p>" {
		t.Errorf("links or body lost: %+v", got)
	}

	// With a From address configured, Message-IDs are in its domain.
	if _, err := NewEmailSettingsService(db, "").SaveEmailSettings(ctx, backend.EmailSettingsUpdate{EmailSettings: backend.EmailSettings{
		Host: "smtp.example.com", Security: backend.SecurityStartTLS, FromAddress: "office@firesafe.example.com"}}); err != nil {
		t.Fatal(err)
	}
	if m := MustEnqueue(t, s, "a@example.com"); !strings.HasSuffix(m.MessageID, "@firesafe.example.com") {
		t.Errorf("Message-ID %q not in the From domain", m.MessageID)
	}

	assertField(t, s.EnqueueMessage(ctx, &backend.OutboxMessage{Kind: "invitation", To: "not an address", Subject: "x", TextBody: "x"}), backend.EINVALID, "to")
	assertField(t, s.EnqueueMessage(ctx, &backend.OutboxMessage{Kind: "Bad Kind", To: "a@example.com", Subject: "x", TextBody: "x"}), backend.EINVALID, "kind")
	assertCode(t, s.EnqueueMessage(ctx, &backend.OutboxMessage{Kind: "x", ClientID: ptr(backend.NewID()), To: "a@example.com", Subject: "x", TextBody: "x"}), backend.ENOTFOUND)
	assertCode(t, s.EnqueueMessage(ctx, &backend.OutboxMessage{Kind: "x", PropertyID: ptr(backend.NewID()), To: "a@example.com", Subject: "x", TextBody: "x"}), backend.ENOTFOUND)
	dup := &backend.OutboxMessage{Kind: "x", MessageID: m.MessageID, To: "a@example.com", Subject: "x", TextBody: "x"}
	assertCode(t, s.EnqueueMessage(ctx, dup), backend.ECONFLICT)
	assertCode(t, s.EnqueueMessage(ctx, &backend.OutboxMessage{Kind: "x", MessageID: "x>\r\nBcc: y", To: "a@example.com", Subject: "x", TextBody: "x"}), backend.EINVALID)
}

// The mail exists if and only if the action that causes it does.
func TestEnqueueMessageInActionTransaction(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := NewOutboxService(db)
	errAction := errors.New("the action failed after queueing its mail")
	err := db.Update(ctx, func(tx *Tx) error {
		if err := enqueueMessage(ctx, tx, &backend.OutboxMessage{Kind: "invitation", To: "a@example.com", Subject: "x", TextBody: "x"}); err != nil {
			return err
		}
		return errAction
	})
	if !errors.Is(err, errAction) {
		t.Fatal(err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM outbox_messages`); n != 0 {
		t.Fatalf("%d messages survived a rolled-back action", n)
	}
	MustEnqueue(t, s, "b@example.com")
	if n := MustCount(t, db, `SELECT COUNT(*) FROM outbox_messages`); n != 1 {
		t.Fatalf("%d messages, want 1", n)
	}
}

func TestFindMessages(t *testing.T) {
	ctx := context.Background()
	clock := NewTestClock()
	db := MustOpenDBAt(t, t.TempDir()+"/siteward.db", clock)
	s := NewOutboxService(db)
	client := MustCreateClient(t, db, "Harbour Strata", nil)
	var all []*backend.OutboxMessage
	for i, addr := range []string{"c@example.com", "a@example.com", "b@example.com"} {
		m := &backend.OutboxMessage{Kind: "reminder", To: addr, Subject: "s", TextBody: "t"}
		if i == 0 {
			m.ClientID, m.Kind = &client.ID, "invitation"
		}
		if err := s.EnqueueMessage(ctx, m); err != nil {
			t.Fatal(err)
		}
		all = append(all, m)
		clock.Add(time.Minute)
	}
	if _, err := s.CancelMessage(ctx, all[2].ID); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		f     backend.OutboxFilter
		want  []string
		wantN int
	}{
		{"newest first by default", backend.OutboxFilter{}, []string{"b@example.com", "a@example.com", "c@example.com"}, 3},
		{"by recipient", backend.OutboxFilter{Page: backend.Page{Sort: "to"}}, []string{"a@example.com", "b@example.com", "c@example.com"}, 3},
		{"status", backend.OutboxFilter{Status: ptr(backend.OutboxQueued), Page: backend.Page{Sort: "createdAt"}}, []string{"c@example.com", "a@example.com"}, 2},
		{"client", backend.OutboxFilter{ClientID: &client.ID}, []string{"c@example.com"}, 1},
		{"kind", backend.OutboxFilter{Kind: ptr("reminder")}, []string{"b@example.com", "a@example.com"}, 2},
		{"paging keeps the total", backend.OutboxFilter{Page: backend.Page{Limit: 1, Offset: 1}}, []string{"a@example.com"}, 3},
	} {
		ms, n, err := s.FindMessages(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, m := range ms {
			got = append(got, m.To)
		}
		if strings.Join(got, ",") != strings.Join(tc.want, ",") || n != tc.wantN {
			t.Errorf("%s: got %v (total %d), want %v (total %d)", tc.name, got, n, tc.want, tc.wantN)
		}
	}
	_, err := s.FindMessageByID(ctx, backend.NewID())
	assertCode(t, err, backend.ENOTFOUND)
}

// The life of a message through the sender's and the office's hands.
func TestOutboxStateChanges(t *testing.T) {
	ctx := context.Background()
	clock := NewTestClock()
	db := MustOpenDBAt(t, t.TempDir()+"/siteward.db", clock)
	s := NewOutboxService(db)

	_, err := s.ClaimDueMessage(ctx)
	assertCode(t, err, backend.ENOTFOUND)
	_, err = s.NextAttemptIn(ctx)
	assertCode(t, err, backend.ENOTFOUND)

	m := MustEnqueue(t, s, "a@example.com")
	claimed, err := s.ClaimDueMessage(ctx)
	if err != nil || claimed.ID != m.ID || claimed.Status != backend.OutboxSending || claimed.Attempts != 1 {
		t.Fatalf("claim = %+v, %v", claimed, err)
	}
	_, err = s.ClaimDueMessage(ctx)
	assertCode(t, err, backend.ENOTFOUND) // a sending message is not claimed twice
	_, err = s.RetryMessage(ctx, m.ID)
	assertCode(t, err, backend.ECONFLICT)
	_, err = s.CancelMessage(ctx, m.ID)
	assertCode(t, err, backend.ECONFLICT)

	// A temporary failure: queued again, due after the backoff.
	if err := s.RecordAttempt(ctx, m.ID, backend.AttemptResult{Status: backend.OutboxQueued, Error: "451 4.3.0 try later", RetryAfter: 2 * time.Minute}); err != nil {
		t.Fatal(err)
	}
	assertCode(t, s.RecordAttempt(ctx, m.ID, backend.AttemptResult{Status: backend.OutboxSent}), backend.ECONFLICT)
	if d, err := s.NextAttemptIn(ctx); err != nil || d != 2*time.Minute {
		t.Fatalf("next attempt in %v, %v", d, err)
	}
	_, err = s.ClaimDueMessage(ctx)
	assertCode(t, err, backend.ENOTFOUND)
	clock.Add(2 * time.Minute)
	if claimed, err = s.ClaimDueMessage(ctx); err != nil || claimed.Attempts != 2 || claimed.LastError != "451 4.3.0 try later" {
		t.Fatalf("second claim = %+v, %v", claimed, err)
	}

	// A crash while sending: it becomes uncertain, and stays so.
	if n, err := s.RecoverInterruptedMessages(ctx); err != nil || n != 1 {
		t.Fatalf("recovered %d, %v", n, err)
	}
	got, _ := s.FindMessageByID(ctx, m.ID)
	if got.Status != backend.OutboxUncertain || !strings.Contains(got.LastError, "may have been delivered") || !strings.Contains(got.LastError, "451 4.3.0") {
		t.Fatalf("after recovery: %s %q", got.Status, got.LastError)
	}
	_, err = s.ClaimDueMessage(ctx)
	assertCode(t, err, backend.ENOTFOUND)

	// The office decides it did not arrive: queued again, attempts restart.
	woken := 0
	s.SetWake(func() { woken++ })
	if got, err = s.RetryMessage(ctx, m.ID); err != nil || got.Status != backend.OutboxQueued || got.Attempts != 0 || woken != 1 {
		t.Fatalf("retry = %+v, %v (woken %d)", got, err, woken)
	}
	claimed, _ = s.ClaimDueMessage(ctx)
	if err := s.RecordAttempt(ctx, claimed.ID, backend.AttemptResult{Status: backend.OutboxSent}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.FindMessageByID(ctx, m.ID)
	if got.Status != backend.OutboxSent || got.SentAt == nil || !got.SentAt.Equal(clock.Now()) || got.LastError != "" {
		t.Fatalf("sent = %+v", got)
	}
	_, err = s.RetryMessage(ctx, m.ID)
	assertCode(t, err, backend.ECONFLICT)
	_, err = s.CancelMessage(ctx, m.ID)
	assertCode(t, err, backend.ECONFLICT)

	// A permanent failure stays visible with the server's reply; the office
	// may cancel it or try again.
	f := MustEnqueue(t, s, "b@example.com")
	s.ClaimDueMessage(ctx)
	if err := s.RecordAttempt(ctx, f.ID, backend.AttemptResult{Status: backend.OutboxFailed, Error: "550 5.1.1 no such user"}); err != nil {
		t.Fatal(err)
	}
	got, _ = s.FindMessageByID(ctx, f.ID)
	if got.Status != backend.OutboxFailed || got.LastError != "550 5.1.1 no such user" {
		t.Fatalf("failed = %+v", got)
	}
	if got, err = s.CancelMessage(ctx, f.ID); err != nil || got.Status != backend.OutboxCancelled {
		t.Fatalf("cancel = %+v, %v", got, err)
	}
	if got, err = s.RetryMessage(ctx, f.ID); err != nil || got.Status != backend.OutboxQueued {
		t.Fatalf("retry cancelled = %+v, %v", got, err)
	}
	_, err = s.RetryMessage(ctx, backend.NewID())
	assertCode(t, err, backend.ENOTFOUND)
	assertCode(t, s.RecordAttempt(ctx, backend.NewID(), backend.AttemptResult{Status: backend.OutboxSent}), backend.ENOTFOUND)
}

func TestCountMessages(t *testing.T) {
	db := MustOpenDB(t)
	s := NewOutboxService(db)
	ctx := context.Background()
	got, err := s.CountMessages(ctx)
	if err != nil || len(got) != len(backend.OutboxStatuses) || got[backend.OutboxFailed] != 0 {
		t.Fatalf("empty counts = %v, %v", got, err)
	}
	a, b := MustEnqueue(t, s, "a@example.com"), MustEnqueue(t, s, "b@example.com")
	MustEnqueue(t, s, "c@example.com")
	if _, err := s.CancelMessage(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	MustExec(t, db, `UPDATE outbox_messages SET status = 'failed' WHERE id = ?`, b.ID)
	got, err = s.CountMessages(ctx)
	if err != nil || got[backend.OutboxQueued] != 1 || got[backend.OutboxCancelled] != 1 || got[backend.OutboxFailed] != 1 || got[backend.OutboxSent] != 0 {
		t.Fatalf("counts = %v, %v", got, err)
	}
}
