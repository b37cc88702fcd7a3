package http

import (
	"net/http"

	"siteward/backend"
)

// The portal's activity report: quotes and invoices, and the customer's
// approve / decline of a quote. The office reads a quote (with the
// decision) at GET /api/quotes/{id} (officequote.go).
func (s *Server) registerActivityRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/portal/quotes", s.portal(s.handlePortalQuotes))
	s.handle(mux, "GET /api/portal/quotes.csv", s.portal(s.exportPortalQuotes))
	s.handle(mux, "GET /api/portal/quotes.xlsx", s.portal(s.exportPortalQuotes))
	s.handle(mux, "GET /api/portal/quotes/{id}", s.portal(s.handlePortalQuote))
	s.handle(mux, "POST /api/portal/quotes/{id}/approve", s.customerPortal(s.handleApproveQuote))
	s.handle(mux, "POST /api/portal/quotes/{id}/decline", s.customerPortal(s.handleDeclineQuote))
	s.handle(mux, "GET /api/portal/invoices", s.portal(s.handlePortalInvoices))
	s.handle(mux, "GET /api/portal/invoices.csv", s.portal(s.exportPortalInvoices))
	s.handle(mux, "GET /api/portal/invoices.xlsx", s.portal(s.exportPortalInvoices))
}

var errNoActivity = backend.Errorf(backend.EUNAVAILABLE, "The activity report is not available on this server.")

// customerPortal is s.portal for actions only a customer may take: office
// users viewing as a client see the portal read-only (403).
func (s *Server) customerPortal(h portalHandler) http.HandlerFunc {
	portal := s.portal(h)
	return s.signedIn(func(w http.ResponseWriter, r *http.Request, p *principal) error {
		if p.user.Licence != backend.LicenceCustomer {
			return backend.Errorf(backend.EFORBIDDEN, "Only the customer can approve or decline their quotes; office users view the portal read-only.")
		}
		portal(w, r)
		return nil
	})
}

func quoteFilterFrom(r *http.Request) (backend.PortalQuoteFilter, error) {
	pg, err := pageFrom(r)
	if err != nil {
		return backend.PortalQuoteFilter{}, err
	}
	f := backend.PortalQuoteFilter{PropertyID: strParam(r, "propertyId"), Kind: strParam(r, "kind"), Status: strParam(r, "status"),
		Query: r.URL.Query().Get("q"), Page: pg}
	return f, f.Validate()
}

func (s *Server) handlePortalQuotes(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if s.Activity == nil {
		return errNoActivity
	}
	f, err := quoteFilterFrom(r)
	if err != nil {
		return err
	}
	qs, total, err := s.Activity.FindPortalQuotes(r.Context(), sc, f)
	if err != nil {
		return err
	}
	writeList(w, qs, total)
	return nil
}

func (s *Server) handlePortalQuote(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if s.Activity == nil {
		return errNoActivity
	}
	q, err := s.Activity.FindPortalQuote(r.Context(), sc, r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, q)
	return nil
}

func (s *Server) handleApproveQuote(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if s.Activity == nil {
		return errNoActivity
	}
	var a backend.QuoteApproval
	if err := decodeJSON(r, &a); err != nil {
		return err
	}
	q, err := s.Activity.ApproveQuote(r.Context(), sc, r.PathValue("id"), a)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, q)
	return nil
}

func (s *Server) handleDeclineQuote(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if s.Activity == nil {
		return errNoActivity
	}
	var d backend.QuoteDecline
	if err := decodeJSON(r, &d); err != nil {
		return err
	}
	q, err := s.Activity.DeclineQuote(r.Context(), sc, r.PathValue("id"), d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, q)
	return nil
}

func invoiceFilterFrom(r *http.Request) (backend.PortalInvoiceFilter, error) {
	pg, err := pageFrom(r)
	if err != nil {
		return backend.PortalInvoiceFilter{}, err
	}
	overdue, err := boolParam(r, "overdue")
	if err != nil {
		return backend.PortalInvoiceFilter{}, err
	}
	f := backend.PortalInvoiceFilter{PropertyID: strParam(r, "propertyId"), Status: strParam(r, "status"), Overdue: overdue,
		IssuedMonth: strParam(r, "issuedMonth"), Query: r.URL.Query().Get("q"), Page: pg}
	return f, f.Validate()
}

func (s *Server) handlePortalInvoices(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	if s.Activity == nil {
		return errNoActivity
	}
	f, err := invoiceFilterFrom(r)
	if err != nil {
		return err
	}
	is, total, err := s.Activity.FindPortalInvoices(r.Context(), sc, f)
	if err != nil {
		return err
	}
	writeList(w, is, total)
	return nil
}
