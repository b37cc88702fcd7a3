-- Offline sync without rewinding (docs/sync.md "Pull"): a replica keeps the
-- newest hub value it held back for a field with an unpushed edit, with the
-- value itself, and the hub says for every pushed change where in its log it
-- dealt with it. On acknowledgement the held value is applied only when the
-- hub logged it after dealing with the replica's edit; otherwise the edit
-- superseded it. Rewinding the cursor instead showed the replica an older
-- value of a field (its own earlier write) for a while.

ALTER TABLE sync_held ADD COLUMN value TEXT;                     -- the held column's JSON value; NULL for a held delete ('*')
ALTER TABLE sync_held ADD COLUMN hlc TEXT NOT NULL DEFAULT '';    -- the held value's clock and site
ALTER TABLE sync_held ADD COLUMN origin TEXT NOT NULL DEFAULT '';

-- Holds made by the old design carry no value: go back to the earliest one
-- once, as it did, so the next pull holds them again, with their values.
UPDATE sync_state SET hub_cursor = MIN(hub_cursor, (SELECT MIN(hub_seq) - 1 FROM sync_held))
	WHERE id = 1 AND EXISTS (SELECT 1 FROM sync_held);
DELETE FROM sync_held;

-- A replica's floors: for a field (or, with col '*', a row it deleted) whose
-- edit the hub acknowledged, the hub log position before the hub dealt with
-- it. Hub values logged at or before it are superseded by that edit and are
-- not applied when pulled (a replica whose cursor is behind would otherwise
-- show an older value, then its own again). Dropped once the cursor passes.
CREATE TABLE sync_floor (
	tbl     TEXT NOT NULL,
	row_id  TEXT NOT NULL,
	col     TEXT NOT NULL,
	log_pos INTEGER NOT NULL,
	PRIMARY KEY (tbl, row_id, col)
) WITHOUT ROWID;

-- At the hub: for each replica change it dealt with, its log position just
-- before, so a re-sent duplicate is answered with the same position. Rows a
-- replica has acknowledged (below the first sequence of its next batch) are
-- dropped.
CREATE TABLE sync_applied (
	site_id TEXT NOT NULL,
	seq     INTEGER NOT NULL,
	log_pos INTEGER NOT NULL,
	PRIMARY KEY (site_id, seq)
) WITHOUT ROWID;
