package http

import (
	"net/http"
	"slices"

	"siteward/backend"
)

// Settings > Email, the outbox and invitations: every route is the office's,
// except the three set-password routes under /api/auth/ (invitation.go).
func (s *Server) registerEmailRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/settings/email", s.office(s.handleEmailSettings))
	s.handle(mux, "PUT /api/settings/email", s.office(s.handleEmailSettingsSave))
	s.handle(mux, "POST /api/settings/email/test", s.office(s.handleTestEmail))

	s.handle(mux, "GET /api/outbox", s.office(s.handleOutbox))
	s.handle(mux, "GET /api/outbox/counts", s.office(s.handleOutboxCounts))
	s.handle(mux, "GET /api/outbox/{id}", s.office(s.handleOutboxMessage))
	s.handle(mux, "GET /api/outbox/{id}/html", s.office(s.handleOutboxHTML))
	s.handle(mux, "GET /api/outbox/{id}/attachments/{n}", s.office(s.handleOutboxAttachment))
	s.handle(mux, "POST /api/outbox/{id}/retry", s.office(s.handleOutboxRetry))
	s.handle(mux, "POST /api/outbox/{id}/cancel", s.office(s.handleOutboxCancel))

	s.registerInvitationRoutes(mux)
	s.registerReminderRoutes(mux)
	s.registerDefectAlertRoutes(mux)
}

// Settings > Email is the mail account (never its password); the portal
// address links are built from is Settings > Company's.
func (s *Server) handleEmailSettings(w http.ResponseWriter, r *http.Request, _ *principal) error {
	st, err := s.EmailSetup.GetEmailSettings(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func (s *Server) handleEmailSettingsSave(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in backend.EmailSettingsUpdate
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	st, err := s.EmailSetup.SaveEmailSettings(r.Context(), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}

func (s *Server) handleTestEmail(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		To string `json:"to"`
		// Settings, when given, are tried as they are in the form, before
		// they are saved; a nil password there means the stored one.
		Settings *backend.EmailSettingsUpdate `json:"settings"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if s.TestEmail == nil {
		return backend.Errorf(backend.EUNAVAILABLE, "Mail is not available in this build.")
	}
	if err := s.TestEmail.SendTestEmail(r.Context(), in.Settings, in.To); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]string{"message": "The mail server accepted the test email for " +
		backend.NormalizeEmail(in.To) + ". Check that it arrived."})
	return nil
}

func (s *Server) handleOutbox(w http.ResponseWriter, r *http.Request, _ *principal) error {
	pg, err := pageFrom(r)
	if err != nil {
		return err
	}
	f := backend.OutboxFilter{ClientID: nonEmptyParam(r, "clientId"), Kind: nonEmptyParam(r, "kind"), Page: pg}
	if v := r.URL.Query().Get("status"); v != "" {
		st := backend.OutboxStatus(v)
		if !slices.Contains(backend.OutboxStatuses, st) {
			return &backend.Error{Code: backend.EINVALID, Message: "Choose a status from the list.",
				Fields: map[string]string{"status": "Choose queued, sending, sent, failed, uncertain or cancelled."}}
		}
		f.Status = &st
	}
	ms, total, err := s.Outbox.FindMessages(r.Context(), f)
	if err != nil {
		return err
	}
	// The list shows headers and state; bodies come with one message.
	for _, m := range ms {
		m.TextBody, m.HTMLBody = "", ""
	}
	writeList(w, ms, total)
	return nil
}

func (s *Server) handleOutboxCounts(w http.ResponseWriter, r *http.Request, _ *principal) error {
	counts, err := s.Outbox.CountMessages(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"counts": counts,
		"needsAttention": counts[backend.OutboxFailed] + counts[backend.OutboxUncertain]})
	return nil
}

func (s *Server) handleOutboxMessage(w http.ResponseWriter, r *http.Request, _ *principal) error {
	m, err := s.Outbox.FindMessageByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

// emailCSP lets a message's HTML show (inline styles, embedded images) and
// nothing else: no scripts, no requests, no forms; sandboxed even when the
// page is opened on its own rather than in the viewer's iframe.
const emailCSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"

func (s *Server) handleOutboxHTML(w http.ResponseWriter, r *http.Request, _ *principal) error {
	m, err := s.Outbox.FindMessageByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if m.HTMLBody == "" {
		return backend.Errorf(backend.ENOTFOUND, "This message has no HTML part.")
	}
	h := w.Header()
	h.Set("Content-Security-Policy", emailCSP)
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(s.inlineImagesAsData(m)))
	return nil
}

func (s *Server) handleOutboxRetry(w http.ResponseWriter, r *http.Request, _ *principal) error {
	m, err := s.Outbox.RetryMessage(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

func (s *Server) handleOutboxCancel(w http.ResponseWriter, r *http.Request, _ *principal) error {
	m, err := s.Outbox.CancelMessage(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, m)
	return nil
}

// nonEmptyParam is a query parameter that filters only when it has a value
// (a form's "all" option sends it empty).
func nonEmptyParam(r *http.Request, name string) *string {
	if v := r.URL.Query().Get(name); v != "" {
		return &v
	}
	return nil
}
