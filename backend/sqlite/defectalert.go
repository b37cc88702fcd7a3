package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"

	"siteward/backend"
)

// DefectAlertService implements backend.DefectAlertService.
type DefectAlertService struct {
	db  *DB
	loc *time.Location
}

// NewDefectAlertService returns the service on db; loc is the workspace's zone.
func NewDefectAlertService(db *DB, loc *time.Location) *DefectAlertService {
	if loc == nil {
		loc = time.UTC
	}
	return &DefectAlertService{db: db, loc: loc}
}

var _ backend.DefectAlertService = (*DefectAlertService)(nil)

// alertRecipient is one address an alert goes to.
type alertRecipient struct {
	contactID *string
	name      string
	email     string
}

func (s *DefectAlertService) SendCriticalAlerts(ctx context.Context, links backend.MailLinks) (int, error) {
	if _, ok := backend.NormalizeBaseURL(links.BaseURL); !ok || links.BaseURL == "" {
		return 0, nil // no address to acknowledge at yet; tried again next run
	}
	since := backend.FormatTime(s.db.Now().Add(-backend.AlertWindow))
	var remarks []string
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT r.id FROM remarks r INDEXED BY remarks_critical_published
			JOIN properties p ON p.id = r.property_id AND p.active = 1 AND p.deleted_at IS NULL
			WHERE r.severity = 'critical' AND r.published = 1 AND r.deleted_at IS NULL AND r.status = 'open' AND r.published_at >= ?
				AND NOT EXISTS (SELECT 1 FROM defect_alerts a WHERE a.remark_id = r.id)
			ORDER BY r.published_at, r.id`, since)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			remarks = append(remarks, id)
		}
		return rows.Err()
	})
	if err != nil {
		return 0, err
	}
	sent := 0
	for _, id := range remarks {
		n := 0
		err := s.db.Update(ctx, func(tx *Tx) (err error) { n, err = s.alertRemark(ctx, tx, id, links); return err })
		if err != nil {
			return sent, err
		}
		sent += n
	}
	return sent, nil
}

// alertRemark writes the remark's alerts and their messages, unless another
// run already did (checked again inside the writer's transaction).
func (s *DefectAlertService) alertRemark(ctx context.Context, tx *Tx, remarkID string, links backend.MailLinks) (int, error) {
	var done bool
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM defect_alerts WHERE remark_id = ?)`, remarkID).Scan(&done); err != nil || done {
		return 0, err
	}
	var propertyID, clientID, property, street, suburb, description, raised string
	err := tx.QueryRowContext(ctx, `SELECT p.id, p.client_id, p.name, p.street, p.suburb, r.description, r.raised_at
		FROM remarks r JOIN properties p ON p.id = r.property_id WHERE r.id = ?`, remarkID).
		Scan(&propertyID, &clientID, &property, &street, &suburb, &description, &raised)
	if err != nil {
		return 0, err
	}
	var to []alertRecipient
	rows, err := tx.QueryContext(ctx, `SELECT id, name, email FROM property_contacts
		WHERE property_id = ? AND receive_notifications = 1 AND email <> '' AND deleted_at IS NULL ORDER BY name, id`, propertyID)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var r alertRecipient
		var id string
		if err := rows.Scan(&id, &r.name, &r.email); err != nil {
			rows.Close()
			return 0, err
		}
		r.contactID = &id
		if backend.ValidEmail(backend.NormalizeEmail(r.email)) {
			to = append(to, r)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	c, err := findClientByID(ctx, tx, clientID)
	if err != nil {
		return 0, err
	}
	if len(to) == 0 {
		// No contact ticked for notifications: the client itself is told.
		if e := c.EmailFor("correspondence"); e != "" {
			to = append(to, alertRecipient{name: c.PrimaryName, email: e})
		}
	}
	if links.Company == "" {
		if ws, err := workspaceFacts(ctx, tx); err == nil {
			links.Company = ws.CompanyName
		}
	}
	raisedAt, _ := backend.ParseTime(raised)
	address := strings.Trim(strings.TrimSpace(street)+", "+strings.TrimSpace(suburb), ", ")
	for _, r := range to {
		token := NewSecret()
		mail := backend.AlertMail{Links: links, ToName: r.name, ToEmail: r.email, Property: property, Address: address,
			Description: description, RaisedOn: raisedAt.In(s.loc).Format(backend.DateLayout), Token: token}
		msg, err := mail.Message()
		if err != nil {
			return 0, err
		}
		msg.ClientID, msg.PropertyID = &c.ID, &propertyID
		if err := enqueueMessage(ctx, tx, msg); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO defect_alerts (id, remark_id, contact_id, token_hash, created_at, outbox_id, email, name)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, backend.NewID(), remarkID, r.contactID, hashSecret(token), tx.now, msg.ID,
			backend.NormalizeEmail(r.email), backend.SingleLine(r.name)); err != nil {
			return 0, err
		}
	}
	return len(to), nil
}

var errBadAlertLink = backend.Errorf(backend.ENOTFOUND,
	"This acknowledgement link is not valid. Check that you opened the whole address from the email, or reply to it instead.")

func findAlertInfo(ctx context.Context, tx *Tx, token string) (id string, info *backend.AlertInfo, err error) {
	if token == "" || len(token) > 100 {
		return "", nil, errBadAlertLink
	}
	info = &backend.AlertInfo{}
	var street, suburb, raised string
	var acked sql.NullString
	err = tx.QueryRowContext(ctx, `SELECT a.id, a.name, a.acknowledged_at, a.acknowledged_by, p.name, p.street, p.suburb,
			r.description, r.raised_at
		FROM defect_alerts a JOIN remarks r ON r.id = a.remark_id JOIN properties p ON p.id = r.property_id
		WHERE a.token_hash = ?`, hashSecret(token)).
		Scan(&id, &info.Name, &acked, &info.AcknowledgedBy, &info.PropertyName, &street, &suburb, &info.Description, &raised)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil, errBadAlertLink
	} else if err != nil {
		return "", nil, err
	}
	info.Address = strings.Trim(strings.TrimSpace(street)+", "+strings.TrimSpace(suburb), ", ")
	info.RaisedAt, _ = backend.ParseTime(raised)
	info.AcknowledgedAt = nullTime(acked)
	ws, err := workspaceFacts(ctx, tx)
	info.Company = ws.CompanyName
	return id, info, err
}

func (s *DefectAlertService) CheckAlert(ctx context.Context, token string) (info *backend.AlertInfo, err error) {
	err = s.db.View(ctx, func(tx *Tx) error { _, info, err = findAlertInfo(ctx, tx, token); return err })
	return info, err
}

func (s *DefectAlertService) AcknowledgeAlert(ctx context.Context, token, name string) (info *backend.AlertInfo, err error) {
	name = backend.SingleLine(name)
	if name == "" || len(name) > 200 {
		return nil, &backend.Error{Code: backend.EINVALID, Message: "Enter your name.",
			Fields: map[string]string{"name": "Enter your name, so the office knows who acknowledged."}}
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		id, _, err := findAlertInfo(ctx, tx, token)
		if err != nil {
			return err
		}
		// Only the first acknowledgement is recorded.
		if _, err := tx.ExecContext(ctx, `UPDATE defect_alerts SET acknowledged_at = ?, acknowledged_by = ?
			WHERE id = ? AND acknowledged_at IS NULL`, tx.now, name, id); err != nil {
			return err
		}
		_, info, err = findAlertInfo(ctx, tx, token)
		return err
	})
	return info, err
}

const alertColumns = `a.id, a.remark_id, p.id, p.name, r.description, a.name, a.email, COALESCE(a.outbox_id, ''),
	a.acknowledged_at, a.acknowledged_by, a.created_at`

func scanAlerts(rows *sql.Rows) ([]*backend.DefectAlert, error) {
	defer rows.Close()
	out := []*backend.DefectAlert{}
	for rows.Next() {
		var a backend.DefectAlert
		var acked sql.NullString
		var created string
		if err := rows.Scan(&a.ID, &a.RemarkID, &a.PropertyID, &a.PropertyName, &a.Description, &a.Name, &a.Email,
			&a.MessageID, &acked, &a.AcknowledgedBy, &created); err != nil {
			return nil, err
		}
		a.AcknowledgedAt = nullTime(acked)
		a.CreatedAt, _ = backend.ParseTime(created)
		out = append(out, &a)
	}
	return out, rows.Err()
}

func (s *DefectAlertService) FindAlerts(ctx context.Context, f backend.DefectAlertFilter) (out []*backend.DefectAlert, total int, err error) {
	f.Normalize()
	w := where{}
	if f.Acknowledged != nil && *f.Acknowledged {
		w = append(w, "a.acknowledged_at IS NOT NULL")
	} else if f.Acknowledged != nil {
		w = append(w, "a.acknowledged_at IS NULL")
	}
	err = s.db.View(ctx, func(tx *Tx) error {
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM defect_alerts a`+w.sql()).Scan(&total); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+alertColumns+` FROM defect_alerts a JOIN remarks r ON r.id = a.remark_id
			JOIN properties p ON p.id = r.property_id`+w.sql()+` ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?`, f.Limit, f.Offset)
		if err != nil {
			return err
		}
		out, err = scanAlerts(rows)
		return err
	})
	return out, total, err
}

func (s *DefectAlertService) FindRemarkAlerts(ctx context.Context, remarkID string) (out []*backend.DefectAlert, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM remarks WHERE id = ? AND deleted_at IS NULL`, remarkID).Scan(&one); errors.Is(err, sql.ErrNoRows) {
			return backend.Errorf(backend.ENOTFOUND, "Remark not found.")
		} else if err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT `+alertColumns+` FROM defect_alerts a JOIN remarks r ON r.id = a.remark_id
			JOIN properties p ON p.id = r.property_id WHERE a.remark_id = ? ORDER BY a.created_at, a.id`, remarkID)
		if err != nil {
			return err
		}
		out, err = scanAlerts(rows)
		return err
	})
	return out, err
}

func (s *DefectAlertService) FindPortalPropertyAlerts(ctx context.Context, sc backend.Scope, propertyID string) (out []*backend.DefectAlert, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		cte, args := scopeCTE(sc)
		var one int
		err := tx.QueryRowContext(ctx, cte+` SELECT 1 FROM scope_properties WHERE id = ?4`, append(args, propertyID)...).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return backend.Errorf(backend.ENOTFOUND, "Property not found.")
		} else if err != nil {
			return err
		}
		// Only published remarks' alerts; the recipients' addresses stay with the office.
		rows, err := tx.QueryContext(ctx, cte+` SELECT `+alertColumns+` FROM defect_alerts a
			JOIN remarks r ON r.id = a.remark_id AND r.published = 1 AND r.deleted_at IS NULL
			JOIN properties p ON p.id = r.property_id
			WHERE p.id = ?4 AND p.id IN (SELECT id FROM scope_properties) ORDER BY a.created_at DESC, a.id`, append(args, propertyID)...)
		if err != nil {
			return err
		}
		if out, err = scanAlerts(rows); err != nil {
			return err
		}
		for _, a := range out {
			a.Email, a.MessageID = "", ""
		}
		return nil
	})
	return out, err
}
