package sqlite

import (
	"context"

	"siteward/backend"
)

// SetPropertyParent changes only the building a property is a tenancy of,
// checked and written in one transaction (checkPropertyRefs).
func (s *PropertyService) SetPropertyParent(ctx context.Context, id string, parentID *string) (p *backend.Property, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		if p, err = findPropertyByID(ctx, tx, id); err != nil {
			return err
		}
		p.ParentID = parentID
		if err := p.Validate(); err != nil {
			return err
		}
		if err := checkPropertyRefs(ctx, tx, p); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE properties SET parent_id = ?, updated_at = ? WHERE id = ?`, p.ParentID, tx.now, id); err != nil {
			return err
		}
		p, err = findPropertyByID(ctx, tx, id)
		return err
	})
	return p, err
}
