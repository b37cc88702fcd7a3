package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"github.com/mattn/go-sqlite3"

	"siteward/backend"
)

// importBatch is how many rows one multi-row INSERT of an import carries:
// one statement per batch instead of per row is most of an import's speed.
const importBatch = 100

// batchInsert runs one statement over many rows of width values each —
// INSERT INTO head VALUES (row), (row), … or an UPDATE … FROM (VALUES …)
// (tail follows the rows) — preparing the full-size statement once. With
// exact set, every statement must change as many rows as it carries, or
// errBatchShort is returned.
type batchInsert struct {
	ctx   context.Context
	tx    *Tx
	head  string
	tail  string
	width int
	exact bool
	full  *sql.Stmt
	args  []any
	n     int
}

// errBatchShort: a batched UPDATE found fewer rows than it carried.
var errBatchShort = errors.New("sqlite: a batched statement changed fewer rows than it carried")

func newBatchInsert(ctx context.Context, tx *Tx, head string, width int) *batchInsert {
	return &batchInsert{ctx: ctx, tx: tx, head: head + " VALUES ", width: width, args: make([]any, 0, width*importBatch)}
}

// newBatchUpdate runs head (VALUES rows) tail, e.g. "UPDATE t SET a = v.column2
// FROM (VALUES" … ") AS v WHERE t.id = v.column1"; every row must match.
func newBatchUpdate(ctx context.Context, tx *Tx, head, tail string, width int) *batchInsert {
	return &batchInsert{ctx: ctx, tx: tx, head: head + " ", tail: tail, width: width, exact: true, args: make([]any, 0, width*importBatch)}
}

func (b *batchInsert) values(n int) string {
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", b.width), ", ") + ")"
	return b.head + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ") + b.tail
}

func (b *batchInsert) add(args ...any) error {
	b.args = append(b.args, args...)
	b.n++
	if b.n < importBatch {
		return nil
	}
	if b.full == nil {
		st, err := b.tx.PrepareContext(b.ctx, b.values(importBatch))
		if err != nil {
			return err
		}
		b.full = st
	}
	res, err := b.full.ExecContext(b.ctx, b.args...)
	return b.done(res, err)
}

// done checks a batch's result and empties the batch.
func (b *batchInsert) done(res sql.Result, err error) error {
	n := b.n
	b.args, b.n = b.args[:0], 0
	if err != nil || !b.exact {
		return err
	}
	if got, err := res.RowsAffected(); err != nil {
		return err
	} else if got != int64(n) {
		return errBatchShort
	}
	return nil
}

// flush writes what is left and releases the statement.
func (b *batchInsert) flush() error {
	if b.full != nil {
		defer b.full.Close()
	}
	if b.n == 0 {
		return nil
	}
	res, err := b.tx.ExecContext(b.ctx, b.values(b.n), b.args...)
	return b.done(res, err)
}

// insertCreates writes every create of an import in batches. Codes taken
// since the preview are looked for first, so the error can name the row.
func insertCreates(ctx context.Context, tx *Tx, changes []*backend.ClientImportChange) error {
	if len(changes) == 0 {
		return nil
	}
	codes := make([]string, len(changes))
	for i, ch := range changes {
		codes[i] = ch.Client.Code
	}
	js, err := json.Marshal(codes)
	if err != nil {
		return err
	}
	var taken sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT MIN(code) FROM clients WHERE deleted_at IS NULL
		AND code IN (SELECT value FROM json_each(?))`, string(js)).Scan(&taken); err != nil {
		return err
	}
	if taken.Valid {
		for _, ch := range changes {
			if strings.EqualFold(ch.Client.Code, taken.String) {
				return backend.Errorf(backend.ECONFLICT, "Client code %s (row %d) was added by someone else since the preview; nothing was imported. Preview the file again.", ch.Client.Code, ch.Row)
			}
		}
	}
	clients := newBatchInsert(ctx, tx, `INSERT INTO clients (id, code, name, group_id, email_reports, email_quotes,
		email_correspondence, email_invoices, pricing_tier, active, created_at, updated_at)`, 12)
	contacts := newBatchInsert(ctx, tx, `INSERT INTO client_contacts (id, client_id, name, email, phone, address, is_primary,
		created_at, updated_at)`, 9)
	tags := newBatchInsert(ctx, tx, `INSERT INTO client_tags (client_id, tag)`, 2)
	// Clients first, all of them: contacts and tags refer to them. Each
	// table's rows are logged for sync in one statement (insertLogged).
	ids := make([]string, len(changes))
	for i, ch := range changes {
		ch.Client.ID = backend.NewID()
		ids[i] = ch.Client.ID
	}
	if err := tx.insertLogged(ctx, "clients", "id", ids, func() error {
		for _, ch := range changes {
			ic := &ch.Client
			c := &ic.Client
			if err := clients.add(ic.ID, ic.Code, c.Name, c.GroupID, c.EmailReports, c.EmailQuotes, c.EmailCorrespondence,
				c.EmailInvoices, c.PricingTier, c.Active, tx.now, tx.now); err != nil {
				return err
			}
		}
		return clients.flush()
	}); err != nil {
		return createErr(err)
	}
	var contactIDs []string
	for _, ch := range changes {
		if ch.WriteContact {
			ch.Client.Contact.ID = backend.NewID()
			contactIDs = append(contactIDs, ch.Client.Contact.ID)
		}
	}
	if err := tx.insertLogged(ctx, "client_contacts", "id", contactIDs, func() error {
		for _, ch := range changes {
			if !ch.WriteContact {
				continue
			}
			ic := &ch.Client
			k := &ic.Contact
			if err := contacts.add(k.ID, ic.ID, k.Name, k.Email, k.Phone, k.Address, true, tx.now, tx.now); err != nil {
				return err
			}
		}
		return contacts.flush()
	}); err != nil {
		return err
	}
	return tx.insertLogged(ctx, "client_tags", "client_id", ids, func() error {
		for _, ch := range changes {
			for _, t := range uniqueTags(ch.Client.Client.Tags) {
				if err := tags.add(ch.Client.ID, t); err != nil {
					return err
				}
			}
		}
		return tags.flush()
	})
}

// uniqueTags drops case-insensitive repeats (client_tags is NOCASE-keyed).
func uniqueTags(tags []string) []string {
	seen := make(map[string]bool, len(tags))
	out := tags[:0:0]
	for _, t := range tags {
		if k := strings.ToLower(t); !seen[k] {
			seen[k] = true
			out = append(out, t)
		}
	}
	return out
}

func createErr(err error) error {
	if isConstraint(err, sqlite3.ErrConstraintForeignKey) {
		return backend.Errorf(backend.ECONFLICT, "A client group named in the file was removed since the preview; nothing was imported. Preview the file again.")
	}
	return err
}
