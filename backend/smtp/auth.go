package smtp

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/emersion/go-sasl"
	"github.com/wneessen/go-mail/smtp"

	"siteward/backend"
)

// errSecretInClear refuses to send a password or token over a connection
// that is neither encrypted nor to this computer.
var errSecretInClear = errors.New("refusing to send the password over an unencrypted connection; " +
	"choose STARTTLS or TLS in Settings > Email")

// authFor returns the mechanism the account asks for, or nil for none.
// PLAIN, LOGIN, CRAM-MD5 and XOAUTH2 are go-mail's own; OAUTHBEARER comes
// from go-sasl through saslAuth. Every one but CRAM-MD5 (which never sends
// the secret) goes through clearGuard.
func authFor(acct *backend.EmailAccount) smtp.Auth {
	host, user, pass := acct.Host, acct.Username, acct.Password
	switch acct.Auth {
	case backend.AuthPlain:
		// allowUnenc=true: clearGuard decides, the same way for every mechanism.
		return clearGuard{smtp.PlainAuth("", user, pass, host, true)}
	case backend.AuthLogin:
		return clearGuard{smtp.LoginAuth(user, pass, host, true)}
	case backend.AuthCRAMMD5:
		return smtp.CRAMMD5Auth(user, pass)
	case backend.AuthXOAUTH2:
		return clearGuard{smtp.XOAuth2Auth(user, pass)}
	case backend.AuthOAUTHBEARER:
		return clearGuard{saslAuth{sasl.NewOAuthBearerClient(&sasl.OAuthBearerOptions{
			Username: user, Token: pass, Host: host, Port: acct.Port})}}
	}
	return nil
}

// offered checks that the server lists the mechanism, so a mismatch reads
// as one instead of as a failed sign-in.
func offered(c *smtp.Client, auth backend.EmailAuth) error {
	ok, list := c.Extension("AUTH")
	if !ok {
		return errors.New("the server does not offer sign-in (no AUTH); choose sign-in \"none\", " +
			"or a security setting under which it does (many servers offer AUTH only after STARTTLS)")
	}
	mech := strings.ToUpper(string(auth))
	if !slices.Contains(strings.Fields(strings.ToUpper(list)), mech) {
		return fmt.Errorf("the server does not offer %s; it offers %s", mech, list)
	}
	return nil
}

// clearGuard lets a mechanism start only on an encrypted connection or one
// to this computer. With "STARTTLS if offered" and a server that offers
// none, this is what keeps the password off the wire.
type clearGuard struct{ smtp.Auth }

func (g clearGuard) Start(s *smtp.ServerInfo) (string, []byte, error) {
	if !s.TLS && !backend.IsLoopbackHost(s.Name) {
		return "", nil, errSecretInClear
	}
	return g.Auth.Start(s)
}

// saslAuth adapts a go-sasl client to go-mail's smtp.Auth.
type saslAuth struct{ c sasl.Client }

func (a saslAuth) Start(*smtp.ServerInfo) (string, []byte, error) { return a.c.Start() }

func (a saslAuth) Next(fromServer []byte, more bool) ([]byte, error) {
	if !more {
		return nil, nil
	}
	return a.c.Next(fromServer)
}
