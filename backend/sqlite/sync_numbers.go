package sqlite

import (
	"context"
	"errors"

	"siteward/backend"
)

// Human numbers at the hub (docs/sync.md "Merge at the hub"): a replica's
// new task, remark, quote or invoice is numbered when the hub accepts it,
// whatever number the replica put in (an older install may have numbered
// it itself); the number reaches every install, its author's too, by pull.

// errHubNumbers refuses a replica's change of a number.
var errHubNumbers = errors.New("human numbers are assigned by the office hub; a number cannot be changed from an install")

// checkNumber refuses a replica's update of a human number.
func checkNumber(t *syncTable, ch *backend.Change, vals map[string]any) error {
	if _, numbered := hubNumbered[t.name]; !numbered || ch.Op == backend.OpInsert {
		return nil
	}
	if _, ok := vals["number"]; ok {
		return errHubNumbers
	}
	return nil
}

// numberInsert gives a replica's new row the hub's next number, in vals.
func (m *merger) numberInsert(ctx context.Context, t *syncTable, vals map[string]any) error {
	counter, numbered := hubNumbered[t.name]
	if !numbered {
		return nil
	}
	n, err := nextNumber(ctx, m.tx, counter)
	if err != nil || n == nil {
		return err
	}
	vals["number"] = int64(*n)
	return nil
}

// isHubNumber reports whether col is a numbered table's number, which the
// hub sets itself on every insert from a replica.
func isHubNumber(t *syncTable, col string) bool {
	_, numbered := hubNumbered[t.name]
	return numbered && col == "number"
}
