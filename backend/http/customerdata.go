package http

import (
	"net/http"

	"siteward/backend"
)

// registerCustomerDataRoutes: Customer Data > Assets and Tasks, and the
// contacts of a property (office only).
func (s *Server) registerCustomerDataRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/assets", s.fieldWork(s.handleAssets))
	s.handle(mux, "GET /api/tasks", s.fieldWork(s.handleTasks))
	s.handle(mux, "GET /api/properties/{id}/contacts", s.office(s.handlePropertyContacts))
	s.handle(mux, "POST /api/properties/{id}/contacts", s.office(s.handlePropertyContactCreate))
	s.handle(mux, "PATCH /api/property-contacts/{id}", s.office(s.handlePropertyContactUpdate))
	s.handle(mux, "DELETE /api/property-contacts/{id}", s.office(s.handlePropertyContactDelete))
}

func (s *Server) handleAssets(w http.ResponseWriter, r *http.Request, _ *principal) error {
	f, err := assetFilter(r)
	if err != nil {
		return err
	}
	as, total, err := s.CustomerData.FindAssets(r.Context(), f)
	if err != nil {
		return err
	}
	writeList(w, as, total)
	return nil
}

func (s *Server) handleTasks(w http.ResponseWriter, r *http.Request, p *principal) error {
	f, err := taskFilter(r)
	if err != nil {
		return err
	}
	f.TechnicianID = scoped(p) // a technician's own tasks only
	ts, total, err := s.CustomerData.FindTasks(r.Context(), f)
	if err != nil {
		return err
	}
	writeList(w, ts, total)
	return nil
}

func (s *Server) handlePropertyContacts(w http.ResponseWriter, r *http.Request, _ *principal) error {
	cs, err := s.PropertyContacts.FindPropertyContacts(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeList(w, cs, len(cs))
	return nil
}

type propertyContactInput struct {
	Role                 string `json:"role"`
	Name                 string `json:"name"`
	Email                string `json:"email"`
	Phone                string `json:"phone"`
	ReceiveReports       bool   `json:"receiveReports"`
	ReceiveQuotes        bool   `json:"receiveQuotes"`
	ReceiveInvoices      bool   `json:"receiveInvoices"`
	ReceiveNotifications bool   `json:"receiveNotifications"`
}

func (in propertyContactInput) contact() *backend.PropertyContact {
	return &backend.PropertyContact{Role: in.Role, Name: in.Name, Email: in.Email, Phone: in.Phone, ReceiveReports: in.ReceiveReports,
		ReceiveQuotes: in.ReceiveQuotes, ReceiveInvoices: in.ReceiveInvoices, ReceiveNotifications: in.ReceiveNotifications}
}

func (s *Server) handlePropertyContactCreate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in propertyContactInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c := in.contact()
	c.PropertyID = r.PathValue("id")
	if err := s.PropertyContacts.CreatePropertyContact(r.Context(), c); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) handlePropertyContactUpdate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in propertyContactInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c := in.contact()
	c.ID = r.PathValue("id")
	if err := s.PropertyContacts.UpdatePropertyContact(r.Context(), c); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) handlePropertyContactDelete(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if err := s.PropertyContacts.DeletePropertyContact(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
