package http

import (
	"net/http"

	"siteward/backend"
)

// registerRoutineRoutes: a property's routines and Customer Data >
// Routines (office only). Saving a routine answers with what it did to the
// routine's upcoming tasks.
func (s *Server) registerRoutineRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/routines", s.office(s.handleRoutines))
	s.handle(mux, "GET /api/routines/{id}", s.office(s.handleRoutine))
	s.handle(mux, "POST /api/routines", s.office(s.handleRoutineCreate))
	s.handle(mux, "PATCH /api/routines/{id}", s.office(s.handleRoutineUpdate))
}

// routineFilter reads the list's filters (also the export's).
func routineFilter(r *http.Request) (backend.RoutineFilter, error) {
	pg, err := pageFrom(r)
	if err != nil {
		return backend.RoutineFilter{}, err
	}
	active, err := boolParam(r, "active")
	return backend.RoutineFilter{PropertyID: strParam(r, "propertyId"), ClientID: strParam(r, "clientId"), Active: active,
		Query: r.URL.Query().Get("q"), Page: pg}, err
}

func (s *Server) handleRoutines(w http.ResponseWriter, r *http.Request, _ *principal) error {
	f, err := routineFilter(r)
	if err != nil {
		return err
	}
	rs, total, err := s.Routines.FindRoutines(r.Context(), f)
	if err != nil {
		return err
	}
	writeList(w, rs, total)
	return nil
}

func (s *Server) handleRoutine(w http.ResponseWriter, r *http.Request, _ *principal) error {
	rt, err := s.Routines.FindRoutineByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, rt)
	return nil
}

type routineInput struct {
	PropertyID      string   `json:"propertyId"`
	Name            string   `json:"name"`
	Standard        string   `json:"standard"`
	FrequencyMonths int      `json:"frequencyMonths"`
	AssetTypes      []string `json:"assetTypes"`
	ToleranceDays   int      `json:"toleranceDays"`
	StartsOn        string   `json:"startsOn"`
	Active          *bool    `json:"active"` // default true
}

func (in routineInput) routine() *backend.Routine {
	return &backend.Routine{PropertyID: in.PropertyID, Name: in.Name, Standard: in.Standard, FrequencyMonths: in.FrequencyMonths,
		AssetTypes: in.AssetTypes, ToleranceDays: in.ToleranceDays, StartsOn: in.StartsOn, Active: in.Active == nil || *in.Active}
}

type routineSaved struct {
	Routine *backend.Routine            `json:"routine"`
	Tasks   *backend.RoutineTasksChange `json:"tasks"`
}

func (s *Server) handleRoutineCreate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in routineInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	rt := in.routine()
	change, err := s.Routines.CreateRoutine(r.Context(), rt)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, routineSaved{rt, change})
	return nil
}

func (s *Server) handleRoutineUpdate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in routineInput
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	rt := in.routine()
	rt.ID = r.PathValue("id")
	change, err := s.Routines.UpdateRoutine(r.Context(), rt)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, routineSaved{rt, change})
	return nil
}
