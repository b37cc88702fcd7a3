package http

import (
	"net/http"

	"siteward/backend"
)

func (s *Server) registerClientRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/clients", s.office(s.handleClients))
	s.handle(mux, "GET /api/clients/{id}", s.office(s.handleClient))
	s.handle(mux, "POST /api/clients", s.office(s.handleClientCreate))
	s.handle(mux, "PATCH /api/clients/{id}", s.office(s.handleClientUpdate))
	s.handle(mux, "POST /api/clients/bulk", s.office(s.handleClientsBulk))
	s.handle(mux, "GET /api/clients/export", s.office(s.handleClientsExport))
	s.handle(mux, "GET /api/clients/ids", s.office(s.handleClientIDs))
	s.handle(mux, "GET /api/client-tags", s.office(s.handleClientTags))
}

// clientFilter reads the clients list's filters, sort and page.
func clientFilter(r *http.Request) (backend.ClientFilter, error) {
	pg, err := pageFrom(r)
	if err != nil {
		return backend.ClientFilter{}, err
	}
	active, err := boolParam(r, "active")
	if err != nil {
		return backend.ClientFilter{}, err
	}
	portal, err := boolParam(r, "portalAccess")
	if err != nil {
		return backend.ClientFilter{}, err
	}
	return backend.ClientFilter{Query: r.URL.Query().Get("q"), GroupID: strParam(r, "groupId"), Active: active,
		Tag: strParam(r, "tag"), PortalAccess: portal, Page: pg}, nil
}

func (s *Server) handleClients(w http.ResponseWriter, r *http.Request, _ *principal) error {
	f, err := clientFilter(r)
	if err != nil {
		return err
	}
	cs, total, err := s.Clients.FindClients(r.Context(), f)
	if err != nil {
		return err
	}
	writeList(w, cs, total)
	return nil
}

func (s *Server) handleClient(w http.ResponseWriter, r *http.Request, _ *principal) error {
	c, err := s.Clients.FindClientByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) handleClientCreate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		Code                string   `json:"code"`
		Name                string   `json:"name"`
		GroupID             *string  `json:"groupId"`
		EmailReports        string   `json:"emailReports"`
		EmailQuotes         string   `json:"emailQuotes"`
		EmailCorrespondence string   `json:"emailCorrespondence"`
		EmailInvoices       string   `json:"emailInvoices"`
		PricingTier         string   `json:"pricingTier"`
		Tags                []string `json:"tags"`
		Active              *bool    `json:"active"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c := &backend.Client{Code: in.Code, Name: in.Name, GroupID: in.GroupID, EmailReports: in.EmailReports, EmailQuotes: in.EmailQuotes,
		EmailCorrespondence: in.EmailCorrespondence, EmailInvoices: in.EmailInvoices, PricingTier: in.PricingTier,
		Tags: in.Tags, Active: in.Active == nil || *in.Active}
	if err := s.Clients.CreateClient(r.Context(), c); err != nil {
		return err
	}
	c, err := s.Clients.FindClientByID(r.Context(), c.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) handleClientUpdate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var upd backend.ClientUpdate
	if err := decodeJSON(r, &upd); err != nil {
		return err
	}
	c, err := s.Clients.UpdateClient(r.Context(), r.PathValue("id"), upd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}
