package backend

import (
	"context"
	"errors"
)

// TestEmailSender sends Settings > Email's test message.
type TestEmailSender interface {
	SendTestEmail(ctx context.Context, upd *EmailSettingsUpdate, to string) error
}

var _ TestEmailSender = (*MailSender)(nil)

// SendTestEmail sends a short message straight to the server (not through
// the outbox) and, on failure, returns the server's reply as it came, so the
// office can fix Settings > Email. upd, when given, is tried before it is
// saved (its password, if nil, is the stored one). Returns EINVALID for bad
// settings or address, EUNAVAILABLE when the server did not take it.
func (s *MailSender) SendTestEmail(ctx context.Context, upd *EmailSettingsUpdate, to string) error {
	acct, err := s.Settings.EmailAccount(ctx)
	if err != nil && upd == nil {
		return err
	}
	if upd != nil {
		if acct, err = upd.Apply(acct); err != nil {
			return err
		}
	}
	if !acct.Configured() {
		return &Error{Code: EINVALID, Message: "Enter the mail server and the address mail is sent from, then send the test again.",
			Fields: map[string]string{"host": "Enter the mail server's name."}}
	}
	msg := &OutboxMessage{
		ID: NewID(), MessageID: NewMessageID(acct.FromAddress), Kind: "test", To: to,
		Subject:  "Siteward test email",
		TextBody: "This is a test email from Siteward. Mail from your workspace will be sent the same way.\n",
	}
	if err := msg.Validate(); err != nil {
		var e *Error
		if errors.As(err, &e) && e.Fields["to"] != "" {
			return &Error{Code: EINVALID, Message: "Enter the address to send the test email to.", Fields: map[string]string{"to": e.Fields["to"]}}
		}
		return err
	}
	if err := s.Mailer.Send(ctx, acct, msg); err != nil {
		var me *MailError
		if !errors.As(err, &me) {
			return err
		}
		return &Error{Code: EUNAVAILABLE, Message: testFailureMessage(me)}
	}
	return nil
}

func testFailureMessage(me *MailError) string {
	switch me.Failure {
	case MailAmbiguous:
		return "The message was handed to the mail server but it did not confirm it (" + me.Error() + "). Check whether the test email arrived."
	case MailPermanent:
		return "The mail server refused the test email. It replied: " + me.Error()
	}
	return "The test email could not be sent. " + me.Error()
}
