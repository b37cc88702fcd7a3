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
	return p.Err()
}

// SettingsService stores the workspace settings.
type SettingsService interface {
	// GetSettings returns the saved settings over the defaults.
	GetSettings(ctx context.Context) (Settings, error)
	// SaveSettings returns EINVALID for bad fields.
	SaveSettings(ctx context.Context, s Settings) error
}
