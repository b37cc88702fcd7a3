package backend

import (
	"context"
	"sort"
	"strings"
)

// Which portal main-page panels show: a default for every client (Control
// Panel > Customer Portal) and per-client overrides ("Customise" on the
// client page). A group view shows the defaults.

// PanelOverrides maps a panel's JSON name (PortalPanelNames) to shown or
// hidden; a panel not in the map follows the default.
type PanelOverrides map[string]bool

// PortalPanelNames are the panels' JSON names, in page order.
var PortalPanelNames = []string{"map", "activity", "defects", "routines", "serviceCalls", "spend"}

func (p *PortalPanels) field(name string) *bool {
	switch name {
	case "map":
		return &p.Map
	case "activity":
		return &p.Activity
	case "defects":
		return &p.Defects
	case "routines":
		return &p.Routines
	case "serviceCalls":
		return &p.ServiceCalls
	case "spend":
		return &p.Spend
	}
	return nil
}

// With returns p with the overrides applied.
func (p PortalPanels) With(o PanelOverrides) PortalPanels {
	for name, shown := range o {
		if f := p.field(name); f != nil {
			*f = shown
		}
	}
	return p
}

// Validate returns EINVALID (field panels) for a name that is not a panel.
func (o PanelOverrides) Validate() error {
	var unknown []string
	var empty PortalPanels
	for name := range o {
		if empty.field(name) == nil {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	sort.Strings(unknown)
	msg := "Unknown panel: " + strings.Join(unknown, ", ") + ". The panels are " + strings.Join(PortalPanelNames, ", ") + "."
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"panels": msg}}
}

// ClientPortalPanels is what the Customise dialog shows for one client.
type ClientPortalPanels struct {
	Defaults  PortalPanels   `json:"defaults"`
	Overrides PanelOverrides `json:"overrides"`
	Effective PortalPanels   `json:"effective"`
}

// PortalPanelService stores which panels the portal shows.
type PortalPanelService interface {
	GetPortalPanelDefaults(ctx context.Context) (PortalPanels, error)
	SavePortalPanelDefaults(ctx context.Context, p PortalPanels) error
	// GetClientPortalPanels returns ENOTFOUND for an unknown client.
	GetClientPortalPanels(ctx context.Context, clientID string) (*ClientPortalPanels, error)
	// SaveClientPortalPanels replaces the client's overrides; EINVALID for an
	// unknown panel, ENOTFOUND for an unknown client.
	SaveClientPortalPanels(ctx context.Context, clientID string, o PanelOverrides) (*ClientPortalPanels, error)
}
