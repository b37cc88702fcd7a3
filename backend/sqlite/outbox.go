package sqlite

import (
	"context"
	"database/sql"
	"sync"

	"github.com/mattn/go-sqlite3"

	"siteward/backend"
)

// OutboxService implements backend.OutboxService and backend.OutboxQueue.
type OutboxService struct{ db *DB }

// NewOutboxService returns an OutboxService on db.
func NewOutboxService(db *DB) *OutboxService { return &OutboxService{db: db} }

var (
	_ backend.OutboxService = (*OutboxService)(nil)
	_ backend.OutboxQueue   = (*OutboxService)(nil)
)

// outboxWakers maps a DB to the function that wakes its sender, so that
// enqueueMessage, called inside any service's transaction, can signal it
// without every such service holding the sender.
var outboxWakers sync.Map // *DB → func()

// SetWake registers the sender's Wake, called whenever mail may have become
// due: a message queued or retried, or the email settings saved.
func (s *OutboxService) SetWake(wake func()) { outboxWakers.Store(s.db, wake) }

// wakeOutbox signals the sender. It may run before the enqueuing transaction
// commits: that is safe because the sender claims messages through the same
// single writer connection, so its claim waits for the commit and sees the
// row (or, after a rollback, finds nothing and sleeps again).
func wakeOutbox(db *DB) {
	if f, ok := outboxWakers.Load(db); ok {
		f.(func())()
	}
}

func (s *OutboxService) EnqueueMessage(ctx context.Context, m *backend.OutboxMessage) error {
	return s.db.Update(ctx, func(tx *Tx) error { return enqueueMessage(ctx, tx, m) })
}

// enqueueMessage queues m inside tx, the transaction of the action that
// causes the mail, so the mail exists if and only if the action does. Other
// services call it; it fills ID, MessageID, Status and the timestamps.
func enqueueMessage(ctx context.Context, tx *Tx, m *backend.OutboxMessage) error {
	if err := m.Validate(); err != nil {
		return err
	}
	if m.ClientID != nil {
		if _, err := findClientByID(ctx, tx, *m.ClientID); err != nil {
			return err
		}
	}
	if m.PropertyID != nil {
		var one int
		if err := tx.QueryRowContext(ctx, `SELECT 1 FROM properties WHERE id = ? AND deleted_at IS NULL`, *m.PropertyID).Scan(&one); err == sql.ErrNoRows {
			return backend.Errorf(backend.ENOTFOUND, "Property not found.")
		} else if err != nil {
			return err
		}
	}
	if m.ID == "" {
		m.ID = backend.NewID()
	}
	if m.MessageID == "" {
		st, err := findEmailSettings(ctx, tx)
		if err != nil {
			return err
		}
		m.MessageID = backend.NewMessageID(st.FromAddress)
	} else if !backend.ValidMessageID(m.MessageID) {
		return backend.Errorf(backend.EINVALID, "The Message-ID %q is not one Siteward can send.", m.MessageID)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO outbox_messages (id, message_id, kind, client_id, property_id, to_addr,
		to_name, subject, text_body, html_body, status, attempts, last_error, next_attempt_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, '', ?, ?, ?)`,
		m.ID, m.MessageID, m.Kind, m.ClientID, m.PropertyID, m.To, m.ToName, m.Subject, m.TextBody, m.HTMLBody,
		tx.now, tx.now, tx.now); err != nil {
		if isConstraint(err, sqlite3.ErrConstraintUnique) {
			return backend.Errorf(backend.ECONFLICT, "A message with this Message-ID is already in the outbox.")
		}
		return err
	}
	if err := insertAttachments(ctx, tx, m); err != nil {
		return err
	}
	m.Status, m.Attempts, m.LastError, m.SentAt = backend.OutboxQueued, 0, "", nil
	m.CreatedAt, _ = backend.ParseTime(tx.now)
	m.UpdatedAt, m.NextAttemptAt = m.CreatedAt, m.CreatedAt
	wakeOutbox(tx.db)
	return nil
}

func (s *OutboxService) FindMessageByID(ctx context.Context, id string) (m *backend.OutboxMessage, err error) {
	err = s.db.View(ctx, func(tx *Tx) error { m, err = findMessageByID(ctx, tx, id); return err })
	return m, err
}

func findMessageByID(ctx context.Context, tx *Tx, id string) (*backend.OutboxMessage, error) {
	ms, _, err := findMessages(ctx, tx, backend.OutboxFilter{ID: &id, Page: backend.Page{Limit: 1}})
	if err != nil {
		return nil, err
	} else if len(ms) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "Message not found.")
	}
	return ms[0], nil
}

func (s *OutboxService) FindMessages(ctx context.Context, f backend.OutboxFilter) (ms []*backend.OutboxMessage, n int, err error) {
	err = s.db.View(ctx, func(tx *Tx) error { ms, n, err = findMessages(ctx, tx, f); return err })
	return ms, n, err
}

const outboxColumns = `id, message_id, kind, client_id, property_id, to_addr, to_name, subject, text_body, html_body,
	status, attempts, last_error, next_attempt_at, sent_at, created_at, updated_at`

func findMessages(ctx context.Context, tx *Tx, f backend.OutboxFilter) ([]*backend.OutboxMessage, int, error) {
	f.Normalize()
	var w where
	var args []any
	if f.ID != nil {
		w, args = append(w, "id = ?"), append(args, *f.ID)
	}
	if f.Status != nil {
		w, args = append(w, "status = ?"), append(args, string(*f.Status))
	}
	if f.ClientID != nil {
		w, args = append(w, "client_id = ?"), append(args, *f.ClientID)
	}
	if f.Kind != nil {
		w, args = append(w, "kind = ?"), append(args, *f.Kind)
	}
	if f.Sort == "" {
		f.Sort = "-createdAt"
	}
	col, desc := f.SortKey("createdAt", "createdAt", "status", "to", "nextAttemptAt")
	order := map[string]string{"createdAt": "created_at", "status": "status", "to": "to_addr", "nextAttemptAt": "next_attempt_at"}[col]
	rows, err := tx.QueryContext(ctx, `SELECT `+outboxColumns+`, COUNT(*) OVER () FROM outbox_messages`+w.sql()+
		` ORDER BY `+order+dir(desc)+`, id`+dir(desc)+` LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []*backend.OutboxMessage
	var total int
	for rows.Next() {
		m, err := scanMessage(rows, &total)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	return out, total, loadAttachments(ctx, tx, out)
}

func scanMessage(rows interface{ Scan(...any) error }, extra ...any) (*backend.OutboxMessage, error) {
	var m backend.OutboxMessage
	var client, property, sent sql.NullString
	var next, created, updated string
	dest := append([]any{&m.ID, &m.MessageID, &m.Kind, &client, &property, &m.To, &m.ToName, &m.Subject, &m.TextBody,
		&m.HTMLBody, &m.Status, &m.Attempts, &m.LastError, &next, &sent, &created, &updated}, extra...)
	if err := rows.Scan(dest...); err != nil {
		return nil, err
	}
	if client.Valid {
		m.ClientID = &client.String
	}
	if property.Valid {
		m.PropertyID = &property.String
	}
	if sent.Valid {
		t, _ := backend.ParseTime(sent.String)
		m.SentAt = &t
	}
	m.NextAttemptAt, _ = backend.ParseTime(next)
	m.CreatedAt, _ = backend.ParseTime(created)
	m.UpdatedAt, _ = backend.ParseTime(updated)
	return &m, nil
}
