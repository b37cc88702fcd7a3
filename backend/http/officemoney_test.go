package http_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"siteward/backend"
	"siteward/backend/sqlite"
)

// moneyRows are the Customer Data > Quotes and Invoices routes in the authz
// matrix. Their fixtures are on an inactive property, so no portal row
// sees them change.
func moneyRows(w *world) []scenario {
	ctx := context.Background()
	qs := sqlite.NewQuoteService(w.db, w.loc())
	line := []backend.QuoteLine{{Description: "Authz line", Quantity: 1, UnitCents: 1000}}
	for _, name := range []string{"AuthzQuote", "AuthzQuote2"} {
		q := &backend.Quote{Title: "Authz quote " + name, PropertyID: w.ids["NorthClosed"], Lines: line}
		w.must(qs.CreateServiceQuote(ctx, q))
		w.ids[name] = q.ID
	}
	is := sqlite.NewInvoiceService(w.db, w.loc())
	for _, name := range []string{"AuthzInvoice", "AuthzInvoice2"} {
		inv := &backend.Invoice{PropertyID: w.ids["NorthClosed"], TotalCents: 10000}
		w.must(is.CreateInvoice(ctx, inv))
		w.ids[name] = inv.ID
	}
	rows := officeScenarios([]officeRoute{
		{"GET", "/api/quotes?q=Authz", "", 200, "Authz quote"},
		{"GET", "/api/quotes/{AuthzQuote}", "", 200, "Authz line"},
		{"POST", "/api/quotes", `{"kind":"service","title":"Created quote","propertyId":"{NorthClosed}","lines":[{"description":"x","quantity":1,"unitCents":100}]}`, 201, "Created quote"},
		{"PUT", "/api/quotes/{AuthzQuote}/lines", `{"lines":[{"description":"Priced","quantity":2,"unitCents":5000}]}`, 200, `"totalCents":10000`},
		{"POST", "/api/quotes/{AuthzQuote}/submit", `{}`, 200, `"status":"submitted"`},
		{"POST", "/api/quotes/{AuthzQuote}/approve", `{"for":"Pat Lee"}`, 200, `"decidedByName":"office"`},
		{"POST", "/api/quotes/{AuthzQuote2}/status", `{"status":"deleted"}`, 200, `"status":"deleted"`},
		{"GET", "/api/invoices", "", 200, `"items"`},
		{"GET", "/api/invoices/{AuthzInvoice}", "", 200, `"totalCents":10000`},
		{"POST", "/api/invoices", `{"propertyId":"{NorthClosed}","totalCents":2500}`, 201, `"status":"draft"`},
		{"POST", "/api/invoices/{AuthzInvoice}/issue", `{}`, 200, `"status":"issued"`},
		{"POST", "/api/invoices/{AuthzInvoice}/payments", `{"amountCents":10000,"reference":"EFT"}`, 201, `"status":"paid"`},
		{"POST", "/api/invoices/{AuthzInvoice2}/void", "", 200, `"status":"voided"`},
	}, "Authz")
	// The decline route needs a submitted quote of its own.
	q := &backend.Quote{Title: "Authz quote to decline", PropertyID: w.ids["NorthClosed"], Lines: line}
	w.must(qs.CreateServiceQuote(ctx, q))
	_, err := qs.SubmitQuote(ctx, q.ID, "")
	w.must(err)
	w.ids["AuthzQuote3"] = q.ID
	return append(rows, officeScenarios([]officeRoute{
		{"POST", "/api/quotes/{AuthzQuote3}/decline", `{"for":"Sam","reason":"Too dear"}`, 200, `"declineReason":"Too dear"`},
	}, "Authz")...)
}

func TestQuotes_DefectQuoteAndManualApprovalThroughTheAPI(t *testing.T) {
	w := newWorld(t)
	w.remark("R1", "NorthTower", "critical", "Hydrant valve cracked", true)
	w.remark("R2", "NorthTower", "non_critical", "Extinguisher tag missing", true)
	w.remark("R3", "SouthPlaza", "critical", "Other site", true)
	office := w.agent("office")
	status, body := office.do("POST", "/api/quotes", `{"kind":"defect","title":"Rectify","remarkIds":["{R1}","{R3}"]}`)
	if status != 400 || !strings.Contains(body, `"remarkIds"`) {
		t.Fatalf("mixed properties: %d %s", status, body)
	}
	status, body = office.do("POST", "/api/quotes", `{"kind":"defect","title":"Rectify","remarkIds":["{R1}","{R2}"]}`)
	if status != 201 || !strings.Contains(body, "Hydrant valve cracked") {
		t.Fatalf("defect quote: %d %s", status, body)
	}
	q := decode[backend.Quote](t, body)
	w.ids["Q"] = q.ID
	status, body = office.do("POST", "/api/quotes/{Q}/submit", `{}`)
	if status != 400 || !strings.Contains(body, `"lines"`) {
		t.Errorf("submit unpriced: %d %s", status, body)
	}
	status, body = office.do("PUT", "/api/quotes/{Q}/lines", `{"lines":[{"remarkId":"{R1}","description":"Replace valve","quantity":1,"unitCents":45000},{"remarkId":"{R2}","description":"Tag","quantity":1,"unitCents":0}]}`)
	if status != 200 || !strings.Contains(body, `"totalCents":45000`) {
		t.Fatalf("price: %d %s", status, body)
	}
	status, body = office.do("POST", "/api/quotes/{Q}/submit", `{"expiresOn":"2026-12-20"}`)
	if status != 200 || !strings.Contains(body, `"issuedOn":"2026-11-20"`) {
		t.Fatalf("submit: %d %s", status, body)
	}
	// The customer sees it awaiting authorisation.
	north := w.agent("north")
	north.chooseView("group", "SydneyNorth")
	if _, body = north.do("GET", "/api/portal/dashboard", ""); !strings.Contains(body, `"defect":1`) {
		t.Errorf("the customer should see the submitted quote awaiting: %s", body)
	}
	status, body = office.do("POST", "/api/quotes/{Q}/approve", `{"for":"","poReference":"PO-1"}`)
	if status != 400 || !strings.Contains(body, `"for"`) {
		t.Errorf("approve for nobody: %d %s", status, body)
	}
	status, body = office.do("POST", "/api/quotes/{Q}/approve", `{"for":"Pat Lee by phone","poReference":"PO-1"}`)
	if status != 200 || !strings.Contains(body, `"decidedFor":"Pat Lee by phone"`) || !strings.Contains(body, `"decidedByUserId":"`+w.ids["office"]) {
		t.Fatalf("approve: %d %s", status, body)
	}
	status, body = office.do("POST", "/api/quotes/{Q}/status", `{"status":"deleted"}`)
	if status != 409 {
		t.Errorf("delete an approved quote: %d %s", status, body)
	}
}

func (w *world) loc() *time.Location {
	syd, err := time.LoadLocation("Australia/Sydney")
	w.must(err)
	return syd
}
