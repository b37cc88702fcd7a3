package http

import (
	"net/http"
	"strings"

	"siteward/backend"
)

func (s *Server) registerInvitationRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/clients/{id}/portal-access", s.office(s.handlePortalAccess))
	s.handle(mux, "POST /api/clients/{id}/invitations", s.office(s.handleInviteClient))
	s.handle(mux, "POST /api/clients/invitations", s.office(s.handleInviteClients))
	s.handle(mux, "POST /api/clients/{id}/portal-users/{userId}/welcome", s.office(s.handleSendWelcome))
	s.handle(mux, "DELETE /api/clients/{id}/portal-users/{userId}", s.office(s.handleRemoveClientUser))
	s.handle(mux, "POST /api/client-groups/{id}/invitations", s.office(s.handleInviteGroupAccount))
	s.handle(mux, "POST /api/client-groups/{id}/accounts/{userId}/welcome", s.office(s.handleSendGroupWelcome))
	s.handle(mux, "POST /api/invitations/{id}/resend", s.office(s.handleResendInvitation))

	// Anyone with a link (or an email address): no session needed.
	s.handle(mux, "POST /api/auth/forgot", s.public(s.handleForgotPassword))
	s.handle(mux, "POST /api/auth/token", s.public(s.handleCheckToken))
	s.handle(mux, "POST /api/auth/accept", s.public(s.handleAcceptToken))
}

// fallbackBaseURL is the portal address links use while Settings names
// none: where this server listens, else (for an office user in a browser)
// the address they reached it by. Never the Host header of a guest's
// request, which anyone can write.
func (s *Server) fallbackBaseURL(r *http.Request, p *principal) string {
	if s.ListenURL != "" {
		return s.ListenURL
	}
	if p == nil || p.desktop || p.user == nil || !p.user.IsOffice() || r.Host == "" {
		return ""
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// mailLinks is what messages with links need: the company and the portal's address.
func (s *Server) mailLinks(r *http.Request, p *principal) (backend.MailLinks, error) {
	set, err := s.Settings.GetSettings(r.Context())
	if err != nil {
		return backend.MailLinks{}, err
	}
	return set.MailLinks(s.fallbackBaseURL(r, p)), nil
}

func (s *Server) handlePortalAccess(w http.ResponseWriter, r *http.Request, _ *principal) error {
	pa, err := s.Invitations.FindPortalAccess(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, pa)
	return nil
}

func (s *Server) invite(w http.ResponseWriter, r *http.Request, p *principal, ids []string) error {
	links, err := s.mailLinks(r, p)
	if err != nil {
		return err
	}
	invs, err := s.Invitations.InviteClients(r.Context(), backend.InviteRequest{ClientIDs: ids, By: p.user.ID, Links: links})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, map[string]any{"invitations": invs, "invited": len(invs)})
	return nil
}

func (s *Server) handleInviteClient(w http.ResponseWriter, r *http.Request, p *principal) error {
	return s.invite(w, r, p, []string{r.PathValue("id")})
}

func (s *Server) handleInviteClients(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in struct {
		ClientIDs []string `json:"clientIds"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	return s.invite(w, r, p, in.ClientIDs)
}

func (s *Server) handleSendGroupWelcome(w http.ResponseWriter, r *http.Request, p *principal) error {
	links, err := s.mailLinks(r, p)
	if err != nil {
		return err
	}
	inv, err := s.Invitations.SendGroupWelcome(r.Context(), r.PathValue("id"), r.PathValue("userId"), p.user.ID, links)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, inv)
	return nil
}

func (s *Server) handleSendWelcome(w http.ResponseWriter, r *http.Request, p *principal) error {
	links, err := s.mailLinks(r, p)
	if err != nil {
		return err
	}
	inv, err := s.Invitations.SendWelcome(r.Context(), r.PathValue("id"), r.PathValue("userId"), p.user.ID, links)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, inv)
	return nil
}

func (s *Server) handleRemoveClientUser(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if err := s.Invitations.RemoveClientUser(r.Context(), r.PathValue("id"), r.PathValue("userId")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) handleInviteGroupAccount(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in struct {
		Email string `json:"email"`
		Name  string `json:"name"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	links, err := s.mailLinks(r, p)
	if err != nil {
		return err
	}
	inv, err := s.Invitations.InviteGroupAccount(r.Context(), r.PathValue("id"), in.Email, in.Name, p.user.ID, links)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, inv)
	return nil
}

func (s *Server) handleResendInvitation(w http.ResponseWriter, r *http.Request, p *principal) error {
	links, err := s.mailLinks(r, p)
	if err != nil {
		return err
	}
	inv, err := s.Invitations.ResendInvitation(r.Context(), r.PathValue("id"), p.user.ID, links)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, inv)
	return nil
}

// forgotAnswer is the same whether or not the address has an account.
const forgotAnswer = "If that address has an account, a link to choose a new password is on its way. It works once, for 3 days."

func (s *Server) handleForgotPassword(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		Email string `json:"email"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	email := backend.NormalizeEmail(in.Email)
	if !backend.ValidEmail(email) {
		return &backend.Error{Code: backend.EINVALID, Message: "Enter your email address.",
			Fields: map[string]string{"email": "Enter an email address like name@example.com."}}
	}
	// Counted like failed sign-ins, so the form cannot flood an inbox.
	key, ip := "reset:"+email, clientIP(r)
	if err := s.throttle.check(key, ip); err != nil {
		return backend.Errorf(backend.ETOOMANY, "Too many requests for this address. Wait 15 minutes and try again.")
	}
	s.throttle.fail(key, ip)
	links, err := s.mailLinks(r, nil)
	if err != nil {
		return err
	}
	if err := s.Invitations.RequestPasswordReset(r.Context(), email, links); err != nil {
		return err
	}
	writeJSON(w, http.StatusAccepted, map[string]string{"message": forgotAnswer})
	return nil
}

func (s *Server) handleCheckToken(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		Token string `json:"token"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	info, err := s.Invitations.CheckToken(r.Context(), strings.TrimSpace(in.Token))
	if err != nil {
		return err
	}
	set, err := s.Settings.GetSettings(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"email": info.Email, "name": info.Name, "purpose": info.Purpose,
		"company": set.CompanyName})
	return nil
}

// handleAcceptToken sets the password and signs the person in: the link
// proved they read the mailbox, as a password would have.
func (s *Server) handleAcceptToken(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in struct {
		Token    string `json:"token"`
		Password string `json:"password"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u, err := s.Invitations.AcceptToken(r.Context(), strings.TrimSpace(in.Token), in.Password)
	if err != nil {
		return err
	}
	if p != nil && p.session != nil {
		_ = s.Sessions.DeleteSession(r.Context(), p.session.ID)
	}
	return s.startSession(w, r, u)
}
