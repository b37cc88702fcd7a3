package smtp

import (
	"errors"
	"fmt"
	"net/textproto"

	"siteward/backend"
)

var (
	errNoStartTLS = errors.New("the server does not offer STARTTLS, and Settings > Email requires it " +
		"(choose \"STARTTLS if offered\" only for a server on a network you trust)")
	errNotLoopback = errors.New("security \"none\" is allowed only to a mail server on this computer, " +
		"and the server's address is not a loopback address")
)

// accountStages are the steps before a message is named: a failure there is
// about the server or the account (address, TLS, sign-in), never about the
// message, so even a 5xx there leaves the message waiting for the office to
// fix the settings.
var accountStages = map[string]bool{"connect": true, "TLS": true, "greeting": true, "EHLO": true, "STARTTLS": true, "AUTH": true}

// classify turns an error at a stage into a *backend.MailError. afterData is
// true once the final dot may have left: from then on, only a reply tells
// whether the message was taken.
func classify(stage string, err error, afterData bool) error {
	var me *backend.MailError
	if errors.As(err, &me) {
		return me
	}
	failure := backend.MailTemporary
	if afterData {
		failure = backend.MailAmbiguous
	}
	reply := err.Error()
	connection := accountStages[stage]
	var te *textproto.Error
	if errors.As(err, &te) {
		// The server's reply, as it came (multi-line replies keep their lines).
		reply = fmt.Sprintf("%03d %s", te.Code, te.Msg)
		// 421 is the server closing the session, whatever the step: the next
		// message would meet it too.
		connection = connection || te.Code == 421
		switch {
		case te.Code >= 400 && te.Code < 500:
			failure = backend.MailTemporary
		case te.Code >= 500 && te.Code < 600 && !accountStages[stage]:
			failure = backend.MailPermanent
		case te.Code >= 500 && te.Code < 600:
			failure = backend.MailTemporary
		}
	}
	if failure == backend.MailAmbiguous {
		reply = "no reply after the whole message was sent (" + reply + "); it may have been delivered"
	}
	return &backend.MailError{Failure: failure, Stage: stage, Reply: reply, Connection: connection, Err: err}
}
