package http

import (
	"net/http"

	"siteward/backend"
)

func (s *Server) registerInvoiceRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/invoices", s.office(s.handleInvoices))
	s.handle(mux, "GET /api/invoices/{id}", s.office(s.handleInvoice))
	s.handle(mux, "POST /api/invoices", s.office(s.handleInvoiceCreate))
	s.handle(mux, "POST /api/invoices/{id}/issue", s.office(s.handleInvoiceIssue))
	s.handle(mux, "POST /api/invoices/{id}/payments", s.office(s.handleInvoicePayment))
	s.handle(mux, "POST /api/invoices/{id}/void", s.office(s.handleInvoiceVoid))
}

func (s *Server) handleInvoices(w http.ResponseWriter, r *http.Request, _ *principal) error {
	f, err := invoiceFilter(r)
	if err != nil {
		return err
	}
	is, total, err := s.Invoices.FindInvoices(r.Context(), f)
	if err != nil {
		return err
	}
	writeList(w, is, total)
	return nil
}

func (s *Server) handleInvoice(w http.ResponseWriter, r *http.Request, _ *principal) error {
	inv, err := s.Invoices.FindInvoiceByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, inv)
	return nil
}

func (s *Server) handleInvoiceCreate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		PropertyID string `json:"propertyId"`
		TotalCents int64  `json:"totalCents"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	inv := &backend.Invoice{PropertyID: in.PropertyID, TotalCents: in.TotalCents}
	if err := s.Invoices.CreateInvoice(r.Context(), inv); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, inv)
	return nil
}

func (s *Server) handleInvoiceIssue(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		DueOn string `json:"dueOn"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	inv, err := s.Invoices.IssueInvoice(r.Context(), r.PathValue("id"), in.DueOn)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, inv)
	return nil
}

func (s *Server) handleInvoicePayment(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		AmountCents int64  `json:"amountCents"`
		PaidOn      string `json:"paidOn"`
		Reference   string `json:"reference"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	inv, err := s.Invoices.RecordPayment(r.Context(), r.PathValue("id"),
		backend.Payment{AmountCents: in.AmountCents, PaidOn: in.PaidOn, Reference: in.Reference})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, inv)
	return nil
}

func (s *Server) handleInvoiceVoid(w http.ResponseWriter, r *http.Request, _ *principal) error {
	inv, err := s.Invoices.VoidInvoice(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, inv)
	return nil
}
