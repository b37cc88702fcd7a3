package sqlite

import (
	"context"

	"siteward/backend"
)

// The portal counts rolled up per client and per client group (migration
// 202612021100_portal_rollups): a client counts its active, not deleted
// properties; a group the active, not deleted clients directly in it (a
// view sums the groups of its subtree, so nesting a group elsewhere changes
// no count). Every change of portal_counts flows up by trigger, and a
// property or client that moves or changes activity moves its whole counts.

const upsertDelta = ` ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;`

// moveCounts adds sign × the counts of from (a table keyed by col = id)
// into the table `into` under target, when counted holds.
func moveCounts(into, target, from, col, id, sign, counted string) string {
	return `INSERT INTO ` + into + ` SELECT ` + target + `, c.metric, c.bucket, c.key, ` + sign + ` * c.n, ` + sign + ` * c.amount
		FROM ` + from + ` c WHERE c.` + col + ` = ` + id + ` AND ` + counted + upsertDelta
}

func rollupTriggers() map[string]string {
	p := countsTriggerPrefix + "rollup_"
	propCounted := func(r string) string { return r + ".active = 1 AND " + r + ".deleted_at IS NULL" }
	clientCounted := func(r string) string {
		return r + ".active = 1 AND " + r + ".deleted_at IS NULL AND " + r + ".group_id IS NOT NULL"
	}
	// A count changed by delta (new minus old) at a property or client.
	up := func(into, target, table, id, counted, n, amount string) string {
		return `INSERT INTO ` + into + ` SELECT ` + target + `, new.metric, new.bucket, new.key, ` + n + `, ` + amount + `
			FROM ` + table + ` x WHERE x.id = ` + id + ` AND ` + counted + upsertDelta
	}
	return map[string]string{
		p + "property_insert": `CREATE TRIGGER ` + p + `property_insert AFTER INSERT ON portal_counts BEGIN ` +
			up("portal_client_counts", "x.client_id", "properties", "new.property_id", propCounted("x"), "new.n", "new.amount") + ` END`,
		p + "property_update": `CREATE TRIGGER ` + p + `property_update AFTER UPDATE ON portal_counts BEGIN ` +
			up("portal_client_counts", "x.client_id", "properties", "new.property_id", propCounted("x"), "new.n - old.n", "new.amount - old.amount") + ` END`,
		p + "client_insert": `CREATE TRIGGER ` + p + `client_insert AFTER INSERT ON portal_client_counts BEGIN ` +
			up("portal_group_counts", "x.group_id", "clients", "new.client_id", clientCounted("x"), "new.n", "new.amount") + ` END`,
		p + "client_update": `CREATE TRIGGER ` + p + `client_update AFTER UPDATE ON portal_client_counts BEGIN ` +
			up("portal_group_counts", "x.group_id", "clients", "new.client_id", clientCounted("x"), "new.n - old.n", "new.amount - old.amount") + ` END`,
		p + "property_moves": `CREATE TRIGGER ` + p + `property_moves AFTER UPDATE OF client_id, active, deleted_at ON properties BEGIN ` +
			moveCounts("portal_client_counts", "old.client_id", "portal_counts", "property_id", "old.id", "-1", propCounted("old")) +
			moveCounts("portal_client_counts", "new.client_id", "portal_counts", "property_id", "new.id", "1", propCounted("new")) + ` END`,
		p + "property_delete": `CREATE TRIGGER ` + p + `property_delete AFTER DELETE ON properties BEGIN ` +
			moveCounts("portal_client_counts", "old.client_id", "portal_counts", "property_id", "old.id", "-1", propCounted("old")) + ` END`,
		p + "client_moves": `CREATE TRIGGER ` + p + `client_moves AFTER UPDATE OF group_id, active, deleted_at ON clients BEGIN ` +
			moveCounts("portal_group_counts", "old.group_id", "portal_client_counts", "client_id", "old.id", "-1", clientCounted("old")) +
			moveCounts("portal_group_counts", "new.group_id", "portal_client_counts", "client_id", "new.id", "1", clientCounted("new")) + ` END`,
		p + "client_delete": `CREATE TRIGGER ` + p + `client_delete AFTER DELETE ON clients BEGIN ` +
			moveCounts("portal_group_counts", "old.group_id", "portal_client_counts", "client_id", "old.id", "-1", clientCounted("old")) + ` END`,
		// A group's count flows up to every group that sees it (itself included).
		p + "group_insert": `CREATE TRIGGER ` + p + `group_insert AFTER INSERT ON portal_group_counts BEGIN ` +
			treeUp("new.group_id", "new.n", "new.amount") + ` END`,
		p + "group_update": `CREATE TRIGGER ` + p + `group_update AFTER UPDATE ON portal_group_counts BEGIN ` +
			treeUp("new.group_id", "new.n - old.n", "new.amount - old.amount") + ` END`,
		// A group re-parented, deleted or restored takes its subtree's sums
		// from the groups that saw it to those that see it now. Both sides are
		// found from the parents' paths, which this change does not alter, so
		// the group paths' own triggers may run before or after this one.
		p + "group_moves": `CREATE TRIGGER ` + p + `group_moves AFTER UPDATE OF parent_id, deleted_at ON client_groups
			WHEN old.parent_id IS NOT new.parent_id OR old.deleted_at IS NOT new.deleted_at BEGIN ` +
			treeMove("old", "-1") + treeMove("new", "1") + ` END`,
	}
}

// seesSQL holds when the group gp.ancestor sees the counts of the group
// whose paths are read (gp.descendant = of): no group strictly below the
// ancestor on the way down to it, itself included, is deleted.
func seesSQL(of string) string {
	return `NOT EXISTS (SELECT 1 FROM client_group_paths up JOIN client_groups x ON x.id = up.ancestor
		WHERE up.descendant = ` + of + ` AND up.depth < gp.depth AND x.deleted_at IS NOT NULL)`
}

// treeUp adds a change of a group's own counts to every group that sees it.
func treeUp(group, n, amount string) string {
	return `INSERT INTO portal_tree_counts SELECT gp.ancestor, new.metric, new.bucket, new.key, ` + n + `, ` + amount + `
		FROM client_group_paths gp WHERE gp.descendant = ` + group + ` AND ` + seesSQL(group) + upsertDelta
}

// treeMove adds sign × a group's subtree sums to the groups above it that
// see it as ref (old or new) places it: its parent and up, while ref is
// not deleted.
func treeMove(ref, sign string) string {
	return `INSERT INTO portal_tree_counts SELECT gp.ancestor, t.metric, t.bucket, t.key, ` + sign + ` * t.n, ` + sign + ` * t.amount
		FROM portal_tree_counts t JOIN client_group_paths gp ON gp.descendant = ` + ref + `.parent_id
		WHERE t.group_id = ` + ref + `.id AND ` + ref + `.deleted_at IS NULL AND ` + seesSQL(ref+".parent_id") + upsertDelta
}

// rebuildRollups recomputes the client and group counts from portal_counts
// (with the triggers dropped: rebuildCounts).
var rebuildRollups = []string{
	`DELETE FROM portal_client_counts`,
	`DELETE FROM portal_group_counts`,
	`INSERT INTO portal_client_counts (client_id, metric, bucket, key, n, amount)
		SELECT p.client_id, c.metric, c.bucket, c.key, SUM(c.n), SUM(c.amount) FROM portal_counts c JOIN properties p ON p.id = c.property_id
		WHERE p.active = 1 AND p.deleted_at IS NULL GROUP BY 1, 2, 3, 4`,
	`INSERT INTO portal_group_counts (group_id, metric, bucket, key, n, amount)
		SELECT k.group_id, c.metric, c.bucket, c.key, SUM(c.n), SUM(c.amount) FROM portal_client_counts c JOIN clients k ON k.id = c.client_id
		WHERE k.active = 1 AND k.deleted_at IS NULL AND k.group_id IS NOT NULL GROUP BY 1, 2, 3, 4`,
	`DELETE FROM portal_tree_counts`,
	`INSERT INTO portal_tree_counts (group_id, metric, bucket, key, n, amount)
		SELECT gp.ancestor, c.metric, c.bucket, c.key, SUM(c.n), SUM(c.amount)
		FROM portal_group_counts c JOIN client_group_paths gp ON gp.descendant = c.group_id
		WHERE ` + seesSQL("c.group_id") + ` GROUP BY 1, 2, 3, 4`,
}

// countsFrom is a subquery of the scope's counts matching cond (over
// c.metric, c.bucket, c.key): per property for a property-limited user,
// else the client's for a client view or the group's subtree sums for a
// group view. It follows scopeCTE (?1 kind, ?2 id, ?3 user); CROSS JOIN
// reads the scope first (the planner, knowing nothing of the CTEs, would
// scan the counts).
func countsFrom(ctx context.Context, tx *Tx, sc backend.Scope, cond string) (string, error) {
	var limited bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM user_property_limits WHERE user_id = ?)`, sc.UserID).Scan(&limited); err != nil {
		return "", err
	}
	// A group view reads its own group's subtree sums, while it is not deleted.
	from := "portal_tree_counts c WHERE c.group_id = ?2 AND EXISTS (SELECT 1 FROM client_groups g WHERE g.id = ?2 AND g.deleted_at IS NULL) AND"
	switch {
	case limited:
		from = "scope_properties s CROSS JOIN portal_counts c ON c.property_id = s.id WHERE"
	case sc.View.Kind == backend.ViewClient:
		from = "scope_clients s CROSS JOIN portal_client_counts c ON c.client_id = s.id WHERE"
	}
	return `(SELECT c.metric, c.bucket, c.key, c.n, c.amount FROM ` + from + ` ` + cond + `)`, nil
}

// viewCount is the view's sum of the pre-aggregated counts cond names
// (countsFrom); cond's own parameters, from ?4 on, are params.
func viewCount(ctx context.Context, tx *Tx, sc backend.Scope, cond string, params ...any) (int, error) {
	from, err := countsFrom(ctx, tx, sc, cond)
	if err != nil {
		return 0, err
	}
	cte, args := scopeCTE(sc)
	var n int
	err = tx.QueryRowContext(ctx, cte+` SELECT COALESCE(SUM(c.n), 0) FROM `+from+` c`, append(args, params...)...).Scan(&n)
	return n, err
}
