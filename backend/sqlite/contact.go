package sqlite

import (
	"context"
	"database/sql"

	"siteward/backend"
)

// ContactService implements backend.ContactService.
type ContactService struct{ db *DB }

// NewContactService returns a ContactService on db.
func NewContactService(db *DB) *ContactService { return &ContactService{db: db} }

var _ backend.ContactService = (*ContactService)(nil)

func (s *ContactService) FindContacts(ctx context.Context, clientID string) (cs []*backend.Contact, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		cs, err = findContacts(ctx, tx, "client_id = ?", clientID)
		return err
	})
	return cs, err
}

func findContacts(ctx context.Context, tx *Tx, cond string, arg any) ([]*backend.Contact, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, client_id, name, email, phone, address, is_primary FROM client_contacts
		WHERE deleted_at IS NULL AND `+cond+` ORDER BY is_primary DESC, name COLLATE NOCASE, id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*backend.Contact
	for rows.Next() {
		var c backend.Contact
		if err := rows.Scan(&c.ID, &c.ClientID, &c.Name, &c.Email, &c.Phone, &c.Address, &c.Primary); err != nil {
			return nil, err
		}
		out = append(out, &c)
	}
	return out, rows.Err()
}

func findContactByID(ctx context.Context, tx *Tx, id string) (*backend.Contact, error) {
	cs, err := findContacts(ctx, tx, "id = ?", id)
	if err != nil {
		return nil, err
	} else if len(cs) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "Contact not found.")
	}
	return cs[0], nil
}

func hasPrimary(ctx context.Context, tx *Tx, clientID string) (bool, error) {
	var id string
	err := tx.QueryRowContext(ctx, `SELECT id FROM client_contacts WHERE client_id = ? AND is_primary = 1 AND deleted_at IS NULL`, clientID).Scan(&id)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, err
}

func (s *ContactService) CreateContact(ctx context.Context, c *backend.Contact) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error { return createContact(ctx, tx, c) })
}

func createContact(ctx context.Context, tx *Tx, c *backend.Contact) error {
	if _, err := findClientByID(ctx, tx, c.ClientID); err != nil {
		return err
	}
	has, err := hasPrimary(ctx, tx, c.ClientID)
	if err != nil {
		return err
	}
	if !has {
		c.Primary = true
	} else if c.Primary {
		if err := demotePrimary(ctx, tx, c.ClientID); err != nil {
			return err
		}
	}
	if c.ID == "" {
		c.ID = backend.NewID()
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO client_contacts (id, client_id, name, email, phone, address, is_primary, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.ClientID, c.Name, c.Email, c.Phone, c.Address, c.Primary, tx.now, tx.now)
	return err
}

func demotePrimary(ctx context.Context, tx *Tx, clientID string) error {
	_, err := tx.ExecContext(ctx, `UPDATE client_contacts SET is_primary = 0, updated_at = ? WHERE client_id = ? AND is_primary = 1`, tx.now, clientID)
	return err
}

func (s *ContactService) UpdateContact(ctx context.Context, c *backend.Contact) error {
	if err := c.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		old, err := findContactByID(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		c.ClientID = old.ClientID
		if old.Primary && !c.Primary {
			return backend.Errorf(backend.ECONFLICT, "A client needs a primary contact: make another contact primary instead.")
		}
		if c.Primary && !old.Primary {
			if err := demotePrimary(ctx, tx, c.ClientID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE client_contacts SET name = ?, email = ?, phone = ?, address = ?, is_primary = ?, updated_at = ?
			WHERE id = ?`, c.Name, c.Email, c.Phone, c.Address, c.Primary, tx.now, c.ID)
		return err
	})
}

func (s *ContactService) DeleteContact(ctx context.Context, id, newPrimaryID string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		c, err := findContactByID(ctx, tx, id)
		if err != nil {
			return err
		}
		var successor *backend.Contact
		if c.Primary {
			var others int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM client_contacts WHERE client_id = ? AND id <> ? AND deleted_at IS NULL`,
				c.ClientID, id).Scan(&others); err != nil {
				return err
			}
			if others > 0 && newPrimaryID == "" {
				return backend.Errorf(backend.ECONFLICT, "This is the primary contact: choose who becomes primary before removing it.")
			}
			if others > 0 {
				successor, err = findContactByID(ctx, tx, newPrimaryID)
				if err != nil || successor.ClientID != c.ClientID || successor.ID == id {
					msg := "Choose another contact of this client to become primary."
					return &backend.Error{Code: backend.EINVALID, Message: msg, Fields: map[string]string{"newPrimaryId": msg}}
				}
			}
		}
		if _, err = tx.ExecContext(ctx, `UPDATE client_contacts SET deleted_at = ?, is_primary = 0, updated_at = ? WHERE id = ?`, tx.now, tx.now, id); err != nil {
			return err
		}
		if successor != nil {
			_, err = tx.ExecContext(ctx, `UPDATE client_contacts SET is_primary = 1, updated_at = ? WHERE id = ?`, tx.now, successor.ID)
		}
		return err
	})
}
