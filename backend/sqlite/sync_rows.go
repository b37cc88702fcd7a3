package sqlite

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// syncTable is a synced table's shape, read from the schema.
type syncTable struct {
	name string
	cols []string
	key  []string
}

// syncTables reads the registry's tables once per transaction.
type syncTables map[string]*syncTable

func (st syncTables) get(ctx context.Context, tx *Tx, name string) (*syncTable, error) {
	if t, ok := st[name]; ok {
		return t, nil
	}
	if !slices.Contains(syncedTables, name) {
		return nil, fmt.Errorf("%s is not a synced table", name)
	}
	cols, key, err := tableColumns(ctx, tx.Tx, name)
	if err != nil {
		return nil, err
	}
	t := &syncTable{name: name, cols: cols, key: key}
	st[name] = t
	return t, nil
}

// decodeCols reads a change's columns, keeping integers exact, and refuses
// a column the table does not have. A column this install does not know is
// an error, not silently dropped: a newer replica's change waits for the
// hub to be upgraded (docs/sync.md).
func (t *syncTable) decodeCols(raw json.RawMessage) (map[string]any, error) {
	out := map[string]any{}
	if len(raw) == 0 || string(raw) == "null" {
		return out, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("columns are not a JSON object: %v", err)
	}
	for k, v := range m {
		if !slices.Contains(t.cols, k) {
			return nil, fmt.Errorf("%s has no column %q", t.name, k)
		}
		switch x := v.(type) {
		case json.Number:
			if i, err := x.Int64(); err == nil {
				v = i
			} else if f, err := x.Float64(); err == nil {
				v = f
			} else {
				return nil, fmt.Errorf("column %q: %v", k, err)
			}
		case string, bool, nil:
		default:
			return nil, fmt.Errorf("column %q holds a %T, want a plain value", k, v)
		}
		out[k] = v
	}
	return out, nil
}

// keyWhere is the WHERE clause naming the row with rowID (its id, or the
// JSON array of a composite key) and its arguments.
func (t *syncTable) keyWhere(rowID string) (string, []any, error) {
	if len(t.key) == 1 {
		return quoteIdent(t.key[0]) + " = ?", []any{rowID}, nil
	}
	var parts []any
	if err := json.Unmarshal([]byte(rowID), &parts); err != nil || len(parts) != len(t.key) {
		return "", nil, fmt.Errorf("row %q of %s is not a key of %d parts", rowID, t.name, len(t.key))
	}
	conds := make([]string, len(t.key))
	for i, k := range t.key {
		conds[i] = quoteIdent(k) + " = ?"
	}
	return strings.Join(conds, " AND "), parts, nil
}

func (t *syncTable) exists(ctx context.Context, tx *Tx, rowID string) (bool, error) {
	where, args, err := t.keyWhere(rowID)
	if err != nil {
		return false, err
	}
	var n int
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quoteIdent(t.name)+` WHERE `+where, args...).Scan(&n)
	return n > 0, err
}

func (t *syncTable) insert(ctx context.Context, tx *Tx, vals map[string]any) error {
	names := sortedKeys(vals)
	cols := make([]string, len(names))
	args := make([]any, len(names))
	for i, n := range names {
		cols[i], args[i] = quoteIdent(n), vals[n]
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO `+quoteIdent(t.name)+` (`+strings.Join(cols, ", ")+`) VALUES (`+
		strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")+`)`, args...)
	return err
}

func (t *syncTable) update(ctx context.Context, tx *Tx, rowID string, vals map[string]any) error {
	if len(vals) == 0 {
		return nil
	}
	where, keyArgs, err := t.keyWhere(rowID)
	if err != nil {
		return err
	}
	names := sortedKeys(vals)
	sets := make([]string, len(names))
	args := make([]any, 0, len(names)+len(keyArgs))
	for i, n := range names {
		sets[i] = quoteIdent(n) + " = ?"
		args = append(args, vals[n])
	}
	_, err = tx.ExecContext(ctx, `UPDATE `+quoteIdent(t.name)+` SET `+strings.Join(sets, ", ")+` WHERE `+where, append(args, keyArgs...)...)
	return err
}

func (t *syncTable) delete(ctx context.Context, tx *Tx, rowID string) error {
	where, args, err := t.keyWhere(rowID)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `DELETE FROM `+quoteIdent(t.name)+` WHERE `+where, args...)
	return err
}

// current returns the row's present values of cols as a JSON object.
func (t *syncTable) current(ctx context.Context, tx *Tx, rowID string, cols []string) (json.RawMessage, error) {
	where, args, err := t.keyWhere(rowID)
	if err != nil {
		return nil, err
	}
	pairs := make([]string, 0, 2*len(cols))
	for _, c := range cols {
		pairs = append(pairs, `'`+c+`'`, quoteIdent(c))
	}
	var s string
	err = tx.QueryRowContext(ctx, `SELECT json_object(`+strings.Join(pairs, ", ")+`) FROM `+quoteIdent(t.name)+` WHERE `+where, args...).Scan(&s)
	return json.RawMessage(s), err
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// currentValue returns one column's present value as JSON.
func (t *syncTable) currentValue(ctx context.Context, tx *Tx, rowID, col string) (json.RawMessage, error) {
	obj, err := t.current(ctx, tx, rowID, []string{col})
	if err != nil {
		return nil, err
	}
	var one map[string]json.RawMessage
	if err := json.Unmarshal(obj, &one); err != nil {
		return nil, err
	}
	return one[col], nil
}
