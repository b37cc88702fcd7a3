-- Change capture for offline sync (docs/sync.md). The triggers that fill
-- sync_changes are generated from the registry in syncregistry.go at every
-- open, not written here, so they always match the schema.

-- This install's identity: made once, at first open. epoch changes when the
-- install is enrolled again, so a copied install is told apart.
CREATE TABLE sync_site (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	site_id    TEXT NOT NULL,
	epoch      TEXT NOT NULL,
	created_at TEXT NOT NULL
);

-- Every captured write to a synced table, in the order it happened here:
-- seq is this install's local sequence (a local log, never synced itself,
-- so AUTOINCREMENT is right: a number is never reused). cols holds the
-- columns written as JSON (an insert: all; an update: those that changed;
-- a delete: none); hlc is the write's hybrid logical clock and base_hlc the
-- newest hub clock its author had seen, so the hub can tell an edit that
-- overwrote one its author never saw.
CREATE TABLE sync_changes (
	seq      INTEGER PRIMARY KEY AUTOINCREMENT,
	tbl      TEXT NOT NULL,
	row_id   TEXT NOT NULL,
	op       TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
	cols     TEXT,
	hlc      TEXT NOT NULL,
	base_hlc TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sync_changes_row ON sync_changes (tbl, row_id, seq);
