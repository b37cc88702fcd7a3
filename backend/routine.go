package backend

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Routine is scheduled maintenance on a property: a visit every
// FrequencyMonths to a standard, covering some asset types, each visit a
// routine task due on StartsOn + k × FrequencyMonths and judged on time
// within ± ToleranceDays (tolerance.go in the store).
type Routine struct {
	ID              string    `json:"id"`
	PropertyID      string    `json:"propertyId"`
	Name            string    `json:"name"`
	Standard        string    `json:"standard"`
	FrequencyMonths int       `json:"frequencyMonths"`
	AssetTypes      []string  `json:"assetTypes"`
	ToleranceDays   int       `json:"toleranceDays"`
	StartsOn        string    `json:"startsOn"` // the first due date, YYYY-MM-DD
	Active          bool      `json:"active"`
	CreatedAt       time.Time `json:"createdAt"`
	UpdatedAt       time.Time `json:"updatedAt"`

	// Read only, from the property and the routine's tasks.
	PropertyName  string `json:"propertyName"`
	ClientID      string `json:"clientId"`
	ClientName    string `json:"clientName"`
	NextDueOn     string `json:"nextDueOn"`     // the soonest due date, today or later, of a task not yet done; "" if none
	UpcomingTasks int    `json:"upcomingTasks"` // tasks due today or later not yet done
	OverdueTasks  int    `json:"overdueTasks"`  // tasks not done whose tolerance window has closed
}

// RoutineFrequencies are the intervals a routine may run at (months), with
// their names; AS 1851 schedules are monthly to ten-yearly.
var RoutineFrequencies = []struct {
	Months int    `json:"months"`
	Label  string `json:"label"`
}{{1, "Monthly"}, {3, "Quarterly"}, {6, "Six-monthly"}, {12, "Yearly"}, {24, "Two-yearly"}, {36, "Three-yearly"},
	{60, "Five-yearly"}, {120, "Ten-yearly"}}

// FrequencyLabel names an interval of months ("Six-monthly").
func FrequencyLabel(months int) string {
	for _, f := range RoutineFrequencies {
		if f.Months == months {
			return f.Label
		}
	}
	return fmt.Sprintf("Every %d months", months)
}

// Validate checks r before it is stored; it trims and de-duplicates the
// asset types.
func (r *Routine) Validate() error {
	p := Problems{}
	r.Name = strings.TrimSpace(r.Name)
	r.Standard = strings.TrimSpace(r.Standard)
	if r.PropertyID == "" {
		p.Add("propertyId", "Choose the property the routine is for.")
	}
	if r.Name == "" {
		p.Add("name", "Name the routine, e.g. Six-monthly fire safety inspection.")
	} else if len(r.Name) > 200 {
		p.Add("name", "Keep the name under 200 characters.")
	}
	if r.Standard == "" {
		p.Add("standard", "Enter the standard the work follows, e.g. AS 1851.")
	}
	known := false
	for _, f := range RoutineFrequencies {
		known = known || f.Months == r.FrequencyMonths
	}
	if !known {
		p.Add("frequencyMonths", "Choose how often the routine runs.")
	}
	seen := map[string]bool{}
	var types []string
	for _, t := range r.AssetTypes {
		t = strings.TrimSpace(t)
		if t != "" && !seen[strings.ToLower(t)] {
			seen[strings.ToLower(t)] = true
			types = append(types, t)
		}
	}
	r.AssetTypes = types
	if len(types) == 0 {
		p.Add("assetTypes", "Tick at least one asset type the routine covers.")
	}
	if r.ToleranceDays < 0 {
		p.Add("toleranceDays", "Tolerance cannot be negative.")
	} else if known && r.ToleranceDays > maxToleranceDays(r.FrequencyMonths) {
		p.Add("toleranceDays", fmt.Sprintf("A %s routine allows at most %d days either side, so visits' windows do not overlap.",
			strings.ToLower(FrequencyLabel(r.FrequencyMonths)), maxToleranceDays(r.FrequencyMonths)))
	}
	if _, err := time.Parse(DateLayout, r.StartsOn); err != nil {
		p.Add("startsOn", "Enter the first due date.")
	}
	return p.Err()
}

// maxToleranceDays keeps a visit's window inside its own period: under half
// the interval (a month counted as 28 days).
func maxToleranceDays(months int) int { return months*28/2 - 1 }

// RoutineFilter selects routines; nil fields do not filter. Sorts: name
// (default), property, client, frequency, nextDue.
type RoutineFilter struct {
	ID         *string
	PropertyID *string
	ClientID   *string
	Active     *bool
	Query      string // name, standard or property name
	Page
}

// RoutineTasksChange says what saving a routine did to its upcoming tasks.
type RoutineTasksChange struct {
	Created int `json:"created"` // new tasks
	Moved   int `json:"moved"`   // not-started tasks given a new due date, title or tolerance
	Removed int `json:"removed"` // not-started tasks no longer in the schedule
	Kept    int `json:"kept"`    // started, done or cancelled tasks left as they are
}

// RoutineService stores routines and keeps their upcoming tasks.
type RoutineService interface {
	// FindRoutineByID returns ENOTFOUND.
	FindRoutineByID(ctx context.Context, id string) (*Routine, error)
	FindRoutines(ctx context.Context, f RoutineFilter) ([]*Routine, int, error)
	// CreateRoutine stores r and generates its upcoming tasks in the same
	// transaction; EINVALID (also for an unknown property).
	CreateRoutine(ctx context.Context, r *Routine) (*RoutineTasksChange, error)
	// UpdateRoutine replaces the editable fields of r.ID (not its property)
	// and regenerates its not-started upcoming tasks; ENOTFOUND, EINVALID.
	UpdateRoutine(ctx context.Context, r *Routine) (*RoutineTasksChange, error)
	// TopUpRoutineTasks brings every active routine's tasks up to the horizon
	// as days pass (a daily job on the hub); it returns how many it created.
	TopUpRoutineTasks(ctx context.Context) (int, error)
}
