package backend

import (
	"context"
	"net/mail"
	"strings"
	"time"
)

// Licence is what a user may use: the office workspace, the technician's
// work, or only the customer portals they are authorised for.
type Licence string

const (
	LicenceOffice     Licence = "office"
	LicenceTechnician Licence = "technician"
	LicenceCustomer   Licence = "customer"
)

// Valid reports whether l is a known licence.
func (l Licence) Valid() bool {
	return l == LicenceOffice || l == LicenceTechnician || l == LicenceCustomer
}

// User is a person who signs in. Customer users see only the portals of the
// clients and client groups they are authorised for.
type User struct {
	ID          string     `json:"id"`
	Email       string     `json:"email"`
	Name        string     `json:"name"`
	Licence     Licence    `json:"licence"`
	Active      bool       `json:"active"`
	LastLoginAt *time.Time `json:"lastLoginAt,omitempty"`
	CreatedAt   time.Time  `json:"createdAt"`
	UpdatedAt   time.Time  `json:"updatedAt"`
}

// IsOffice reports whether u may use the office workspace.
func (u *User) IsOffice() bool { return u != nil && u.Active && u.Licence == LicenceOffice }

// IsStaff reports whether u works for the contractor (office or technician).
func (u *User) IsStaff() bool {
	return u != nil && u.Active && (u.Licence == LicenceOffice || u.Licence == LicenceTechnician)
}

// NormalizeEmail trims and lower-cases an address for comparison and storage.
func NormalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidEmail reports whether s is one plain address (no display name, no
// line breaks), the only form that may reach a mail header.
func ValidEmail(s string) bool {
	if s == "" || len(s) > 254 || strings.ContainsAny(s, "\r\n<>,; \t\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@')+1:], ".")
}

// Validate checks u before it is stored and normalises its email.
func (u *User) Validate() error {
	p := Problems{}
	u.Email = NormalizeEmail(u.Email)
	u.Name = strings.TrimSpace(u.Name)
	if !ValidEmail(u.Email) {
		p.Add("email", "Enter an email address like name@example.com.")
	}
	if u.Name == "" {
		p.Add("name", "Enter the person's name.")
	} else if len(u.Name) > 200 {
		p.Add("name", "Keep the name under 200 characters.")
	}
	if !u.Licence.Valid() {
		p.Add("licence", "Choose a licence: office, technician or customer.")
	}
	return p.Err()
}

// MinPasswordLength is the shortest password accepted.
const MinPasswordLength = 10

// ValidatePassword checks a new password.
func ValidatePassword(pw string) error {
	p := Problems{}
	if len(pw) < MinPasswordLength {
		p.Add("password", "Use at least 10 characters.")
	} else if len(pw) > 512 {
		p.Add("password", "Use at most 512 characters.")
	}
	return p.Err()
}

// UserFilter selects users; nil fields do not filter.
type UserFilter struct {
	ID      *string  `json:"id"`
	Email   *string  `json:"email"`
	Licence *Licence `json:"licence"`
	Active  *bool    `json:"active"`
	Query   string   `json:"q"`
	Page
}

// UserUpdate changes a user; nil fields are left as they are.
type UserUpdate struct {
	Name    *string  `json:"name"`
	Email   *string  `json:"email"`
	Licence *Licence `json:"licence"`
	Active  *bool    `json:"active"`
}

// UserService stores users and their credentials.
type UserService interface {
	// FindUserByID returns ENOTFOUND if there is no such user.
	FindUserByID(ctx context.Context, id string) (*User, error)
	// FindUsers returns a page of users and the total that match.
	FindUsers(ctx context.Context, f UserFilter) ([]*User, int, error)
	// CreateUser returns EINVALID for bad fields and ECONFLICT for an email in use.
	// password may be empty: the user then signs in only after an invitation.
	CreateUser(ctx context.Context, u *User, password string) error
	// UpdateUser returns ENOTFOUND, EINVALID or ECONFLICT. Deactivating a user
	// ends their sessions in the same transaction.
	UpdateUser(ctx context.Context, id string, upd UserUpdate) (*User, error)
	// SetPassword returns EINVALID for a weak password; it ends the user's sessions.
	SetPassword(ctx context.Context, id, password string) error
	// Authenticate returns EUNAUTHORIZED for an unknown email, a wrong
	// password or an inactive user — the same error for each.
	Authenticate(ctx context.Context, email, password string) (*User, error)
}
