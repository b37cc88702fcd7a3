package backend

import (
	"bytes"
	htmltemplate "html/template"
	"net/url"
	"strings"
	texttemplate "text/template"
)

// AlertMail is a critical-defect alert to one recipient.
type AlertMail struct {
	Links       MailLinks
	ToName      string
	ToEmail     string
	Property    string
	Address     string
	Description string
	RaisedOn    string // YYYY-MM-DD
	Token       string // for the acknowledgement link
}

// AckURL is the acknowledgement link (the token in the fragment, like set-password links).
func (l MailLinks) AckURL(token string) string {
	return strings.TrimRight(l.BaseURL, "/") + "/portal.html#/ack?token=" + url.QueryEscape(token)
}

const alertText = `Hello {{.Name}},

A CRITICAL defect was found at {{.Property}}{{if .Address}} ({{.Address}}){{end}}, raised on {{.Raised}}:

{{.Description}}

Critical defects can stop fire-safety equipment from working. Please acknowledge that you have received this alert:
{{.Ack}}

{{.Company}} will contact you about the repair. Reply to this email with any questions.

-- 
` + mailFootText

const alertHTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="margin:0;padding:24px;background:#f4f6f8;font-family:Arial,Helvetica,sans-serif;color:#1c2a33">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:28px;border-top:6px solid #b42318">
<tr><td>
` + mailHeadHTML + `
<p style="margin:0 0 14px;font-weight:bold;color:#b42318">&#9888; Critical defect</p>
<p style="margin:0 0 14px">Hello {{.Name}},</p>
<p style="margin:0 0 14px">A critical defect was found at <strong>{{.Property}}</strong>{{if .Address}} ({{.Address}}){{end}}, raised on {{.Raised}}:</p>
<p style="margin:0 0 14px;padding:12px 16px;background:#fdecea;border-radius:6px">{{.Description}}</p>
<p style="margin:0 0 14px">Critical defects can stop fire-safety equipment from working. Please acknowledge that you have received this alert.</p>
<p style="margin:24px 0"><a href="{{.Ack}}" style="background:#0f6b73;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:bold">Acknowledge this alert</a></p>
<p style="margin:0;font-size:13px;color:#52616b">{{.Company}} will contact you about the repair. Reply to this email with any questions.</p>
` + mailFootHTML + `
</td></tr></table></td></tr></table>
</body></html>
`

var (
	alertTextTmpl = texttemplate.Must(texttemplate.New("text").Parse(alertText))
	alertHTMLTmpl = htmltemplate.Must(htmltemplate.New("html").Parse(alertHTML))
)

// Message builds the outbox message (kind "defect_alert") for m.
func (m AlertMail) Message() (*OutboxMessage, error) {
	name := SingleLine(m.ToName)
	if name == "" {
		name = m.ToEmail
	}
	subject := "Critical defect at " + SingleLine(m.Property)
	data := map[string]any{"Name": name, "Property": SingleLine(m.Property), "Address": SingleLine(m.Address),
		"Description": strings.TrimSpace(m.Description), "Raised": AUDate(m.RaisedOn), "Ack": m.Links.AckURL(m.Token), "Subject": subject}
	m.Links.brand(data)
	var text, html bytes.Buffer
	if err := alertTextTmpl.Execute(&text, data); err != nil {
		return nil, err
	}
	if err := alertHTMLTmpl.Execute(&html, data); err != nil {
		return nil, err
	}
	out := &OutboxMessage{Kind: "defect_alert", To: m.ToEmail, ToName: m.ToName, Subject: subject,
		TextBody: text.String(), HTMLBody: html.String()}
	m.Links.attachLogo(out)
	return out, nil
}
