package backend

import "context"

// AssetInput is a new asset on a property.
type AssetInput struct {
	PropertyID string `json:"propertyId"`
	Type       string `json:"type"`
	ESM        bool   `json:"esm"`
	Location   string `json:"location"`
	Barcode    string `json:"barcode"`
}

// AssetUpdate holds the fields an edit changes; nil fields stay.
type AssetUpdate struct {
	Type     *string `json:"type"`
	ESM      *bool   `json:"esm"`
	Location *string `json:"location"`
	Barcode  *string `json:"barcode"`
}

// AssetEditService adds and edits assets, from the office and from a
// technician's own install (a property it holds).
type AssetEditService interface {
	// CreateAsset adds an asset; EINVALID with field errors, nothing written.
	CreateAsset(ctx context.Context, in AssetInput) (*AssetRow, error)
	// UpdateAsset edits one; EINVALID with field errors, ENOTFOUND.
	UpdateAsset(ctx context.Context, id string, u AssetUpdate) (*AssetRow, error)
}
