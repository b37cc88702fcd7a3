package sqlite

import (
	"context"
	"encoding/json"
	"slices"

	"siteward/backend"
)

// sliceView is how the hub reads its log for an install holding a slice:
// the rows in the slice now (only), what the install holds once it has
// applied the batch, with the log position each came whole at (entered),
// and whether it holds every row of the hub (an install made from a whole
// copy, before its first slice).
type sliceView struct {
	only, entered sliceSet
	holdsAll      bool
	tables        syncTables
	refs          map[string]map[string]string // table → reference column → the slice table it names
}

// passes reports whether the log entry ch is the install's to apply.
func (v *sliceView) passes(ch *backend.Change) bool {
	if ch.Op == backend.OpDelete {
		// A deleted row is in no slice any more, but the install may
		// hold it: what it holds (all, from a whole copy) sees the delete.
		return v.holdsAll || v.entered.has(ch.Table, ch.RowID)
	}
	return v.only.has(ch.Table, ch.RowID) && ch.Seq > v.entered.entered(ch.Table, ch.RowID)
}

// fitRefs keeps a logged change from naming a row the install does not
// hold: a reference changed twice, the first time to another site's row,
// names at that step a row outside the slice, and applying it would fail
// the install's foreign key. Such a column is left out of an update (the
// install keeps its value until a later change it can hold), and an
// insert gets the row's value at the end of the log instead (a row in
// the slice names rows in it). It reports false when nothing is left of
// an update.
func (v *sliceView) fitRefs(ctx context.Context, tx *Tx, ch *backend.Change) (bool, error) {
	if len(ch.Cols) == 0 || (ch.Op != backend.OpUpdate && ch.Op != backend.OpInsert) {
		return true, nil
	}
	refs, err := v.tableRefs(ctx, tx, ch.Table)
	if err != nil || len(refs) == 0 {
		return true, err
	}
	var cols map[string]json.RawMessage
	if err := json.Unmarshal(ch.Cols, &cols); err != nil {
		return false, err
	}
	changed := false
	for col, parent := range refs {
		raw, ok := cols[col]
		if !ok || v.holds(parent, raw) {
			continue
		}
		changed = true
		delete(cols, col)
		if ch.Op != backend.OpInsert {
			continue
		}
		t, err := v.tables.get(ctx, tx, ch.Table)
		if err != nil {
			return false, err
		}
		now, err := t.currentValue(ctx, tx, ch.RowID, col)
		if err != nil {
			return false, err
		}
		if v.holds(parent, now) {
			cols[col] = now
		}
	}
	if !changed {
		return true, nil
	}
	if len(cols) == 0 {
		return false, nil
	}
	out, err := json.Marshal(cols)
	ch.Cols = out
	return true, err
}

// holds reports whether the install holds the row a reference value names
// (NULL names none).
func (v *sliceView) holds(table string, raw json.RawMessage) bool {
	var id *string
	if err := json.Unmarshal(raw, &id); err != nil || id == nil {
		return true // NULL, or not an id: nothing to check
	}
	return v.entered.has(table, *id)
}

// tableRefs lists a table's single-column foreign keys to tables a slice
// holds rows of (others are not the slice's to check).
func (v *sliceView) tableRefs(ctx context.Context, tx *Tx, table string) (map[string]string, error) {
	if refs, ok := v.refs[table]; ok {
		return refs, nil
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, "table", "from" FROM pragma_foreign_key_list(?)`, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	count := map[int]int{}
	parent := map[int][2]string{}
	for rows.Next() {
		var id int
		var to, from string
		if err := rows.Scan(&id, &to, &from); err != nil {
			return nil, err
		}
		count[id]++
		parent[id] = [2]string{from, to}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	refs := map[string]string{}
	for id, n := range count {
		if p := parent[id]; n == 1 && slices.ContainsFunc(sliceRows, func(r struct{ table, ids string }) bool { return r.table == p[1] }) {
			refs[p[0]] = p[1]
		}
	}
	if v.refs == nil {
		v.refs = map[string]map[string]string{}
	}
	v.refs[table] = refs
	return refs, nil
}
