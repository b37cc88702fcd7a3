package http

import (
	"net/http"

	"siteward/backend"
)

func (s *Server) registerReminderRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/settings/reminders", s.office(s.handleReminderSettings))
	s.handle(mux, "PUT /api/settings/reminders", s.office(s.handleReminderSettingsSave))
	s.handle(mux, "GET /api/clients/{id}/reminders", s.office(s.handleClientReminders))
	s.handle(mux, "PUT /api/clients/{id}/reminders", s.office(s.handleClientRemindersSave))
}

func (s *Server) handleReminderSettings(w http.ResponseWriter, r *http.Request, _ *principal) error {
	set, err := s.Reminders.GetReminderSettings(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, set)
	return nil
}

func (s *Server) handleReminderSettingsSave(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in backend.ReminderSettings
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Reminders.SaveReminderSettings(r.Context(), in); err != nil {
		return err
	}
	return s.handleReminderSettings(w, r, p)
}

func (s *Server) handleClientReminders(w http.ResponseWriter, r *http.Request, _ *principal) error {
	out, err := s.Reminders.ClientRemindersOptOut(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]bool{"optOut": out})
	return nil
}

func (s *Server) handleClientRemindersSave(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in struct {
		OptOut bool `json:"optOut"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if err := s.Reminders.SetClientReminders(r.Context(), r.PathValue("id"), in.OptOut); err != nil {
		return err
	}
	return s.handleClientReminders(w, r, p)
}
