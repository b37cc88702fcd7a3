package backend

import (
	"context"
	"strings"
	"time"
)

// OutboxStatus is where a message is in its life:
//
//	queued ──▶ sending ──▶ sent
//	  ▲           ├──▶ queued again (network error, 4xx reply: retried with backoff)
//	  │           ├──▶ failed (5xx reply, or too many attempts)
//	  │           └──▶ uncertain (the connection dropped after the message was
//	  │                handed over: it may have arrived, so it is never resent
//	  │                on its own)
//	  └── RetryMessage (failed, uncertain, cancelled: the office decides)
//
// queued, failed and uncertain messages can be cancelled.
type OutboxStatus string

const (
	OutboxQueued    OutboxStatus = "queued"
	OutboxSending   OutboxStatus = "sending"
	OutboxSent      OutboxStatus = "sent"
	OutboxFailed    OutboxStatus = "failed"
	OutboxUncertain OutboxStatus = "uncertain"
	OutboxCancelled OutboxStatus = "cancelled"
)

// OutboxStatuses lists every status, for filters.
var OutboxStatuses = []OutboxStatus{OutboxQueued, OutboxSending, OutboxSent, OutboxFailed, OutboxUncertain, OutboxCancelled}

// OutboxMessage is one email the product sends. It is written in the same
// transaction as the action that causes it, and its Message-ID is decided
// then, so the office and the recipient's server can tell two deliveries of
// it apart from two messages.
type OutboxMessage struct {
	ID         string  `json:"id"`
	MessageID  string  `json:"messageId"` // without angle brackets: id@domain
	Kind       string  `json:"kind"`      // what caused it: "invitation", "reminder", "test"…
	ClientID   *string `json:"clientId"`
	PropertyID *string `json:"propertyId"`
	To         string  `json:"to"`
	ToName     string  `json:"toName"`
	Subject    string  `json:"subject"`
	TextBody   string  `json:"textBody"`
	HTMLBody   string  `json:"htmlBody"`
	// Attachments are files from the file store, referenced by hash and
	// written with the message, so the message sent is the one queued.
	Attachments []OutboxAttachment `json:"attachments"`

	Status        OutboxStatus `json:"status"`
	Attempts      int          `json:"attempts"`
	LastError     string       `json:"lastError"` // the server's reply or the network error, as it came
	NextAttemptAt time.Time    `json:"nextAttemptAt"`
	SentAt        *time.Time   `json:"sentAt"`
	CreatedAt     time.Time    `json:"createdAt"`
	UpdatedAt     time.Time    `json:"updatedAt"`
}

// MaxBodyBytes bounds each body; the product's own mail is far smaller.
const MaxBodyBytes = 1 << 20

// MaxAttachmentBytes bounds a message's attachments together: base64 makes
// them a third larger on the wire, and many mail servers refuse messages
// over 20–25 MB.
const MaxAttachmentBytes = 15 << 20

// OutboxAttachment is one file of a message. ContentID set: an inline image
// the HTML part shows as cid:ContentID; empty: an attachment to download.
type OutboxAttachment struct {
	SHA256    string `json:"sha256"`
	Filename  string `json:"filename"`
	MIME      string `json:"mime"`
	ContentID string `json:"contentId,omitempty"`
	Size      int64  `json:"size"` // from the files row, filled when queued
	// Content is filled by the sender just before sending, never stored.
	Content []byte `json:"-"`
}

// Inline reports whether a is an image the HTML part shows.
func (a OutboxAttachment) Inline() bool { return a.ContentID != "" }

// Validate checks m before it is queued. Names and subjects that arrive with
// line breaks (from an import, say) are flattened, not refused, so the
// action that causes the mail still succeeds; the header can never split.
func (m *OutboxMessage) Validate() error {
	p := Problems{}
	m.Kind = strings.TrimSpace(m.Kind)
	m.To = NormalizeEmail(m.To)
	m.ToName = SingleLine(m.ToName)
	m.Subject = SingleLine(m.Subject)
	if !validKind(m.Kind) {
		p.Add("kind", "The kind is a short lower-case word such as invitation.")
	}
	if !ValidEmail(m.To) {
		p.Add("to", "Enter an email address like name@example.com.")
	}
	if len(m.ToName) > 200 {
		p.Add("toName", "Keep the name under 200 characters.")
	}
	if m.Subject == "" {
		p.Add("subject", "Enter a subject.")
	} else if len(m.Subject) > 500 {
		p.Add("subject", "Keep the subject under 500 characters.")
	}
	if strings.TrimSpace(m.TextBody) == "" {
		p.Add("textBody", "Enter the message text.")
	}
	if len(m.TextBody) > MaxBodyBytes || len(m.HTMLBody) > MaxBodyBytes {
		p.Add("textBody", "The message is too long.")
	}
	for i := range m.Attachments {
		a := &m.Attachments[i]
		a.Filename = SingleLine(a.Filename)
		if len(a.SHA256) != 64 || strings.Trim(a.SHA256, "0123456789abcdef") != "" {
			p.Add("attachments", "An attachment is not a stored file.")
		}
		if a.Filename == "" || len(a.Filename) > 200 || strings.ContainsAny(a.Filename, `/\"`) {
			p.Add("attachments", "An attachment needs a plain file name.")
		}
		if !validMIME(a.MIME) {
			p.Add("attachments", "An attachment's type is not one Siteward sends.")
		}
		if a.ContentID != "" && !ValidMessageID(a.ContentID) {
			p.Add("attachments", "An inline image needs a Content-ID like logo@siteward.")
		}
	}
	if m.ClientID != nil && *m.ClientID == "" {
		m.ClientID = nil
	}
	if m.PropertyID != nil && *m.PropertyID == "" {
		m.PropertyID = nil
	}
	return p.Err()
}

// validMIME accepts the types Siteward attaches.
func validMIME(t string) bool {
	switch t {
	case "application/pdf", "image/png", "image/jpeg", "text/csv":
		return true
	}
	return false
}

func validKind(k string) bool {
	if k == "" || len(k) > 40 {
		return false
	}
	for _, c := range k {
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-' || c == '.') {
			return false
		}
	}
	return true
}

// NewMessageID returns a Message-ID (without angle brackets) in the domain of
// the sending address, so it looks like the office's own mail.
func NewMessageID(fromAddress string) string {
	domain := "siteward.localdomain"
	if at := strings.LastIndexByte(fromAddress, '@'); at >= 0 && ValidEmail(fromAddress) {
		domain = strings.ToLower(fromAddress[at+1:])
	}
	return NewID() + "@" + domain
}

// ValidMessageID reports whether id is one NewMessageID could have made: it
// goes into a header, so nothing else is let through.
func ValidMessageID(id string) bool {
	at := strings.IndexByte(id, '@')
	if at <= 0 || at == len(id)-1 || len(id) > 250 {
		return false
	}
	for i, c := range id {
		ok := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_'
		if !ok && !(c == '@' && i == at) {
			return false
		}
	}
	return true
}

// OutboxFilter selects messages; nil fields do not filter. Sorts: createdAt
// (newest first by default), status, to, nextAttemptAt.
type OutboxFilter struct {
	ID       *string       `json:"id"`
	Status   *OutboxStatus `json:"status"`
	ClientID *string       `json:"clientId"`
	Kind     *string       `json:"kind"`
	Page
}

// OutboxService is the outbox as the office sees it.
type OutboxService interface {
	// EnqueueMessage queues m for sending. Returns EINVALID, or ENOTFOUND
	// for an unknown client or property.
	EnqueueMessage(ctx context.Context, m *OutboxMessage) error
	// FindMessageByID returns ENOTFOUND.
	FindMessageByID(ctx context.Context, id string) (*OutboxMessage, error)
	// FindMessages returns a page of messages and the total that match.
	FindMessages(ctx context.Context, f OutboxFilter) ([]*OutboxMessage, int, error)
	// RetryMessage queues a failed, uncertain or cancelled message again
	// (for an uncertain one, the office has decided it did not arrive), or
	// sends a queued one now. Returns ENOTFOUND, or ECONFLICT for a message
	// that is sent or being sent.
	RetryMessage(ctx context.Context, id string) (*OutboxMessage, error)
	// CancelMessage stops a queued, failed or uncertain message from being
	// sent. Returns ENOTFOUND, or ECONFLICT for one that is sent or being sent.
	CancelMessage(ctx context.Context, id string) (*OutboxMessage, error)
	// CountMessages returns how many messages are in each status (every
	// status present, zero or not), for the office dashboard.
	CountMessages(ctx context.Context) (map[OutboxStatus]int, error)
}

// AttemptResult is what the sender records after talking to the server.
type AttemptResult struct {
	Status     OutboxStatus  // sent, queued (retry), failed or uncertain
	Error      string        // becomes LastError; kept as it was when sent
	RetryAfter time.Duration // for queued: how long from now
}

// OutboxQueue is the outbox as the sender works it. Only one sender works an
// outbox (the data folder is locked to one process).
type OutboxQueue interface {
	// RecoverInterruptedMessages marks every message left "sending" (by a
	// crash, or a lost database write after talking to the server) as
	// uncertain, and returns how many there were.
	RecoverInterruptedMessages(ctx context.Context) (int, error)
	// ClaimDueMessage marks the queued message that is due first as sending,
	// counts the attempt, and returns it — in its own transaction, before the
	// server is contacted. Returns ENOTFOUND when nothing is due.
	ClaimDueMessage(ctx context.Context) (*OutboxMessage, error)
	// NextAttemptIn returns how long until the next queued message is due
	// (zero or less if one is due now); ENOTFOUND when none is queued.
	NextAttemptIn(ctx context.Context) (time.Duration, error)
	// RecordAttempt ends a claimed message's attempt. Returns ENOTFOUND, or
	// ECONFLICT when the message is no longer sending.
	RecordAttempt(ctx context.Context, id string, r AttemptResult) error
}
