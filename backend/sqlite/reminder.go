package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"siteward/backend"
)

// ReminderService implements backend.ReminderService.
type ReminderService struct {
	db  *DB
	loc *time.Location // "today" and "overdue" are the workspace's
}

// NewReminderService returns the service on db; loc is the workspace's zone.
func NewReminderService(db *DB, loc *time.Location) *ReminderService {
	if loc == nil {
		loc = time.UTC
	}
	return &ReminderService{db: db, loc: loc}
}

var _ backend.ReminderService = (*ReminderService)(nil)

const remindersKey = "reminders"

func (s *ReminderService) GetReminderSettings(ctx context.Context) (backend.ReminderSettings, error) {
	out := backend.DefaultReminderSettings()
	var raw string
	err := s.db.read.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, remindersKey).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return out, nil
	} else if err != nil {
		return out, err
	}
	return out, json.Unmarshal([]byte(raw), &out)
}

func (s *ReminderService) SaveReminderSettings(ctx context.Context, set backend.ReminderSettings) error {
	if err := set.Validate(); err != nil {
		return err
	}
	b, err := json.Marshal(set)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, remindersKey, string(b), tx.now)
		return err
	})
}

func (s *ReminderService) SetClientReminders(ctx context.Context, clientID string, optOut bool) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE clients SET reminders_opt_out = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL`,
			optOut, tx.now, clientID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return backend.Errorf(backend.ENOTFOUND, "Client not found.")
		}
		return nil
	})
}

func (s *ReminderService) ClientRemindersOptOut(ctx context.Context, clientID string) (bool, error) {
	var out bool
	err := s.db.read.QueryRowContext(ctx, `SELECT reminders_opt_out FROM clients WHERE id = ? AND deleted_at IS NULL`, clientID).Scan(&out)
	if errors.Is(err, sql.ErrNoRows) {
		return false, backend.Errorf(backend.ENOTFOUND, "Client not found.")
	}
	return out, err
}

// reminderKind is one kind of reminder: who it goes to and what is due.
// Its query takes ?1 a client id (” for every client), ?2 today, ?3 the
// kind's bound date, ?4 the kind, ?5 the day after which a reminder of the
// same item is too recent; it returns client, item, title, property, date,
// amount, for active clients that have not opted out.
type reminderKind struct {
	kind    string
	purpose string // which of the client's emails
	tick    string // which property contacts also get their properties' items
	bound   func(today time.Time, s backend.ReminderSettings) (string, bool)
	sql     string
}

const reminderClientJoin = ` JOIN properties p ON p.id = x.property_id AND p.active = 1 AND p.deleted_at IS NULL
	JOIN clients c ON c.id = p.client_id AND c.active = 1 AND c.reminders_opt_out = 0 AND c.deleted_at IS NULL`

// reminderNotRecent ends each kind's WHERE; clientMarker becomes the client
// condition, so a one-client query can start from that client's properties.
const reminderNotRecent = ` ` + clientMarker + `
	AND NOT EXISTS (SELECT 1 FROM reminder_log l WHERE l.kind = ?4 AND l.item_id = x.id AND l.sent_on > ?5)`

var reminderKinds = []reminderKind{
	{kind: backend.ReminderQuotes, purpose: "quotes", tick: "receive_quotes",
		bound: func(today time.Time, s backend.ReminderSettings) (string, bool) {
			return today.AddDate(0, 0, -s.QuoteDays).Format(backend.DateLayout), s.QuoteDays > 0
		},
		sql: `SELECT c.id, p.id, x.id, CASE WHEN x.number IS NULL THEN 'Quote: ' ELSE 'Quote Q-' || x.number || ': ' END || x.title,
			p.name, x.issued_on, x.total_cents FROM quotes x` + reminderClientJoin + `
			WHERE x.status = 'submitted' AND x.deleted_at IS NULL AND x.issued_on IS NOT NULL AND x.issued_on <= ?3` +
			reminderNotRecent + ` ORDER BY c.id, x.issued_on, x.id`},
	{kind: backend.ReminderInvoices, purpose: "invoices", tick: "receive_invoices",
		bound: func(today time.Time, s backend.ReminderSettings) (string, bool) { return "", s.OverdueInvoices },
		sql: `SELECT c.id, p.id, x.id, CASE WHEN x.number IS NULL THEN 'Invoice' ELSE 'Invoice INV-' || x.number END,
			p.name, x.due_on, x.total_cents - x.paid_cents FROM invoices x` + reminderClientJoin + `
			WHERE x.status = 'issued' AND x.deleted_at IS NULL AND x.due_on IS NOT NULL AND x.due_on < ?2
				AND x.paid_cents < x.total_cents` + reminderNotRecent + ` ORDER BY c.id, x.due_on, x.id`},
	{kind: backend.ReminderRoutines, purpose: "correspondence", tick: "receive_notifications",
		bound: func(today time.Time, s backend.ReminderSettings) (string, bool) {
			return today.AddDate(0, 0, s.RoutineDays).Format(backend.DateLayout), s.RoutineDays > 0
		},
		sql: `SELECT c.id, p.id, x.id, x.title, p.name, x.due_on, 0 FROM tasks x` + reminderClientJoin + `
			WHERE x.kind = 'routine' AND x.stage IN ('onhold', 'ready', 'inprogress') AND x.deleted_at IS NULL
				AND x.due_on IS NOT NULL AND x.due_on >= ?2 AND x.due_on <= ?3` + reminderNotRecent + ` ORDER BY c.id, x.due_on, x.id`},
}

const clientMarker = "/*client*/"

type dueItem struct {
	client   string
	property string
	item     backend.ReminderItem
}

func queryDue(ctx context.Context, tx *Tx, k reminderKind, clientID string, today, bound, since string) ([]dueItem, error) {
	cond := "AND ?1 = ''"
	if clientID != "" {
		cond = "AND c.id = ?1"
	}
	rows, err := tx.QueryContext(ctx, strings.Replace(k.sql, clientMarker, cond, 1), clientID, today, bound, k.kind, since)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []dueItem
	for rows.Next() {
		var d dueItem
		if err := rows.Scan(&d.client, &d.property, &d.item.ID, &d.item.Title, &d.item.Property, &d.item.Date, &d.item.AmountCents); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

func (s *ReminderService) SendDueReminders(ctx context.Context, links backend.MailLinks) (int, error) {
	set, err := s.GetReminderSettings(ctx)
	if err != nil || !set.Enabled {
		return 0, err
	}
	now := s.db.Now().In(s.loc)
	todayT := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	today := todayT.Format(backend.DateLayout)
	since := todayT.AddDate(0, 0, -set.RepeatDays).Format(backend.DateLayout)
	sent := 0
	for _, k := range reminderKinds {
		bound, on := k.bound(todayT, set)
		if !on {
			continue
		}
		// Which clients have something due: found in a read, then each
		// client's reminder is written in its own transaction that checks
		// again, so two runs never remind of one item twice in a day.
		var clients []string
		err := s.db.View(ctx, func(tx *Tx) error {
			due, err := queryDue(ctx, tx, k, "", today, bound, since)
			for _, d := range due {
				if len(clients) == 0 || clients[len(clients)-1] != d.client {
					clients = append(clients, d.client)
				}
			}
			return err
		})
		if err != nil {
			return sent, err
		}
		// A batch of clients per transaction: each message is still written
		// with the log rows of what it reminds of, with far fewer commits.
		for first := 0; first < len(clients); first += reminderBatch {
			batch := clients[first:min(first+reminderBatch, len(clients))]
			n := 0
			err := s.db.Update(ctx, func(tx *Tx) error {
				n = 0
				for _, clientID := range batch {
					wrote, err := s.remindClient(ctx, tx, k, clientID, today, bound, since, links)
					if err != nil {
						return err
					}
					n += wrote
				}
				return nil
			})
			if err != nil {
				return sent, err
			}
			sent += n
		}
	}
	return sent, nil
}

// reminderBatch is how many clients' reminders share one transaction.
const reminderBatch = 50

// remindClient writes one client's reminder of one kind, if anything is
// still due (checked again inside the writer's transaction).
func (s *ReminderService) remindClient(ctx context.Context, tx *Tx, k reminderKind, clientID, today, bound, since string,
	links backend.MailLinks) (int, error) {
	due, err := queryDue(ctx, tx, k, clientID, today, bound, since)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	c, err := findClientByID(ctx, tx, clientID)
	if err != nil {
		return 0, err
	}
	// The client's address gets every item; each property contact with the
	// kind's tick gets the items of their own properties only.
	var mails []*backend.ReminderMail
	byEmail := map[string]*backend.ReminderMail{}
	add := func(email, name string, it backend.ReminderItem) {
		email = backend.NormalizeEmail(email)
		if !backend.ValidEmail(email) {
			return
		}
		m := byEmail[email]
		if m == nil {
			m = &backend.ReminderMail{Kind: k.kind, Client: c.Name, ToEmail: email, ToName: name}
			byEmail[email] = m
			mails = append(mails, m)
		}
		m.Items = append(m.Items, it)
	}
	clientTo := backend.NormalizeEmail(c.EmailFor(k.purpose))
	if to := clientTo; to != "" {
		name := ""
		if to == c.PrimaryEmail {
			name = c.PrimaryName
		}
		for _, d := range due {
			add(to, name, d.item)
		}
	}
	contacts := map[string][][2]string{} // property → (name, email) with the tick
	for _, d := range due {
		list, seen := contacts[d.property]
		if !seen {
			rows, err := tx.QueryContext(ctx, `SELECT name, email FROM property_contacts
				WHERE property_id = ? AND `+k.tick+` = 1 AND email <> '' AND deleted_at IS NULL ORDER BY name, id`, d.property)
			if err != nil {
				return 0, err
			}
			for rows.Next() {
				var nm, em string
				if err := rows.Scan(&nm, &em); err != nil {
					rows.Close()
					return 0, err
				}
				list = append(list, [2]string{nm, em})
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return 0, err
			}
			contacts[d.property] = list
		}
		for _, ct := range list {
			if backend.NormalizeEmail(ct[1]) == clientTo {
				continue // the client's address already lists everything
			}
			add(ct[1], ct[0], d.item)
		}
	}
	if len(mails) == 0 {
		return 0, nil // nowhere to send; tried again tomorrow
	}
	if links.Company == "" {
		if ws, err := workspaceFacts(ctx, tx); err == nil {
			links.Company = ws.CompanyName
		}
	}
	first := ""
	for _, m := range mails {
		m.Links = links
		msg, err := m.Message()
		if err != nil {
			return 0, err
		}
		msg.ClientID = &c.ID
		if err := enqueueMessage(ctx, tx, msg); err != nil {
			return 0, err
		}
		if first == "" {
			first = msg.ID
		}
	}
	for _, d := range due {
		if _, err := tx.ExecContext(ctx, `INSERT INTO reminder_log (kind, item_id, client_id, sent_on, outbox_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?)`, k.kind, d.item.ID, c.ID, today, first, tx.now); err != nil {
			return 0, err
		}
	}
	return len(mails), nil
}
