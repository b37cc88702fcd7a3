package smtp

import (
	"bytes"
	"crypto/hmac"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"slices"
	"strings"

	"github.com/emersion/go-sasl"
	gosmtp "github.com/emersion/go-smtp"
)

// The server side of each mechanism. PLAIN and OAUTHBEARER are go-sasl's;
// go-sasl has no server for LOGIN, CRAM-MD5 or XOAUTH2, so small ones are
// written here, as a real server would answer.

var errBadCredentials = &gosmtp.SMTPError{Code: 535, EnhancedCode: gosmtp.EnhancedCode{5, 7, 8}, Message: "Authentication credentials invalid"}

func (se *session) AuthMechanisms() []string { return se.s.mechs }

func (se *session) Auth(mech string) (sasl.Server, error) {
	check := func(user, secret string) error {
		se.s.mu.Lock()
		want, ok := se.s.users[user]
		se.s.mu.Unlock()
		if !ok || want != secret {
			return errBadCredentials
		}
		se.auth = mech + " " + user
		return nil
	}
	if !slices.Contains(se.s.mechs, mech) {
		return nil, &gosmtp.SMTPError{Code: 504, EnhancedCode: gosmtp.EnhancedCode{5, 5, 4}, Message: "Unrecognized authentication type"}
	}
	switch mech {
	case "PLAIN":
		return sasl.NewPlainServer(func(_, user, pass string) error { return check(user, pass) }), nil
	case "LOGIN":
		return &loginServer{check: check}, nil
	case "CRAM-MD5":
		return &cramServer{challenge: "<1896.697170952@mx.test>", secret: func(user string) (string, bool) {
			se.s.mu.Lock()
			defer se.s.mu.Unlock()
			pw, ok := se.s.users[user]
			return pw, ok
		}, ok: func(user string) { se.auth = "CRAM-MD5 " + user }}, nil
	case "XOAUTH2":
		return &xoauth2Server{check: check}, nil
	case "OAUTHBEARER":
		return sasl.NewOAuthBearerServer(func(o sasl.OAuthBearerOptions) *sasl.OAuthBearerError {
			if check(o.Username, o.Token) != nil {
				return &sasl.OAuthBearerError{Status: "invalid_token", Schemes: "bearer"}
			}
			return nil
		}), nil
	}
	return nil, errors.New("unsupported mechanism")
}

// loginServer asks "Username:" then "Password:" (or only the latter when the
// client sent the user name with AUTH LOGIN).
type loginServer struct {
	check func(user, pass string) error
	step  int
	user  string
}

func (a *loginServer) Next(resp []byte) ([]byte, bool, error) {
	switch a.step {
	case 0:
		if resp == nil {
			a.step = 1
			return []byte("Username:"), false, nil
		}
		a.user, a.step = string(resp), 2
		return []byte("Password:"), false, nil
	case 1:
		a.user, a.step = string(resp), 2
		return []byte("Password:"), false, nil
	}
	return nil, true, a.check(a.user, string(resp))
}

// cramServer is RFC 2195: a challenge, answered with "user hex(HMAC-MD5)".
type cramServer struct {
	challenge string
	secret    func(user string) (string, bool)
	ok        func(user string)
	sent      bool
}

func (a *cramServer) Next(resp []byte) ([]byte, bool, error) {
	if !a.sent {
		a.sent = true
		return []byte(a.challenge), false, nil
	}
	user, digest, _ := strings.Cut(string(resp), " ")
	pw, known := a.secret(user)
	mac := hmac.New(md5.New, []byte(pw))
	mac.Write([]byte(a.challenge))
	if !known || !hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(digest)) {
		return nil, true, errBadCredentials
	}
	a.ok(user)
	return nil, true, nil
}

// xoauth2Server reads "user=U\x01auth=Bearer T\x01\x01".
type xoauth2Server struct {
	check func(user, token string) error
}

func (a *xoauth2Server) Next(resp []byte) ([]byte, bool, error) {
	if resp == nil {
		return []byte{}, false, nil
	}
	var user, token string
	for _, kv := range bytes.Split(resp, []byte{1}) {
		k, v, _ := strings.Cut(string(kv), "=")
		switch k {
		case "user":
			user = v
		case "auth":
			token = strings.TrimPrefix(v, "Bearer ")
		}
	}
	return nil, true, a.check(user, token)
}
