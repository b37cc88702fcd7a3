package http

import (
	"context"
	"net/http"

	"siteward/backend"
)

func (s *Server) registerPortalRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/portal/properties", s.portal(s.handlePortalProperties))
	s.handle(mux, "GET /api/portal/properties/{id}", s.portal(s.handlePortalProperty))
}

// portalHandler is a portal handler that is handed its resolved scope.
type portalHandler func(w http.ResponseWriter, r *http.Request, sc backend.Scope) error

// portal resolves the caller's scope and hands it to h. A customer's view
// comes only from their session and is re-checked on every request, so
// access removed in the office ends at once. Office users may view as a
// client or group they name (?asKind=client&asId=…), read-only.
func (s *Server) portal(h portalHandler) http.HandlerFunc {
	return s.signedIn(func(w http.ResponseWriter, r *http.Request, p *principal) error {
		var v *backend.View
		var err error
		switch {
		case p.user.Licence == backend.LicenceCustomer:
			v, err = s.currentView(r, p)
		case p.user.IsOffice():
			q := r.URL.Query()
			kind, id := backend.ViewKind(q.Get("asKind")), q.Get("asId")
			v, err = s.view(p, viewKey(true, kind, id), func() (*backend.View, error) { return s.officeView(r.Context(), kind, id) })
		default:
			err = backend.Errorf(backend.EFORBIDDEN, "The customer portal is for customers and the office.")
		}
		if err != nil {
			return err
		}
		return h(w, r, backend.Scope{UserID: p.user.ID, View: *v})
	})
}

var errChooseView = backend.Errorf(backend.ECONFLICT, "Choose a view first.")

// currentView returns the customer's session view if they may still use it.
func (s *Server) currentView(r *http.Request, p *principal) (*backend.View, error) {
	if p.session == nil || p.session.View == nil {
		return nil, errChooseView
	}
	kind, id := p.session.View.Kind, p.session.View.ID
	v, err := s.view(p, viewKey(false, kind, id), func() (*backend.View, error) {
		return s.Portal.ResolveView(r.Context(), p.user.ID, kind, id)
	})
	if backend.ErrorCode(err) == backend.ENOTFOUND {
		return nil, errChooseView
	}
	return v, err
}

// officeView is the client or group an office user is viewing as.
func (s *Server) officeView(ctx context.Context, kind backend.ViewKind, id string) (*backend.View, error) {
	switch kind {
	case backend.ViewClient:
		c, err := s.Clients.FindClientByID(ctx, id)
		if err != nil {
			return nil, err
		}
		return &backend.View{Kind: kind, ID: c.ID, Name: c.Name}, nil
	case backend.ViewGroup:
		g, err := s.ClientGroups.FindClientGroupByID(ctx, id)
		if err != nil {
			return nil, err
		}
		return &backend.View{Kind: kind, ID: g.ID, Name: g.Name}, nil
	}
	return nil, errChooseView
}

func (s *Server) handlePortalProperties(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	pg, err := pageFrom(r)
	if err != nil {
		return err
	}
	ps, total, err := s.Portal.FindPortalProperties(r.Context(), sc, backend.PortalPropertyFilter{Query: r.URL.Query().Get("q"), Page: pg})
	if err != nil {
		return err
	}
	writeList(w, ps, total)
	return nil
}

func (s *Server) handlePortalProperty(w http.ResponseWriter, r *http.Request, sc backend.Scope) error {
	id := r.PathValue("id")
	ps, _, err := s.Portal.FindPortalProperties(r.Context(), sc, backend.PortalPropertyFilter{ID: &id, Page: backend.Page{Limit: 1}})
	if err != nil {
		return err
	} else if len(ps) == 0 {
		return backend.Errorf(backend.ENOTFOUND, "Property not found.")
	}
	writeJSON(w, http.StatusOK, ps[0])
	return nil
}
