package http

import (
	"net/http"

	"siteward/backend"
)

// The Customer Data lists' filters, read from the query string in one place
// each, so a list and its export (officeexport.go) select exactly the same
// rows in the same order.

func remarkFilter(r *http.Request) (backend.RemarkFilter, error) {
	pg, err := pageFrom(r)
	if err != nil {
		return backend.RemarkFilter{}, err
	}
	published, err := boolParam(r, "published")
	if err != nil {
		return backend.RemarkFilter{}, err
	}
	f := backend.RemarkFilter{Status: strParam(r, "status"), Published: published, ClientID: strParam(r, "clientId"),
		PropertyID: strParam(r, "propertyId"), Query: r.URL.Query().Get("q"), Page: pg}
	if v := strParam(r, "severity"); v != nil {
		sev := backend.Severity(*v)
		f.Severity = &sev
	}
	return f, nil
}

func quoteFilter(r *http.Request) (backend.QuoteFilter, error) {
	pg, err := pageFrom(r)
	return backend.QuoteFilter{Kind: strParam(r, "kind"), Status: strParam(r, "status"), ClientID: strParam(r, "clientId"),
		PropertyID: strParam(r, "propertyId"), Query: r.URL.Query().Get("q"), Page: pg}, err
}

func invoiceFilter(r *http.Request) (backend.InvoiceFilter, error) {
	pg, err := pageFrom(r)
	if err != nil {
		return backend.InvoiceFilter{}, err
	}
	overdue, err := boolParam(r, "overdue")
	return backend.InvoiceFilter{Status: strParam(r, "status"), Overdue: overdue, ClientID: strParam(r, "clientId"),
		PropertyID: strParam(r, "propertyId"), Query: r.URL.Query().Get("q"), Page: pg}, err
}

func propertyFilter(r *http.Request) (backend.PropertyFilter, error) {
	pg, err := pageFrom(r)
	if err != nil {
		return backend.PropertyFilter{}, err
	}
	active, err := boolParam(r, "active")
	return backend.PropertyFilter{ClientID: strParam(r, "clientId"), Active: active, Query: r.URL.Query().Get("q"), Page: pg}, err
}

func assetFilter(r *http.Request) (backend.AssetFilter, error) {
	pg, err := pageFrom(r)
	if err != nil {
		return backend.AssetFilter{}, err
	}
	esm, err := boolParam(r, "esm")
	return backend.AssetFilter{Type: strParam(r, "type"), ESM: esm, Result: strParam(r, "result"), ClientID: strParam(r, "clientId"),
		PropertyID: strParam(r, "propertyId"), Query: r.URL.Query().Get("q"), Page: pg}, err
}

func taskFilter(r *http.Request) (backend.TaskFilter, error) {
	pg, err := pageFrom(r)
	if err != nil {
		return backend.TaskFilter{}, err
	}
	outside, err := boolParam(r, "outsideTolerance")
	if err != nil {
		return backend.TaskFilter{}, err
	}
	done, err := boolParam(r, "done")
	return backend.TaskFilter{Kind: strParam(r, "kind"), Stage: strParam(r, "stage"), Priority: strParam(r, "priority"),
		ClientID: strParam(r, "clientId"), PropertyID: strParam(r, "propertyId"), RoutineID: strParam(r, "routineId"), Done: done,
		OutsideTolerance: outside != nil && *outside, Query: r.URL.Query().Get("q"), Page: pg}, err
}
