package backend

import "context"

// RemarkInput is a new remark raised on a property, optionally on one of
// its assets and by one of its tasks.
type RemarkInput struct {
	PropertyID  string   `json:"propertyId"`
	TaskID      string   `json:"taskId"`  // "" for none
	AssetID     string   `json:"assetId"` // "" for none
	Severity    Severity `json:"severity"`
	Description string   `json:"description"`
	// ByTechnician, when set, is the technician raising it on their own
	// install: a task named must be theirs (ENOTFOUND otherwise).
	ByTechnician string `json:"-"`
}

// RemarkUpdate holds the fields an edit changes; nil fields stay. An empty
// AssetID takes the remark off its asset.
type RemarkUpdate struct {
	Severity    *Severity `json:"severity"`
	Description *string   `json:"description"`
	AssetID     *string   `json:"assetId"`
	// ByTechnician: only a remark of their own work (RemarkFilter.TechnicianID).
	ByTechnician string `json:"-"`
}

// MaxRemarkDescription bounds a remark's description (characters).
const MaxRemarkDescription = 4000

// MaxRemarkPhotoBytes bounds one photo (PNG or JPEG).
const MaxRemarkPhotoBytes = 15 << 20

// RemarkEditService raises and edits remarks and adds their photos, from
// the office and from a technician's own install; every write is captured
// for sync like any other.
type RemarkEditService interface {
	// CreateRemark raises an open, unpublished remark (numbered by the hub;
	// "pending" on a replica). EINVALID with field errors, nothing written.
	CreateRemark(ctx context.Context, in RemarkInput) (*Remark, error)
	// UpdateRemark changes severity, description or asset in one
	// transaction and audits who made the edit (remark.update): EINVALID
	// with field errors (nothing written), ENOTFOUND.
	UpdateRemark(ctx context.Context, id string, u RemarkUpdate, byUserID string) (*Remark, error)
	// AddRemarkPhoto stores a PNG or JPEG and its photo row in one
	// transaction; EINVALID for another type or an empty or too large file.
	// byTechnician as in RemarkUpdate.
	AddRemarkPhoto(ctx context.Context, remarkID string, content []byte, caption, byTechnician string) (*RemarkPhoto, error)
	// FindRemarkOfPhoto names the remark a photo belongs to; ENOTFOUND.
	FindRemarkOfPhoto(ctx context.Context, photoID string) (string, error)
}
