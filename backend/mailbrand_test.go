package backend

import (
	"strings"
	"testing"
	"time"
)

// Every message the product writes shows the company the same way: the
// logo inline (never a link), the name, and the contacts in both parts.
func TestEveryMessageCarriesTheBrand(t *testing.T) {
	links := MailLinks{Company: "Harbour Fire", BaseURL: "https://portal.example.com", Phone: "02 9000 1234",
		Email: "help@harbour.example.com", Logo: &CompanyLogo{SHA256: strings.Repeat("ab", 32), MIME: "image/png", Width: 300, Height: 100}}
	rep := &Report{Title: "Monthly Activity Report", Kind: ReportMonthlyActivity, PeriodStart: "2026-11-01", PeriodEnd: "2026-11-30",
		FileSHA256: strings.Repeat("cd", 32)}
	build := map[string]func() (*OutboxMessage, error){
		"invite": func() (*OutboxMessage, error) {
			return TokenMail{Purpose: PurposeInvite, Links: links, ToEmail: "a@example.com", Link: "https://portal.example.com/x",
				ExpiresAt: time.Now()}.Message("invitation")
		},
		"welcome": func() (*OutboxMessage, error) {
			return TokenMail{Purpose: PurposeWelcome, Links: links, ToEmail: "a@example.com", Link: "https://portal.example.com/x",
				ExpiresAt: time.Now()}.Message("welcome")
		},
		"reset": func() (*OutboxMessage, error) {
			return TokenMail{Purpose: PurposeReset, Links: links, ToEmail: "a@example.com", Link: "https://portal.example.com/x",
				ExpiresAt: time.Now()}.Message("password_reset")
		},
		"reminder": func() (*OutboxMessage, error) {
			return ReminderMail{Kind: ReminderQuotes, Links: links, Client: "Strata", ToEmail: "a@example.com",
				Items: []ReminderItem{{Title: "Quote Q-1", Property: "Tower", Date: "2026-11-01"}}}.Message()
		},
		"alert": func() (*OutboxMessage, error) {
			return AlertMail{Links: links, ToEmail: "a@example.com", Property: "Tower", Description: "Pump dead", RaisedOn: "2026-11-01", Token: "t"}.Message()
		},
		"report": func() (*OutboxMessage, error) {
			return ReportMail{Links: links, ToEmail: "a@example.com", Report: rep, Property: "Tower"}.Message()
		},
	}
	for name, f := range build {
		m, err := f()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := m.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if len(m.Attachments) == 0 || m.Attachments[0].ContentID != LogoContentID || m.Attachments[0].SHA256 != links.Logo.SHA256 {
			t.Errorf("%s: no inline logo: %+v", name, m.Attachments)
		}
		if !strings.Contains(m.HTMLBody, `<img src="cid:logo@siteward" alt="Harbour Fire" width="144" height="48"`) {
			t.Errorf("%s: the HTML does not show the logo:\n%s", name, m.HTMLBody)
		}
		for _, part := range []string{m.TextBody, m.HTMLBody} {
			if !strings.Contains(part, "02 9000 1234") || !strings.Contains(part, "help@harbour.example.com") {
				t.Errorf("%s: a part lacks the contacts:\n%s", name, part)
			}
		}
		if strings.Contains(m.TextBody, "cid:") {
			t.Errorf("%s: the text part mentions the image", name)
		}
	}
	// Without a logo: no image, no attachment, the name still heads the message.
	m, _ := AlertMail{Links: MailLinks{Company: "Harbour Fire", BaseURL: "https://p.example.com"}, ToEmail: "a@example.com",
		Property: "Tower", Description: "x", Token: "t"}.Message()
	if len(m.Attachments) != 0 || strings.Contains(m.HTMLBody, "<img") || !strings.Contains(m.HTMLBody, ">Harbour Fire</p>") {
		t.Errorf("without a logo: %+v\n%s", m.Attachments, m.HTMLBody)
	}
	// The report email names the attached PDF; the period is not said twice.
	m, _ = build["report"]()
	if len(m.Attachments) != 2 || m.Attachments[1].Filename != "Monthly Activity Report - Tower - November 2026.pdf" || m.Attachments[1].Inline() {
		t.Errorf("report attachments %+v", m.Attachments)
	}
	rep.Title = "Monthly Activity Report November 2026"
	if got := ReportFilename(rep, "Tower / North"); got != "Monthly Activity Report November 2026 - Tower - North.pdf" {
		t.Errorf("file name %q", got)
	}
}
