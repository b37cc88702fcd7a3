package backend

import (
	"context"
	"strings"
	"time"
)

// Property is a site under a client: a building, or a tenancy in one.
// Access details are for the office and technicians only.
type Property struct {
	ID        string    `json:"id"`
	ClientID  string    `json:"clientId"`
	ParentID  *string   `json:"parentId"`
	Name      string    `json:"name"`
	Street    string    `json:"street"`
	Suburb    string    `json:"suburb"`
	State     string    `json:"state"`
	Postcode  string    `json:"postcode"`
	Lat       *float64  `json:"lat"`
	Lng       *float64  `json:"lng"`
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`

	// Office only: never serialised to a customer (see PortalProperty).
	AccessDetails   string `json:"accessDetails"`
	AccessProcedure string `json:"accessProcedure"`

	ClientName string `json:"clientName,omitempty"`
}

// AustralianStates are the state and territory codes a property may have.
var AustralianStates = []string{"NSW", "VIC", "QLD", "WA", "SA", "TAS", "ACT", "NT"}

// Address renders the one-line address.
func (p *Property) Address() string {
	parts := []string{}
	for _, s := range []string{p.Street, p.Suburb, strings.TrimSpace(p.State + " " + p.Postcode)} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}

// Validate checks p before it is stored.
func (p *Property) Validate() error {
	pr := Problems{}
	p.Name = strings.TrimSpace(p.Name)
	p.State = strings.ToUpper(strings.TrimSpace(p.State))
	p.Postcode = strings.TrimSpace(p.Postcode)
	if p.ClientID == "" {
		pr.Add("clientId", "Choose the client this property belongs to.")
	}
	if p.Name == "" {
		pr.Add("name", "Enter the property's name.")
	}
	if p.State != "" && !contains(AustralianStates, p.State) {
		pr.Add("state", "Choose a state: "+strings.Join(AustralianStates, ", ")+".")
	}
	if p.Postcode != "" && (len(p.Postcode) != 4 || strings.Trim(p.Postcode, "0123456789") != "") {
		pr.Add("postcode", "An Australian postcode has 4 digits.")
	}
	if (p.Lat == nil) != (p.Lng == nil) {
		pr.Add("lat", "Give both latitude and longitude, or neither.")
	} else if p.Lat != nil && (*p.Lat < -90 || *p.Lat > 90 || *p.Lng < -180 || *p.Lng > 180) {
		pr.Add("lat", "Latitude must be within ±90 and longitude within ±180.")
	}
	if p.ParentID != nil && *p.ParentID == "" {
		p.ParentID = nil
	}
	if p.ParentID != nil && *p.ParentID == p.ID {
		pr.Add("parentId", "A property cannot be its own parent.")
	}
	return pr.Err()
}

// PropertyFilter selects properties; nil fields do not filter.
type PropertyFilter struct {
	ID       *string `json:"id"`
	ClientID *string `json:"clientId"`
	Active   *bool   `json:"active"`
	Query    string  `json:"q"`
	Page
}

// PropertyService stores properties (office side; the portal reads through
// PortalService).
type PropertyService interface {
	// FindPropertyByID returns ENOTFOUND.
	FindPropertyByID(ctx context.Context, id string) (*Property, error)
	FindProperties(ctx context.Context, f PropertyFilter) ([]*Property, int, error)
	// CreateProperty returns EINVALID, also for an unknown client (field clientId).
	CreateProperty(ctx context.Context, p *Property) error
	// UpdateProperty replaces the editable fields of p.ID.
	UpdateProperty(ctx context.Context, p *Property) error
	// SetPropertyParent makes id a tenancy of the building parentID (nil: a
	// building of its own); ENOTFOUND, EINVALID (field parentId) for another
	// client's property, a tenancy, or a loop.
	SetPropertyParent(ctx context.Context, id string, parentID *string) (*Property, error)
}
