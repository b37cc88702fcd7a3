package backend

import (
	"context"
	"errors"
)

// Mailer hands one message to the mail server of an account.
type Mailer interface {
	// Send returns nil once the server has accepted msg (250 after the
	// message data). Any failure is a *MailError saying whether sending it
	// again is safe and useful.
	Send(ctx context.Context, acct *EmailAccount, msg *OutboxMessage) error
}

// MailFailure classifies a failed send by what the sender may do next.
type MailFailure string

const (
	// MailTemporary: the message certainly did not arrive and may arrive
	// later: no connection, a timeout before the message was handed over, a
	// 4xx reply, or a problem with the account (TLS, sign-in) that the
	// office can fix. Retried with backoff.
	MailTemporary MailFailure = "temporary"
	// MailPermanent: the server refused this message (a 5xx reply to MAIL,
	// RCPT, DATA or the message itself), or it cannot be written. Not retried.
	MailPermanent MailFailure = "permanent"
	// MailAmbiguous: the whole message was handed over but no reply came
	// (the connection dropped or timed out after the final dot). The server
	// may have delivered it, so it is never resent without a person's word.
	MailAmbiguous MailFailure = "ambiguous"
)

// MailError is a failed send. Reply is the server's reply exactly as it came
// ("550 5.1.1 <x@example.com>: no such user"), or the network or TLS error
// when there was no reply; Stage says which step of the conversation failed.
type MailError struct {
	Failure MailFailure
	Stage   string // connect, TLS, greeting, EHLO, STARTTLS, AUTH, MAIL FROM, RCPT TO, DATA, message, end of data
	Reply   string
	// Connection is true when the failure came before the message was named
	// (connecting, TLS, greeting, sign-in): it is the server's or the
	// account's, and the next message would meet it too.
	Connection bool
	Err        error
}

func (e *MailError) Error() string { return e.Stage + ": " + e.Reply }

func (e *MailError) Unwrap() error { return e.Err }

// MailFailureOf returns the class of err. An error that is not a *MailError
// says nothing about whether the message arrived, so it counts as ambiguous:
// a message is never sent twice on a guess.
func MailFailureOf(err error) MailFailure {
	var me *MailError
	if errors.As(err, &me) {
		return me.Failure
	}
	return MailAmbiguous
}
