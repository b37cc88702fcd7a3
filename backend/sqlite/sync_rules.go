package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"siteward/backend"
)

// syncPeer is an enrolled replica as the hub knows it.
type syncPeer struct {
	siteID     string
	epoch      string
	userID     string
	licence    backend.Licence
	appliedSeq int64
}

// technicianRule is what a technician's install may write in one table.
// Tables not listed are refused: prices, quotes, invoices, clients and the
// group tree are the office's.
type technicianRule struct {
	// cols a technician may write; nil means every column.
	cols []string
	// ownerCol, when set, names the column holding the technician the row
	// belongs to: only their own rows, and never reassigned to someone else.
	ownerCol string
}

var technicianRules = map[string]technicianRule{
	"tasks": {
		cols:     []string{"stage", "scheduled_on", "performed_at", "completed_at", "description", "updated_at"},
		ownerCol: "technician_id",
	},
	// Publishing a remark is the office's review step, not the technician's.
	"remarks":       {cols: []string{"id", "property_id", "asset_id", "task_id", "severity", "status", "description", "raised_at", "resolved_at", "created_at", "updated_at", "deleted_at"}},
	"remark_photos": {},
	"assets":        {},
	"files":         {},
	"signoffs":      {},
	"client_notes":  {},
}

// authorise says why peer may not make change ch (nil when it may).
func authorise(ctx context.Context, tx *Tx, peer *syncPeer, t *syncTable, ch *backend.Change, vals map[string]any) error {
	switch peer.licence {
	case backend.LicenceOffice:
		return nil
	case backend.LicenceTechnician:
	default:
		return errors.New("only office and technician installs may sync changes")
	}
	rule, ok := technicianRules[t.name]
	if !ok {
		return fmt.Errorf("a technician may not change %s", t.name)
	}
	if rule.cols != nil {
		for c := range vals {
			// A new row names its key, and leaves the columns it may not
			// set empty (a remark starts unpublished, unnumbered).
			if !slices.Contains(rule.cols, c) && !(ch.Op == backend.OpInsert && (slices.Contains(t.key, c) || emptyValue(vals[c]) || isHubNumber(t, c))) {
				return fmt.Errorf("a technician may not change %s.%s", t.name, c)
			}
		}
	}
	if rule.ownerCol == "" {
		return nil
	}
	if ch.Op == backend.OpInsert {
		if owner, _ := vals[rule.ownerCol].(string); owner != peer.userID {
			return fmt.Errorf("a technician may only add %s of their own", t.name)
		}
		return nil
	}
	where, args, err := t.keyWhere(ch.RowID)
	if err != nil {
		return err
	}
	var owner sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT `+quoteIdent(rule.ownerCol)+` FROM `+quoteIdent(t.name)+` WHERE `+where, args...).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // nothing to protect: the merge decides what a change to a missing row means
	}
	if err != nil {
		return err
	}
	if owner.String != peer.userID {
		return fmt.Errorf("this %s is another technician's work", singular(t.name))
	}
	return nil
}

func singular(table string) string {
	if n := len(table); n > 1 && table[n-1] == 's' {
		return table[:n-1]
	}
	return table
}

// emptyValue reports whether v is a column left unset: NULL, 0, false or the empty string.
func emptyValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case int64:
		return x == 0
	case float64:
		return x == 0
	case string:
		return x == ""
	case bool:
		return !x
	}
	return false
}
