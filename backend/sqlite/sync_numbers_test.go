package sqlite

import (
	"context"
	"strconv"
	"testing"
	"time"

	"siteward/backend"
)

// An office laptop's new quote and invoice stay unnumbered ("pending")
// until the hub accepts them; the hub's numbers come back by pull and the
// hub's own next number does not collide.
func TestSync_HubNumbersNewQuotesAndInvoices(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceOffice)
	ctx := context.Background()
	loc := time.UTC
	hubQuote := &backend.Quote{Title: "Office quote", PropertyID: w.prop, Lines: []backend.QuoteLine{{Description: "x", Quantity: 1, UnitCents: 100}}}
	if err := NewQuoteService(w.hub, loc).CreateServiceQuote(ctx, hubQuote); err != nil {
		t.Fatal(err)
	}
	w.pull()
	q := &backend.Quote{Title: "Replace two hose reels", PropertyID: w.prop, Lines: []backend.QuoteLine{{Description: "Hose reel", Quantity: 2, UnitCents: 45000}}}
	if err := NewQuoteService(w.laptop, loc).CreateServiceQuote(ctx, q); err != nil {
		t.Fatal(err)
	}
	inv := &backend.Invoice{PropertyID: w.prop, TotalCents: 30000}
	if err := NewInvoiceService(w.laptop, loc).CreateInvoice(ctx, inv); err != nil {
		t.Fatal(err)
	}
	if q.Number != nil || inv.Number != nil {
		t.Fatalf("the laptop numbered its own records: quote %v, invoice %v", q.Number, inv.Number)
	}
	if n := MustCount(t, w.laptop, `SELECT COUNT(*) FROM quotes WHERE id = ? AND number IS NULL`, q.ID); n != 1 {
		t.Fatal("the laptop's quote is not pending a number")
	}
	if res := w.push(); res.Quarantined != 0 {
		t.Fatalf("push %+v: nothing should be refused", res)
	}
	hubNumber := queryString(t, w.hub, `SELECT number FROM quotes WHERE id = ?`, q.ID)
	if want := *hubQuote.Number + 1; hubNumber != itoa(want) {
		t.Errorf("hub numbered the laptop's quote %s, want %d (after the office's own)", hubNumber, want)
	}
	w.pull()
	for _, c := range []struct{ table, id string }{{"quotes", q.ID}, {"invoices", inv.ID}} {
		hub := queryString(t, w.hub, `SELECT COALESCE(number, 'none') FROM `+c.table+` WHERE id = ?`, c.id)
		lap := queryString(t, w.laptop, `SELECT COALESCE(number, 'none') FROM `+c.table+` WHERE id = ?`, c.id)
		if hub == "none" || lap != hub {
			t.Errorf("%s: hub number %s, laptop %s; want the hub's on both", c.table, hub, lap)
		}
	}
	next := &backend.Quote{Title: "Next", PropertyID: w.prop, Lines: []backend.QuoteLine{{Description: "x", Quantity: 1, UnitCents: 100}}}
	if err := NewQuoteService(w.hub, loc).CreateServiceQuote(ctx, next); err != nil {
		t.Fatal(err)
	}
	if itoa(*next.Number) == hubNumber {
		t.Errorf("the hub handed out Q-%s twice", hubNumber)
	}
}

// A technician's remark raised offline is accepted (unpublished and
// unnumbered is theirs to send), numbered by the hub even when the install
// put a number in itself, and the number comes back.
func TestSync_HubNumbersATechniciansRemark(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceTechnician)
	now := backend.FormatTime(testNow)
	remark, stray := backend.NewID(), backend.NewID()
	MustExec(t, w.laptop, `INSERT INTO remarks (id, property_id, severity, description, raised_at, created_at, updated_at)
		VALUES (?, ?, 'critical', 'Extinguisher missing', ?, ?, ?)`, remark, w.prop, now, now, now)
	// An older install numbered its own: the hub's number replaces it.
	MustExec(t, w.laptop, `INSERT INTO remarks (id, number, property_id, severity, description, raised_at, created_at, updated_at)
		VALUES (?, 999, ?, 'information', 'Signage faded', ?, ?, ?)`, stray, w.prop, now, now, now)
	if res := w.push(); res.Quarantined != 0 || res.Applied != 2 {
		t.Fatalf("push %+v, want both remarks accepted", res)
	}
	w.pull()
	a := queryString(t, w.laptop, `SELECT COALESCE(number, 'none') FROM remarks WHERE id = ?`, remark)
	b := queryString(t, w.laptop, `SELECT COALESCE(number, 'none') FROM remarks WHERE id = ?`, stray)
	if a == "none" || b == "none" || b == "999" || a == b {
		t.Errorf("laptop remark numbers %s and %s; want two hub numbers", a, b)
	}
	if hub := queryString(t, w.hub, `SELECT number FROM remarks WHERE id = ?`, remark); hub != a {
		t.Errorf("hub number %s, laptop %s", hub, a)
	}
}

// A number is not an install's to change: the edit is kept in quarantine
// and undone on the install.
func TestSync_ChangingANumberIsRefused(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceOffice)
	MustExec(t, w.hub, `UPDATE quotes SET number = 1042 WHERE id = ?`, w.quote)
	w.pull()
	MustExec(t, w.laptop, `UPDATE quotes SET number = 7 WHERE id = ?`, w.quote)
	if res := w.push(); res.Quarantined != 1 {
		t.Fatalf("push %+v, want the number change refused", res)
	}
	w.pull()
	if got := queryString(t, w.laptop, `SELECT number FROM quotes WHERE id = ?`, w.quote); got != "1042" {
		t.Errorf("laptop shows Q-%s, want the hub's Q-1042 back", got)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
