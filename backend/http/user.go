package http

import (
	"net/http"

	"siteward/backend"
)

// Users: the office manages every account (office, technician, customer).
func (s *Server) registerUserRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/users", s.office(s.handleUsers))
	s.handle(mux, "POST /api/users", s.office(s.handleUserCreate))
	s.handle(mux, "PATCH /api/users/{id}", s.office(s.handleUserUpdate))
}

func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request, _ *principal) error {
	pg, err := pageFrom(r)
	if err != nil {
		return err
	}
	active, err := boolParam(r, "active")
	if err != nil {
		return err
	}
	f := backend.UserFilter{Query: r.URL.Query().Get("q"), Active: active, Page: pg}
	if v := r.URL.Query().Get("licence"); v != "" {
		l := backend.Licence(v)
		if !l.Valid() {
			msg := "Choose a licence: office, technician or customer."
			return &backend.Error{Code: backend.EINVALID, Message: msg, Fields: map[string]string{"licence": msg}}
		}
		f.Licence = &l
	}
	us, total, err := s.Users.FindUsers(r.Context(), f)
	if err != nil {
		return err
	}
	writeList(w, us, total)
	return nil
}

// handleUserCreate makes an account without a password: the person sets
// one through an invitation. A customer user may be made before any client
// or group is linked (for a client-group portal).
func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		Name    string          `json:"name"`
		Email   string          `json:"email"`
		Licence backend.Licence `json:"licence"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	u := &backend.User{Name: in.Name, Email: in.Email, Licence: in.Licence, Active: true}
	if err := s.Users.CreateUser(r.Context(), u, ""); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, u)
	return nil
}

// handleUserUpdate changes a user; deactivating one ends their sessions at
// once (UserService.UpdateUser). Office users cannot deactivate themselves,
// so a workspace is never left without anyone able to sign in.
func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request, p *principal) error {
	var upd backend.UserUpdate
	if err := decodeJSON(r, &upd); err != nil {
		return err
	}
	id := r.PathValue("id")
	if id == p.user.ID && ((upd.Active != nil && !*upd.Active) || (upd.Licence != nil && *upd.Licence != backend.LicenceOffice)) {
		msg := "You cannot deactivate yourself or take away your own office licence; ask another office user."
		return &backend.Error{Code: backend.ECONFLICT, Message: msg}
	}
	u, err := s.Users.UpdateUser(r.Context(), id, upd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, u)
	return nil
}
