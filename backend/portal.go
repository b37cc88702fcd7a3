package backend

import (
	"context"
	"time"
)

// ViewKind says what a portal view covers.
type ViewKind string

const (
	ViewClient ViewKind = "client" // one client's portfolio
	ViewGroup  ViewKind = "group"  // every client of the group and of every group nested below it
)

// View is what a customer has chosen to look at. It lives in the session and
// changes only through the change-view action, which checks membership.
type View struct {
	Kind ViewKind `json:"kind"`
	ID   string   `json:"id"`
	Name string   `json:"name"`
	// Depth is the nesting level below the user's authorised root (0 for a root),
	// so a menu can indent sub-groups and clients.
	Depth int `json:"depth"`
}

// Scope is what every portal query is limited to: the user's view, and the
// properties the user is limited to, if any.
type Scope struct {
	UserID string
	View   View
}

// Severity of a remark, worst first.
type Severity string

const (
	SeverityCritical       Severity = "critical"
	SeverityNonCritical    Severity = "non_critical"
	SeverityNonConformance Severity = "non_conformance"
	SeverityRecommendation Severity = "recommendation"
	SeverityInformation    Severity = "information"
)

// Severities lists every severity, worst first; the index is its rank.
var Severities = []Severity{SeverityCritical, SeverityNonCritical, SeverityNonConformance, SeverityRecommendation, SeverityInformation}

// PortalProperty is a property as a customer sees it: no access details,
// no internal notes, and counts of what needs their attention.
type PortalProperty struct {
	ID              string    `json:"id"`
	Name            string    `json:"name"`
	Address         string    `json:"address"`
	State           string    `json:"state"`
	ClientID        string    `json:"clientId"`
	ClientName      string    `json:"clientName"`
	Lat             *float64  `json:"lat"`
	Lng             *float64  `json:"lng"`
	OverdueInvoices int       `json:"overdueInvoices"`
	QuotesAwaiting  int       `json:"quotesAwaiting"`
	OpenDefects     int       `json:"openDefects"` // excludes information and recommendation
	WorstSeverity   *Severity `json:"worstSeverity"`
}

// PortalPropertyFilter selects properties within a scope.
type PortalPropertyFilter struct {
	ID    *string `json:"id"`
	Query string  `json:"q"`
	Page
}

// PortalService answers the customer portal. Every method limits its
// results to the scope in SQL; what is outside it is ENOTFOUND.
type PortalService interface {
	// FindViews lists the views a customer user may choose: authorised groups
	// with the groups and clients below them, and directly linked clients.
	FindViews(ctx context.Context, userID string) ([]View, error)
	// ResolveView returns the named view if userID may use it, ENOTFOUND if not.
	ResolveView(ctx context.Context, userID string, kind ViewKind, id string) (*View, error)
	// FindPortalProperties lists the scope's active properties with their counts.
	FindPortalProperties(ctx context.Context, s Scope, f PortalPropertyFilter) ([]*PortalProperty, int, error)
}

// Session is a signed-in browser or the desktop window. Only a hash of its
// secret is stored.
type Session struct {
	ID         string    `json:"id"`
	UserID     string    `json:"userId"`
	View       *View     `json:"view"`
	CreatedAt  time.Time `json:"createdAt"`
	LastSeenAt time.Time `json:"lastSeenAt"`
}

// Session lifetimes (DESIGN.md §6).
const (
	SessionIdle     = 30 * time.Minute
	SessionAbsolute = 12 * time.Hour
	// SessionTouch limits last-seen writes to one a minute per session, so
	// reads stay reads.
	SessionTouch = time.Minute
)

// SessionService stores sessions.
type SessionService interface {
	// CreateSession starts a session for an active user and returns the token
	// to put in the cookie (id + secret).
	CreateSession(ctx context.Context, userID, ip, userAgent string) (token string, s *Session, err error)
	// FindSession checks a token and returns the session and its active user;
	// EUNAUTHORIZED for an unknown, tampered, idle or expired token.
	FindSession(ctx context.Context, token string) (*Session, *User, error)
	// SetSessionView stores the chosen portal view (already checked).
	SetSessionView(ctx context.Context, sessionID string, v View) error
	// DeleteSession ends one session.
	DeleteSession(ctx context.Context, sessionID string) error
	// AccessGeneration is a number that changes, in the same transaction,
	// with anything that can change what FindSession or
	// PortalService.ResolveView answers (other than the passing of time).
	AccessGeneration(ctx context.Context) (int64, error)
}
