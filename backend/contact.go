package backend

import (
	"context"
	"strings"
)

// Contact is a person at a client. Exactly one contact of a client is the
// primary: it receives the invitation and anything without its own address.
type Contact struct {
	ID       string `json:"id"`
	ClientID string `json:"clientId"`
	Name     string `json:"name"`
	Email    string `json:"email"`
	Phone    string `json:"phone"`
	Address  string `json:"address"`
	Primary  bool   `json:"primary"`
}

// Validate checks c before it is stored.
func (c *Contact) Validate() error {
	p := Problems{}
	c.Name = strings.TrimSpace(c.Name)
	c.Email = NormalizeEmail(c.Email)
	c.Phone = strings.TrimSpace(c.Phone)
	c.Address = strings.TrimSpace(c.Address)
	if c.Name == "" {
		p.Add("name", "Enter the contact's name.")
	}
	if c.Email != "" && !ValidEmail(c.Email) {
		p.Add("email", "Enter an email address like name@example.com.")
	}
	if len(c.Phone) > 40 {
		p.Add("phone", "Keep the phone number under 40 characters.")
	}
	return p.Err()
}

// ContactService stores client contacts.
type ContactService interface {
	// FindContacts lists a client's contacts, the primary first.
	FindContacts(ctx context.Context, clientID string) ([]*Contact, error)
	// CreateContact adds a contact; the first contact of a client becomes its
	// primary, and a new primary demotes the old one in the same transaction.
	CreateContact(ctx context.Context, c *Contact) error
	// UpdateContact returns ENOTFOUND or EINVALID; Primary=true moves the
	// primary to this contact. Unsetting the only primary is ECONFLICT.
	UpdateContact(ctx context.Context, c *Contact) error
	// DeleteContact soft-deletes a contact. Deleting the primary while others
	// remain needs newPrimaryID, one of them, which becomes primary in the
	// same transaction: ECONFLICT without it, EINVALID (field newPrimaryId)
	// for a contact that is not another of the same client's.
	DeleteContact(ctx context.Context, id, newPrimaryID string) error
}
