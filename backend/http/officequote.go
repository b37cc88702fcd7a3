package http

import (
	"net/http"

	"siteward/backend"
)

func (s *Server) registerQuoteRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/quotes", s.office(s.handleQuotes))
	s.handle(mux, "GET /api/quotes/{id}", s.office(s.handleQuote))
	s.handle(mux, "POST /api/quotes", s.office(s.handleQuoteCreate))
	s.handle(mux, "PUT /api/quotes/{id}/lines", s.office(s.handleQuoteLines))
	s.handle(mux, "POST /api/quotes/{id}/submit", s.office(s.handleQuoteSubmit))
	s.handle(mux, "POST /api/quotes/{id}/approve", s.office(s.handleQuoteApprove))
	s.handle(mux, "POST /api/quotes/{id}/decline", s.office(s.handleQuoteDecline))
	s.handle(mux, "POST /api/quotes/{id}/status", s.office(s.handleQuoteMove))
}

func (s *Server) handleQuotes(w http.ResponseWriter, r *http.Request, _ *principal) error {
	f, err := quoteFilter(r)
	if err != nil {
		return err
	}
	qs, total, err := s.Quotes.FindQuotes(r.Context(), f)
	if err != nil {
		return err
	}
	writeList(w, qs, total)
	return nil
}

func (s *Server) handleQuote(w http.ResponseWriter, r *http.Request, _ *principal) error {
	q, err := s.Quotes.FindQuoteByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, q)
	return nil
}

// handleQuoteCreate makes a defect quote from remarkIds, or a service quote
// from propertyId and lines.
func (s *Server) handleQuoteCreate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		Kind       string              `json:"kind"`
		Title      string              `json:"title"`
		PropertyID string              `json:"propertyId"`
		RemarkIDs  []string            `json:"remarkIds"`
		Lines      []backend.QuoteLine `json:"lines"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	var q *backend.Quote
	var err error
	switch in.Kind {
	case backend.QuoteKindDefect:
		q, err = s.Quotes.CreateDefectQuote(r.Context(), in.Title, in.RemarkIDs)
	case backend.QuoteKindService:
		q = &backend.Quote{Title: in.Title, PropertyID: in.PropertyID, Lines: in.Lines}
		err = s.Quotes.CreateServiceQuote(r.Context(), q)
	default:
		err = &backend.Error{Code: backend.EINVALID, Message: "Choose a defect or a service quote.", Fields: map[string]string{"kind": "Choose defect or service."}}
	}
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, q)
	return nil
}

func (s *Server) handleQuoteLines(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		Lines []backend.QuoteLine `json:"lines"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	q, err := s.Quotes.SetQuoteLines(r.Context(), r.PathValue("id"), in.Lines)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, q)
	return nil
}

func (s *Server) handleQuoteSubmit(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		ExpiresOn string `json:"expiresOn"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	q, err := s.Quotes.SubmitQuote(r.Context(), r.PathValue("id"), in.ExpiresOn)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, q)
	return nil
}

func (s *Server) handleQuoteApprove(w http.ResponseWriter, r *http.Request, p *principal) error {
	var d backend.QuoteDecision
	if err := decodeJSON(r, &d); err != nil {
		return err
	}
	q, err := s.Quotes.ApproveQuoteManually(r.Context(), r.PathValue("id"), p.user, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, q)
	return nil
}

func (s *Server) handleQuoteDecline(w http.ResponseWriter, r *http.Request, p *principal) error {
	var d backend.QuoteDecision
	if err := decodeJSON(r, &d); err != nil {
		return err
	}
	q, err := s.Quotes.DeclineQuoteManually(r.Context(), r.PathValue("id"), p.user, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, q)
	return nil
}

func (s *Server) handleQuoteMove(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		Status string `json:"status"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	q, err := s.Quotes.MoveQuote(r.Context(), r.PathValue("id"), in.Status)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, q)
	return nil
}
