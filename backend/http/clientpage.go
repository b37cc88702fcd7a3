package http

import (
	"net/http"

	"siteward/backend"
)

// The client page's parts besides the client itself: contacts, the
// internal notes timeline and the portal panel overrides ("Customise").
func (s *Server) registerClientPageRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/clients/{id}/contacts", s.office(s.handleContacts))
	s.handle(mux, "POST /api/clients/{id}/contacts", s.office(s.handleContactCreate))
	s.handle(mux, "PUT /api/contacts/{id}", s.office(s.handleContactUpdate))
	s.handle(mux, "DELETE /api/contacts/{id}", s.office(s.handleContactDelete))
	// A technician on their install reads and adds notes of its clients (field work).
	s.handle(mux, "GET /api/clients/{id}/notes", s.fieldWork(s.handleClientNotes))
	s.handle(mux, "POST /api/clients/{id}/notes", s.fieldWork(s.handleClientNoteCreate))
	s.handle(mux, "GET /api/clients/{id}/portal-panels", s.office(s.handleClientPanels))
	s.handle(mux, "PUT /api/clients/{id}/portal-panels", s.office(s.handleClientPanelsSave))
	s.handle(mux, "GET /api/settings/portal-panels", s.office(s.handlePanelDefaults))
	s.handle(mux, "PUT /api/settings/portal-panels", s.office(s.handlePanelDefaultsSave))
	s.handle(mux, "GET /api/portal-usage", s.office(s.handlePortalUsage))
}

// handlePortalUsage lists clients (?kind=client) or client groups
// (?kind=group) with their portal users and sign-ins.
func (s *Server) handlePortalUsage(w http.ResponseWriter, r *http.Request, _ *principal) error {
	pg, err := pageFrom(r)
	if err != nil {
		return err
	}
	us, total, err := s.PortalUsage.FindPortalUsage(r.Context(), backend.PortalUsageFilter{
		Kind: backend.ViewKind(r.URL.Query().Get("kind")), Query: r.URL.Query().Get("q"), Page: pg})
	if err != nil {
		return err
	}
	writeList(w, us, total)
	return nil
}

// contactIn is what a contact form sends.
type contactIn struct {
	Name    string `json:"name"`
	Email   string `json:"email"`
	Phone   string `json:"phone"`
	Address string `json:"address"`
	Primary bool   `json:"primary"`
}

func (s *Server) handleContacts(w http.ResponseWriter, r *http.Request, _ *principal) error {
	id := r.PathValue("id")
	if _, err := s.Clients.FindClientByID(r.Context(), id); err != nil {
		return err
	}
	cs, err := s.Contacts.FindContacts(r.Context(), id)
	if err != nil {
		return err
	}
	writeList(w, cs, len(cs))
	return nil
}

func (s *Server) handleContactCreate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in contactIn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c := &backend.Contact{ClientID: r.PathValue("id"), Name: in.Name, Email: in.Email, Phone: in.Phone, Address: in.Address, Primary: in.Primary}
	if err := s.Contacts.CreateContact(r.Context(), c); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, c)
	return nil
}

func (s *Server) handleContactUpdate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in contactIn
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	c := &backend.Contact{ID: r.PathValue("id"), Name: in.Name, Email: in.Email, Phone: in.Phone, Address: in.Address, Primary: in.Primary}
	if err := s.Contacts.UpdateContact(r.Context(), c); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (s *Server) handleContactDelete(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if err := s.Contacts.DeleteContact(r.Context(), r.PathValue("id"), r.URL.Query().Get("newPrimaryId")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) handleClientNotes(w http.ResponseWriter, r *http.Request, _ *principal) error {
	pg, err := pageFrom(r)
	if err != nil {
		return err
	}
	ns, total, err := s.ClientNotes.FindClientNotes(r.Context(), r.PathValue("id"), pg)
	if err != nil {
		return err
	}
	writeList(w, ns, total)
	return nil
}

func (s *Server) handleClientNoteCreate(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in struct {
		Body string `json:"body"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	n := &backend.ClientNote{ClientID: r.PathValue("id"), AuthorID: p.user.ID, Body: in.Body}
	if err := s.ClientNotes.CreateClientNote(r.Context(), n); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, n)
	return nil
}

func (s *Server) handleClientPanels(w http.ResponseWriter, r *http.Request, _ *principal) error {
	cp, err := s.PortalPanels.GetClientPortalPanels(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cp)
	return nil
}

func (s *Server) handleClientPanelsSave(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		Overrides backend.PanelOverrides `json:"overrides"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	cp, err := s.PortalPanels.SaveClientPortalPanels(r.Context(), r.PathValue("id"), in.Overrides)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, cp)
	return nil
}

func (s *Server) handlePanelDefaults(w http.ResponseWriter, r *http.Request, _ *principal) error {
	p, err := s.PortalPanels.GetPortalPanelDefaults(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// handlePanelDefaultsSave takes {"map": true, "spend": false, …}; a panel
// left out is shown, so an older form can never hide a newer panel.
func (s *Server) handlePanelDefaultsSave(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in backend.PanelOverrides
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := in.Validate(); err != nil {
		return err
	}
	p := backend.DefaultPortalPanels().With(in)
	if err := s.PortalPanels.SavePortalPanelDefaults(r.Context(), p); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}
