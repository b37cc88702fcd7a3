package backend

import (
	"context"
	"time"
)

// PortalUsage is how one client or client group uses the portal: its
// directly authorised active customer users, and the portal sign-ins into
// its view (the last one, and how many in the last 30 days).
type PortalUsage struct {
	Kind         ViewKind   `json:"kind"`
	ID           string     `json:"id"`
	Name         string     `json:"name"`
	Users        int        `json:"users"`
	LastSignInAt *time.Time `json:"lastSignInAt"`
	SignIns30d   int        `json:"signIns30d"`
}

// PortalUsageFilter selects entities of one kind; sorts: name, users,
// lastSignIn, signIns30d.
type PortalUsageFilter struct {
	Kind  ViewKind `json:"kind"`
	Query string   `json:"q"`
	Page
}

// PortalUsageService reports portal usage.
type PortalUsageService interface {
	// FindPortalUsage returns EINVALID (field kind) for a kind other than client or group.
	FindPortalUsage(ctx context.Context, f PortalUsageFilter) ([]*PortalUsage, int, error)
}
