package backend

import (
	"context"
	"strings"
	"time"
)

// ClientNote is one entry of a client's internal notes timeline: office
// only, never shown in the portal. Notes are kept, not edited, so the
// timeline says who knew what when.
type ClientNote struct {
	ID         string    `json:"id"`
	ClientID   string    `json:"clientId"`
	AuthorID   string    `json:"authorId"`
	AuthorName string    `json:"authorName"`
	Body       string    `json:"body"`
	CreatedAt  time.Time `json:"createdAt"`
}

// MaxNoteLength bounds one note.
const MaxNoteLength = 10000

// Validate checks n before it is stored.
func (n *ClientNote) Validate() error {
	p := Problems{}
	n.Body = strings.TrimSpace(n.Body)
	if n.Body == "" {
		p.Add("body", "Write the note first.")
	} else if len([]rune(n.Body)) > MaxNoteLength {
		p.Add("body", "Keep a note under 10,000 characters; split a longer one.")
	}
	if n.ClientID == "" {
		p.Add("clientId", "Choose the client.")
	}
	return p.Err()
}

// ClientNoteService stores the internal notes timeline.
type ClientNoteService interface {
	// FindClientNotes lists a client's notes, newest first; ENOTFOUND for
	// an unknown client.
	FindClientNotes(ctx context.Context, clientID string, pg Page) ([]*ClientNote, int, error)
	// CreateClientNote returns EINVALID or ENOTFOUND (client).
	CreateClientNote(ctx context.Context, n *ClientNote) error
}
