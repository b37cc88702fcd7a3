-- Portal counts rolled up (issue 4): the per-property counts of
-- portal_counts summed per client (its active properties) and per client
-- group (its active clients, not those of groups below it), kept by
-- triggers from portalcounts_rollup.go. A client view sums one client's
-- rows and a group view its subtree's groups' rows, whatever their size; a
-- property-limited user still reads per property. Derived data, not synced.
CREATE TABLE portal_client_counts (
	client_id TEXT NOT NULL,
	metric    TEXT NOT NULL,
	bucket    TEXT NOT NULL,
	key       TEXT NOT NULL,
	n         INTEGER NOT NULL,
	amount    INTEGER NOT NULL,
	PRIMARY KEY (client_id, metric, bucket, key)
) WITHOUT ROWID;
CREATE TABLE portal_group_counts (
	group_id TEXT NOT NULL,
	metric   TEXT NOT NULL,
	bucket   TEXT NOT NULL,
	key      TEXT NOT NULL,
	n        INTEGER NOT NULL,
	amount   INTEGER NOT NULL,
	PRIMARY KEY (group_id, metric, bucket, key)
) WITHOUT ROWID;
