package backend

import (
	"context"
	"strings"
)

// AssetRow is an asset as Customer Data > Assets lists it.
type AssetRow struct {
	ID            string `json:"id"`
	PropertyID    string `json:"propertyId"`
	PropertyName  string `json:"propertyName"`
	ClientID      string `json:"clientId"`
	ClientName    string `json:"clientName"`
	Type          string `json:"type"`
	ESM           bool   `json:"esm"`
	Location      string `json:"location"`
	Barcode       string `json:"barcode"`
	LastServiceOn string `json:"lastServiceOn"` // local date
	LastResult    string `json:"lastResult"`    // pass, fail, not_tested or ""
}

// AssetFilter selects assets. Sorts: property (default), type, lastServiceOn.
type AssetFilter struct {
	ID         *string
	Type       *string
	ESM        *bool
	Result     *string
	ClientID   *string
	PropertyID *string
	Query      string // location, barcode, type or property name
	Page
}

// TaskRow is a task as Customer Data > Tasks lists it.
type TaskRow struct {
	ID            string  `json:"id"`
	Number        *int    `json:"number"`
	PropertyID    string  `json:"propertyId"`
	PropertyName  string  `json:"propertyName"`
	ClientID      string  `json:"clientId"`
	ClientName    string  `json:"clientName"`
	Kind          string  `json:"kind"`
	Priority      string  `json:"priority"`
	Stage         string  `json:"stage"`
	Title         string  `json:"title"`
	ScheduledOn   string  `json:"scheduledOn"`
	DueOn         string  `json:"dueOn"`
	ToleranceDays int     `json:"toleranceDays"`
	PerformedAt   *string `json:"performedAt"`
	CompletedAt   *string `json:"completedAt"`
	// NeedsReview: offline sync recorded a conflict on it the office has
	// not reviewed yet (docs/sync.md).
	NeedsReview bool `json:"needsReview"`
}

// Task kinds, stages and priorities (DOMAIN.md).
var (
	TaskKinds      = []string{"routine", "service_call", "other"}
	TaskStages     = []string{"onhold", "ready", "inprogress", "performed", "complete", "cancelled"}
	TaskPriorities = []string{"urgent", "high", "normal", "low"}
)

// TaskFilter selects tasks. Sorts: dueOn (default, soonest first), number,
// stage, priority, property.
type TaskFilter struct {
	Kind       *string
	Stage      *string
	Priority   *string
	ClientID   *string
	PropertyID *string
	// TechnicianID: only the tasks assigned to this user.
	TechnicianID *string
	RoutineID    *string
	// Done: true for tasks performed, complete or cancelled (what a
	// routine's counts call done), false for the rest.
	Done *bool
	// OutsideTolerance: routine tasks whose tolerance window has closed
	// unperformed (local dates).
	OutsideTolerance bool
	Query            string // title, property name or T-number
	Page
}

// Validate checks the filter's enumerations.
func (f *TaskFilter) Validate() error {
	p := Problems{}
	for field, v := range map[string]struct {
		val  *string
		list []string
	}{"kind": {f.Kind, TaskKinds}, "stage": {f.Stage, TaskStages}, "priority": {f.Priority, TaskPriorities}} {
		if v.val != nil && !contains(v.list, *v.val) {
			p.Add(field, "Choose one of: "+strings.Join(v.list, ", ")+".")
		}
	}
	return p.Err()
}

// CustomerDataService lists what the office looks after across clients.
type CustomerDataService interface {
	// FindAssets returns a page of assets and the total.
	FindAssets(ctx context.Context, f AssetFilter) ([]*AssetRow, int, error)
	// FindTasks returns a page of tasks and the total; EINVALID for a bad filter.
	FindTasks(ctx context.Context, f TaskFilter) ([]*TaskRow, int, error)
}
