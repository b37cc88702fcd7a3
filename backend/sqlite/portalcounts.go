package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
)

// The portal's pre-aggregated counts (migration 202612021100_portal_counts):
// one definition per counted thing, from which both the triggers that keep
// portal_counts exact in every write transaction and the full rebuild are
// generated, so the two cannot disagree. "$" in an expression stands for the
// row: new or old in a trigger, r in the rebuild.

// countRule is one metric counted from one table's rows: a row satisfying
// cond adds 1 to n and amount to amount at (property_id, metric, bucket, key).
type countRule struct {
	metric, bucket, key, amount, cond string
}

// countTable is a table whose rows are counted and the columns whose change
// can move a row between counts.
type countTable struct {
	name    string
	columns []string
	rules   []countRule
}

// localTimeSQL is the seconds since 1970 of the local wall-clock time of a
// stored UTC time, from the workspace zone's offsets in portal_zone.
func localTimeSQL(col string) string {
	return `(unixepoch(` + col + `) + COALESCE((SELECT z.offset_s FROM portal_zone z WHERE z.from_utc <= ` + col +
		` ORDER BY z.from_utc DESC LIMIT 1), 0))`
}

// localMonthSQL is the local "YYYY-MM" of a stored time (” if unreadable).
func localMonthSQL(col string) string {
	return `COALESCE(strftime('%Y-%m', ` + localTimeSQL(col) + `, 'unixepoch'), '')`
}

// rankOf is severityRankSQL for a row reference.
func rankOf(ref string) string {
	return strings.ReplaceAll(`CASE $.severity WHEN 'critical' THEN 0 WHEN 'non_critical' THEN 1 WHEN 'non_conformance' THEN 2
	WHEN 'recommendation' THEN 3 ELSE 4 END`, "$", ref)
}

// routineKeySQL is a routine task's tolerance status where it does not
// depend on today (toleranceStatusSQL): a task not yet done is counted as
// "pending:<day>", the last day (since 1970) of its window, and the reader
// compares that day with today.
const routineKeySQL = `CASE
	WHEN COALESCE($.performed_at, $.completed_at) IS NULL AND $.stage IN ('performed', 'complete') THEN 'completed'
	WHEN COALESCE($.performed_at, $.completed_at) IS NULL THEN COALESCE('pending:' || (unixepoch($.due_on) / 86400 + $.tolerance_days), 'pending')
	WHEN abs(` + `LOCALDAY` + ` / 86400 - unixepoch($.due_on) / 86400) <= $.tolerance_days THEN 'completed'
	ELSE 'completed_outside' END`

var countTables = []countTable{
	{name: "remarks", columns: []string{"property_id", "severity", "status", "published", "raised_at", "deleted_at"}, rules: []countRule{
		{metric: "open_defects", bucket: "''", key: "$.severity", amount: "0",
			cond: "$.deleted_at IS NULL AND $.status = 'open' AND $.published = 1"},
		{metric: "defects", bucket: localMonthSQL("$.raised_at"), key: "CASE WHEN $.status = 'resolved' THEN 'resolved' ELSE $.severity END", amount: "0",
			cond: "$.deleted_at IS NULL AND $.published = 1"},
	}},
	{name: "quotes", columns: []string{"property_id", "status", "kind", "deleted_at"}, rules: []countRule{
		{metric: "quotes_awaiting", bucket: "''", key: "$.kind", amount: "0", cond: "$.deleted_at IS NULL AND $.status = 'submitted'"},
	}},
	{name: "invoices", columns: []string{"property_id", "status", "issued_on", "due_on", "total_cents", "paid_cents", "deleted_at"}, rules: []countRule{
		{metric: "unpaid", bucket: "$.due_on", key: "''", amount: "$.total_cents - $.paid_cents",
			cond: "$.deleted_at IS NULL AND $.status = 'issued' AND $.paid_cents < $.total_cents AND $.due_on IS NOT NULL"},
		{metric: "spend", bucket: "COALESCE(substr($.issued_on, 1, 7), '')", key: "'invoiced'", amount: "$.total_cents",
			cond: "$.deleted_at IS NULL AND $.status IN ('issued', 'paid')"},
	}},
	{name: "reports", columns: []string{"property_id", "published", "deleted_at"}, rules: []countRule{
		{metric: "reports", bucket: "''", key: "''", amount: "0", cond: "$.deleted_at IS NULL AND $.published = 1"},
	}},
	{name: "tasks", columns: []string{"property_id", "kind", "stage", "created_at", "due_on", "tolerance_days", "performed_at", "completed_at", "deleted_at"},
		rules: []countRule{
			{metric: "service_calls", bucket: localMonthSQL("$.created_at"), key: "$.stage", amount: "0",
				cond: "$.deleted_at IS NULL AND $.kind = 'service_call' AND $.stage <> 'cancelled'"},
			{metric: "routines", bucket: "substr($.due_on, 1, 7)",
				key:    strings.ReplaceAll(routineKeySQL, "LOCALDAY", localTimeSQL("COALESCE($.performed_at, $.completed_at)")),
				amount: "0", cond: "$.deleted_at IS NULL AND $.kind = 'routine' AND $.stage <> 'cancelled' AND $.due_on IS NOT NULL"},
		}},
}

// countsTriggerPrefix names every generated counts trigger.
const countsTriggerPrefix = "sw_counts_"

func (r countRule) expand(ref string) countRule {
	f := func(s string) string { return strings.ReplaceAll(s, "$", ref) }
	return countRule{metric: r.metric, bucket: f(r.bucket), key: f(r.key), amount: f(r.amount), cond: f(r.cond)}
}

// delta is the statement adding (sign +1) or removing (-1) one row's counts.
func (r countRule) delta(ref string, sign string) string {
	e := r.expand(ref)
	return `INSERT INTO portal_counts (property_id, metric, bucket, key, n, amount)
		SELECT ` + ref + `.property_id, '` + r.metric + `', ` + e.bucket + `, ` + e.key + `, ` + sign + `, ` + sign + ` * (` + e.amount + `)
		WHERE ` + e.cond + `
		ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;`
}

// assetStep removes (-1) or adds (+1) the counts of the asset whose id is
// idExpr, under its current worst severity; ref supplies its property and
// type and whether it counts (not deleted).
func assetStep(ref, idExpr, sign string) string {
	return `INSERT INTO portal_counts (property_id, metric, bucket, key, n, amount)
		SELECT ` + ref + `.property_id, 'assets', ` + ref + `.type,
			COALESCE((SELECT CAST(w.worst AS TEXT) FROM portal_asset_worst w WHERE w.asset_id = ` + idExpr + `), 'none'), ` + sign + `, 0
		WHERE ` + ref + `.deleted_at IS NULL
		ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;`
}

// assetWorstSQL recomputes portal_asset_worst for one asset: the worst open
// published remark on it and on its own property.
func assetWorstSQL(idExpr string) string {
	return `DELETE FROM portal_asset_worst WHERE asset_id = ` + idExpr + `;
		INSERT INTO portal_asset_worst (asset_id, worst)
			SELECT a.id, MIN(` + rankOf("r") + `) FROM assets a JOIN remarks r ON r.asset_id = a.id AND r.property_id = a.property_id
			WHERE a.id = ` + idExpr + ` AND r.deleted_at IS NULL AND r.status = 'open' AND r.published = 1
			GROUP BY a.id;`
}

// reworstSQL recomputes one asset's worst severity and moves its count.
func reworstSQL(idExpr string) string {
	return `INSERT INTO portal_counts (property_id, metric, bucket, key, n, amount)
			SELECT a.property_id, 'assets', a.type, COALESCE((SELECT CAST(w.worst AS TEXT) FROM portal_asset_worst w WHERE w.asset_id = a.id), 'none'), -1, 0
			FROM assets a WHERE a.id = ` + idExpr + ` AND a.deleted_at IS NULL
			ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;
		` + assetWorstSQL(idExpr) + `
		INSERT INTO portal_counts (property_id, metric, bucket, key, n, amount)
			SELECT a.property_id, 'assets', a.type, COALESCE((SELECT CAST(w.worst AS TEXT) FROM portal_asset_worst w WHERE w.asset_id = a.id), 'none'), 1, 0
			FROM assets a WHERE a.id = ` + idExpr + ` AND a.deleted_at IS NULL
			ON CONFLICT DO UPDATE SET n = n + excluded.n, amount = amount + excluded.amount;`
}

// countTriggers returns every counts trigger by name.
func countTriggers() map[string]string {
	out := map[string]string{}
	for _, t := range countTables {
		var ins, del, upd strings.Builder
		for _, r := range t.rules {
			ins.WriteString(r.delta("new", "1"))
			del.WriteString(r.delta("old", "-1"))
			upd.WriteString(r.delta("old", "-1"))
			upd.WriteString(r.delta("new", "1"))
		}
		cols := t.columns
		if t.name == "remarks" {
			// A remark on an asset colours the asset by its worst severity.
			cols = append(append([]string{}, cols...), "asset_id")
			for _, b := range []*strings.Builder{&ins, &upd} {
				b.WriteString(reworstSQL("new.asset_id"))
			}
			del.WriteString(reworstSQL("old.asset_id"))
			upd.WriteString(reworstSQL("old.asset_id"))
		}
		p := countsTriggerPrefix + t.name
		out[p+"_insert"] = `CREATE TRIGGER ` + p + `_insert AFTER INSERT ON ` + t.name + ` BEGIN ` + ins.String() + ` END`
		out[p+"_delete"] = `CREATE TRIGGER ` + p + `_delete AFTER DELETE ON ` + t.name + ` BEGIN ` + del.String() + ` END`
		out[p+"_update"] = `CREATE TRIGGER ` + p + `_update AFTER UPDATE OF ` + strings.Join(cols, ", ") + ` ON ` + t.name +
			` BEGIN ` + upd.String() + ` END`
	}
	p := countsTriggerPrefix + "assets"
	out[p+"_insert"] = `CREATE TRIGGER ` + p + `_insert AFTER INSERT ON assets BEGIN ` + assetWorstSQL("new.id") +
		assetStep("new", "new.id", "1") + ` END`
	out[p+"_update"] = `CREATE TRIGGER ` + p + `_update AFTER UPDATE OF property_id, type, deleted_at ON assets BEGIN ` +
		assetStep("old", "old.id", "-1") + assetWorstSQL("new.id") + assetStep("new", "new.id", "1") + ` END`
	out[p+"_delete"] = `CREATE TRIGGER ` + p + `_delete AFTER DELETE ON assets BEGIN ` +
		assetStep("old", "old.id", "-1") + `DELETE FROM portal_asset_worst WHERE asset_id = old.id; END`
	for name, body := range rollupTriggers() {
		out[name] = body
	}
	return out
}

// rebuildCounts recomputes every count from the rows, with the counts
// triggers dropped for it and put back after.
func rebuildCounts(ctx context.Context, tx *sql.Tx) error {
	have, err := triggersNamed(ctx, tx, countsTriggerPrefix)
	if err != nil {
		return err
	}
	for name := range have {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER `+quoteIdent(name)); err != nil {
			return err
		}
	}
	stmts := []string{`DELETE FROM portal_counts`, `DELETE FROM portal_asset_worst`}
	for _, t := range countTables {
		for _, r := range t.rules {
			e := r.expand("r")
			stmts = append(stmts, `INSERT INTO portal_counts (property_id, metric, bucket, key, n, amount)
				SELECT r.property_id, '`+r.metric+`', `+e.bucket+`, `+e.key+`, COUNT(*), SUM(`+e.amount+`)
				FROM `+t.name+` r WHERE `+e.cond+` GROUP BY 1, 3, 4`)
		}
	}
	stmts = append(stmts, `INSERT INTO portal_asset_worst (asset_id, worst)
			SELECT a.id, MIN(`+rankOf("r")+`) FROM remarks r JOIN assets a ON a.id = r.asset_id AND a.property_id = r.property_id
			WHERE r.asset_id IS NOT NULL AND r.deleted_at IS NULL AND r.status = 'open' AND r.published = 1
			GROUP BY a.id`,
		`INSERT INTO portal_counts (property_id, metric, bucket, key, n, amount)
			SELECT a.property_id, 'assets', a.type, COALESCE(CAST(w.worst AS TEXT), 'none'), COUNT(*), 0
			FROM assets a LEFT JOIN portal_asset_worst w ON w.asset_id = a.id
			WHERE a.deleted_at IS NULL GROUP BY 1, 3, 4`)
	stmts = append(stmts, rebuildRollups...)
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("portal counts: rebuild: %w", err)
		}
	}
	for _, body := range countTriggers() {
		if _, err := tx.ExecContext(ctx, body); err != nil {
			return fmt.Errorf("portal counts: rebuild: %w", err)
		}
	}
	return nil
}

// installCounts makes the counts triggers match countTriggers, in one
// transaction, and rebuilds the counts if any trigger changed (or rebuild
// is set): counts kept by other rules cannot be trusted.
func (db *DB) installCounts(ctx context.Context, rebuild bool) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	want := countTriggers()
	have, err := triggersNamed(ctx, tx, countsTriggerPrefix)
	if err != nil {
		return err
	}
	for name, body := range have {
		if want[name] == body {
			delete(want, name)
			continue
		}
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER `+quoteIdent(name)); err != nil {
			return fmt.Errorf("portal counts: drop %s: %w", name, err)
		}
	}
	names := make([]string, 0, len(want))
	for name := range want {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, want[name]); err != nil {
			return fmt.Errorf("portal counts: create %s: %w", name, err)
		}
	}
	if rebuild || len(want) > 0 {
		if err := rebuildCounts(ctx, tx); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// dropCounts removes the counts triggers (before a bulk load, which
// rebuilds the counts once at its end).
func (db *DB) dropCounts(ctx context.Context) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	have, err := triggersNamed(ctx, tx, countsTriggerPrefix)
	if err != nil {
		return err
	}
	for name := range have {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER `+quoteIdent(name)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// triggersNamed returns the triggers whose names start with prefix.
func triggersNamed(ctx context.Context, tx *sql.Tx, prefix string) (map[string]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE ? ESCAPE '\'`,
		strings.ReplaceAll(prefix, "_", `\_`)+"%")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, body string
		if err := rows.Scan(&name, &body); err != nil {
			return nil, err
		}
		out[name] = body
	}
	return out, rows.Err()
}
