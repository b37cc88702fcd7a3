-- Offline sync (docs/sync.md): change capture, and what a hub and a replica
-- keep about each other. The triggers that fill sync_changes are generated
-- from the registry in syncregistry.go at every open, not written here, so
-- they always match the schema.

-- This install's identity, made at first open. epoch changes when the
-- install is enrolled again, so a copied install is told apart.
CREATE TABLE sync_site (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	site_id    TEXT NOT NULL,
	epoch      TEXT NOT NULL,
	created_at TEXT NOT NULL
);

-- Every captured write to a synced table, in the order it happened here.
-- seq is this install's log sequence (a local log, never synced itself,
-- so AUTOINCREMENT is right: a number is never reused). On a hub the log
-- also holds the replicas' changes it applied, with their origin: it is
-- what replicas pull, by seq. cols holds the columns written as JSON (an
-- insert: all; an update: those that changed; a delete: none); hlc is the
-- write's hybrid logical clock; base_seq is how far into the hub's log the
-- author had pulled, so the hub can tell an edit that overwrote a value its
-- author never saw.
CREATE TABLE sync_changes (
	seq      INTEGER PRIMARY KEY AUTOINCREMENT,
	tbl      TEXT NOT NULL,
	row_id   TEXT NOT NULL,
	op       TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
	cols     TEXT,
	hlc      TEXT NOT NULL,
	origin   TEXT NOT NULL,
	base_seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sync_changes_row ON sync_changes (tbl, row_id, seq);
CREATE INDEX sync_changes_origin ON sync_changes (origin, seq);

-- A replica's position with its hub (one row once it has synced).
CREATE TABLE sync_state (
	id         INTEGER PRIMARY KEY CHECK (id = 1),
	hub_cursor INTEGER NOT NULL DEFAULT 0, -- hub log seq applied up to
	pushed_seq INTEGER NOT NULL DEFAULT 0, -- own changes acknowledged up to
	last_sync  TEXT,
	hub_url    TEXT NOT NULL DEFAULT '',
	hub_token  TEXT NOT NULL DEFAULT '',    -- this install's credential at its hub
	hub_pin    TEXT NOT NULL DEFAULT ''     -- SHA-256 of the hub's TLS certificate, when pinned
);

-- A replica's held-back hub values: fields a pull skipped because this
-- install had an unpushed edit of them. Once the edit is acknowledged the
-- cursor goes back to the earliest such entry, so the hub's decision (its
-- value, or a re-statement of it) is applied after all.
CREATE TABLE sync_held (
	tbl     TEXT NOT NULL,
	row_id  TEXT NOT NULL,
	col     TEXT NOT NULL, -- '*' for a row whose delete was held back
	hub_seq INTEGER NOT NULL,
	PRIMARY KEY (tbl, row_id, col)
);

-- The hub's enrolled replicas.
CREATE TABLE sync_peers (
	site_id      TEXT PRIMARY KEY,
	epoch        TEXT NOT NULL,
	user_id      TEXT NOT NULL REFERENCES users (id),
	token_hash   TEXT NOT NULL UNIQUE, -- sha256 of the install's secret, as for sessions
	applied_seq  INTEGER NOT NULL DEFAULT 0, -- the replica's changes applied up to
	enrolled_at  TEXT NOT NULL,
	last_push_at TEXT,
	retired_at   TEXT
);

-- Pairing codes shown in the hub's workspace to enrol an install for a
-- user: short-lived, single use, hashed at rest.
CREATE TABLE sync_pairing (
	code_hash  TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users (id),
	created_by TEXT REFERENCES users (id),
	expires_at TEXT NOT NULL,
	used_at    TEXT
);

-- Writes that overwrote, or lost to, a value their author never saw: the
-- winner is applied, the pair waits for a person.
CREATE TABLE sync_conflicts (
	id          TEXT PRIMARY KEY,
	tbl         TEXT NOT NULL,
	row_id      TEXT NOT NULL,
	col         TEXT NOT NULL, -- '' for delete-versus-edit
	kept        TEXT,
	kept_hlc    TEXT NOT NULL,
	kept_site   TEXT NOT NULL,
	lost        TEXT,
	lost_hlc    TEXT NOT NULL,
	lost_site   TEXT NOT NULL,
	recorded_at TEXT NOT NULL,
	resolved_at TEXT
);
CREATE INDEX sync_conflicts_row ON sync_conflicts (tbl, row_id) WHERE resolved_at IS NULL;

-- Changes the hub refused (not the author's to make, or they break the
-- data's rules): kept whole, never dropped, for the office to see.
CREATE TABLE sync_quarantine (
	id          TEXT PRIMARY KEY,
	site_id     TEXT NOT NULL,
	seq         INTEGER NOT NULL,
	change      TEXT NOT NULL,
	reason      TEXT NOT NULL,
	recorded_at TEXT NOT NULL,
	UNIQUE (site_id, seq)
);
