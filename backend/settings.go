package backend

import (
	"context"
	"strings"
	"time"
)

// Settings are the workspace-wide settings the office edits in the control panel.
type Settings struct {
	CompanyName string `json:"companyName"`
	TimeZone    string `json:"timeZone"` // IANA name; month buckets and "overdue" follow it
	// PortalURL is the portal's address as customers reach it; links in
	// emails are built from it. Empty: the address the office is using.
	PortalURL string `json:"portalUrl"`
	// ContactPhone and ContactEmail are how customers reach the office;
	// every message's footer shows them.
	ContactPhone string `json:"contactPhone"`
	ContactEmail string `json:"contactEmail"`
	// Logo is set and removed only by SaveLogo and RemoveLogo; SaveSettings
	// keeps the stored one. Nil: no logo.
	Logo *CompanyLogo `json:"logo"`
}

// DefaultSettings are used for anything never saved.
func DefaultSettings() Settings {
	return Settings{CompanyName: "Siteward", TimeZone: "Australia/Sydney"}
}

// Location returns the time zone, UTC if the name is unknown to this machine.
func (s Settings) Location() *time.Location {
	if loc, err := time.LoadLocation(s.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// Validate checks s before it is stored.
func (s *Settings) Validate() error {
	p := Problems{}
	s.CompanyName = strings.TrimSpace(s.CompanyName)
	if s.CompanyName == "" {
		p.Add("companyName", "Enter your company's name.")
	} else if len(s.CompanyName) > 200 {
		p.Add("companyName", "Keep the name under 200 characters.")
	}
	if _, err := time.LoadLocation(s.TimeZone); err != nil || s.TimeZone == "" || s.TimeZone == "Local" {
		p.Add("timeZone", "Choose a time zone such as Australia/Sydney.")
	}
	if u, ok := NormalizeBaseURL(s.PortalURL); ok {
		s.PortalURL = u
	} else {
		p.Add("portalUrl", "Enter the portal's address as customers type it, like https://portal.example.com:8443, or leave it empty.")
	}
	s.ContactPhone = SingleLine(s.ContactPhone)
	s.ContactEmail = NormalizeEmail(s.ContactEmail)
	if len(s.ContactPhone) > 40 || strings.Trim(s.ContactPhone, "0123456789+()-. ") != "" {
		p.Add("contactPhone", "Enter a phone number with digits, spaces, + ( ) - only, or leave it empty.")
	}
	if s.ContactEmail != "" && !ValidEmail(s.ContactEmail) {
		p.Add("contactEmail", "Enter an email address like office@example.com, or leave it empty.")
	}
	return p.Err()
}

// MailLinks is what messages need from the settings: the company as every
// message shows it and the portal's address; fallbackBase is used while
// PortalURL is empty.
func (s Settings) MailLinks(fallbackBase string) MailLinks {
	base := s.PortalURL
	if base == "" {
		base = fallbackBase
	}
	return MailLinks{Company: s.CompanyName, BaseURL: base, Phone: s.ContactPhone, Email: s.ContactEmail, Logo: s.Logo}
}

// SettingsService stores the workspace settings.
type SettingsService interface {
	// GetSettings returns the saved settings over the defaults.
	GetSettings(ctx context.Context) (Settings, error)
	// SaveSettings returns EINVALID for bad fields.
	SaveSettings(ctx context.Context, s Settings) error
	// SaveLogo checks content (CheckLogo), stores it in the file store with
	// its files row and makes it the logo, in one transaction; a bad image
	// is EINVALID (field "logo") and writes nothing.
	SaveLogo(ctx context.Context, content []byte) (Settings, error)
	// RemoveLogo leaves the workspace without a logo (the file stays: old
	// messages still show it).
	RemoveLogo(ctx context.Context) (Settings, error)
}
