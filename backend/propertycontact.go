package backend

import (
	"context"
	"strings"
)

// PropertyContact is a person at a property (owner, building manager,
// tenant, …) with ticks for what they receive.
type PropertyContact struct {
	ID                   string `json:"id"`
	PropertyID           string `json:"propertyId"`
	Role                 string `json:"role"`
	Name                 string `json:"name"`
	Email                string `json:"email"`
	Phone                string `json:"phone"`
	ReceiveReports       bool   `json:"receiveReports"`
	ReceiveQuotes        bool   `json:"receiveQuotes"`
	ReceiveInvoices      bool   `json:"receiveInvoices"`
	ReceiveNotifications bool   `json:"receiveNotifications"`
}

// PropertyContactRoles are the roles a property contact may have.
var PropertyContactRoles = []string{"owner", "building_manager", "strata_manager", "facility_manager", "caretaker", "tenant", "other"}

// Validate checks c before it is stored and normalises its fields.
func (c *PropertyContact) Validate() error {
	p := Problems{}
	c.Name, c.Phone = strings.TrimSpace(c.Name), strings.TrimSpace(c.Phone)
	c.Email = NormalizeEmail(c.Email)
	if c.Role == "" {
		c.Role = "building_manager"
	} else if !contains(PropertyContactRoles, c.Role) {
		p.Add("role", "Choose a role: "+strings.Join(PropertyContactRoles, ", ")+".")
	}
	if c.Name == "" {
		p.Add("name", "Enter the contact's name.")
	} else if len(c.Name) > 200 {
		p.Add("name", "Keep the name under 200 characters.")
	}
	if c.Email != "" && !ValidEmail(c.Email) {
		p.Add("email", "Enter an email address like name@example.com.")
	}
	if c.Email == "" && (c.ReceiveReports || c.ReceiveQuotes || c.ReceiveInvoices || c.ReceiveNotifications) {
		p.Add("email", "Enter an email address to send them what is ticked.")
	}
	if len(c.Phone) > 40 {
		p.Add("phone", "Keep the phone number under 40 characters.")
	}
	return p.Err()
}

// PropertyContactService stores property contacts.
type PropertyContactService interface {
	// FindPropertyContacts lists a property's contacts; ENOTFOUND for no property.
	FindPropertyContacts(ctx context.Context, propertyID string) ([]*PropertyContact, error)
	// CreatePropertyContact returns EINVALID (field-level) or ENOTFOUND.
	CreatePropertyContact(ctx context.Context, c *PropertyContact) error
	// UpdatePropertyContact replaces the editable fields; ENOTFOUND or EINVALID.
	UpdatePropertyContact(ctx context.Context, c *PropertyContact) error
	// DeletePropertyContact removes a contact (kept as a tombstone); ENOTFOUND.
	DeletePropertyContact(ctx context.Context, id string) error
}
