package backend

import (
	htmltemplate "html/template"
	"strconv"
)

// Every message shows the company the same way: its logo (when it has one)
// and name at the top of the HTML part, and its name and contact details at
// the foot of both parts. The logo travels inside the message as an inline
// image (Content-ID LogoContentID), never as a link: mail is read offline
// and remote images are blocked by most mail programs.

// LogoContentID is the Content-ID of the inline logo in every message.
const LogoContentID = "logo@siteward"

// The snippets each message template includes around its own content.
const (
	mailHeadHTML = `{{if .LogoSrc}}<p style="margin:0 0 12px"><img src="{{.LogoSrc}}" alt="{{.Company}}" width="{{.LogoWidth}}" height="{{.LogoHeight}}" style="display:block;border:0"></p>{{end}}
<p style="margin:0 0 20px;font-size:18px;font-weight:bold">{{.Company}}</p>`
	mailFootHTML = `<p style="margin:24px 0 0;padding-top:14px;border-top:1px solid #dde2e7;font-size:12px;color:#52616b">{{.Company}}{{if .ContactPhone}} · {{.ContactPhone}}{{end}}{{if .ContactEmail}} · <a href="mailto:{{.ContactEmail}}" style="color:#0f6b73">{{.ContactEmail}}</a>{{end}}</p>`
	mailFootText = `{{.Company}}{{if .ContactPhone}}
Phone {{.ContactPhone}}{{end}}{{if .ContactEmail}}
Email {{.ContactEmail}}{{end}}
`
)

// logoHeight is the logo's height in the HTML part, in CSS pixels.
const logoHeight = 48

// brand adds the company's fields to a template's data: Company (never
// empty), ContactPhone, ContactEmail and, with a logo, LogoSrc and its size.
func (l MailLinks) brand(data map[string]any) {
	company := SingleLine(l.Company)
	if company == "" {
		company = "Siteward"
	}
	data["Company"] = company
	data["ContactPhone"] = SingleLine(l.Phone)
	data["ContactEmail"] = ""
	if e := NormalizeEmail(l.Email); ValidEmail(e) {
		data["ContactEmail"] = e
	}
	data["LogoSrc"] = htmltemplate.URL("")
	if l.Logo != nil && l.Logo.Width > 0 && l.Logo.Height > 0 {
		w := l.Logo.Width * logoHeight / l.Logo.Height
		h := logoHeight
		if w > 240 { // a wide logo is bounded by its width instead
			w, h = 240, l.Logo.Height*240/l.Logo.Width
		}
		data["LogoSrc"] = htmltemplate.URL("cid:" + LogoContentID)
		data["LogoWidth"], data["LogoHeight"] = strconv.Itoa(w), strconv.Itoa(max(h, 1))
	}
}

// attachLogo adds the inline logo to m when the HTML part shows it.
func (l MailLinks) attachLogo(m *OutboxMessage) {
	if l.Logo == nil || m.HTMLBody == "" {
		return
	}
	m.Attachments = append(m.Attachments, OutboxAttachment{SHA256: l.Logo.SHA256, Filename: l.Logo.Filename(),
		MIME: l.Logo.MIME, ContentID: LogoContentID})
}
