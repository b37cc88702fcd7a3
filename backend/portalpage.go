package backend

import (
	"context"
)

// The portal's property page (seeds 002/003): beside the property's
// details, assets and tasks (PortalListService), its floorplans, public
// documents, latest published reports and the contractor signoff timeline.

// Floorplan is an image of a property with asset pins (x, y from 0 to 1).
type Floorplan struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
	Pins   int    `json:"pins"` // assets pinned on it
}

// PortalDocument is a file in a folder named "public" on the property or
// on its client; no other folder reaches the portal.
type PortalDocument struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	OnClient  bool   `json:"onClient"` // the client's, shared by all its properties
	Mime      string `json:"mime"`
	Size      int64  `json:"size"`
	CreatedAt string `json:"createdAt"`
}

// PortalReport is a published report of the property.
type PortalReport struct {
	ID          string  `json:"id"`
	Kind        string  `json:"kind"`
	Title       string  `json:"title"`
	PeriodStart *string `json:"periodStart"`
	PeriodEnd   *string `json:"periodEnd"`
	PublishedAt string  `json:"publishedAt"`
	// HasFile: there is a PDF to show, stored or drawn again from the
	// report's kind and period (GET /api/portal/latest-reports/{id}/pdf).
	HasFile bool `json:"hasFile"`
}

// Signoff is one contractor's signoff on the property or one of its ESMs.
type Signoff struct {
	ID         string  `json:"id"`
	AssetID    *string `json:"assetId"`
	AssetType  string  `json:"assetType"`
	Contractor string  `json:"contractor"`
	SignedBy   string  `json:"signedBy"`
	SignedOn   string  `json:"signedOn"`
	Comment    string  `json:"comment"`
	// DocumentID is the evidence attached, shown in the portal only when
	// it is in a public folder.
	DocumentID   *string `json:"documentId"`
	DocumentName string  `json:"documentName"`
}

// PortalPropertyPage is what the property page shows besides its lists.
type PortalPropertyPage struct {
	Property   *PortalProperty   `json:"property"`
	Floorplans []*Floorplan      `json:"floorplans"`
	Documents  []*PortalDocument `json:"documents"`
	Reports    []*PortalReport   `json:"reports"`  // latest first, at most 20
	Signoffs   []*Signoff        `json:"signoffs"` // latest first, at most 100
}

// File kinds a customer may download from the property page (its reports'
// PDFs come from the one latest-reports route).
const (
	FileFloorplan = "floorplan"
	FileDocument  = "document"
)

// StoredFileRef names a stored file and how to serve it.
type StoredFileRef struct {
	SHA256 string
	Mime   string
	Name   string
}

// PortalPageService answers the property page, limited to the scope in SQL.
type PortalPageService interface {
	// FindPortalPropertyPage returns the page of a property in the scope; ENOTFOUND otherwise.
	FindPortalPropertyPage(ctx context.Context, s Scope, propertyID string) (*PortalPropertyPage, error)
	// FindPortalFile returns a floorplan, public document or published
	// report file of a property in the scope; ENOTFOUND otherwise.
	FindPortalFile(ctx context.Context, s Scope, kind, id string) (*StoredFileRef, error)
}
