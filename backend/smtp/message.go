package smtp

import (
	"bytes"
	"errors"
	"io"
	netmail "net/mail"
	"time"

	"github.com/wneessen/go-mail"

	"siteward/backend"
)

// render writes msg as it goes on the wire and returns the envelope sender
// and recipient. No value reaches a header unencoded: names and the subject
// are flattened to one line (backend.SingleLine) and then go-mail encodes
// anything outside printable ASCII (RFC 2047); addresses must be plain
// addresses, and the Message-ID must be one Siteward made.
func render(w io.Writer, acct *backend.EmailAccount, msg *backend.OutboxMessage, now time.Time) (from, to string, err error) {
	if !backend.ValidEmail(acct.FromAddress) {
		return "", "", errors.New("the From address in Settings > Email is not a valid address")
	}
	if !backend.ValidEmail(msg.To) {
		return "", "", errors.New("the recipient " + quoteSafe(msg.To) + " is not a valid address")
	}
	if !backend.ValidMessageID(msg.MessageID) {
		return "", "", errors.New("the message has no valid Message-ID")
	}
	m := mail.NewMsg(mail.WithNoDefaultUserAgent())
	m.SetAddrHeaderFromMailAddress(mail.HeaderFrom, &netmail.Address{Name: backend.SingleLine(acct.FromName), Address: acct.FromAddress})
	m.SetAddrHeaderFromMailAddress(mail.HeaderTo, &netmail.Address{Name: backend.SingleLine(msg.ToName), Address: msg.To})
	if acct.ReplyTo != "" && backend.ValidEmail(acct.ReplyTo) {
		m.SetAddrHeaderFromMailAddress(mail.HeaderReplyTo, &netmail.Address{Address: acct.ReplyTo})
	}
	m.Subject(backend.SingleLine(msg.Subject))
	m.SetMessageIDWithValue(msg.MessageID)
	m.SetDateWithValue(now)
	// Automatic mail: tells servers not to answer it with out-of-office replies.
	m.SetGenHeader("Auto-Submitted", "auto-generated")
	m.SetBodyString(mail.TypeTextPlain, msg.TextBody)
	if msg.HTMLBody != "" {
		m.AddAlternativeString(mail.TypeTextHTML, msg.HTMLBody)
	}
	for _, a := range msg.Attachments {
		if a.Content == nil {
			return "", "", errors.New("the attachment " + quoteSafe(a.Filename) + " was not read")
		}
		opts := []mail.FileOption{mail.WithFileContentType(mail.ContentType(a.MIME))}
		if a.Inline() {
			// go-mail puts inline files in multipart/related with the HTML part.
			err = m.EmbedReader(a.Filename, bytes.NewReader(a.Content), append(opts, mail.WithFileContentID("<"+a.ContentID+">"))...)
		} else {
			err = m.AttachReader(a.Filename, bytes.NewReader(a.Content), opts...)
		}
		if err != nil {
			return "", "", err
		}
	}
	if from, err = m.GetSender(false); err != nil {
		return "", "", err
	}
	rcpts, err := m.GetRecipients()
	if err != nil || len(rcpts) != 1 {
		return "", "", errors.New("the message must have exactly one recipient")
	}
	if _, err := m.WriteTo(w); err != nil {
		return "", "", err
	}
	return from, rcpts[0], nil
}

// quoteSafe shows a bad address in an error without its control characters.
func quoteSafe(s string) string { return `"` + backend.SingleLine(s) + `"` }
