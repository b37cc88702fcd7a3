package backend

import (
	"context"
	"strings"
	"time"
)

// ClientGroup gathers clients (a portfolio manager's, a state's, a nation's).
// Groups nest under a parent to any depth; cycles are refused.
type ClientGroup struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	ParentID  *string   `json:"parentId"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`

	// Read-only, filled by finders.
	ParentName  string `json:"parentName,omitempty"`
	ClientCount int    `json:"clientCount"`
	ChildCount  int    `json:"childCount"`
}

// Validate checks g before it is stored.
func (g *ClientGroup) Validate() error {
	p := Problems{}
	g.Name = strings.TrimSpace(g.Name)
	if g.Name == "" {
		p.Add("name", "Enter the group's name.")
	} else if len(g.Name) > 200 {
		p.Add("name", "Keep the name under 200 characters.")
	}
	if g.ParentID != nil && *g.ParentID == "" {
		g.ParentID = nil
	}
	if g.ParentID != nil && g.ID != "" && *g.ParentID == g.ID {
		p.Add("parentId", "A group cannot be its own parent.")
	}
	return p.Err()
}

// ClientGroupFilter selects groups; nil fields do not filter.
type ClientGroupFilter struct {
	ID       *string `json:"id"`
	ParentID *string `json:"parentId"`
	Query    string  `json:"q"`
	Page
}

// ClientGroupUpdate changes a group. SetParent with ParentID nil moves the
// group to the top level.
type ClientGroupUpdate struct {
	Name      *string `json:"name"`
	SetParent bool    `json:"setParent"`
	ParentID  *string `json:"parentId"`
}

// ClientGroupDeletePlan says what deleting a group will move, shown before
// the office confirms.
type ClientGroupDeletePlan struct {
	Group       *ClientGroup `json:"group"`
	NewParent   *ClientGroup `json:"newParent"` // nil: moved to the top level / ungrouped
	Clients     int          `json:"clients"`
	ChildGroups int          `json:"childGroups"`
	Accounts    int          `json:"accounts"`
}

// ClientGroupService stores client groups and their authorised accounts.
type ClientGroupService interface {
	// FindClientGroupByID returns ENOTFOUND.
	FindClientGroupByID(ctx context.Context, id string) (*ClientGroup, error)
	FindClientGroups(ctx context.Context, f ClientGroupFilter) ([]*ClientGroup, int, error)
	// CreateClientGroup returns EINVALID, also for an unknown parent (field parentId).
	CreateClientGroup(ctx context.Context, g *ClientGroup) error
	// UpdateClientGroup returns EINVALID for a parent that would make a cycle.
	UpdateClientGroup(ctx context.Context, id string, upd ClientGroupUpdate) (*ClientGroup, error)
	// PlanClientGroupDelete returns what DeleteClientGroup would move.
	PlanClientGroupDelete(ctx context.Context, id string) (*ClientGroupDeletePlan, error)
	// DeleteClientGroup moves the group's clients and child groups to its
	// parent (or the top level) and soft-deletes it, in one transaction. Its
	// authorised accounts are authorised on the former child groups and linked
	// to the former clients, so they keep exactly what they could see.
	DeleteClientGroup(ctx context.Context, id string) error
	// SetClientGroupAccounts replaces the authorised accounts; each must be an
	// active customer user (EINVALID otherwise).
	SetClientGroupAccounts(ctx context.Context, groupID string, userIDs []string) error
	// FindClientGroupAccounts lists the authorised accounts of a group.
	FindClientGroupAccounts(ctx context.Context, groupID string) ([]*User, error)
}
