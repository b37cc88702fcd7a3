-- Portal counts per group subtree (issue 4: dashboard p95 on large group
-- views). portal_group_counts holds each group's own clients' counts, so a
-- view summed every group of its subtree (225 groups for the large
-- dataset's national view, thousands of rows per chart). portal_tree_counts
-- holds, per group, the sum over the group and every group below it that
-- it sees (not through a soft-deleted group, as the scope's view_groups),
-- so a group view reads its own group's rows. Kept by the counts triggers
-- (portalcounts_rollup.go) from portal_group_counts and the group paths
-- (client_group_paths), in the same transaction as each change, and
-- rebuilt with the other counts.
--
-- Derived data: never synced (docs/sync.md).
CREATE TABLE portal_tree_counts (
	group_id TEXT NOT NULL,
	metric   TEXT NOT NULL,
	bucket   TEXT NOT NULL,
	key      TEXT NOT NULL,
	n        INTEGER NOT NULL,
	amount   INTEGER NOT NULL,
	PRIMARY KEY (group_id, metric, bucket, key)
) WITHOUT ROWID;
