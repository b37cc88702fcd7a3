package sqlite

import (
	"context"

	"siteward/backend"
)

// EmailReport queues one message per report recipient and publishes the
// report, all in one transaction: either every recipient is queued and the
// report is published, or nothing changes.
func (s *ReportService) EmailReport(ctx context.Context, id string, links backend.MailLinks) ([]*backend.OutboxMessage, error) {
	var out []*backend.OutboxMessage
	err := s.db.Update(ctx, func(tx *Tx) error {
		r, err := findReportByID(ctx, tx, id)
		if err != nil {
			return err
		}
		var clientID, property string
		if err := tx.QueryRowContext(ctx, `SELECT client_id, name FROM properties WHERE id = ?`, r.PropertyID).
			Scan(&clientID, &property); err != nil {
			return err
		}
		c, err := findClientByID(ctx, tx, clientID)
		if err != nil {
			return err
		}
		type recipient struct{ email, name string }
		var to []recipient
		seen := map[string]bool{}
		add := func(email, name string) {
			e := backend.NormalizeEmail(email)
			if e != "" && !seen[e] {
				seen[e] = true
				to = append(to, recipient{e, name})
			}
		}
		add(c.EmailFor("reports"), c.Name)
		rows, err := tx.QueryContext(ctx, `SELECT email, name FROM property_contacts
			WHERE property_id = ? AND receive_reports = 1 AND deleted_at IS NULL AND email <> '' ORDER BY name, id`, r.PropertyID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var email, name string
			if err := rows.Scan(&email, &name); err != nil {
				rows.Close()
				return err
			}
			add(email, name)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(to) == 0 {
			return backend.Errorf(backend.EINVALID, "%s has no address for reports: add a reports email or a primary contact to the client, or tick Reports on a property contact.", c.Name)
		}
		for _, rc := range to {
			m, err := backend.ReportMail{Links: links, ToName: rc.name, ToEmail: rc.email, Report: r, Property: property}.Message()
			if err != nil {
				return err
			}
			m.ClientID, m.PropertyID = &c.ID, &r.PropertyID
			if err := enqueueMessage(ctx, tx, m); err != nil {
				return err
			}
			out = append(out, m)
		}
		_, err = tx.ExecContext(ctx, `UPDATE reports SET published = 1, published_at = COALESCE(published_at, ?), updated_at = ?
			WHERE id = ?`, tx.now, tx.now, r.ID)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
