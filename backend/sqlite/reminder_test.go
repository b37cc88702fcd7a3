package sqlite

import (
	"context"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

func TestSendDueRemindersOncePerRepeatAndOptOut(t *testing.T) {
	db := MustOpenDB(t)
	clock := NewTestClock() // 11/03/2026 in Sydney
	db.Now = clock.Now
	ctx := context.Background()
	syd, _ := time.LoadLocation("Australia/Sydney")
	s := NewReminderService(db, syd)
	links := backend.MailLinks{BaseURL: "https://portal.example.com"}

	a := MustCreateClientWith(t, db, &backend.Client{Name: "Alpha Strata", Active: true, EmailQuotes: "quotes@alpha.example.com"})
	MustCreateContact(t, db, a, "Ava Alpha", true)
	b := MustCreateClient(t, db, "Beta Opted Out", nil)
	MustCreateContact(t, db, b, "Ben Beta", true)
	for _, c := range []*backend.Client{a, b} {
		p := MustCreateProperty(t, db, c, c.Name+" House")
		old := MustInsertQuote(t, db, p, "submitted")
		MustExec(t, db, `UPDATE quotes SET issued_on = '2026-03-01', number = NULL WHERE id = ?`, old)
		recent := MustInsertQuote(t, db, p, "submitted")
		MustExec(t, db, `UPDATE quotes SET issued_on = '2026-03-11' WHERE id = ?`, recent)
		MustInsertInvoice(t, db, p, "issued", "2026-03-05", 25000, 5000)
		MustInsertInvoice(t, db, p, "issued", "2026-03-20", 25000, 0)
		MustInsertInvoice(t, db, p, "paid", "2026-03-01", 25000, 25000)
		routine := backend.NewID()
		MustExec(t, db, `INSERT INTO routines (id, property_id, name, frequency_months, starts_on, created_at, updated_at)
			VALUES (?, ?, 'Monthly', 1, '2026-01-01', 'x', 'x')`, routine, p.ID)
		MustExec(t, db, `INSERT INTO tasks (id, property_id, routine_id, kind, stage, title, due_on, created_at, updated_at)
			VALUES (?, ?, ?, 'routine', 'ready', 'Monthly extinguisher check', '2026-03-15', 'x', 'x')`, backend.NewID(), p.ID, routine)
	}
	// A building manager ticked for quotes on one of Alpha's properties gets
	// that property's quotes only; a tenant without the tick gets nothing.
	second := MustCreateProperty(t, db, a, "Alpha Second")
	MustExec(t, db, `UPDATE quotes SET issued_on = '2026-02-20' WHERE id = ?`, MustInsertQuote(t, db, second, "submitted"))
	MustExec(t, db, `INSERT INTO property_contacts (id, property_id, name, email, receive_quotes, created_at, updated_at)
		VALUES (?, ?, 'Bob Building', 'bob@example.com', 1, 'x', 'x'), (?, ?, 'Tess Tenant', 'tess@example.com', 0, 'x', 'x')`,
		backend.NewID(), second.ID, backend.NewID(), second.ID)
	if err := s.SetClientReminders(ctx, b.ID, true); err != nil {
		t.Fatal(err)
	}
	assertCode(t, s.SetClientReminders(ctx, backend.NewID(), true), backend.ENOTFOUND)

	if n, err := s.SendDueReminders(ctx, links); err != nil || n != 0 {
		t.Fatalf("while off: %d, %v", n, err)
	}
	set := backend.DefaultReminderSettings()
	set.Enabled = true
	if err := s.SaveReminderSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	bad := set
	bad.RepeatDays = 0
	assertField(t, s.SaveReminderSettings(ctx, bad), backend.EINVALID, "repeatDays")

	n, err := s.SendDueReminders(ctx, links)
	if err != nil || n != 4 {
		t.Fatalf("first run: %d, %v (want Alpha's quotes (to it and its building manager), invoices and routines)", n, err)
	}
	var to, text string
	if err := db.read.QueryRowContext(ctx, `SELECT to_addr, text_body FROM outbox_messages WHERE kind = ?`, backend.ReminderQuotes).Scan(&to, &text); err != nil {
		t.Fatal(err)
	}
	if to != "quotes@alpha.example.com" || !strings.Contains(text, "Quote: Quote") || !strings.Contains(text, "01/03/2026") ||
		strings.Contains(text, "11/03/2026") || !strings.Contains(text, "$100.00") || !strings.Contains(text, "https://portal.example.com/portal.html") {
		t.Errorf("quote reminder to %s:\n%s", to, text)
	}
	if err := db.read.QueryRowContext(ctx, `SELECT text_body FROM outbox_messages WHERE to_addr = 'bob@example.com'`).Scan(&text); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "Alpha Second") || strings.Contains(text, "Alpha Strata House") || !strings.Contains(text, "20/02/2026") {
		t.Errorf("the building manager's reminder:\n%s", text)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM outbox_messages WHERE to_addr = 'tess@example.com'`); n != 0 {
		t.Error("a contact without the tick was reminded")
	}
	if err := db.read.QueryRowContext(ctx, `SELECT to_addr, text_body FROM outbox_messages WHERE kind = ?`, backend.ReminderInvoices).Scan(&to, &text); err != nil {
		t.Fatal(err)
	}
	if to != "ava.alpha@example.com" || !strings.Contains(text, "$200.00") || strings.Contains(text, "20/03/2026") {
		t.Errorf("invoice reminder to %s:\n%s", to, text)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM outbox_messages WHERE client_id = ?`, b.ID); n != 0 {
		t.Errorf("the opted-out client got %d reminders", n)
	}
	// Idempotent per day.
	if n, err := s.SendDueReminders(ctx, links); err != nil || n != 0 {
		t.Fatalf("second run the same day: %d, %v", n, err)
	}
	// Within the repeat window: nothing; after it, the quote and invoice again
	// (the routine's due date has passed).
	clock.Add(6 * 24 * time.Hour)
	if n, err := s.SendDueReminders(ctx, links); err != nil || n != 0 {
		t.Fatalf("six days later: %d, %v", n, err)
	}
	clock.Add(24 * time.Hour)
	if n, err := s.SendDueReminders(ctx, links); err != nil || n != 3 {
		t.Fatalf("a week later: %d, %v (want the quotes twice and the invoice)", n, err)
	}
	if out, err := s.ClientRemindersOptOut(ctx, b.ID); err != nil || !out {
		t.Fatalf("opt-out = %v, %v", out, err)
	}
}
