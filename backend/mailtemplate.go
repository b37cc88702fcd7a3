package backend

import (
	"bytes"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"
)

// TokenMail is what a set-password message says.
type TokenMail struct {
	Purpose   TokenPurpose
	Links     MailLinks
	ToName    string
	ToEmail   string
	Portfolio string // the client's or group's name, for invitations
	Link      string
	ExpiresAt time.Time
	Location  *time.Location // the workspace's time zone, for the expiry
}

// tokenSubjects are the subjects per purpose (templates over the same data).
var tokenSubjects = map[TokenPurpose]*texttemplate.Template{
	PurposeInvite:  texttemplate.Must(texttemplate.New("invite").Parse("Your invitation to the {{.Company}} customer portal")),
	PurposeWelcome: texttemplate.Must(texttemplate.New("welcome").Parse("Welcome to the {{.Company}} customer portal")),
	PurposeReset:   texttemplate.Must(texttemplate.New("reset").Parse("Reset your {{.Company}} portal password")),
}

const tokenText = `Hello {{.Name}},

{{if eq .Purpose "invite"}}{{.Company}} has invited you to its customer portal{{if .Portfolio}} for {{.Portfolio}}{{end}}. There you can see your properties, defects, quotes, invoices and reports.
{{else if eq .Purpose "welcome"}}{{.Company}} has set up your access to its customer portal{{if .Portfolio}} for {{.Portfolio}}{{end}}.
{{else}}Someone asked to reset the password of your {{.Company}} portal account ({{.Email}}). If it was not you, ignore this email: your password stays as it is.
{{end}}
Choose your password here:
{{.Link}}

The link works once, until {{.Expires}}. If it has expired, ask {{.Company}} to send a new one{{if eq .Purpose "reset"}} or use "Forgot password?" on the sign-in page again{{end}}.

Your sign-in email is {{.Email}}.

-- 
` + mailFootText

const tokenHTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="margin:0;padding:24px;background:#f4f6f8;font-family:Arial,Helvetica,sans-serif;color:#1c2a33">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:28px">
<tr><td>
` + mailHeadHTML + `
<p style="margin:0 0 14px">Hello {{.Name}},</p>
{{if eq .Purpose "invite"}}<p style="margin:0 0 14px">{{.Company}} has invited you to its customer portal{{if .Portfolio}} for <strong>{{.Portfolio}}</strong>{{end}}. There you can see your properties, defects, quotes, invoices and reports.</p>
{{else if eq .Purpose "welcome"}}<p style="margin:0 0 14px">{{.Company}} has set up your access to its customer portal{{if .Portfolio}} for <strong>{{.Portfolio}}</strong>{{end}}.</p>
{{else}}<p style="margin:0 0 14px">Someone asked to reset the password of your {{.Company}} portal account ({{.Email}}). If it was not you, ignore this email: your password stays as it is.</p>
{{end}}<p style="margin:24px 0"><a href="{{.Link}}" style="background:#0f6b73;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:bold">Choose your password</a></p>
<p style="margin:0 0 14px;font-size:13px;color:#52616b">Or copy this address into your browser:<br><a href="{{.Link}}" style="color:#0f6b73;word-break:break-all">{{.Link}}</a></p>
<p style="margin:0 0 14px;font-size:13px;color:#52616b">The link works once, until {{.Expires}}. If it has expired, ask {{.Company}} to send a new one{{if eq .Purpose "reset"}} or use "Forgot password?" on the sign-in page again{{end}}.</p>
<p style="margin:0;font-size:13px;color:#52616b">Your sign-in email is {{.Email}}.</p>
` + mailFootHTML + `
</td></tr></table></td></tr></table>
</body></html>
`

var (
	tokenTextTmpl = texttemplate.Must(texttemplate.New("text").Parse(tokenText))
	tokenHTMLTmpl = htmltemplate.Must(htmltemplate.New("html").Parse(tokenHTML))
)

// Message builds the outbox message for m: a text part and an HTML part.
// Names from data are escaped in HTML and flattened in the subject (the
// outbox's Validate does the header rules).
func (m TokenMail) Message(kind string) (*OutboxMessage, error) {
	loc := m.Location
	if loc == nil {
		loc = time.UTC
	}
	name := SingleLine(m.ToName)
	if name == "" {
		name = m.ToEmail
	}
	data := map[string]any{
		"Name": name, "Email": m.ToEmail, "Portfolio": SingleLine(m.Portfolio),
		"Link": m.Link, "Purpose": string(m.Purpose),
		"Expires": m.ExpiresAt.In(loc).Format("02/01/2006 3:04 pm") + " (" + m.ExpiresAt.In(loc).Format("MST") + ")",
	}
	m.Links.brand(data)
	subjTmpl, ok := tokenSubjects[m.Purpose]
	if !ok {
		return nil, Errorf(EINVALID, "Unknown link purpose %q.", m.Purpose)
	}
	var subj bytes.Buffer
	if err := subjTmpl.Execute(&subj, data); err != nil {
		return nil, err
	}
	data["Subject"] = subj.String()
	var text, html bytes.Buffer
	if err := tokenTextTmpl.Execute(&text, data); err != nil {
		return nil, err
	}
	// A safe URL for href: html/template refuses anything but http(s).
	if err := tokenHTMLTmpl.Execute(&html, data); err != nil {
		return nil, err
	}
	out := &OutboxMessage{
		Kind: kind, To: m.ToEmail, ToName: m.ToName, Subject: strings.TrimSpace(subj.String()),
		TextBody: text.String(), HTMLBody: html.String(),
	}
	m.Links.attachLogo(out)
	return out, nil
}
