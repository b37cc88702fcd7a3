package http

import (
	"bytes"
	"encoding/json"
	"net/http"

	"siteward/backend"
)

// propertyEdit is what the office changes on a property: its details (any
// subset), or its building (parentId: an id, or null for a building of its
// own), one or the other in a request so nothing is half-written.
type propertyEdit struct {
	ParentID        json.RawMessage `json:"parentId"`
	Name            *string         `json:"name"`
	Street          *string         `json:"street"`
	Suburb          *string         `json:"suburb"`
	State           *string         `json:"state"`
	Postcode        *string         `json:"postcode"`
	AccessDetails   *string         `json:"accessDetails"`
	AccessProcedure *string         `json:"accessProcedure"`
	Active          *bool           `json:"active"`
}

// apply copies the given details onto p.
func (in *propertyEdit) apply(p *backend.Property) (changed bool) {
	for _, f := range []struct {
		from *string
		to   *string
	}{{in.Name, &p.Name}, {in.Street, &p.Street}, {in.Suburb, &p.Suburb}, {in.State, &p.State}, {in.Postcode, &p.Postcode},
		{in.AccessDetails, &p.AccessDetails}, {in.AccessProcedure, &p.AccessProcedure}} {
		if f.from != nil {
			*f.to, changed = *f.from, true
		}
	}
	if in.Active != nil {
		p.Active, changed = *in.Active, true
	}
	return changed
}

// handlePropertyUpdate is PATCH /api/properties/{id}: the details (checked
// whole, field errors beside the fields, nothing written on a refusal), or
// the building a tenancy sits in (the store refuses loops, tenancies of
// tenancies and other clients' buildings beside the field).
func (s *Server) handlePropertyUpdate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in propertyEdit
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	cur, err := s.Properties.FindPropertyByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	details := in.apply(cur)
	if len(in.ParentID) > 0 {
		if details {
			return backend.Errorf(backend.EINVALID, "Change the building on its own, apart from the property's details.")
		}
		var parent *string
		if !bytes.Equal(bytes.TrimSpace(in.ParentID), []byte("null")) {
			if err := json.Unmarshal(in.ParentID, &parent); err != nil {
				return backend.Problems{"parentId": "Name the building by its id, or null for a building of its own."}.Err()
			}
		}
		p, err := s.Properties.SetPropertyParent(r.Context(), cur.ID, parent)
		if err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, p)
		return nil
	}
	if details {
		if err := s.Properties.UpdateProperty(r.Context(), cur); err != nil {
			return err
		}
	}
	p, err := s.Properties.FindPropertyByID(r.Context(), cur.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// handlePropertyCreate is POST /api/properties: a new property of a client
// (active unless said otherwise), checked whole with field errors.
func (s *Server) handlePropertyCreate(w http.ResponseWriter, r *http.Request, _ *principal) error {
	var in struct {
		propertyEdit
		ClientID string `json:"clientId"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if len(in.ParentID) > 0 {
		return backend.Errorf(backend.EINVALID, "Create the property first, then put it in its building.")
	}
	p := &backend.Property{ClientID: in.ClientID, Active: true}
	in.apply(p)
	if err := s.Properties.CreateProperty(r.Context(), p); err != nil {
		return err
	}
	created, err := s.Properties.FindPropertyByID(r.Context(), p.ID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, created)
	return nil
}
