package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"siteward/backend"
)

// The outbox's state changes, for the office (retry, cancel) and for the
// sender (claim, record, recover). Each is one transaction on the single
// writer, so a claim and an office action on the same message never interleave.

func (s *OutboxService) RetryMessage(ctx context.Context, id string) (m *backend.OutboxMessage, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		if m, err = findMessageByID(ctx, tx, id); err != nil {
			return err
		}
		switch m.Status {
		case backend.OutboxSent:
			return backend.Errorf(backend.ECONFLICT, "This message was sent; it cannot be sent again. Write a new one if needed.")
		case backend.OutboxSending:
			return backend.Errorf(backend.ECONFLICT, "This message is being sent right now.")
		}
		// A fresh start: the attempt count restarts so backoff does too; the
		// last error stays visible until the next attempt replaces it.
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_messages SET status = 'queued', attempts = 0,
			next_attempt_at = ?, updated_at = ? WHERE id = ?`, tx.now, tx.now, id); err != nil {
			return err
		}
		m, err = findMessageByID(ctx, tx, id)
		return err
	})
	if err == nil {
		wakeOutbox(s.db)
	}
	return m, err
}

func (s *OutboxService) CancelMessage(ctx context.Context, id string) (m *backend.OutboxMessage, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		if m, err = findMessageByID(ctx, tx, id); err != nil {
			return err
		}
		switch m.Status {
		case backend.OutboxSent:
			return backend.Errorf(backend.ECONFLICT, "This message was already sent.")
		case backend.OutboxSending:
			return backend.Errorf(backend.ECONFLICT, "This message is being sent right now; look again in a minute.")
		case backend.OutboxCancelled:
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_messages SET status = 'cancelled', updated_at = ? WHERE id = ?`,
			tx.now, id); err != nil {
			return err
		}
		m, err = findMessageByID(ctx, tx, id)
		return err
	})
	return m, err
}

func (s *OutboxService) RecoverInterruptedMessages(ctx context.Context) (n int, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE outbox_messages SET status = 'uncertain', updated_at = ?,
			last_error = 'Interrupted while sending (Siteward stopped or lost the result): it may have been delivered. '
				|| 'Send it again only if the recipient did not get it.' || CASE WHEN last_error = '' THEN '' ELSE ' Before: ' || last_error END
			WHERE status = 'sending'`, tx.now)
		if err != nil {
			return err
		}
		c, err := res.RowsAffected()
		n = int(c)
		return err
	})
	return n, err
}

func (s *OutboxService) ClaimDueMessage(ctx context.Context) (m *backend.OutboxMessage, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		var id string
		err := tx.QueryRowContext(ctx, `SELECT id FROM outbox_messages WHERE status = 'queued' AND next_attempt_at <= ?
			ORDER BY next_attempt_at, id LIMIT 1`, tx.now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return backend.Errorf(backend.ENOTFOUND, "No message is due.")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE outbox_messages SET status = 'sending', attempts = attempts + 1,
			updated_at = ? WHERE id = ?`, tx.now, id); err != nil {
			return err
		}
		m, err = findMessageByID(ctx, tx, id)
		return err
	})
	return m, err
}

func (s *OutboxService) NextAttemptIn(ctx context.Context) (d time.Duration, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		var next sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT MIN(next_attempt_at) FROM outbox_messages WHERE status = 'queued'`).Scan(&next); err != nil {
			return err
		}
		if !next.Valid {
			return backend.Errorf(backend.ENOTFOUND, "No message is queued.")
		}
		t, err := backend.ParseTime(next.String)
		if err != nil {
			return err
		}
		now, _ := backend.ParseTime(tx.now)
		d = t.Sub(now)
		return nil
	})
	return d, err
}

func (s *OutboxService) RecordAttempt(ctx context.Context, id string, r backend.AttemptResult) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, `SELECT status FROM outbox_messages WHERE id = ?`, id).Scan(&status)
		if errors.Is(err, sql.ErrNoRows) {
			return backend.Errorf(backend.ENOTFOUND, "Message not found.")
		} else if err != nil {
			return err
		}
		if status != string(backend.OutboxSending) {
			return backend.Errorf(backend.ECONFLICT, "The message is %s, not sending.", status)
		}
		now, _ := backend.ParseTime(tx.now)
		switch r.Status {
		case backend.OutboxSent:
			_, err = tx.ExecContext(ctx, `UPDATE outbox_messages SET status = 'sent', sent_at = ?, last_error = '',
				updated_at = ? WHERE id = ?`, tx.now, tx.now, id)
		case backend.OutboxQueued:
			_, err = tx.ExecContext(ctx, `UPDATE outbox_messages SET status = 'queued', last_error = ?, next_attempt_at = ?,
				updated_at = ? WHERE id = ?`, r.Error, backend.FormatTime(now.Add(r.RetryAfter)), tx.now, id)
		case backend.OutboxFailed, backend.OutboxUncertain:
			_, err = tx.ExecContext(ctx, `UPDATE outbox_messages SET status = ?, last_error = ?, updated_at = ? WHERE id = ?`,
				string(r.Status), r.Error, tx.now, id)
		default:
			return backend.Errorf(backend.EINVALID, "An attempt cannot end as %q.", r.Status)
		}
		return err
	})
}
