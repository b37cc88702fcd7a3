package http

import (
	"net"
	"net/http"
	"strings"

	"siteward/backend"
)

func (s *Server) registerAuthRoutes(mux *http.ServeMux) {
	s.handle(mux, "POST /api/auth/login", s.public(s.handleLogin))
	s.handle(mux, "POST /api/auth/logout", s.public(s.handleLogout))
	s.handle(mux, "GET /api/me", s.signedIn(s.handleMe))
	s.handle(mux, "POST /api/portal/view", s.signedIn(s.handlePortalView))
}

// me is the answer to login and /api/me.
type me struct {
	User    *backend.User  `json:"user"`
	View    *backend.View  `json:"view"`
	Views   []backend.View `json:"views"`
	Desktop bool           `json:"desktop"`
	Company company        `json:"company"`
	// FieldWork: a technician on the install enrolled for them (fieldwork.go).
	FieldWork bool `json:"fieldWork"`
}

// company is what every page shows of the workspace: its name and the time
// zone dates are shown in.
type company struct {
	Name     string `json:"name"`
	TimeZone string `json:"timeZone"`
}

func (s *Server) company(r *http.Request) (company, error) {
	set, err := s.Settings.GetSettings(r.Context())
	return company{Name: set.CompanyName, TimeZone: set.TimeZone}, err
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		Email    string `json:"email"`
		Password string `json:"password"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	email, ip := backend.NormalizeEmail(in.Email), clientIP(r)
	if email == "" || in.Password == "" {
		p := backend.Problems{}
		if email == "" {
			p.Add("email", "Enter your email address.")
		}
		if in.Password == "" {
			p.Add("password", "Enter your password.")
		}
		return p.Err()
	}
	if err := s.throttle.check(email, ip); err != nil {
		return err
	}
	u, err := s.Users.Authenticate(r.Context(), email, in.Password)
	if backend.ErrorCode(err) == backend.EUNAUTHORIZED {
		s.throttle.fail(email, ip)
		return err
	} else if err != nil {
		return err
	}
	s.throttle.succeed(email)
	// Rotate: whatever session the browser had ends; a new one starts.
	if c, err := r.Cookie(sessionCookie); err == nil {
		if id, _, ok := strings.Cut(c.Value, "."); ok && backend.ValidID(id) {
			_ = s.Sessions.DeleteSession(r.Context(), id)
		}
	}
	return s.startSession(w, r, u)
}

// startSession signs u in on this browser (a new session and cookie) and
// answers like login: the user, their portal views, the one view if single.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *backend.User) error {
	token, sess, err := s.Sessions.CreateSession(r.Context(), u.ID, clientIP(r), r.UserAgent())
	if err != nil {
		return err
	}
	out := me{User: u, Views: []backend.View{}}
	if out.Company, err = s.company(r); err != nil {
		return err
	}
	if u.Licence == backend.LicenceCustomer {
		if out.Views, err = s.Portal.FindViews(r.Context(), u.ID); err != nil {
			return err
		}
		if out.Views == nil {
			out.Views = []backend.View{}
		}
		if len(out.Views) == 1 {
			out.View = &out.Views[0]
			if err := s.Sessions.SetSessionView(r.Context(), sess.ID, *out.View); err != nil {
				return err
			}
		}
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int(backend.SessionAbsolute.Seconds())})
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: s.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request, p *principal) error {
	if p != nil && p.session != nil {
		if err := s.Sessions.DeleteSession(r.Context(), p.session.ID); err != nil {
			return err
		}
	}
	s.clearCookie(w)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) handleMe(w http.ResponseWriter, r *http.Request, p *principal) error {
	out := me{User: p.user, Desktop: p.desktop}
	var err error
	if out.FieldWork, err = s.fieldWorker(r.Context(), p.user); err != nil {
		return err
	}
	if out.Company, err = s.company(r); err != nil {
		return err
	}
	if p.user.Licence == backend.LicenceCustomer {
		if out.Views, err = s.Portal.FindViews(r.Context(), p.user.ID); err != nil {
			return err
		}
		v, err := s.currentView(r, p)
		if err != nil && backend.ErrorCode(err) != backend.ECONFLICT {
			return err
		}
		out.View = v
	}
	if out.Views == nil {
		out.Views = []backend.View{}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) handlePortalView(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in struct {
		Kind backend.ViewKind `json:"kind"`
		ID   string           `json:"id"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if p.user.Licence != backend.LicenceCustomer || p.session == nil {
		return backend.Errorf(backend.EFORBIDDEN, "Only customer users choose a portal view; the office opens a client's portal from the client page.")
	}
	v, err := s.Portal.ResolveView(r.Context(), p.user.ID, in.Kind, in.ID)
	if err != nil {
		return err
	}
	if err := s.Sessions.SetSessionView(r.Context(), p.session.ID, *v); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{"view": v})
	return nil
}
