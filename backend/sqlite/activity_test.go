package sqlite

import (
	"context"
	"testing"
	"time"

	"siteward/backend"
)

func groupScope(w *portalWorld, user, group string) backend.Scope {
	return backend.Scope{UserID: w.ID(user), View: backend.View{Kind: backend.ViewGroup, ID: w.ID(group)}}
}

func quoteTitles(qs []*backend.PortalQuote) map[string]string {
	out := map[string]string{}
	for _, q := range qs {
		out[q.ID] = q.Status
	}
	return out
}

func TestActivity_FindPortalQuotesHidesWhatCustomersNeverSee(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	harbour := &backend.Property{ID: w.ID("Harbour View"), ClientID: mustClientOf(t, db, w.ID("Harbour View"))}
	other := &backend.Property{ID: w.ID("Other Site"), ClientID: mustClientOf(t, db, w.ID("Other Site"))}
	visible := map[string]bool{}
	for _, st := range []string{"draft", "submitted", "approved", "declined", "expired", "voided", "deleted"} {
		id := MustInsertQuote(t, db, harbour, st)
		visible[id] = st == "submitted" || st == "approved" || st == "declined"
	}
	gone := MustInsertQuote(t, db, harbour, "submitted")
	MustExec(t, db, `UPDATE quotes SET deleted_at = 'x' WHERE id = ?`, gone)
	MustInsertQuote(t, db, other, "submitted")

	s := NewActivityService(db, time.UTC)
	qs, total, err := s.FindPortalQuotes(context.Background(), groupScope(w, "Ned North", "Sydney North"), backend.PortalQuoteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 3 || len(qs) != 3 {
		t.Fatalf("got %d quotes (total %d), want the 3 submitted/approved/declined: %v", len(qs), total, quoteTitles(qs))
	}
	for _, q := range qs {
		if !visible[q.ID] {
			t.Errorf("customer sees a %s quote", q.Status)
		}
	}
	// Filters, and a bad one.
	qs, _, _ = s.FindPortalQuotes(context.Background(), groupScope(w, "Ned North", "Sydney North"), backend.PortalQuoteFilter{Status: ptr("submitted")})
	if len(qs) != 1 {
		t.Errorf("status filter: %d quotes, want 1", len(qs))
	}
	_, _, err = s.FindPortalQuotes(context.Background(), groupScope(w, "Ned North", "Sydney North"), backend.PortalQuoteFilter{Status: ptr("draft")})
	assertField(t, err, backend.EINVALID, "status")
	// The limited user is limited to Harbour View: sees it; Olly never does.
	if _, n, _ := s.FindPortalQuotes(context.Background(), groupScope(w, "Lim Limited", "NSW"), backend.PortalQuoteFilter{}); n != 3 {
		t.Errorf("limited user sees %d quotes, want 3", n)
	}
	if _, n, _ := s.FindPortalQuotes(context.Background(), groupScope(w, "Olly Other", "Other"), backend.PortalQuoteFilter{}); n != 1 {
		t.Errorf("other user sees %d quotes, want only their own 1", n)
	}
	// One draft quote by id is not found, exactly like a missing one.
	for id, ok := range visible {
		_, err := s.FindPortalQuote(context.Background(), groupScope(w, "Ned North", "Sydney North"), id)
		if ok && err != nil {
			t.Errorf("visible quote: %v", err)
		} else if !ok {
			assertCode(t, err, backend.ENOTFOUND)
		}
	}
}

func TestActivity_ApproveQuoteRecordsWhoAndWhen(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	harbour := &backend.Property{ID: w.ID("Harbour View"), ClientID: mustClientOf(t, db, w.ID("Harbour View"))}
	id := MustInsertQuote(t, db, harbour, "submitted")
	ctx := context.Background()
	s := NewActivityService(db, time.UTC)
	props := NewPortalService(db, time.UTC)
	north := groupScope(w, "Ned North", "Sydney North")
	awaiting := func() int {
		ps, _, err := props.FindPortalProperties(ctx, north, backend.PortalPropertyFilter{ID: &harbour.ID})
		if err != nil || len(ps) != 1 {
			t.Fatalf("property: %v", err)
		}
		return ps[0].QuotesAwaiting
	}
	if n := awaiting(); n != 1 {
		t.Fatalf("awaiting before = %d, want 1", n)
	}

	// Bad input writes nothing.
	_, err := s.ApproveQuote(ctx, north, id, backend.QuoteApproval{Name: "   ", POReference: "PO-1"})
	assertField(t, err, backend.EINVALID, "name")
	if n := MustCount(t, db, `SELECT COUNT(*) FROM quotes WHERE id = ? AND status = 'submitted' AND decided_at IS NULL`, id); n != 1 {
		t.Fatal("a refused approval changed the quote")
	}
	// Outside the view: not found, nothing written.
	_, err = s.ApproveQuote(ctx, groupScope(w, "Olly Other", "Other"), id, backend.QuoteApproval{Name: "Olly"})
	assertCode(t, err, backend.ENOTFOUND)
	_, err = s.DeclineQuote(ctx, backend.Scope{UserID: w.ID("Lim Limited"), View: backend.View{Kind: backend.ViewClient, ID: w.ID("South Strata")}},
		id, backend.QuoteDecline{Reason: "no"})
	assertCode(t, err, backend.ENOTFOUND)
	if n := MustCount(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity_id = ?`, id); n != 0 {
		t.Fatalf("%d audit entries after refused decisions", n)
	}

	q, err := s.ApproveQuote(ctx, north, id, backend.QuoteApproval{Name: " Ned North ", POReference: "PO-4471", Comment: "Go ahead."})
	if err != nil {
		t.Fatal(err)
	}
	if q.Status != "approved" || q.Decision == nil || q.Decision.ByName != "Ned North" || q.Decision.POReference != "PO-4471" ||
		q.Decision.Comment != "Go ahead." || q.Decision.ByUserID != w.ID("Ned North") || !q.Decision.At.Equal(testNow) {
		t.Fatalf("approved quote = %+v %+v", q, q.Decision)
	}
	// The office sees it at once.
	oq, err := NewQuoteService(db, s.Location).FindQuoteByID(ctx, id)
	if err != nil || oq.Status != "approved" || oq.DecidedAt == nil || oq.POReference != "PO-4471" || oq.DecidedByName != "Ned North" {
		t.Fatalf("office view: %+v %v", oq, err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM audit_log WHERE entity_id = ? AND action = 'quote.approved' AND user_id = ?`, id, w.ID("Ned North")); n != 1 {
		t.Fatalf("audit entries = %d, want 1", n)
	}
	if n := awaiting(); n != 0 {
		t.Errorf("awaiting after = %d, want 0", n)
	}
	// Only from submitted: a second decision conflicts and changes nothing.
	_, err = s.DeclineQuote(ctx, north, id, backend.QuoteDecline{Reason: "Changed our mind"})
	assertCode(t, err, backend.ECONFLICT)
	if oq, _ := NewQuoteService(db, s.Location).FindQuoteByID(ctx, id); oq.Status != "approved" || oq.DeclineReason != "" {
		t.Fatalf("conflicting decline changed the quote: %+v", oq)
	}
}

func TestActivity_DeclineQuoteNeedsAReason(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	plaza := &backend.Property{ID: w.ID("South Plaza"), ClientID: mustClientOf(t, db, w.ID("South Plaza"))}
	id := MustInsertQuote(t, db, plaza, "submitted")
	draft := MustInsertQuote(t, db, plaza, "draft")
	ctx := context.Background()
	s := NewActivityService(db, time.UTC)
	nsw := groupScope(w, "Nora NSW", "NSW")

	_, err := s.DeclineQuote(ctx, nsw, id, backend.QuoteDecline{Reason: " \n "})
	assertField(t, err, backend.EINVALID, "reason")
	// A draft is invisible: not found, never "conflict" (that would confirm it exists).
	_, err = s.DeclineQuote(ctx, nsw, draft, backend.QuoteDecline{Reason: "No"})
	assertCode(t, err, backend.ENOTFOUND)
	_, err = s.DeclineQuote(ctx, nsw, "not-an-id", backend.QuoteDecline{Reason: "No"})
	assertCode(t, err, backend.ENOTFOUND)

	q, err := s.DeclineQuote(ctx, nsw, id, backend.QuoteDecline{Reason: "Too dear for this year's budget"})
	if err != nil {
		t.Fatal(err)
	}
	if q.Status != "declined" || q.Decision == nil || q.Decision.Reason != "Too dear for this year's budget" || q.Decision.ByName != "Nora NSW" {
		t.Fatalf("declined quote = %+v %+v", q, q.Decision)
	}
}

func TestActivity_FindPortalInvoices(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	addPortalCounts(t, db, w)
	sydney, _ := time.LoadLocation("Australia/Sydney")
	s := NewActivityService(db, sydney)
	ctx := context.Background()
	north := groupScope(w, "Ned North", "Sydney North")
	is, total, err := s.FindPortalInvoices(ctx, north, backend.PortalInvoiceFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// Harbour View: 4 issued + 1 paid visible; draft, voided and deleted are not.
	if total != 5 || len(is) != 5 {
		t.Fatalf("invoices = %d (total %d), want 5", len(is), total)
	}
	for _, i := range is {
		if i.Status != "issued" && i.Status != "paid" {
			t.Errorf("customer sees a %s invoice", i.Status)
		}
	}
	overdue, n, err := s.FindPortalInvoices(ctx, north, backend.PortalInvoiceFilter{Overdue: ptr(true)})
	if err != nil || n != 2 {
		t.Fatalf("overdue = %d %v, want 2 (the properties panel's count)", n, err)
	}
	for _, i := range overdue {
		if !i.Overdue {
			t.Errorf("overdue filter returned %+v", i)
		}
	}
	if _, n, _ := s.FindPortalInvoices(ctx, north, backend.PortalInvoiceFilter{IssuedMonth: ptr("2026-02")}); n != 5 {
		t.Errorf("issued in Feb = %d, want 5", n)
	}
	if _, n, _ := s.FindPortalInvoices(ctx, north, backend.PortalInvoiceFilter{IssuedMonth: ptr("2026-03")}); n != 0 {
		t.Errorf("issued in Mar = %d, want 0", n)
	}
	_, _, err = s.FindPortalInvoices(ctx, north, backend.PortalInvoiceFilter{IssuedMonth: ptr("2026-13")})
	assertField(t, err, backend.EINVALID, "issuedMonth")
}
