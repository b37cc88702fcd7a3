package backend

import (
	"context"
	"time"
)

// AlertWindow is how recently a critical remark must have been published
// for an alert: older ones (history, an upgrade) are not alerted.
const AlertWindow = 30 * 24 * time.Hour

// DefectAlert is one critical-defect alert to one of a property's
// notification contacts (or, with none, the client's correspondence
// email), with its single acknowledgement.
type DefectAlert struct {
	ID             string     `json:"id"`
	RemarkID       string     `json:"remarkId"`
	PropertyID     string     `json:"propertyId"`
	PropertyName   string     `json:"propertyName"`
	Description    string     `json:"description"`
	Name           string     `json:"name"` // whom it went to
	Email          string     `json:"email,omitempty"`
	MessageID      string     `json:"messageId,omitempty"`
	AcknowledgedAt *time.Time `json:"acknowledgedAt"`
	AcknowledgedBy string     `json:"acknowledgedBy"`
	CreatedAt      time.Time  `json:"createdAt"`
}

// DefectAlertFilter selects alerts; nil fields do not filter.
type DefectAlertFilter struct {
	Acknowledged *bool
	Page
}

// AlertInfo is what the acknowledgement page shows.
type AlertInfo struct {
	Company        string     `json:"company"`
	PropertyName   string     `json:"propertyName"`
	Address        string     `json:"address"`
	Description    string     `json:"description"`
	RaisedAt       time.Time  `json:"raisedAt"`
	Name           string     `json:"name"`
	AcknowledgedAt *time.Time `json:"acknowledgedAt"`
	AcknowledgedBy string     `json:"acknowledgedBy"`
}

// DefectAlertService sends critical-defect alerts and records their
// acknowledgement.
type DefectAlertService interface {
	// SendCriticalAlerts alerts every open critical remark published within
	// AlertWindow that has no alert yet: one message per recipient, each in
	// the transaction that records it. Returns how many messages.
	SendCriticalAlerts(ctx context.Context, links MailLinks) (int, error)
	// CheckAlert returns what an acknowledgement link is about. ENOTFOUND.
	CheckAlert(ctx context.Context, token string) (*AlertInfo, error)
	// AcknowledgeAlert records who acknowledged and when; a second
	// acknowledgement changes nothing and returns the first. ENOTFOUND,
	// EINVALID for a missing name.
	AcknowledgeAlert(ctx context.Context, token, name string) (*AlertInfo, error)
	// FindAlerts lists alerts for the office, newest first.
	FindAlerts(ctx context.Context, f DefectAlertFilter) ([]*DefectAlert, int, error)
	// FindRemarkAlerts lists a remark's alerts for the office. ENOTFOUND.
	FindRemarkAlerts(ctx context.Context, remarkID string) ([]*DefectAlert, error)
	// FindPortalPropertyAlerts lists the alerts of a property in the
	// caller's view, without addresses; ENOTFOUND outside it.
	FindPortalPropertyAlerts(ctx context.Context, sc Scope, propertyID string) ([]*DefectAlert, error)
}
