package backend

import (
	"context"
	"strings"
	"time"
)

// SignoffInput is a contractor's signoff the office records on a property,
// optionally of one of its assets and with a document as evidence (a
// document of the property or of its client).
type SignoffInput struct {
	PropertyID string  `json:"-"`
	AssetID    *string `json:"assetId"`
	Contractor string  `json:"contractor"`
	SignedBy   string  `json:"signedBy"`
	SignedOn   string  `json:"signedOn"` // YYYY-MM-DD
	Comment    string  `json:"comment"`
	DocumentID *string `json:"documentId"`
}

// Validate checks and trims the signoff; today is the last date it may carry.
func (s *SignoffInput) Validate(today time.Time) error {
	p := Problems{}
	s.Contractor, s.SignedBy, s.Comment = strings.TrimSpace(s.Contractor), strings.TrimSpace(s.SignedBy), strings.TrimSpace(s.Comment)
	if s.Contractor == "" {
		p.Add("contractor", "Enter the contractor or company that signed off.")
	} else if len(s.Contractor) > 200 {
		p.Add("contractor", "Keep the contractor under 200 characters.")
	}
	if s.SignedBy == "" {
		p.Add("signedBy", "Enter who signed.")
	} else if len(s.SignedBy) > 200 {
		p.Add("signedBy", "Keep the name under 200 characters.")
	}
	if d, err := time.Parse(time.DateOnly, s.SignedOn); err != nil {
		p.Add("signedOn", "Enter the date it was signed.")
	} else if d.After(today.AddDate(0, 0, 1)) {
		p.Add("signedOn", "The date cannot be in the future.")
	}
	if len(s.Comment) > 2000 {
		p.Add("comment", "Keep the note under 2,000 characters.")
	}
	if s.AssetID != nil && *s.AssetID == "" {
		s.AssetID = nil
	}
	if s.DocumentID != nil && *s.DocumentID == "" {
		s.DocumentID = nil
	}
	return p.Err()
}

// SignoffService keeps the contractor signoff timeline of each property.
type SignoffService interface {
	// FindSignoffs lists a property's signoffs, latest first; ENOTFOUND.
	FindSignoffs(ctx context.Context, propertyID string) ([]*Signoff, error)
	// CreateSignoff returns EINVALID (field-level, also for an asset or
	// document not of the property) or ENOTFOUND.
	CreateSignoff(ctx context.Context, s *SignoffInput) (*Signoff, error)
	// DeleteSignoff removes a signoff (a tombstone); ENOTFOUND.
	DeleteSignoff(ctx context.Context, id string) error
}
