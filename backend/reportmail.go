package backend

import (
	"bytes"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

// ReportMail is a saved report sent to one recipient: the PDF attached (when
// the report has a stored file) and a link to the portal's Latest reports.
type ReportMail struct {
	Links    MailLinks
	ToName   string
	ToEmail  string
	Report   *Report
	Property string
}

const reportText = `Hello {{.Name}},

Your {{.Title}} for {{.Property}}{{if .Period}} ({{.Period}}){{end}} is ready.
{{if .Attached}}
The report is attached to this email as a PDF ({{.Filename}}).
{{end}}
It is also in the customer portal: open the property and look under Latest reports.{{if .Portal}}
{{.Portal}}{{end}}

-- 
` + mailFootText

const reportHTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="margin:0;padding:24px;background:#f4f6f8;font-family:Arial,Helvetica,sans-serif;color:#1c2a33">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:28px">
<tr><td>
` + mailHeadHTML + `
<p style="margin:0 0 14px">Hello {{.Name}},</p>
<p style="margin:0 0 14px">Your <strong>{{.Title}}</strong> for {{.Property}}{{if .Period}} ({{.Period}}){{end}} is ready.</p>
{{if .Attached}}<p style="margin:0 0 14px">The report is attached to this email as a PDF ({{.Filename}}).</p>{{end}}
<p style="margin:0 0 14px">It is also in the customer portal: open the property and look under Latest reports.</p>
{{if .Portal}}<p style="margin:24px 0"><a href="{{.Portal}}" style="background:#0f6b73;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:bold">Open the portal</a></p>{{end}}
` + mailFootHTML + `
</td></tr></table></td></tr></table>
</body></html>
`

var (
	reportTextTmpl = texttemplate.Must(texttemplate.New("text").Parse(reportText))
	reportHTMLTmpl = htmltemplate.Must(htmltemplate.New("html").Parse(reportHTML))
)

// ReportFilename is the name a report's PDF is attached under:
// "Monthly Activity Report - Harbour Tower - November 2026.pdf".
func ReportFilename(r *Report, property string) string {
	parts := []string{r.Title, property}
	if p := reportPeriod(r); p != "" {
		parts = append(parts, p)
	}
	name := SingleLine(strings.Join(parts, " - "))
	name = strings.NewReplacer("/", "-", `\`, "-", `"`, "", ":", "-").Replace(name)
	if len(name) > 150 {
		name = name[:150]
	}
	return strings.TrimSpace(name) + ".pdf"
}

// reportPeriod is the report's period when its title does not already say it.
func reportPeriod(r *Report) string {
	if req, ok := r.Request(); ok && !strings.Contains(r.Title, req.PeriodLabel()) {
		return req.PeriodLabel()
	}
	return ""
}

// Message builds the outbox message (kind "report") for m.
func (m ReportMail) Message() (*OutboxMessage, error) {
	r := m.Report
	name := SingleLine(m.ToName)
	if name == "" {
		name = m.ToEmail
	}
	period := reportPeriod(r)
	portal := ""
	if base, ok := NormalizeBaseURL(m.Links.BaseURL); ok && base != "" {
		portal = base + "/portal.html"
	}
	subject := SingleLine(r.Title + " — " + m.Property)
	filename := ReportFilename(r, m.Property)
	data := map[string]any{"Name": name, "Title": SingleLine(r.Title), "Property": SingleLine(m.Property), "Period": period,
		"Attached": r.FileSHA256 != "", "Filename": filename, "Portal": portal, "Subject": subject}
	m.Links.brand(data)
	var text, html bytes.Buffer
	if err := reportTextTmpl.Execute(&text, data); err != nil {
		return nil, err
	}
	if err := reportHTMLTmpl.Execute(&html, data); err != nil {
		return nil, err
	}
	out := &OutboxMessage{Kind: "report", To: m.ToEmail, ToName: m.ToName, Subject: subject,
		TextBody: text.String(), HTMLBody: html.String()}
	m.Links.attachLogo(out)
	if r.FileSHA256 != "" {
		out.Attachments = append(out.Attachments, OutboxAttachment{SHA256: r.FileSHA256, Filename: filename, MIME: "application/pdf"})
	}
	return out, nil
}
