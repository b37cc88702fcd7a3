package http

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"siteward/backend"
)

// contentSecurityPolicy allows only what the bundled UI uses: its own
// scripts and styles (Svelte sets inline style attributes), data: images
// (ECharts exports), and nothing from any other origin.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; frame-src 'self' blob:; " +
	"frame-ancestors 'self'; base-uri 'self'; form-action 'self'"

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "SAMEORIGIN")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
		if r.TLS != nil {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) withRecover(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.error(w, r, fmt.Errorf("panic: %v", v))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// principal is who is making a request.
type principal struct {
	user    *backend.User
	session *backend.Session // nil in the desktop window
	desktop bool
	cached  *sessionEntry // the session cache's entry, for the views resolved (sessioncache.go)
}

type principalKey struct{}

func principalFrom(ctx context.Context) *principal {
	p, _ := ctx.Value(principalKey{}).(*principal)
	return p
}

const sessionCookie = "siteward_session"

// withSession attaches the signed-in user, if the cookie names a live session.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/") {
			next.ServeHTTP(w, r)
			return
		}
		c, err := r.Cookie(sessionCookie)
		if err == nil && c.Value != "" {
			sess, u, e, err := s.findSession(r.Context(), c.Value)
			switch backend.ErrorCode(err) {
			case "":
				r = r.WithContext(context.WithValue(r.Context(), principalKey{}, &principal{user: u, session: sess, cached: e}))
			case backend.EUNAUTHORIZED:
				s.clearCookie(w)
			default:
				s.error(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) withLocalUser(local *backend.User, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := &principal{user: local, desktop: true}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey{}, p)))
	})
}

// handler is a handler that returns its error; the wrapper writes it.
type handler func(w http.ResponseWriter, r *http.Request, p *principal) error

// office allows office users only: guests get 401, others 403.
func (s *Server) office(h handler) http.HandlerFunc {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request, p *principal) error {
		if !p.user.IsOffice() {
			return backend.Errorf(backend.EFORBIDDEN, "This is for office users only.")
		}
		return h(w, r, p)
	})
}

// signedIn allows any signed-in active user; guests get 401.
func (s *Server) signedIn(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p := principalFrom(r.Context())
		if p == nil || p.user == nil || !p.user.Active {
			s.error(w, r, backend.Errorf(backend.EUNAUTHORIZED, "Please sign in."))
			return
		}
		if err := h(w, r, p); err != nil {
			s.error(w, r, err)
		}
	}
}

// public runs h for anyone, signed in or not.
func (s *Server) public(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r, principalFrom(r.Context())); err != nil {
			s.error(w, r, err)
		}
	}
}
