package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// captureTriggerPrefix names every generated trigger, so stale ones are found.
const captureTriggerPrefix = "sw_capture_"

// installCapture makes the capture triggers match the registry and the
// current schema, in one transaction: unchanged triggers stay, changed ones
// are replaced, ones for tables no longer synced are dropped.
func (db *DB) installCapture(ctx context.Context) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	want := map[string]string{}
	logs := make(map[string]string, len(syncedTables))
	for _, table := range syncedTables {
		cols, key, err := tableColumns(ctx, tx, table)
		if err != nil {
			return err
		}
		logs[table] = insertLogSQL(table, cols, key)
		for name, body := range captureTriggers(table, cols, key) {
			want[name] = body
		}
	}
	have, err := triggersNamed(ctx, tx, captureTriggerPrefix)
	if err != nil {
		return err
	}
	for name, body := range have {
		if want[name] == body {
			delete(want, name)
			continue
		}
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER `+quoteIdent(name)); err != nil {
			return fmt.Errorf("capture: drop %s: %w", name, err)
		}
	}
	for name, body := range want {
		if _, err := tx.ExecContext(ctx, body); err != nil {
			return fmt.Errorf("capture: create %s: %w", name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	db.insertLogs.Store(&logs)
	return nil
}

// dropCaptureTriggers removes every capture trigger (before a migration
// changes the tables they name; installCapture puts them back).
func dropCaptureTriggers(ctx context.Context, tx *sql.Tx) error {
	have, err := triggersNamed(ctx, tx, captureTriggerPrefix)
	if err != nil {
		return err
	}
	for name := range have {
		if _, err := tx.ExecContext(ctx, `DROP TRIGGER `+quoteIdent(name)); err != nil {
			return err
		}
	}
	return nil
}

// tableColumns lists a table's columns in order and its primary key's.
func tableColumns(ctx context.Context, tx *sql.Tx, table string) (cols, key []string, err error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	pk := map[int]string{}
	for rows.Next() {
		var name string
		var n int
		if err := rows.Scan(&name, &n); err != nil {
			return nil, nil, err
		}
		cols = append(cols, name)
		if n > 0 {
			pk[n] = name
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	if len(cols) == 0 {
		return nil, nil, fmt.Errorf("capture: synced table %s does not exist", table)
	}
	for i := 1; i <= len(pk); i++ {
		key = append(key, pk[i])
	}
	if len(key) == 0 {
		return nil, nil, fmt.Errorf("capture: synced table %s has no primary key", table)
	}
	return cols, key, nil
}

// captureTriggers generates the three triggers of one table. Each calls
// sw_capture once per row, which refuses a write outside capture, and
// (unless the write is not logged) appends one sync_changes row: the row's
// key, and for an insert every column, for an update only the columns
// whose value changed. The call sits in a materialised subquery so SQLite
// evaluates it once, not once per use of its answer.
func captureTriggers(table string, cols, key []string) map[string]string {
	t := quoteIdent(table)
	capture := `(SELECT sw_capture('` + table + `') AS c LIMIT 1)`
	record := func(op, rowID, colsJSON, from string) string {
		return `INSERT INTO sync_changes (tbl, row_id, op, cols, hlc, origin, base_seq) SELECT '` + table + `', ` + rowID + `, '` + op +
			`', ` + colsJSON + `, w.c ->> 0, w.c ->> 1, w.c ->> 2 FROM ` + capture + ` AS w` + from
	}
	body := func(name, event, stmt string) string {
		return `CREATE TRIGGER ` + quoteIdent(name) + ` AFTER ` + event + ` ON ` + t + ` BEGIN ` + stmt + `; END`
	}

	changed := make([]string, 0, len(cols))
	for _, c := range cols {
		q := quoteIdent(c)
		changed = append(changed, `SELECT '`+c+`' AS k, NEW.`+q+` AS v WHERE NEW.`+q+` IS NOT OLD.`+q)
	}
	p := captureTriggerPrefix + table
	return map[string]string{
		p + "_insert": body(p+"_insert", "INSERT",
			record("insert", rowKey("NEW", key), rowJSON("NEW", cols), ` WHERE w.c IS NOT NULL`)),
		p + "_update": body(p+"_update", "UPDATE",
			record("update", rowKey("NEW", key), `d.c`,
				`, (SELECT (SELECT json_group_object(k, v) FROM (`+strings.Join(changed, " UNION ALL ")+`)) AS c) AS d WHERE w.c IS NOT NULL AND d.c <> '{}'`)),
		p + "_delete": body(p+"_delete", "DELETE",
			record("delete", rowKey("OLD", key), `NULL`, ` WHERE w.c IS NOT NULL`)),
	}
}

// rowJSON is the SQL of a row's every column as a JSON object: what an
// insert's change carries.
func rowJSON(ref string, cols []string) string {
	all := make([]string, 0, 2*len(cols))
	for _, c := range cols {
		all = append(all, `'`+c+`'`, ref+`.`+quoteIdent(c))
	}
	return `json_object(` + strings.Join(all, ", ") + `)`
}

// insertLogSQL records the inserts of many rows of table at once, exactly
// as its insert trigger records each (Tx.insertLogged): ?1 is the capture
// answer, ?2 a JSON array of the values of the column the rows are found
// by (%s), in the order the rows were written (rows sharing a value, such
// as a client's tags, in key order: the same clock stamps them all, so
// their order changes nothing a replica or the hub's merge does).
func insertLogSQL(table string, cols, key []string) string {
	order := make([]string, len(key))
	for i, k := range key {
		order[i] = "r." + quoteIdent(k)
	}
	return `INSERT INTO sync_changes (tbl, row_id, op, cols, hlc, origin, base_seq) SELECT '` + table + `', ` + rowKey("r", key) +
		`, 'insert', ` + rowJSON("r", cols) + `, ?1 ->> 0, ?1 ->> 1, ?1 ->> 2 FROM json_each(?2) AS j JOIN ` + quoteIdent(table) +
		` AS r ON r.%s = j.value ORDER BY j.key, ` + strings.Join(order, ", ")
}

// rowKey is the SQL naming a row: its id, or a JSON array of a composite key.
func rowKey(ref string, key []string) string {
	if len(key) == 1 {
		return ref + "." + quoteIdent(key[0])
	}
	parts := make([]string, len(key))
	for i, k := range key {
		parts[i] = ref + "." + quoteIdent(k)
	}
	return "json_array(" + strings.Join(parts, ", ") + ")"
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
