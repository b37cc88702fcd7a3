package sqlite

import (
	"context"

	"siteward/backend"
)

// PropertyContactService implements backend.PropertyContactService.
type PropertyContactService struct{ db *DB }

// NewPropertyContactService returns a PropertyContactService on db.
func NewPropertyContactService(db *DB) *PropertyContactService {
	return &PropertyContactService{db: db}
}

var _ backend.PropertyContactService = (*PropertyContactService)(nil)

func (s *PropertyContactService) FindPropertyContacts(ctx context.Context, propertyID string) (cs []*backend.PropertyContact, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		if _, err := findPropertyByID(ctx, tx, propertyID); err != nil {
			return err
		}
		cs, err = findPropertyContacts(ctx, tx, "property_id = ?", propertyID)
		return err
	})
	return cs, err
}

func findPropertyContacts(ctx context.Context, tx *Tx, cond string, arg any) ([]*backend.PropertyContact, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, property_id, role, name, email, phone, receive_reports, receive_quotes,
		receive_invoices, receive_notifications FROM property_contacts WHERE deleted_at IS NULL AND `+cond+`
		ORDER BY name COLLATE NOCASE, id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []*backend.PropertyContact{}
	for rows.Next() {
		var c backend.PropertyContact
		if err := rows.Scan(&c.ID, &c.PropertyID, &c.Role, &c.Name, &c.Email, &c.Phone, &c.ReceiveReports, &c.ReceiveQuotes,
			&c.ReceiveInvoices, &c.ReceiveNotifications); err != nil {
			return nil, err
		}
		out = append(out, &c)
	}
	return out, rows.Err()
}

func findPropertyContactByID(ctx context.Context, tx *Tx, id string) (*backend.PropertyContact, error) {
	cs, err := findPropertyContacts(ctx, tx, "id = ?", id)
	if err != nil {
		return nil, err
	} else if len(cs) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "Contact not found.")
	}
	return cs[0], nil
}

func (s *PropertyContactService) CreatePropertyContact(ctx context.Context, c *backend.PropertyContact) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findPropertyByID(ctx, tx, c.PropertyID); err != nil {
			return err
		}
		c.ID = backend.NewID()
		_, err := tx.ExecContext(ctx, `INSERT INTO property_contacts (id, property_id, role, name, email, phone, receive_reports,
			receive_quotes, receive_invoices, receive_notifications, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ID, c.PropertyID, c.Role, c.Name, c.Email, c.Phone, c.ReceiveReports, c.ReceiveQuotes, c.ReceiveInvoices,
			c.ReceiveNotifications, tx.now, tx.now)
		return err
	})
}

func (s *PropertyContactService) UpdatePropertyContact(ctx context.Context, c *backend.PropertyContact) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		old, err := findPropertyContactByID(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		c.PropertyID = old.PropertyID
		_, err = tx.ExecContext(ctx, `UPDATE property_contacts SET role = ?, name = ?, email = ?, phone = ?, receive_reports = ?,
			receive_quotes = ?, receive_invoices = ?, receive_notifications = ?, updated_at = ? WHERE id = ?`,
			c.Role, c.Name, c.Email, c.Phone, c.ReceiveReports, c.ReceiveQuotes, c.ReceiveInvoices, c.ReceiveNotifications, tx.now, c.ID)
		return err
	})
}

func (s *PropertyContactService) DeletePropertyContact(ctx context.Context, id string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findPropertyContactByID(ctx, tx, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE property_contacts SET deleted_at = ?, updated_at = ? WHERE id = ?`, tx.now, tx.now, id)
		return err
	})
}
