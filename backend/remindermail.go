package backend

import (
	"bytes"
	htmltemplate "html/template"
	"strconv"
	"strings"
	texttemplate "text/template"
	"time"
)

// Reminder kinds, also the outbox kind of their messages.
const (
	ReminderQuotes   = "reminder_quotes"
	ReminderInvoices = "reminder_invoices"
	ReminderRoutines = "reminder_routines"
)

// ReminderItem is one line of a reminder.
type ReminderItem struct {
	ID          string
	Title       string // "Quote Q-1042: Replace exit lights"
	Property    string
	Date        string // the date that matters, YYYY-MM-DD (issued, due)
	AmountCents int    // 0: not shown
}

// ReminderMail is one client's reminder of one kind.
type ReminderMail struct {
	Kind    string
	Links   MailLinks
	Client  string
	ToName  string
	ToEmail string
	Items   []ReminderItem
}

var reminderTitles = map[string]struct{ subject, lead, date string }{
	ReminderQuotes:   {"Quotes awaiting your approval", "These quotes are waiting for your approval:", "issued"},
	ReminderInvoices: {"Overdue invoices", "These invoices are past their due date:", "due"},
	ReminderRoutines: {"Maintenance coming due", "This routine maintenance is coming due at your properties:", "due"},
}

const reminderText = `Hello {{.Name}},

{{.Lead}}
{{range .Items}}
- {{.Title}} — {{.Property}} ({{$.DateWord}} {{.Date}}){{if .Amount}}, {{.Amount}}{{end}}{{end}}
{{if .Portal}}
See them in the portal: {{.Portal}}
{{end}}
You receive these reminders for {{.Client}}. To stop them, reply and ask {{.Company}}.

-- 
` + mailFootText

const reminderHTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="margin:0;padding:24px;background:#f4f6f8;font-family:Arial,Helvetica,sans-serif;color:#1c2a33">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:28px">
<tr><td>
` + mailHeadHTML + `
<p style="margin:0 0 14px">Hello {{.Name}},</p>
<p style="margin:0 0 14px">{{.Lead}}</p>
<table role="presentation" width="100%" cellpadding="6" cellspacing="0" style="border-collapse:collapse;font-size:14px">
{{range .Items}}<tr style="border-top:1px solid #dde2e7"><td><strong>{{.Title}}</strong><br><span style="color:#52616b">{{.Property}} · {{$.DateWord}} {{.Date}}</span></td><td align="right" style="white-space:nowrap">{{.Amount}}</td></tr>
{{end}}</table>
{{if .Portal}}<p style="margin:24px 0"><a href="{{.Portal}}" style="background:#0f6b73;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:bold">Open the portal</a></p>{{end}}
<p style="margin:0;font-size:13px;color:#52616b">You receive these reminders for {{.Client}}. To stop them, reply and ask {{.Company}}.</p>
` + mailFootHTML + `
</td></tr></table></td></tr></table>
</body></html>
`

var (
	reminderTextTmpl = texttemplate.Must(texttemplate.New("text").Parse(reminderText))
	reminderHTMLTmpl = htmltemplate.Must(htmltemplate.New("html").Parse(reminderHTML))
)

type reminderLine struct{ Title, Property, Date, Amount string }

// Message builds the outbox message for m (text and HTML parts).
func (m ReminderMail) Message() (*OutboxMessage, error) {
	t, ok := reminderTitles[m.Kind]
	if !ok {
		return nil, Errorf(EINVALID, "Unknown reminder kind %q.", m.Kind)
	}
	name := SingleLine(m.ToName)
	if name == "" {
		name = m.ToEmail
	}
	lines := make([]reminderLine, len(m.Items))
	for i, it := range m.Items {
		lines[i] = reminderLine{Title: SingleLine(it.Title), Property: SingleLine(it.Property), Date: AUDate(it.Date)}
		if it.AmountCents > 0 {
			lines[i].Amount = FormatAUD(it.AmountCents)
		}
	}
	portal := ""
	if base, ok := NormalizeBaseURL(m.Links.BaseURL); ok && base != "" {
		portal = base + "/portal.html"
	}
	subject := t.subject + " — " + SingleLine(m.Client)
	data := map[string]any{"Name": name, "Lead": t.lead, "Items": lines, "DateWord": t.date,
		"Portal": portal, "Client": SingleLine(m.Client), "Subject": subject}
	m.Links.brand(data)
	var text, html bytes.Buffer
	if err := reminderTextTmpl.Execute(&text, data); err != nil {
		return nil, err
	}
	if err := reminderHTMLTmpl.Execute(&html, data); err != nil {
		return nil, err
	}
	out := &OutboxMessage{Kind: m.Kind, To: m.ToEmail, ToName: m.ToName, Subject: subject,
		TextBody: text.String(), HTMLBody: html.String()}
	m.Links.attachLogo(out)
	return out, nil
}

// AUDate turns a stored date (YYYY-MM-DD) into DD/MM/YYYY; anything else is kept.
func AUDate(d string) string {
	t, err := time.Parse(DateLayout, d)
	if err != nil {
		return d
	}
	return t.Format("02/01/2006")
}

// FormatAUD writes cents as "$1,234.50".
func FormatAUD(cents int) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	whole := strconv.Itoa(cents / 100)
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	s := "$" + b.String() + "." + strconv.Itoa(cents%100/10) + strconv.Itoa(cents%10)
	if neg {
		return "-" + s
	}
	return s
}
