package sqlite

import (
	"context"
	"testing"
	"time"

	"siteward/backend"
)

func TestOfficeDashboard_WhatNeedsAttention(t *testing.T) {
	f := newRemarkFixture(t) // crack: critical unpublished, door: published, light: information
	ctx := context.Background()
	loc := sydney(t)
	qs, is := NewQuoteService(f.db, loc), NewInvoiceService(f.db, loc)
	q := &backend.Quote{Title: "Hose reel", PropertyID: f.south.ID, Lines: []backend.QuoteLine{{Description: "x", Quantity: 1, UnitCents: 50000}}}
	if err := qs.CreateServiceQuote(ctx, q); err != nil {
		t.Fatal(err)
	}
	if _, err := qs.SubmitQuote(ctx, q.ID, ""); err != nil {
		t.Fatal(err)
	}
	inv := &backend.Invoice{PropertyID: f.north.ID, TotalCents: 30000}
	if err := is.CreateInvoice(ctx, inv); err != nil {
		t.Fatal(err)
	}
	if _, err := is.IssueInvoice(ctx, inv.ID, "2026-03-11"); err != nil {
		t.Fatal(err)
	}
	if _, err := is.RecordPayment(ctx, inv.ID, backend.Payment{AmountCents: 10000}); err != nil {
		t.Fatal(err)
	}
	MustExec(t, f.db, `INSERT INTO routines (id, property_id, name, frequency_months, starts_on, created_at, updated_at) VALUES ('rt', ?, 'Monthly', 1, '2026-01-01', 'x', 'x')`, f.north.ID)
	for _, due := range []string{"2026-03-01", "2026-03-09", "2026-03-20"} {
		MustExec(t, f.db, `INSERT INTO tasks (id, property_id, routine_id, kind, stage, title, due_on, tolerance_days, created_at, updated_at)
			VALUES (?, ?, 'rt', 'routine', 'ready', 'Monthly', ?, 3, 'x', 'x')`, backend.NewID(), f.north.ID, due)
	}
	MustExec(t, f.db, `INSERT INTO outbox_messages (id, message_id, kind, to_addr, subject, text_body, status, next_attempt_at, created_at, updated_at)
		VALUES ('m1', '<m1@test>', 'invitation', 'a@example.com', 's', 'b', 'failed', 'x', 'x', 'x')`)

	s := NewOfficeDashboardService(f.db, loc)
	// Local today is 11/03/2026 in Sydney.
	f.db.Now = func() time.Time { return testNow.Add(24 * time.Hour) } // 12/03: the invoice due 11/03 is overdue
	d, err := s.OfficeDashboard(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := backend.OfficeDashboard{QuotesAwaiting: backend.Money{Count: 1, AmountCents: 50000},
		OverdueInvoices: backend.Money{Count: 1, AmountCents: 20000}, OpenCriticalDefects: 1, UnpublishedCritical: 1,
		RoutinesOutsideTolerance: 1, FailedEmails: 1}
	if *d != want {
		t.Errorf("dashboard %+v, want %+v", *d, want)
	}
	if _, n, err := NewCustomerDataService(f.db, loc).FindTasks(ctx, backend.TaskFilter{OutsideTolerance: true}); err != nil || n != 1 {
		t.Errorf("tasks outside tolerance: %d %v, want the one the dashboard counts", n, err)
	}
	c, err := s.OpenDefectsByAge(ctx)
	if err != nil || c.Total() != 3 || c.Series[0].Key != "critical" || c.Series[0].Values[0] != 1 {
		t.Errorf("defects by age %+v %v", c, err)
	}
}
