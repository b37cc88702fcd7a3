package sqlite

import "siteward/backend"

// syncedTables is the one registry of what offline sync replicates
// (docs/sync.md): every write to these tables is captured, by triggers
// generated from this list, into sync_changes in the same transaction.
// Columns are read from the schema when the triggers are generated, so a
// migration that adds a column is captured without touching this list.
//
// Not here, on purpose: settings, counters and users (the hub's own);
// sessions, sign-ins, invitations, outbox messages (and their attachments), finished report jobs, defect alerts and the
// audit log (side effects that happen once, at the hub); user property
// limits (authorisation, decided at the hub); schema_migrations and
// sync_* (every install keeps its own). Derived data (FTS indexes, rollups)
// is recomputed on each install, never synced.
var syncedTables = []string{
	"client_groups",
	"client_group_accounts",
	"clients",
	"client_tags",
	"client_slas",
	"client_users",
	"client_contacts",
	"client_notes",
	"properties",
	"property_contacts",
	"files",
	"floorplans",
	"assets",
	"routines",
	"tasks",
	"remarks",
	"remark_photos",
	"quotes",
	"quote_lines",
	"invoices",
	"invoice_payments",
	"reports",
	"documents",
	"document_folders",
	"signoffs",
}

// hubNumbered lists the synced tables whose rows carry a human number
// (T-, R-, Q-, INV-), with the counter it comes from. Only the hub numbers
// (sync_numbers.go): an install that syncs with one leaves number NULL
// ("pending") and the number comes back by pull.
var hubNumbered = map[string]string{
	"tasks":    "task",
	"remarks":  "remark",
	"quotes":   "quote",
	"invoices": "invoice",
}

// workflowColumns are the synced columns that follow the domain's flow
// instead of last-writer-wins (docs/sync.md "Merge at the hub"): a
// replica's change applies when the flow allows the move from the hub's
// value, whatever the clocks say; otherwise the hub keeps its value and
// records a conflict with the flow's reason.
var workflowColumns = map[string]map[string]func(from, to string) error{
	"tasks":  {"stage": backend.TaskCanMove},
	"quotes": {"status": backend.QuoteCanMove},
}
