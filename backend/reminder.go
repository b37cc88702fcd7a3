package backend

import "context"

// ReminderSettings say which automatic reminders the workspace sends. Each
// item (a quote, an invoice, a routine task) is reminded at most once every
// RepeatDays, to the client's email for that purpose.
type ReminderSettings struct {
	Enabled bool `json:"enabled"`
	// QuoteDays: quotes awaiting approval this many days after issue (0: off).
	QuoteDays int `json:"quoteDays"`
	// OverdueInvoices: invoices unpaid past their due date.
	OverdueInvoices bool `json:"overdueInvoices"`
	// RoutineDays: routine tasks due within this many days (0: off).
	RoutineDays int `json:"routineDays"`
	// RepeatDays: the least time between two reminders of one item.
	RepeatDays int `json:"repeatDays"`
}

// DefaultReminderSettings: off until the office turns them on.
func DefaultReminderSettings() ReminderSettings {
	return ReminderSettings{QuoteDays: 7, OverdueInvoices: true, RoutineDays: 14, RepeatDays: 7}
}

// Validate checks s before it is stored.
func (s *ReminderSettings) Validate() error {
	p := Problems{}
	if s.QuoteDays < 0 || s.QuoteDays > 365 {
		p.Add("quoteDays", "Use a number of days from 0 (off) to 365.")
	}
	if s.RoutineDays < 0 || s.RoutineDays > 365 {
		p.Add("routineDays", "Use a number of days from 0 (off) to 365.")
	}
	if s.RepeatDays < 1 || s.RepeatDays > 365 {
		p.Add("repeatDays", "Use a number of days from 1 to 365.")
	}
	return p.Err()
}

// ReminderService finds what is due and writes the reminders.
type ReminderService interface {
	GetReminderSettings(ctx context.Context) (ReminderSettings, error)
	// SaveReminderSettings returns EINVALID.
	SaveReminderSettings(ctx context.Context, s ReminderSettings) error
	// SetClientReminders opts a client out of (or back into) reminders. ENOTFOUND.
	SetClientReminders(ctx context.Context, clientID string, optOut bool) error
	// ClientRemindersOptOut returns whether a client is opted out. ENOTFOUND.
	ClientRemindersOptOut(ctx context.Context, clientID string) (bool, error)
	// SendDueReminders writes today's reminders: per client and kind, one
	// message to the client's email for that purpose and one to each
	// property contact with the matching tick (their properties' items
	// only), in the transaction that records what they remind of; run again
	// the same day it writes nothing. It returns how many messages.
	SendDueReminders(ctx context.Context, links MailLinks) (int, error)
}
