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

// SyncCursorHeader carries the hub log position a snapshot was taken at.
const SyncCursorHeader = "X-Siteward-Cursor"

// SyncSliceHeader carries the slice generation a snapshot holds (0: the
// whole workspace, for an office install).
const SyncSliceHeader = "X-Siteward-Slice"

// SyncReceivedHeader says how many bytes of a synced file the hub holds
// (a transfer resumes from there).
const SyncReceivedHeader = "X-Siteward-Received"

// PairingCodeTTL is how long a pairing code shown in the workspace works.
const PairingCodeTTL = 10 * time.Minute

// Change operations.
const (
	OpInsert = "insert"
	OpUpdate = "update"
	OpDelete = "delete"
	// OpLeave says a row left the replica's slice (an assignment moved):
	// the replica drops its copy, once no unsent change of its own refers
	// to it. It is not a delete: the hub keeps the row.
	OpLeave = "leave"
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
	// Positions says, for each change of the batch (duplicates too), where
	// in its log the hub dealt with it: what the hub logged after Log is
	// its decision about that change, what it logged up to Log the change
	// superseded. The replica uses it to apply a hub value it held back
	// for an unpushed edit only when it is that decision.
	Positions []PushPosition `json:"positions"`
	// MissingFiles names files (SHA-256) the batch refers to that the hub
	// does not hold yet: it stopped before the change that needs the first
	// (LastSeq says where), which waits on the replica until it is uploaded.
	MissingFiles []string `json:"missingFiles,omitempty"`
}

// PushPosition is the hub log position just before it dealt with the
// replica's change Seq (0: not known, e.g. a change acknowledged long ago).
type PushPosition struct {
	Seq int64 `json:"seq"`
	Log int64 `json:"log"`
}

// PullBatch is the hub's log after a cursor.
type PullBatch struct {
	Changes []Change `json:"changes"`
	Cursor  int64    `json:"cursor"` // pass it back for the next batch
	More    bool     `json:"more"`
	HubHLC  string   `json:"hubHlc"`
	// SliceGen is the slice generation the replica holds once it has
	// applied the batch; it names it in its next pull.
	SliceGen int64 `json:"sliceGen"`
	// Users changed since the pull's usersSince (the hub's, not captured),
	// applied before the changes, which may name them.
	Users []SyncUser `json:"users,omitempty"`
}

// PullFrom is where a replica's pull starts: its cursor in the hub's log,
// the slice generation it holds, and the newest user change it has.
type PullFrom struct {
	Cursor     int64
	SliceGen   int64
	UsersSince string
}

// SyncUser is a user as replicas hold them: no password, no sign-ins.
type SyncUser struct {
	ID        string  `json:"id"`
	Email     string  `json:"email"`
	Name      string  `json:"name"`
	Licence   string  `json:"licence"`
	Active    bool    `json:"active"`
	CreatedAt string  `json:"createdAt"`
	UpdatedAt string  `json:"updatedAt"`
	DeletedAt *string `json:"deletedAt,omitempty"`
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
	// Reason says why, when it is more than an edit of a value the author
	// never saw (a workflow move the flow does not allow).
	Reason string `json:"reason,omitempty"`
}

// SyncEnrolment is what an enrolling install receives from its hub: its
// identity there, the user it syncs for, and the credential it signs its
// requests with ("<siteId>.<secret>"; the hub keeps only a hash).
type SyncEnrolment struct {
	SiteID string `json:"siteId"`
	Epoch  string `json:"epoch"`
	UserID string `json:"userId"`
	Token  string `json:"token"`
}

// SyncJoin is how a fresh copy of the hub's snapshot becomes a replica.
type SyncJoin struct {
	SiteID, Epoch, Token string
	UserID               string // the user the install acts for
	HubURL               string
	// HubPin is the SHA-256 of the hub's TLS certificate (hex), when the
	// hub's certificate is its own self-signed one.
	HubPin   string
	Cursor   int64 // the hub log position the snapshot was taken at
	SliceGen int64 // the slice generation the snapshot holds
}

// SyncIdentity is what a replica needs for every request to its hub.
type SyncIdentity struct {
	HubURL, HubPin, Token string
	// Batch carries the site, epoch and schema version; add the changes.
	Batch PushBatch
}

// SyncStatus is what the UI shows: changes waiting and the last sync.
type SyncStatus struct {
	// HubURL is empty on an install that syncs with no hub (the hub itself,
	// or a stand-alone office): then nothing is ever pending.
	HubURL   string     `json:"hubUrl"`
	Pending  int        `json:"pending"`
	LastSync *time.Time `json:"lastSync"`
	Cursor   int64      `json:"cursor"`
}

// SyncSite is an enrolled install as the office sees it.
type SyncSite struct {
	SiteID     string     `json:"siteId"`
	UserID     string     `json:"userId"`
	UserName   string     `json:"userName"`
	EnrolledAt time.Time  `json:"enrolledAt"`
	LastPushAt *time.Time `json:"lastPushAt"`
	AppliedSeq int64      `json:"appliedSeq"`
	Retired    bool       `json:"retired"`
}

// SyncQuarantined is a change the hub refused, kept whole.
type SyncQuarantined struct {
	ID         string          `json:"id"`
	SiteID     string          `json:"siteId"`
	Seq        int64           `json:"seq"`
	Change     json.RawMessage `json:"change"`
	Reason     string          `json:"reason"`
	RecordedAt time.Time       `json:"recordedAt"`
}

// SyncHub is the hub's side: it enrols installs, merges their pushes and
// serves its log.
type SyncHub interface {
	// CreatePairingCode makes a single-use code, valid PairingCodeTTL, with
	// which an install enrols for userID (an office or technician user).
	CreatePairingCode(ctx context.Context, userID, byUserID string) (code string, expires time.Time, err error)
	// EnrolWithCode consumes a code atomically (EUNAUTHORIZED when wrong,
	// used or expired) and registers a new install.
	EnrolWithCode(ctx context.Context, code string) (*SyncEnrolment, error)
	// AuthenticateSite checks an install's token and returns its site id.
	AuthenticateSite(ctx context.Context, token string) (string, error)
	// WriteSnapshot writes siteID's enrolment snapshot (its slice of the
	// data, without secrets) to path and returns the log position it was
	// taken at and the slice generation it holds.
	WriteSnapshot(ctx context.Context, siteID, path string) (cursor, sliceGen int64, err error)
	// ApplyPush merges a batch in one transaction. Changes already applied
	// are acknowledged again without effect; an unknown site or retired
	// epoch is EUNAUTHORIZED; an install newer than the hub is ECONFLICT.
	ApplyPush(ctx context.Context, b PushBatch) (*PushResult, error)
	// Pull returns at most limit log entries of the site's slice after
	// cursor, and when it reaches the end of the log, how the slice moved
	// since generation sliceGen (the one the replica holds).
	Pull(ctx context.Context, siteID string, from PullFrom, limit int) (*PullBatch, error)
	// SetSiteClients chooses the clients an install holds whatever its
	// tasks (a technician's: their properties come with the next pull).
	SetSiteClients(ctx context.Context, siteID string, clientIDs []string) error
	// MayReadFile says whether an install may download a file: an office
	// install any, a technician's those of its slice and its own uploads
	// (ENOTFOUND otherwise, like a file the hub does not have).
	MayReadFile(ctx context.Context, siteID, sha256 string) error
	// FindConflicts lists unresolved conflicts, newest first.
	FindConflicts(ctx context.Context) ([]*SyncConflict, error)
	// ResolveConflict marks a conflict reviewed (ENOTFOUND if there is no
	// such unresolved conflict). Changing the value is an ordinary edit.
	ResolveConflict(ctx context.Context, id, byUserID string) error
	// FindSites lists the enrolled installs, newest first.
	FindSites(ctx context.Context) ([]*SyncSite, error)
	// FindQuarantine lists refused changes not yet dealt with, newest first.
	FindQuarantine(ctx context.Context) ([]*SyncQuarantined, error)
	// ResolveQuarantined marks a refused change dealt with (ENOTFOUND if
	// there is no such change waiting).
	ResolveQuarantined(ctx context.Context, id, byUserID string) error
}

// SyncReplica is an install's side: what it has not pushed, and applying
// what it pulls.
type SyncReplica interface {
	// JoinHub makes this database (a fresh snapshot) the replica j names.
	JoinHub(ctx context.Context, j SyncJoin) error
	// Identity returns what every request to the hub carries; ENOTFOUND
	// when this install has not joined a hub.
	Identity(ctx context.Context) (*SyncIdentity, error)
	// PendingChanges returns at most limit unpushed changes, oldest first.
	PendingChanges(ctx context.Context, limit int) ([]Change, error)
	// AcknowledgePush forgets changes up to r.LastSeq and records the hub clock.
	AcknowledgePush(ctx context.Context, r *PushResult) error
	// ApplyPull applies a pulled batch and stores its cursor in one
	// transaction; fields with unpushed local changes keep the local value
	// (the hub decides them when they arrive).
	ApplyPull(ctx context.Context, b *PullBatch) error
	// Cursor is the hub log position this replica has applied up to.
	Cursor(ctx context.Context) (int64, error)
	// PullFrom is where this replica's next pull starts.
	PullFrom(ctx context.Context) (PullFrom, error)
	// SyncStatus says how many changes wait and when the last sync was.
	SyncStatus(ctx context.Context) (*SyncStatus, error)
	// SiteUser is the id of the user this install was enrolled for; "" on
	// a hub or a lone install.
	SiteUser(ctx context.Context) (string, error)
	// MissingFiles lists the files this install has rows for but not the
	// content of (pulled from the hub, to download).
	MissingFiles(ctx context.Context) ([]SyncFile, error)
}

// SyncFile is a stored file as sync moves it: content-addressed.
type SyncFile struct {
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}
