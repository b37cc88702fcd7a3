package backend

import (
	"context"
	"net"
	"slices"
	"strings"
	"time"
	"unicode"
)

// EmailSecurity is how the connection to the mail server is protected.
type EmailSecurity string

const (
	SecurityStartTLS          EmailSecurity = "starttls"            // STARTTLS, refuse a server without it
	SecurityStartTLSIfOffered EmailSecurity = "starttls_if_offered" // STARTTLS when the server offers it
	SecurityImplicitTLS       EmailSecurity = "implicit_tls"        // TLS from the first byte (port 465)
	SecurityNone              EmailSecurity = "none"                // plain text, only to a server on this computer
)

// EmailSecurities lists the choices in the order the settings form shows them.
var EmailSecurities = []EmailSecurity{SecurityStartTLS, SecurityStartTLSIfOffered, SecurityImplicitTLS, SecurityNone}

// DefaultPort is the usual port for a security choice.
func (s EmailSecurity) DefaultPort() int {
	switch s {
	case SecurityImplicitTLS:
		return 465
	case SecurityNone:
		return 25
	}
	return 587
}

// EmailAuth is the SASL mechanism used to sign in to the mail server.
type EmailAuth string

const (
	AuthNone        EmailAuth = "none"
	AuthPlain       EmailAuth = "plain"
	AuthLogin       EmailAuth = "login"
	AuthCRAMMD5     EmailAuth = "cram-md5"
	AuthXOAUTH2     EmailAuth = "xoauth2"     // the password field holds an OAuth access token
	AuthOAUTHBEARER EmailAuth = "oauthbearer" // RFC 7628; the password field holds an access token
)

// EmailAuths lists the mechanisms in the order the settings form shows them.
var EmailAuths = []EmailAuth{AuthNone, AuthPlain, AuthLogin, AuthCRAMMD5, AuthXOAUTH2, AuthOAUTHBEARER}

// EmailSettings is Settings > Email. The password is never part of it: it is
// stored encrypted and only PasswordSet says whether there is one.
type EmailSettings struct {
	Host        string        `json:"host"`
	Port        int           `json:"port"`
	Security    EmailSecurity `json:"security"`
	Auth        EmailAuth     `json:"auth"`
	Username    string        `json:"username"`
	PasswordSet bool          `json:"passwordSet"`
	FromName    string        `json:"fromName"`
	FromAddress string        `json:"fromAddress"`
	ReplyTo     string        `json:"replyTo"`
	// TLSFingerprint, when set, is the SHA-256 of the one certificate the
	// server may present (64 hex digits). It is how an office trusts its own
	// relay's self-signed certificate: a failed test email shows the
	// fingerprint the server presented, to compare and paste here. Empty
	// means the certificate must chain to this computer's trusted
	// authorities and match Host.
	TLSFingerprint string     `json:"tlsFingerprint"`
	UpdatedAt      *time.Time `json:"updatedAt,omitempty"`
}

// DefaultEmailSettings are used until the office saves its own: nothing is
// sent, mail waits in the outbox.
func DefaultEmailSettings() EmailSettings {
	return EmailSettings{Port: 587, Security: SecurityStartTLS, Auth: AuthNone}
}

// Configured reports whether mail can be sent at all.
func (s *EmailSettings) Configured() bool { return s.Host != "" && s.FromAddress != "" }

// Validate checks s before it is stored and normalises its fields. Whether a
// password is needed is checked by EmailSettingsUpdate.Apply, which knows it.
func (s *EmailSettings) Validate() error {
	p := Problems{}
	s.Host = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(s.Host), "["), "]")
	s.Username = strings.TrimSpace(s.Username)
	s.FromName = SingleLine(s.FromName)
	s.FromAddress = strings.TrimSpace(s.FromAddress)
	s.ReplyTo = strings.TrimSpace(s.ReplyTo)
	if s.Security == "" {
		s.Security = SecurityStartTLS
	}
	if s.Auth == "" {
		s.Auth = AuthNone
	}
	if s.Port == 0 {
		s.Port = s.Security.DefaultPort()
	}
	if s.Host != "" && !validHost(s.Host) {
		p.Add("host", "Enter the mail server's name, like smtp.example.com, without a port or http://.")
	}
	if s.Port < 1 || s.Port > 65535 {
		p.Add("port", "Enter a port between 1 and 65535 (usually 587, or 465 for TLS).")
	}
	if !slices.Contains(EmailSecurities, s.Security) {
		p.Add("security", "Choose how to protect the connection.")
	} else if s.Security == SecurityNone && s.Host != "" && !IsLoopbackHost(s.Host) {
		p.Add("security", "An unprotected connection is allowed only to a mail server on this computer (localhost); choose STARTTLS or TLS.")
	}
	if !slices.Contains(EmailAuths, s.Auth) {
		p.Add("auth", "Choose how to sign in to the mail server.")
	} else if s.Auth != AuthNone && s.Username == "" {
		p.Add("username", "Enter the user name for the mail server.")
	}
	if len(s.Username) > 320 || strings.ContainsAny(s.Username, "\r\n\x00") {
		p.Add("username", "Enter the user name on one line.")
	}
	if s.FromAddress == "" && s.Host != "" {
		p.Add("fromAddress", "Enter the address mail is sent from.")
	} else if s.FromAddress != "" && !ValidEmail(s.FromAddress) {
		p.Add("fromAddress", "Enter an email address like office@example.com.")
	}
	if len(s.FromName) > 200 {
		p.Add("fromName", "Keep the name under 200 characters.")
	}
	if s.ReplyTo != "" && !ValidEmail(s.ReplyTo) {
		p.Add("replyTo", "Enter an email address like office@example.com, or leave it empty.")
	}
	if fp, ok := NormalizeFingerprint(s.TLSFingerprint); ok {
		s.TLSFingerprint = fp
	} else {
		p.Add("tlsFingerprint", "Enter the SHA-256 fingerprint: 64 hexadecimal digits (colons are fine), or leave it empty.")
	}
	return p.Err()
}

// EmailSettingsUpdate is what the settings form saves. Password nil keeps
// the stored one; an empty string removes it. For XOAUTH2 and OAUTHBEARER
// it is the access token.
type EmailSettingsUpdate struct {
	EmailSettings
	Password *string `json:"password,omitempty"`
}

// Apply returns the account the update describes: its settings over the
// stored account's password unless it brings a new one. It returns EINVALID.
func (u *EmailSettingsUpdate) Apply(stored *EmailAccount) (*EmailAccount, error) {
	acct := &EmailAccount{EmailSettings: u.EmailSettings}
	if u.Password != nil {
		acct.Password = *u.Password
	} else if stored != nil {
		acct.Password = stored.Password
	}
	acct.PasswordSet = acct.Password != ""
	err := acct.EmailSettings.Validate()
	p := Problems{}
	if e, ok := err.(*Error); ok {
		p = e.Fields
	} else if err != nil {
		return nil, err
	}
	if acct.Auth != AuthNone && !acct.PasswordSet {
		p.Add("password", "Enter the password (for XOAUTH2 and OAUTHBEARER, the access token).")
	}
	if len(acct.Password) > 8192 || strings.ContainsAny(acct.Password, "\r\n\x00") {
		p.Add("password", "The password cannot contain line breaks.")
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return acct, nil
}

// EmailAccount is the settings with the clear password, for the mail sender
// only. It never leaves the process: the password has no JSON name and
// String hides it.
type EmailAccount struct {
	EmailSettings
	Password string `json:"-"`
}

func (a EmailAccount) String() string {
	return "EmailAccount{" + a.Username + "@" + a.Host + ", password hidden}"
}

// EmailSettingsService stores Settings > Email.
type EmailSettingsService interface {
	// GetEmailSettings returns the saved settings, or the defaults.
	GetEmailSettings(ctx context.Context) (*EmailSettings, error)
	// SaveEmailSettings returns EINVALID. Queued mail is tried again at once.
	SaveEmailSettings(ctx context.Context, upd EmailSettingsUpdate) (*EmailSettings, error)
	// EmailAccount returns the settings with the clear password, for the
	// sender; EUNAVAILABLE when the stored password cannot be decrypted.
	EmailAccount(ctx context.Context) (*EmailAccount, error)
}

// SingleLine makes s safe to show on one line and to put in a mail header:
// each run of control characters (CR, LF, tab, NUL, Unicode line and
// paragraph separators…) becomes one space, and the ends are trimmed.
func SingleLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || r == '\u0085' {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

// IsLoopbackHost reports whether host names this computer.
func IsLoopbackHost(host string) bool {
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// NormalizeFingerprint accepts a SHA-256 fingerprint in the usual spellings
// (colons, spaces, either case) and returns 64 upper-case hex digits, the
// form Siteward shows everywhere. An empty input is valid and stays empty.
func NormalizeFingerprint(s string) (string, bool) {
	r := strings.NewReplacer(":", "", " ", "", "-", "")
	s = strings.ToUpper(r.Replace(strings.TrimSpace(s)))
	if s == "" {
		return "", true
	}
	if len(s) != 64 {
		return s, false
	}
	for _, c := range s {
		if !('0' <= c && c <= '9' || 'A' <= c && c <= 'F') {
			return s, false
		}
	}
	return s, true
}

func validHost(h string) bool {
	if net.ParseIP(h) != nil {
		return true
	}
	if len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}
	return true
}
