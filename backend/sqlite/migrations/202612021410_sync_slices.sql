-- Per-technician slices (docs/sync.md "Slices"): a technician's install holds
-- the properties of their tasks from yesterday to 14 days ahead, plus the
-- clients the office chose for it, with what belongs to them.

-- Clients the office chose for an install, whatever its tasks.
CREATE TABLE sync_peer_clients (
	site_id   TEXT NOT NULL REFERENCES sync_peers (site_id),
	client_id TEXT NOT NULL,
	PRIMARY KEY (site_id, client_id)
) WITHOUT ROWID;

-- What a technician's install holds, by generation: the hub computes the
-- slice when a pull reaches the end of its log, sends the rows that entered
-- it whole and a "leave" for those that left, and records the result as a
-- new generation. The install names the generation it applied with each
-- pull (stored with its cursor), so a lost answer is simply sent again; older
-- generations are dropped once a newer one is named.
CREATE TABLE sync_slice (
	site_id TEXT NOT NULL,
	gen     INTEGER NOT NULL,
	tbl     TEXT NOT NULL,
	row_id  TEXT NOT NULL,
	PRIMARY KEY (site_id, gen, tbl, row_id)
) WITHOUT ROWID;

-- The slice generation a replica applied (0: none yet, or a whole copy).
ALTER TABLE sync_state ADD COLUMN slice_gen INTEGER NOT NULL DEFAULT 0;
