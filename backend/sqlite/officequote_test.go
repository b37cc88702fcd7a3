package sqlite

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

func sydney(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Australia/Sydney")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestDefectQuote_FromRemarksThroughTheFlow(t *testing.T) {
	f := newRemarkFixture(t)
	ctx := context.Background()
	qs := NewQuoteService(f.db, sydney(t))
	office := MustCreateUser(t, f.db, "Olive Office", backend.LicenceOffice)

	// Remarks of two properties cannot share a quote; nothing is written.
	_, err := qs.CreateDefectQuote(ctx, "Rectify", []string{f.crack, f.light})
	if e := assertCode(t, err, backend.EINVALID); !strings.Contains(e.Fields["remarkIds"], "one property") {
		t.Errorf("fields %v", e.Fields)
	}
	if n := MustCount(t, f.db, `SELECT COUNT(*) FROM quotes`); n != 0 {
		t.Fatalf("a refused quote left %d rows", n)
	}
	assertCode(t, func() error { _, err := qs.CreateDefectQuote(ctx, "", []string{f.crack}); return err }(), backend.EINVALID)

	q, err := qs.CreateDefectQuote(ctx, "Rectify critical defects", []string{f.crack, f.door})
	if err != nil {
		t.Fatal(err)
	}
	if q.Status != backend.QuoteDraft || q.Kind != backend.QuoteKindDefect || len(q.Lines) != 2 || q.Number == nil ||
		q.Lines[0].RemarkID == nil || *q.Lines[0].RemarkNo != 101 || q.PropertyName != "North Tower" {
		t.Fatalf("defect quote %+v", q)
	}
	// Unpriced: it cannot be submitted yet.
	if _, err := qs.SubmitQuote(ctx, q.ID, ""); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("submit unpriced: %v", err)
	}
	lines := q.Lines
	lines[0].UnitCents, lines[1].UnitCents, lines[1].Quantity = 45000, 12050, 2
	if q, err = qs.SetQuoteLines(ctx, q.ID, lines); err != nil || q.TotalCents != 45000+24100 {
		t.Fatalf("priced: %+v %v", q, err)
	}
	if _, err := qs.SetQuoteLines(ctx, q.ID, []backend.QuoteLine{{Description: "", Quantity: 0}}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("bad lines: %v", err)
	}
	// Manual approval needs a submitted quote.
	if _, err := qs.ApproveQuoteManually(ctx, q.ID, office, backend.QuoteDecision{For: "Pat"}); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("approve a draft: %v", err)
	}
	if q, err = qs.SubmitQuote(ctx, q.ID, ""); err != nil || q.Status != backend.QuoteSubmitted || q.IssuedOn != "2026-03-11" || q.ExpiresOn != "2026-04-10" {
		t.Fatalf("submitted (local dates in Sydney): %+v %v", q, err)
	}
	if _, err := qs.SetQuoteLines(ctx, q.ID, lines); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("lines of a submitted quote: %v", err)
	}
	if _, err := qs.ApproveQuoteManually(ctx, q.ID, office, backend.QuoteDecision{}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("approve without for: %v", err)
	}
	q, err = qs.ApproveQuoteManually(ctx, q.ID, office, backend.QuoteDecision{For: "Pat Lee (by phone)", POReference: "PO-77"})
	if err != nil || q.Status != backend.QuoteApproved || q.DecidedByUserID != office.ID || q.DecidedByName != "Olive Office" ||
		q.DecidedFor != "Pat Lee (by phone)" || q.POReference != "PO-77" || q.DecidedAt == nil {
		t.Fatalf("approved: %+v %v", q, err)
	}
	if _, err := qs.MoveQuote(ctx, q.ID, backend.QuoteDeleted); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("delete an approved quote: %v", err)
	}
	if q, err = qs.MoveQuote(ctx, q.ID, backend.QuoteVoided); err != nil || q.Status != backend.QuoteVoided {
		t.Fatalf("void: %+v %v", q, err)
	}
	if _, err := qs.MoveQuote(ctx, q.ID, backend.QuoteExpired); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("expire a voided quote: %v", err)
	}
}

func TestServiceQuote_DeclineNeedsAReasonAndDeleteKeepsTheRow(t *testing.T) {
	f := newRemarkFixture(t)
	ctx := context.Background()
	qs := NewQuoteService(f.db, sydney(t))
	office := MustCreateUser(t, f.db, "Olive Office", backend.LicenceOffice)
	customer := MustCreateUser(t, f.db, "Cath Customer", backend.LicenceCustomer)

	bad := &backend.Quote{Lines: []backend.QuoteLine{{Description: "Hose reel", Quantity: -1}}}
	e := assertCode(t, qs.CreateServiceQuote(ctx, bad), backend.EINVALID)
	for _, field := range []string{"title", "propertyId", "lines.0.quantity"} {
		if e.Fields[field] == "" {
			t.Errorf("no message for %s: %v", field, e.Fields)
		}
	}
	q := &backend.Quote{Title: "Replace hose reel", PropertyID: f.south.ID,
		Lines: []backend.QuoteLine{{Description: "Hose reel 36 m", Quantity: 1, UnitCents: 89000}}}
	if err := qs.CreateServiceQuote(ctx, q); err != nil || q.TotalCents != 89000 || q.ClientName != "Beta Owners" {
		t.Fatalf("service quote %+v %v", q, err)
	}
	if _, err := qs.SubmitQuote(ctx, q.ID, "2026-03-01"); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("expiry in the past: %v", err)
	}
	if _, err := qs.SubmitQuote(ctx, q.ID, "2026-05-01"); err != nil {
		t.Fatal(err)
	}
	if _, err := qs.DeclineQuoteManually(ctx, q.ID, customer, backend.QuoteDecision{For: "x", Reason: "y"}); backend.ErrorCode(err) != backend.EFORBIDDEN {
		t.Errorf("a customer recording a manual decline: %v", err)
	}
	if _, err := qs.DeclineQuoteManually(ctx, q.ID, office, backend.QuoteDecision{For: "Sam"}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("decline without a reason: %v", err)
	}
	q, err := qs.DeclineQuoteManually(ctx, q.ID, office, backend.QuoteDecision{For: "Sam", Reason: "Budget next year"})
	if err != nil || q.Status != backend.QuoteDeclined || q.DeclineReason != "Budget next year" {
		t.Fatalf("declined %+v %v", q, err)
	}

	draft := &backend.Quote{Title: "Spare", PropertyID: f.south.ID, Lines: []backend.QuoteLine{{Description: "x", Quantity: 1}}}
	if err := qs.CreateServiceQuote(ctx, draft); err != nil {
		t.Fatal(err)
	}
	if _, err := qs.MoveQuote(ctx, draft.ID, backend.QuoteDeleted); err != nil {
		t.Fatal(err)
	}
	list, n, err := qs.FindQuotes(ctx, backend.QuoteFilter{})
	if err != nil || n != 1 || list[0].ID != q.ID {
		t.Errorf("deleted drafts are left out of the list: %d %v", n, err)
	}
	deleted := backend.QuoteDeleted
	if _, n, _ := qs.FindQuotes(ctx, backend.QuoteFilter{Status: &deleted}); n != 1 {
		t.Errorf("a deleted quote is kept (and listed on request): %d", n)
	}
	if _, n, _ := qs.FindQuotes(ctx, backend.QuoteFilter{Query: "Q-" + strconv.Itoa(*q.Number)}); n != 1 {
		t.Errorf("find by number: %d", n)
	}
}
