package sqlite

import (
	"context"
	"testing"
	"time"

	"siteward/backend"
)

func TestInvoice_IssuePayOverdue(t *testing.T) {
	f := newRemarkFixture(t)
	ctx := context.Background()
	is := NewInvoiceService(f.db, sydney(t))

	e := assertCode(t, is.CreateInvoice(ctx, &backend.Invoice{}), backend.EINVALID)
	if e.Fields["propertyId"] == "" || e.Fields["totalCents"] == "" {
		t.Errorf("fields %v", e.Fields)
	}
	inv := &backend.Invoice{PropertyID: f.north.ID, TotalCents: 100000}
	if err := is.CreateInvoice(ctx, inv); err != nil || inv.Status != backend.InvoiceDraft || inv.Number == nil || inv.ClientName != "Alpha Strata" {
		t.Fatalf("draft %+v %v", inv, err)
	}
	if _, err := is.RecordPayment(ctx, inv.ID, backend.Payment{AmountCents: 100}); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("pay a draft: %v", err)
	}
	if _, err := is.IssueInvoice(ctx, inv.ID, "2026-03-01"); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("due in the past: %v", err)
	}
	// Due today (local: 11/03/2026 in Sydney, still 10/03 in UTC).
	got, err := is.IssueInvoice(ctx, inv.ID, "2026-03-11")
	if err != nil || got.IssuedOn != "2026-03-11" || got.Overdue {
		t.Fatalf("issued %+v %v", got, err)
	}
	if _, err := is.IssueInvoice(ctx, inv.ID, ""); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("issue twice: %v", err)
	}

	// A day later (local) it is overdue.
	f.db.Now = func() time.Time { return testNow.Add(24 * time.Hour) }
	yes := true
	list, n, err := is.FindInvoices(ctx, backend.InvoiceFilter{Overdue: &yes})
	if err != nil || n != 1 || !list[0].Overdue {
		t.Fatalf("overdue list %d %v", n, err)
	}

	if _, err := is.RecordPayment(ctx, inv.ID, backend.Payment{AmountCents: 100001}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("overpay: %v", err)
	}
	if _, err := is.RecordPayment(ctx, inv.ID, backend.Payment{AmountCents: 40000, Reference: "EFT 1"}); err != nil {
		t.Fatal(err)
	}
	got, err = is.RecordPayment(ctx, inv.ID, backend.Payment{AmountCents: 60000, PaidOn: "2026-03-11", Reference: "EFT 2"})
	if err != nil || got.Status != backend.InvoicePaid || got.PaidCents != 100000 || len(got.Payments) != 2 || got.Overdue {
		t.Fatalf("paid %+v %v", got, err)
	}
	if _, err := is.VoidInvoice(ctx, inv.ID); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("void a paid invoice: %v", err)
	}
	// A correction (negative delta) reopens it.
	got, err = is.RecordPayment(ctx, inv.ID, backend.Payment{AmountCents: -60000, Reference: "EFT 2 bounced"})
	if err != nil || got.Status != backend.InvoiceIssued || got.PaidCents != 40000 || !got.Overdue {
		t.Fatalf("corrected %+v %v", got, err)
	}
	if n := MustCount(t, f.db, `SELECT COUNT(*) FROM invoice_payments WHERE invoice_id = ?`, inv.ID); n != 3 {
		t.Errorf("%d payment rows, want 3 delta rows", n)
	}
	if _, err := is.RecordPayment(ctx, inv.ID, backend.Payment{AmountCents: 10, PaidOn: "2027-01-01"}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("future payment: %v", err)
	}

	other := &backend.Invoice{PropertyID: f.south.ID, TotalCents: 500}
	if err := is.CreateInvoice(ctx, other); err != nil {
		t.Fatal(err)
	}
	if got, err := is.VoidInvoice(ctx, other.ID); err != nil || got.Status != backend.InvoiceVoided {
		t.Fatalf("void %+v %v", got, err)
	}
	bad := "late"
	if _, _, err := is.FindInvoices(ctx, backend.InvoiceFilter{Status: &bad}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("bad status filter: %v", err)
	}
}
