package backend

import (
	"context"
	"math"
	"strings"
)

// The office side of floorplans: upload a plan image of a property and pin
// its assets on it. A pin is a fraction of the image's width and height
// (0 to 1), so it stays in place however large the plan is drawn.

// FloorplanAsset is an asset of the property and where it is pinned, if anywhere.
type FloorplanAsset struct {
	ID          string   `json:"id"`
	Type        string   `json:"type"`
	Location    string   `json:"location"`
	Barcode     string   `json:"barcode"`
	ESM         bool     `json:"esm"`
	FloorplanID *string  `json:"floorplanId"`
	PinX        *float64 `json:"pinX"`
	PinY        *float64 `json:"pinY"`
}

// PropertyFloorplans is a property's plans and its assets (pinned or not).
type PropertyFloorplans struct {
	Floorplans []*Floorplan      `json:"floorplans"`
	Assets     []*FloorplanAsset `json:"assets"`
}

// FloorplanUpload is a new plan image; its type and size are read from Content.
type FloorplanUpload struct {
	PropertyID string
	Name       string
	Content    []byte
}

// AssetPin places an asset on a plan of its property.
type AssetPin struct {
	FloorplanID string  `json:"floorplanId"`
	X           float64 `json:"x"`
	Y           float64 `json:"y"`
}

// Validate checks the pin is on the plan (0 ≤ x, y ≤ 1).
func (p AssetPin) Validate() error {
	pr := Problems{}
	if !ValidID(p.FloorplanID) {
		pr.Add("floorplanId", "Choose a floorplan.")
	}
	for field, v := range map[string]float64{"x": p.X, "y": p.Y} {
		if math.IsNaN(v) || v < 0 || v > 1 {
			pr.Add(field, "Place the pin on the plan.")
		}
	}
	return pr.Err()
}

// CleanFloorplanName trims a plan's name and says what is wrong with it
// ("" when nothing is).
func CleanFloorplanName(name string) (string, string) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return name, "Enter a name, such as Ground floor."
	case len(name) > 120:
		return name, "Keep the name under 120 characters."
	}
	return name, ""
}

// FloorplanService keeps the office's floorplans and asset pins.
type FloorplanService interface {
	// FindPropertyFloorplans lists a property's plans and assets; ENOTFOUND.
	FindPropertyFloorplans(ctx context.Context, propertyID string) (*PropertyFloorplans, error)
	// CreateFloorplan stores the image and its row in one transaction; EINVALID (name, file), ENOTFOUND.
	CreateFloorplan(ctx context.Context, u *FloorplanUpload) (*Floorplan, error)
	// RenameFloorplan returns EINVALID or ENOTFOUND.
	RenameFloorplan(ctx context.Context, id, name string) (*Floorplan, error)
	// DeleteFloorplan removes a plan and the pins on it, in one transaction; ENOTFOUND.
	DeleteFloorplan(ctx context.Context, id string) error
	// PinAsset places (or moves) an asset's pin; EINVALID (off the plan,
	// or a plan of another property), ENOTFOUND.
	PinAsset(ctx context.Context, assetID string, pin AssetPin) (*FloorplanAsset, error)
	// UnpinAsset takes an asset off its plan; ENOTFOUND.
	UnpinAsset(ctx context.Context, assetID string) (*FloorplanAsset, error)
	// FindFloorplanFile names a plan's stored image; ENOTFOUND.
	FindFloorplanFile(ctx context.Context, id string) (*StoredFileRef, error)
}
