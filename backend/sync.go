package backend

import (
	"context"
	"encoding/json"
	"time"
)

// Offline sync between installs (docs/sync.md): a star of replicas around
// one hub. These are the messages and the store each side is written
// against; the transport (HTTP) and the loop live elsewhere.

// Change is one captured write to a synced table, as it travels.
type Change struct {
	Seq   int64  `json:"seq"` // the author's local sequence (push) or the hub's log sequence (pull)
	Table string `json:"table"`
	RowID string `json:"rowId"` // the id, or a JSON array of a composite key
	Op    string `json:"op"`    // insert, update or delete
	// Cols holds the columns written: every column for an insert, the
	// changed ones for an update, none for a delete.
	Cols json.RawMessage `json:"cols,omitempty"`
	HLC  string          `json:"hlc"`
	// BaseSeq is how far into the hub's log the author had pulled when
	// writing: a hub value logged after it, from another site, was never
	// seen, so overwriting it (or losing to it) is a conflict.
	BaseSeq int64 `json:"baseSeq"`
	// Origin is the site that made the change (set by the hub on pull).
	Origin string `json:"origin,omitempty"`
}

// Change operations.
const (
	OpInsert = "insert"
	OpUpdate = "update"
	OpDelete = "delete"
)

// PushBatch is a run of a replica's changes, oldest first, with no gaps.
type PushBatch struct {
	SiteID        string   `json:"siteId"`
	Epoch         string   `json:"epoch"`
	SchemaVersion string   `json:"schemaVersion"`
	Changes       []Change `json:"changes"`
}

// PushResult is the hub's acknowledgement: every change up to LastSeq is
// dealt with (applied, recorded as a conflict, or quarantined) and may be
// forgotten by the replica.
type PushResult struct {
	LastSeq     int64 `json:"lastSeq"`
	Applied     int   `json:"applied"`
	Duplicates  int   `json:"duplicates"` // seen before: acknowledged, no effect
	Conflicts   int   `json:"conflicts"`
	Quarantined int   `json:"quarantined"`
	// HubHLC is the hub's clock after the batch, for the replica's clock
	// and its next BaseHLC.
	HubHLC string `json:"hubHlc"`
}

// PullBatch is the hub's log after a cursor.
type PullBatch struct {
	Changes []Change `json:"changes"`
	Cursor  int64    `json:"cursor"` // pass it back for the next batch
	More    bool     `json:"more"`
	HubHLC  string   `json:"hubHlc"`
}

// SyncConflict is a write that overwrote (or lost to) one its author never
// saw. The winner is applied; the office reviews the pair.
type SyncConflict struct {
	ID         string          `json:"id"`
	Table      string          `json:"table"`
	RowID      string          `json:"rowId"`
	Column     string          `json:"column"` // empty for delete-versus-edit
	Kept       json.RawMessage `json:"kept"`
	KeptHLC    string          `json:"keptHlc"`
	KeptSite   string          `json:"keptSite"`
	Lost       json.RawMessage `json:"lost"`
	LostHLC    string          `json:"lostHlc"`
	LostSite   string          `json:"lostSite"`
	RecordedAt time.Time       `json:"recordedAt"`
	ResolvedAt *time.Time      `json:"resolvedAt,omitempty"`
}

// SyncHub is the hub's side: it merges pushes and serves its log.
type SyncHub interface {
	// EnrolSite registers a replica acting for userID (ECONFLICT if the site
	// is enrolled already).
	EnrolSite(ctx context.Context, siteID, epoch, userID string) error
	// ApplyPush merges a batch in one transaction. A batch that starts past
	// the next expected sequence is ECONFLICT (a gap: the replica resends
	// from the acknowledged one); an unknown site or retired epoch is
	// EUNAUTHORIZED; changes already applied are acknowledged again.
	ApplyPush(ctx context.Context, b PushBatch) (*PushResult, error)
	// Pull returns at most limit log entries after cursor.
	Pull(ctx context.Context, siteID string, cursor int64, limit int) (*PullBatch, error)
	// FindConflicts lists unresolved conflicts, newest first.
	FindConflicts(ctx context.Context) ([]*SyncConflict, error)
}

// SyncReplica is an install's side: what it has not pushed, and applying
// what it pulls.
type SyncReplica interface {
	// PendingChanges returns at most limit unpushed changes, oldest first.
	PendingChanges(ctx context.Context, limit int) ([]Change, error)
	// AcknowledgePush forgets changes up to lastSeq and records the hub clock.
	AcknowledgePush(ctx context.Context, r *PushResult) error
	// ApplyPull applies a pulled batch and stores its cursor in one
	// transaction; fields with unpushed local changes keep the local value
	// (the hub decides them when they arrive).
	ApplyPull(ctx context.Context, b *PullBatch) error
	// Cursor is the hub log position this replica has applied up to.
	Cursor(ctx context.Context) (int64, error)
}
