package backend

import (
	"context"
	"time"
)

// Task is one task as the office's task detail shows and edits it.
type Task struct {
	TaskRow
	RoutineID      *string `json:"routineId"`
	RoutineName    string  `json:"routineName"`
	Description    string  `json:"description"`
	TechnicianID   *string `json:"technicianId"`
	TechnicianName string  `json:"technicianName"`
	// NextStages are the stages the domain's flow allows from Stage.
	NextStages []string `json:"nextStages"`
	// WindowFrom and WindowTo are the tolerance window, due ± tolerance
	// days (local dates; "" without a due date).
	WindowFrom string `json:"windowFrom"`
	WindowTo   string `json:"windowTo"`
	// Tolerance is the task's ToleranceStatus judged as the reports judge it.
	Tolerance string        `json:"tolerance"`
	Remarks   []*TaskRemark `json:"remarks"`
	UpdatedAt time.Time     `json:"updatedAt"`
}

// TaskRemark is a remark the task raised, as the task detail links it.
type TaskRemark struct {
	ID          string   `json:"id"`
	Number      *int     `json:"number"`
	Severity    Severity `json:"severity"`
	Status      string   `json:"status"`
	Published   bool     `json:"published"`
	Description string   `json:"description"`
}

// TaskUpdate holds the fields an office edit changes; nil fields stay.
// An empty TechnicianID unassigns; empty dates clear them.
type TaskUpdate struct {
	Stage        *string `json:"stage"`
	TechnicianID *string `json:"technicianId"`
	ScheduledOn  *string `json:"scheduledOn"`
	DueOn        *string `json:"dueOn"`
	Title        *string `json:"title"`
	Description  *string `json:"description"`
	// ByTechnician, when set, is the technician making the edit on their own
	// install: only their own task (ENOTFOUND otherwise, as for a missing
	// id), and only what the hub lets a technician change — stage,
	// scheduled date, results (sync_rules.go); EFORBIDDEN for the rest.
	ByTechnician string `json:"-"`
}

// TaskNextStages are the stages a task in stage from may move to.
func TaskNextStages(from string) []string {
	return append([]string{}, taskFlow[from]...)
}

// TaskService is the office's task detail.
type TaskService interface {
	// FindTaskByID returns ENOTFOUND.
	FindTaskByID(ctx context.Context, id string) (*Task, error)
	// UpdateTask applies u in one transaction and audits who made it:
	// EINVALID with field errors (nothing written), ECONFLICT for a stage
	// move the flow does not allow, ENOTFOUND.
	UpdateTask(ctx context.Context, id string, u TaskUpdate, byUserID string) (*Task, error)
}

// RecordConflict is a sync conflict as the record it is on shows it: both
// values, and who wrote each, when, from which install.
type RecordConflict struct {
	SyncConflict
	KeptUser string     `json:"keptUser"` // the install's user; "" for the hub itself
	LostUser string     `json:"lostUser"`
	KeptAt   *time.Time `json:"keptAt"` // from the writes' clocks
	LostAt   *time.Time `json:"lostAt"`
	// Keepable: the column is one an office edit may write, so either value
	// can be kept from the record.
	Keepable bool `json:"keepable"`
}

// Sides of a conflict to keep.
const (
	KeepKept = "kept"
	KeepLost = "lost"
)

// RecordConflictService reviews conflicts on the record.
type RecordConflictService interface {
	// FindRecordConflicts lists a record's unreviewed conflicts, newest first.
	FindRecordConflicts(ctx context.Context, table, rowID string) ([]*RecordConflict, error)
	// KeepConflictValue writes one side's value through the record's
	// ordinary edit (captured, so it syncs) and marks the conflict reviewed
	// (audited), in one transaction. ENOTFOUND, EINVALID for a bad side or
	// a value the edit refuses, ECONFLICT for a column that cannot be kept.
	KeepConflictValue(ctx context.Context, id, side, byUserID string) error
}
