package http

import (
	"net/http"

	"siteward/backend"
)

func (s *Server) registerClientGroupRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/client-groups", s.office(s.handleClientGroups))
	s.handle(mux, "GET /api/client-groups/{id}", s.office(s.handleClientGroup))
	s.handle(mux, "POST /api/client-groups", s.office(s.handleClientGroupCreate))
	s.handle(mux, "PATCH /api/client-groups/{id}", s.office(s.handleClientGroupUpdate))
	s.handle(mux, "GET /api/client-groups/{id}/delete-plan", s.office(s.handleClientGroupDeletePlan))
	s.handle(mux, "DELETE /api/client-groups/{id}", s.office(s.handleClientGroupDelete))
	s.handle(mux, "GET /api/client-groups/{id}/accounts", s.office(s.handleClientGroupAccounts))
	s.handle(mux, "PUT /api/client-groups/{id}/accounts", s.office(s.handleClientGroupAccountsSet))
}

func (s *Server) handleClientGroups(w http.ResponseWriter, r *http.Request, _ *principal) error {
	pg, err := pageFrom(r)
	if err != nil {
		return err
	}
	gs, total, err := s.ClientGroups.FindClientGroups(r.Context(), backend.ClientGroupFilter{
		Query: r.URL.Query().Get("q"), ParentID: strParam(r, "parentId"), Page: pg})
	if err != nil {
		return err
	}
	writeList(w, gs, total)
	return nil
}

func (s *Server) handleClientGroup(w http.ResponseWriter, r *http.Request, _ *principal) error {
	g, err := s.ClientGroups.FindClientGroupByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, g)
	return nil
}

func (s *Server) handleClientGroupCreate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		Name     string  `json:"name"`
		ParentID *string `json:"parentId"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	g := &backend.ClientGroup{Name: in.Name, ParentID: in.ParentID}
	if err := s.ClientGroups.CreateClientGroup(r.Context(), g); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, g)
	return nil
}

func (s *Server) handleClientGroupUpdate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var upd backend.ClientGroupUpdate
	if err := decodeJSON(r, &upd); err != nil {
		return err
	}
	g, err := s.ClientGroups.UpdateClientGroup(r.Context(), r.PathValue("id"), upd)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, g)
	return nil
}

func (s *Server) handleClientGroupDeletePlan(w http.ResponseWriter, r *http.Request, _ *principal) error {
	p, err := s.ClientGroups.PlanClientGroupDelete(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// handleClientGroupDelete answers with the plan it carried out, so the UI
// can say where everything went.
func (s *Server) handleClientGroupDelete(w http.ResponseWriter, r *http.Request, _ *principal) error {
	id := r.PathValue("id")
	p, err := s.ClientGroups.PlanClientGroupDelete(r.Context(), id)
	if err != nil {
		return err
	}
	if err := s.ClientGroups.DeleteClientGroup(r.Context(), id); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

func (s *Server) handleClientGroupAccounts(w http.ResponseWriter, r *http.Request, _ *principal) error {
	id := r.PathValue("id")
	if _, err := s.ClientGroups.FindClientGroupByID(r.Context(), id); err != nil {
		return err
	}
	us, err := s.ClientGroups.FindClientGroupAccounts(r.Context(), id)
	if err != nil {
		return err
	}
	writeList(w, us, len(us))
	return nil
}

func (s *Server) handleClientGroupAccountsSet(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		UserIDs []string `json:"userIds"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	id := r.PathValue("id")
	if err := s.ClientGroups.SetClientGroupAccounts(r.Context(), id, in.UserIDs); err != nil {
		return err
	}
	us, err := s.ClientGroups.FindClientGroupAccounts(r.Context(), id)
	if err != nil {
		return err
	}
	writeList(w, us, len(us))
	return nil
}
