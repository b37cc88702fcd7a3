package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"github.com/mattn/go-sqlite3"

	"siteward/backend"
)

// applyUpdates writes every update of an import in batches, like the
// creates: clients by UPDATE … FROM (VALUES …), their tags deleted in one
// statement and inserted in batches, primary contacts inserted or updated
// in batches. Each client's version (its updated_at when the plan was made)
// and each contact updated are checked first, in one query each: the write
// transaction holds the lock, so nothing can change between the check and
// the writes, and a conflict names its row.
func applyUpdates(ctx context.Context, tx *Tx, changes []*backend.ClientImportChange) error {
	if len(changes) == 0 {
		return nil
	}
	if err := checkVersions(ctx, tx, changes); err != nil {
		return err
	}
	clients := newBatchUpdate(ctx, tx, `UPDATE clients SET name = v.column3, group_id = v.column4, email_reports = v.column5,
		email_quotes = v.column6, email_correspondence = v.column7, email_invoices = v.column8, pricing_tier = v.column9,
		active = v.column10, updated_at = v.column11 FROM (VALUES`,
		`) AS v WHERE clients.id = v.column1 AND clients.updated_at = v.column2 AND clients.deleted_at IS NULL`, 11)
	for _, ch := range changes {
		ic := &ch.Client
		c := &ic.Client
		if err := clients.add(ic.ID, ic.Version, c.Name, c.GroupID, c.EmailReports, c.EmailQuotes, c.EmailCorrespondence,
			c.EmailInvoices, c.PricingTier, c.Active, tx.now); err != nil {
			return updateErr(err)
		}
	}
	if err := clients.flush(); err != nil {
		return updateErr(err)
	}

	var retag []string
	tags := newBatchInsert(ctx, tx, `INSERT INTO client_tags (client_id, tag)`, 2)
	for _, ch := range changes {
		if ch.WriteTags {
			retag = append(retag, ch.Client.ID)
		}
	}
	if len(retag) > 0 {
		js, err := json.Marshal(retag)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM client_tags WHERE client_id IN (SELECT value FROM json_each(?))`, string(js)); err != nil {
			return err
		}
		for _, ch := range changes {
			if !ch.WriteTags {
				continue
			}
			for _, t := range uniqueTags(ch.Client.Client.Tags) {
				if err := tags.add(ch.Client.ID, t); err != nil {
					return err
				}
			}
		}
		if err := tags.flush(); err != nil {
			return err
		}
	}

	newContacts := newBatchInsert(ctx, tx, `INSERT INTO client_contacts (id, client_id, name, email, phone, address, is_primary,
		created_at, updated_at)`, 9)
	contacts := newBatchUpdate(ctx, tx, `UPDATE client_contacts SET name = v.column2, email = v.column3, phone = v.column4,
		address = v.column5, updated_at = v.column6 FROM (VALUES`,
		`) AS v WHERE client_contacts.id = v.column1 AND client_contacts.deleted_at IS NULL`, 6)
	for _, ch := range changes {
		if !ch.WriteContact {
			continue
		}
		ic := &ch.Client
		k := &ic.Contact
		var err error
		if k.ID == "" {
			k.ID = backend.NewID()
			err = newContacts.add(k.ID, ic.ID, k.Name, k.Email, k.Phone, k.Address, true, tx.now, tx.now)
		} else {
			err = contacts.add(k.ID, k.Name, k.Email, k.Phone, k.Address, tx.now)
		}
		if err != nil {
			return updateErr(err)
		}
	}
	if err := newContacts.flush(); err != nil {
		return err
	}
	return updateErr(contacts.flush())
}

// checkVersions finds the first update whose client changed or went since
// the plan, or whose primary contact was removed, and names its row.
func checkVersions(ctx context.Context, tx *Tx, changes []*backend.ClientImportChange) error {
	versions := make([][2]string, len(changes))
	contacts := []string{} // json_each('null') would yield a row
	var contactOf []int
	for i, ch := range changes {
		versions[i] = [2]string{ch.Client.ID, ch.Client.Version}
		if ch.WriteContact && ch.Client.Contact.ID != "" {
			contacts = append(contacts, ch.Client.Contact.ID)
			contactOf = append(contactOf, i)
		}
	}
	for _, q := range []struct {
		sql string
		arg any
		row func(int) int
	}{
		{`SELECT j.key FROM json_each(?) j LEFT JOIN clients c ON c.id = json_extract(j.value, '$[0]') AND c.deleted_at IS NULL
			WHERE c.updated_at IS NULL OR c.updated_at <> json_extract(j.value, '$[1]') ORDER BY j.key LIMIT 1`, versions, func(i int) int { return i }},
		{`SELECT j.key FROM json_each(?) j LEFT JOIN client_contacts k ON k.id = j.value AND k.deleted_at IS NULL
			WHERE k.id IS NULL ORDER BY j.key LIMIT 1`, contacts, func(i int) int { return contactOf[i] }},
	} {
		js, err := json.Marshal(q.arg)
		if err != nil {
			return err
		}
		var i int
		err = tx.QueryRowContext(ctx, q.sql, string(js)).Scan(&i)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		} else if err != nil {
			return err
		}
		return changedSincePreview(changes[q.row(i)])
	}
	return nil
}

// updateErr explains what can still go wrong after the checks: a client
// group removed since the preview.
func updateErr(err error) error {
	switch {
	case isConstraint(err, sqlite3.ErrConstraintForeignKey):
		return createErr(err)
	case errors.Is(err, errBatchShort):
		return backend.Errorf(backend.ECONFLICT, "A client in the file changed since the preview; nothing was imported. Preview the file again.")
	}
	return err
}
