package backend

import (
	"context"
	"slices"
)

// The portal's detailed lists behind its counts and chart bars (the
// overlays of seed 002): defects (published remarks), tasks and assets.

// Defect is a published remark as a customer sees it.
type Defect struct {
	ID           string   `json:"id"`
	Number       *int     `json:"number"`
	PropertyID   string   `json:"propertyId"`
	PropertyName string   `json:"propertyName"`
	AssetID      *string  `json:"assetId"`
	AssetType    string   `json:"assetType"`
	Location     string   `json:"location"` // the asset's
	Severity     Severity `json:"severity"`
	Status       string   `json:"status"` // open or resolved
	Description  string   `json:"description"`
	RaisedAt     string   `json:"raisedAt"`
	ResolvedAt   *string  `json:"resolvedAt"`
}

// DefectFilter selects published remarks within a scope.
type DefectFilter struct {
	PropertyID  *string
	AssetID     *string
	Severity    *Severity
	Status      *string // open or resolved
	Serious     bool    // leave out information and recommendation (the properties panel's count)
	RaisedMonth *string // "YYYY-MM" in the workspace's time zone
	AssetType   *string
	Query       string
	Page
}

// Validate checks the filter's values.
func (f *DefectFilter) Validate() error {
	p := Problems{}
	if f.Severity != nil && !slices.Contains(Severities, *f.Severity) {
		p.Add("severity", "Choose a severity such as critical.")
	}
	if f.Status != nil && *f.Status != "open" && *f.Status != "resolved" {
		p.Add("status", "Choose open or resolved.")
	}
	if f.RaisedMonth != nil && !ValidMonth(*f.RaisedMonth) {
		p.Add("raisedMonth", "Use a month such as 2026-01.")
	}
	return p.Err()
}

// Task kinds the portal lists.
const (
	TaskRoutine     = "routine"
	TaskServiceCall = "service_call"
	TaskOther       = "other"
)

// PortalTask is a task as a customer sees it.
type PortalTask struct {
	ID           string           `json:"id"`
	Number       *int             `json:"number"`
	PropertyID   string           `json:"propertyId"`
	PropertyName string           `json:"propertyName"`
	Kind         string           `json:"kind"`
	Priority     string           `json:"priority"`
	Stage        string           `json:"stage"`
	Title        string           `json:"title"`
	CreatedAt    string           `json:"createdAt"`
	ScheduledOn  *string          `json:"scheduledOn"`
	DueOn        *string          `json:"dueOn"`
	DoneAt       *string          `json:"doneAt"`    // performed, else completed
	Tolerance    *ToleranceStatus `json:"tolerance"` // routine tasks only
}

// PortalTaskFilter selects tasks within a scope (cancelled ones only when asked).
type PortalTaskFilter struct {
	PropertyID   *string
	Kind         *string
	Stage        *string
	Tolerance    *ToleranceStatus
	DueMonth     *string // "YYYY-MM", by due date
	CreatedMonth *string // "YYYY-MM" in the workspace's time zone
	Upcoming     bool    // not yet performed or completed, due or scheduled from today
	Query        string
	Page
}

// Validate checks the filter's values.
func (f *PortalTaskFilter) Validate() error {
	p := Problems{}
	if f.Kind != nil && !slices.Contains([]string{TaskRoutine, TaskServiceCall, TaskOther}, *f.Kind) {
		p.Add("kind", "Choose routine, service_call or other.")
	}
	if f.Stage != nil && !slices.Contains(TaskStages, *f.Stage) {
		p.Add("stage", "Choose a stage such as ready.")
	}
	if f.Tolerance != nil && !slices.Contains(ToleranceStatuses, *f.Tolerance) {
		p.Add("tolerance", "Choose completed, completed_outside, pending or pending_outside.")
	}
	if f.DueMonth != nil && !ValidMonth(*f.DueMonth) {
		p.Add("dueMonth", "Use a month such as 2026-01.")
	}
	if f.CreatedMonth != nil && !ValidMonth(*f.CreatedMonth) {
		p.Add("createdMonth", "Use a month such as 2026-01.")
	}
	return p.Err()
}

// PortalAsset is an asset as a customer sees it, with its worst open
// published defect.
type PortalAsset struct {
	ID            string    `json:"id"`
	PropertyID    string    `json:"propertyId"`
	PropertyName  string    `json:"propertyName"`
	Type          string    `json:"type"`
	ESM           bool      `json:"esm"`
	Location      string    `json:"location"`
	Barcode       string    `json:"barcode"`
	LastServiceOn *string   `json:"lastServiceOn"`
	LastResult    string    `json:"lastResult"`
	OpenDefects   int       `json:"openDefects"`
	WorstSeverity *Severity `json:"worstSeverity"`
	FloorplanID   *string   `json:"floorplanId"`
	PinX          *float64  `json:"pinX"`
	PinY          *float64  `json:"pinY"`
}

// PortalAssetFilter selects assets within a scope.
type PortalAssetFilter struct {
	PropertyID  *string
	FloorplanID *string // pinned on this floorplan
	Type        *string
	// Worst is a Severity, or SeriesNoOpenDefects for assets without an open
	// published remark (the assets-by-type chart's stacks).
	Worst *string
	Query string
	Page
}

// Validate checks the filter's values.
func (f *PortalAssetFilter) Validate() error {
	p := Problems{}
	if f.Worst != nil && *f.Worst != SeriesNoOpenDefects && !slices.Contains(Severities, Severity(*f.Worst)) {
		p.Add("worst", "Choose a severity or no_open_defects.")
	}
	return p.Err()
}

// PortalListService answers the portal's detailed lists. Every method
// limits its results to the scope in SQL; EINVALID for a bad filter.
type PortalListService interface {
	FindPortalDefects(ctx context.Context, s Scope, f DefectFilter) ([]*Defect, int, error)
	FindPortalTasks(ctx context.Context, s Scope, f PortalTaskFilter) ([]*PortalTask, int, error)
	FindPortalAssets(ctx context.Context, s Scope, f PortalAssetFilter) ([]*PortalAsset, int, error)
}
