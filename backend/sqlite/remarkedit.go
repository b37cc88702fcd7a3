package sqlite

import (
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"siteward/backend"
)

func (s *RemarkService) UpdateRemark(ctx context.Context, id string, u backend.RemarkUpdate, byUserID string) (r *backend.Remark, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		if err := updateRemark(ctx, tx, id, u, byUserID); err != nil {
			return err
		}
		r, err = findRemarkByID(ctx, tx, id)
		return err
	})
	return r, err
}

// updateRemark is the one way an office edit writes a remark's severity,
// description and asset (the detail's PATCH and keeping a conflict's
// value): every field checked first, then written and audited, or nothing.
func updateRemark(ctx context.Context, tx *Tx, id string, u backend.RemarkUpdate, byUserID string) error {
	cur, err := findRemarkByID(ctx, tx, id)
	if err != nil {
		return err
	}
	p := backend.Problems{}
	var set, changed []string
	var args []any
	if u.Severity != nil && *u.Severity != cur.Severity {
		if !slices.Contains(backend.Severities, *u.Severity) {
			p.Add("severity", "Choose a severity: critical, non_critical, non_conformance, recommendation or information.")
		} else {
			set, args, changed = append(set, "severity = ?"), append(args, string(*u.Severity)), append(changed, "severity")
		}
	}
	if u.Description != nil && strings.TrimSpace(*u.Description) != cur.Description {
		d := strings.TrimSpace(*u.Description)
		if d == "" {
			p.Add("description", "Describe the remark: what was found, and where.")
		} else if utf8.RuneCountInString(d) > backend.MaxRemarkDescription {
			p.Add("description", "Keep the description under 4,000 characters.")
		} else {
			set, args, changed = append(set, "description = ?"), append(args, d), append(changed, "description")
		}
	}
	if u.AssetID != nil && *u.AssetID != deref(cur.AssetID) {
		if *u.AssetID == "" {
			set, args, changed = append(set, "asset_id = ?"), append(args, nil), append(changed, "assetId")
		} else {
			var ok bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM assets WHERE id = ? AND property_id = ? AND deleted_at IS NULL)`,
				*u.AssetID, cur.PropertyID).Scan(&ok); err != nil {
				return err
			}
			if !ok {
				p.Add("assetId", "Choose one of this property's assets, or none.")
			} else {
				set, args, changed = append(set, "asset_id = ?"), append(args, *u.AssetID), append(changed, "assetId")
			}
		}
	}
	if err := p.Err(); err != nil {
		return err
	}
	if len(set) == 0 {
		return nil
	}
	set, args = append(set, "updated_at = ?"), append(args, tx.now)
	if _, err := tx.ExecContext(ctx, `UPDATE remarks SET `+strings.Join(set, ", ")+` WHERE id = ?`, append(args, id)...); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO audit_log (id, user_id, action, entity, entity_id, detail, at)
		VALUES (?, NULLIF(?, ''), 'remark.update', 'remark', ?, ?, ?)`, backend.NewID(), byUserID, id, strings.Join(changed, ","), tx.now)
	return err
}
