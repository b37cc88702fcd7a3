package backend

import (
	"context"
	"time"
)

// Remark is a defect (or a note) raised on a property, optionally on an
// asset and by the task that found it. Customers see it only once published.
type Remark struct {
	ID           string     `json:"id"`
	Number       *int       `json:"number"` // nil while an offline install waits for the hub
	PropertyID   string     `json:"propertyId"`
	PropertyName string     `json:"propertyName"`
	ClientID     string     `json:"clientId"`
	ClientName   string     `json:"clientName"`
	AssetID      *string    `json:"assetId"`
	AssetType    string     `json:"assetType,omitempty"`
	TaskID       *string    `json:"taskId"`
	Severity     Severity   `json:"severity"`
	Status       string     `json:"status"` // open, resolved
	Description  string     `json:"description"`
	RaisedAt     time.Time  `json:"raisedAt"`
	ResolvedAt   *time.Time `json:"resolvedAt"`
	Published    bool       `json:"published"`
	PublishedAt  *time.Time `json:"publishedAt"`
	UpdatedAt    time.Time  `json:"updatedAt"`
	// NeedsReview: offline sync recorded a conflict on it the office has
	// not reviewed yet (docs/sync.md).
	NeedsReview bool `json:"needsReview"`
}

// Remark statuses.
const (
	RemarkOpen     = "open"
	RemarkResolved = "resolved"
)

// MaxBulk bounds the ids one bulk action may name.
const MaxBulk = 500

// RemarkFilter selects remarks for the office; nil fields do not filter.
// Sorts: raisedAt (default, newest first), number, severity, property, status.
type RemarkFilter struct {
	ID         *string
	Severity   *Severity
	Status     *string
	Published  *bool
	ClientID   *string
	PropertyID *string
	Query      string // description, property or client name, or the number
	Page
}

// Validate checks the filter's enumerations.
func (f *RemarkFilter) Validate() error {
	p := Problems{}
	if f.Severity != nil && !contains(severityNames(), string(*f.Severity)) {
		p.Add("severity", "Choose a severity: critical, non_critical, non_conformance, recommendation or information.")
	}
	if f.Status != nil && *f.Status != RemarkOpen && *f.Status != RemarkResolved {
		p.Add("status", "Choose open or resolved.")
	}
	return p.Err()
}

func severityNames() []string {
	out := make([]string, len(Severities))
	for i, s := range Severities {
		out[i] = string(s)
	}
	return out
}

// RemarkService is the office's side of remarks.
type RemarkService interface {
	// FindRemarks returns a page of remarks and the total; EINVALID for a bad filter.
	FindRemarks(ctx context.Context, f RemarkFilter) ([]*Remark, int, error)
	// FindRemarkByID returns ENOTFOUND.
	FindRemarkByID(ctx context.Context, id string) (*Remark, error)
	// SetRemarksPublished publishes (or unpublishes) every remark in ids in
	// one transaction and returns how many changed; a remark already in that
	// state keeps its published date. EINVALID for no ids or more than
	// MaxBulk, ENOTFOUND (nothing changed) if any id is not a remark.
	SetRemarksPublished(ctx context.Context, ids []string, published bool) (int, error)
	// ResolveRemark marks a remark resolved now; ECONFLICT if it already is.
	ResolveRemark(ctx context.Context, id string) (*Remark, error)
	// ReopenRemark opens a resolved remark again; ECONFLICT if it is open.
	ReopenRemark(ctx context.Context, id string) (*Remark, error)
	// UpdateRemark applies an office edit in one transaction and audits who
	// made it: EINVALID with field errors (nothing written), ENOTFOUND.
	UpdateRemark(ctx context.Context, id string, u RemarkUpdate, byUserID string) (*Remark, error)
}

// RemarkUpdate holds the fields an office edit of a remark changes; nil
// fields stay. An empty AssetID takes the remark off its asset.
type RemarkUpdate struct {
	Severity    *Severity `json:"severity"`
	Description *string   `json:"description"`
	AssetID     *string   `json:"assetId"`
}

// MaxRemarkDescription bounds a remark's description (characters).
const MaxRemarkDescription = 4000
