package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strings"
)

// derivedTables are kept by the schema's own triggers from the rows
// (portal counts, the search index): a slice snapshot does not copy them,
// its inserts fill them.
var derivedTables = []string{"portal_counts", "portal_asset_worst", "portal_client_counts", "portal_group_counts", "portal_tree_counts",
	"search_docs", "search_fts", "search_codes", "client_group_paths"}

// writeSliceSnapshot builds a technician's snapshot at path from the hub's
// rows rather than from a whole copy: the hub's schema without the capture
// triggers, the tables a whole snapshot holds copied whole except the
// synced ones (only the slice's rows) and the derived ones. The caller
// holds the hub's writer connection, so nothing is written meanwhile; the
// caller scrubs the copy after, as a whole one.
func writeSliceSnapshot(ctx context.Context, hubPath, path string, slice sliceSet) error {
	snap, err := sql.Open("sqlite3", dsn(path, nil))
	if err != nil {
		return err
	}
	defer snap.Close()
	snap.SetMaxOpenConns(1) // ATTACH and the pragma are the connection's
	if _, err := snap.ExecContext(ctx, `ATTACH DATABASE ? AS hub`, hubPath); err != nil {
		return err
	}
	tables, err := copySchema(ctx, snap)
	if err != nil {
		return err
	}
	// A slice may name a row outside it (as a whole snapshot thinned out did).
	if _, err := snap.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return err
	}
	tx, err := snap.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, t := range tables {
		if slices.Contains(syncedTables, t) || slices.Contains(derivedTables, t) {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO main.`+quoteIdent(t)+` SELECT * FROM hub.`+quoteIdent(t)); err != nil {
			return err
		}
	}
	for _, t := range syncedTables {
		ids := make([]string, 0, len(slice[t]))
		for id := range slice[t] {
			ids = append(ids, id)
		}
		if len(ids) == 0 {
			continue // composite keys are never in a slice
		}
		var key string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM pragma_table_info(?) WHERE pk = 1`, t).Scan(&key); err != nil {
			return err
		}
		list, _ := json.Marshal(ids)
		if _, err := tx.ExecContext(ctx, `INSERT INTO main.`+quoteIdent(t)+` SELECT * FROM hub.`+quoteIdent(t)+
			` WHERE `+quoteIdent(key)+` IN (SELECT value FROM json_each(?))`, string(list)); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	if _, err := snap.ExecContext(ctx, `DETACH DATABASE hub`); err != nil {
		return err
	}
	_, err = snap.ExecContext(ctx, `PRAGMA foreign_keys = ON`)
	return err
}

// copySchema creates the attached hub's tables, indexes, views and
// triggers (not the capture triggers: the install makes its own at open)
// in the empty main database, and returns the plain tables to copy rows of.
func copySchema(ctx context.Context, snap *sql.DB) ([]string, error) {
	rows, err := snap.QueryContext(ctx, `SELECT type, name, sql FROM hub.sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY rowid`)
	if err != nil {
		return nil, err
	}
	type object struct{ kind, name, sql string }
	var objs []object
	var virtual []string
	for rows.Next() {
		var o object
		if err := rows.Scan(&o.kind, &o.name, &o.sql); err != nil {
			rows.Close()
			return nil, err
		}
		if o.kind == "table" && strings.HasPrefix(strings.ToUpper(o.sql), "CREATE VIRTUAL TABLE") {
			virtual = append(virtual, o.name)
		}
		objs = append(objs, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	shadow := func(name string) bool {
		return slices.ContainsFunc(virtual, func(v string) bool { return strings.HasPrefix(name, v+"_") })
	}
	var tables []string
	for _, kind := range []string{"table", "index", "view", "trigger"} {
		for _, o := range objs {
			if o.kind != kind || shadow(o.name) || strings.HasPrefix(o.name, "sw_capture_") {
				continue
			}
			if _, err := snap.ExecContext(ctx, o.sql); err != nil {
				return nil, err
			}
			if kind == "table" && !slices.Contains(virtual, o.name) {
				tables = append(tables, o.name)
			}
		}
	}
	return tables, nil
}
