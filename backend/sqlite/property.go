package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"siteward/backend"
)

// PropertyService implements backend.PropertyService (the office's side).
type PropertyService struct{ db *DB }

// NewPropertyService returns a PropertyService on db.
func NewPropertyService(db *DB) *PropertyService { return &PropertyService{db: db} }

var _ backend.PropertyService = (*PropertyService)(nil)

func (s *PropertyService) FindPropertyByID(ctx context.Context, id string) (p *backend.Property, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		p, err = findPropertyByID(ctx, tx, id)
		return err
	})
	return p, err
}

func findPropertyByID(ctx context.Context, tx *Tx, id string) (*backend.Property, error) {
	ps, _, err := findProperties(ctx, tx, backend.PropertyFilter{ID: &id, Page: backend.Page{Limit: 1}})
	if err != nil {
		return nil, err
	} else if len(ps) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "Property not found.")
	}
	return ps[0], nil
}

func (s *PropertyService) FindProperties(ctx context.Context, f backend.PropertyFilter) (ps []*backend.Property, n int, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		ps, n, err = findProperties(ctx, tx, f)
		return err
	})
	return ps, n, err
}

func findProperties(ctx context.Context, tx *Tx, f backend.PropertyFilter) ([]*backend.Property, int, error) {
	f.Normalize()
	w := where{"p.deleted_at IS NULL"}
	var args []any
	if f.ID != nil {
		w, args = append(w, "p.id = ?"), append(args, *f.ID)
	}
	if f.ClientID != nil {
		w, args = append(w, "p.client_id = ?"), append(args, *f.ClientID)
	}
	if f.Active != nil {
		w, args = append(w, "p.active = ?"), append(args, *f.Active)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		pat := likeArg(q)
		w, args = append(w, `(p.name LIKE ? ESCAPE '\' OR p.street LIKE ? ESCAPE '\' OR p.suburb LIKE ? ESCAPE '\')`), append(args, pat, pat, pat)
	}
	col, desc := f.SortKey("name", "name", "suburb", "state", "client", "createdAt")
	order := map[string]string{"name": "p.name COLLATE NOCASE", "suburb": "p.suburb", "state": "p.state",
		"client": "c.name COLLATE NOCASE", "createdAt": "p.created_at"}[col]
	rows, err := tx.QueryContext(ctx, `SELECT p.id, p.client_id, p.parent_id, p.name, p.street, p.suburb, p.state, p.postcode,
		p.lat, p.lng, p.active, p.access_details, p.access_procedure, p.created_at, p.updated_at, c.name, COUNT(*) OVER ()
		FROM properties p JOIN clients c ON c.id = p.client_id`+w.sql()+` ORDER BY `+order+dir(desc)+`, p.id LIMIT ? OFFSET ?`,
		append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*backend.Property
	var total int
	for rows.Next() {
		var p backend.Property
		var parent sql.NullString
		var lat, lng sql.NullFloat64
		var created, updated string
		if err := rows.Scan(&p.ID, &p.ClientID, &parent, &p.Name, &p.Street, &p.Suburb, &p.State, &p.Postcode, &lat, &lng,
			&p.Active, &p.AccessDetails, &p.AccessProcedure, &created, &updated, &p.ClientName, &total); err != nil {
			return nil, 0, err
		}
		if parent.Valid {
			p.ParentID = &parent.String
		}
		if lat.Valid && lng.Valid {
			p.Lat, p.Lng = &lat.Float64, &lng.Float64
		}
		p.CreatedAt, _ = backend.ParseTime(created)
		p.UpdatedAt, _ = backend.ParseTime(updated)
		out = append(out, &p)
	}
	return out, total, rows.Err()
}

func (s *PropertyService) CreateProperty(ctx context.Context, p *backend.Property) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if err := checkPropertyRefs(ctx, tx, p); err != nil {
			return err
		}
		if p.ID == "" {
			p.ID = backend.NewID()
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO properties (id, client_id, parent_id, name, street, suburb, state, postcode,
			lat, lng, active, access_details, access_procedure, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			p.ID, p.ClientID, p.ParentID, p.Name, p.Street, p.Suburb, p.State, p.Postcode, p.Lat, p.Lng, p.Active,
			p.AccessDetails, p.AccessProcedure, tx.now, tx.now)
		p.CreatedAt, _ = backend.ParseTime(tx.now)
		p.UpdatedAt = p.CreatedAt
		return err
	})
}

// checkPropertyRefs checks the client exists and a parent property (a
// building holding tenancies) belongs to the same client and is not a tenancy itself.
func checkPropertyRefs(ctx context.Context, tx *Tx, p *backend.Property) error {
	if _, err := findClientByID(ctx, tx, p.ClientID); err != nil {
		return fieldErr(err, "clientId", "Choose an existing client.")
	}
	// An existing building keeps its tenancies one level deep and with its
	// client, so no chain of parents can loop.
	var tenancies, elsewhere int
	if p.ID != "" {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(*) FILTER (WHERE client_id <> ?) FROM properties
			WHERE parent_id = ? AND deleted_at IS NULL`, p.ClientID, p.ID).Scan(&tenancies, &elsewhere); err != nil {
			return err
		}
		if elsewhere > 0 {
			msg := "This building's tenancies belong to its current client: move them first."
			return &backend.Error{Code: backend.EINVALID, Message: msg, Fields: map[string]string{"clientId": msg}}
		}
	}
	if p.ParentID == nil {
		return nil
	}
	parent, err := findPropertyByID(ctx, tx, *p.ParentID)
	if err != nil {
		return fieldErr(err, "parentId", "Choose an existing property as the building.")
	}
	var msg string
	switch {
	case parent.ClientID != p.ClientID:
		msg = parent.Name + " belongs to another client (" + parent.ClientName + "); a tenancy must be in a building of its own client."
	case parent.ParentID != nil && *parent.ParentID == p.ID:
		msg = parent.Name + " is a tenancy of this property, so this property cannot also be its tenancy: that would be a loop."
	case parent.ParentID != nil:
		msg = parent.Name + " is itself a tenancy in another building; choose that building instead."
	case tenancies > 0:
		msg = "This building has tenancies, so it cannot become a tenancy itself."
	default:
		return nil
	}
	return &backend.Error{Code: backend.EINVALID, Message: msg, Fields: map[string]string{"parentId": msg}}
}

func (s *PropertyService) UpdateProperty(ctx context.Context, p *backend.Property) error {
	if err := p.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findPropertyByID(ctx, tx, p.ID); err != nil {
			return err
		}
		if err := checkPropertyRefs(ctx, tx, p); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE properties SET client_id = ?, parent_id = ?, name = ?, street = ?, suburb = ?, state = ?,
			postcode = ?, lat = ?, lng = ?, active = ?, access_details = ?, access_procedure = ?, updated_at = ? WHERE id = ?`,
			p.ClientID, p.ParentID, p.Name, p.Street, p.Suburb, p.State, p.Postcode, p.Lat, p.Lng, p.Active,
			p.AccessDetails, p.AccessProcedure, tx.now, p.ID)
		return err
	})
}
