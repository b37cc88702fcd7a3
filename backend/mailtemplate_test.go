package backend

import (
	"strings"
	"testing"
	"time"
)

func TestTokenMailEscapesAndFlattens(t *testing.T) {
	m := TokenMail{Purpose: PurposeInvite, Links: MailLinks{Company: "Acme <Fire>\r\nBcc: x@example.com", BaseURL: "https://p.example.com"},
		ToName: "Zoë <script>alert(1)</script>", ToEmail: "zoe@example.com", Portfolio: "Harbour & Co",
		Link: "https://p.example.com/portal.html#/accept?token=abc", ExpiresAt: time.Date(2026, 3, 13, 3, 30, 0, 0, time.UTC)}
	msg, err := m.Message("invitation")
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(msg.Subject, "\r\n") || !strings.Contains(msg.Subject, "Acme <Fire> Bcc") {
		t.Errorf("subject %q", msg.Subject)
	}
	if strings.Contains(msg.HTMLBody, "<script>") || !strings.Contains(msg.HTMLBody, "&lt;script&gt;") || !strings.Contains(msg.HTMLBody, "Harbour &amp; Co") {
		t.Errorf("HTML not escaped:\n%s", msg.HTMLBody)
	}
	if !strings.Contains(msg.TextBody, "13/03/2026") || !strings.Contains(msg.TextBody, m.Link) {
		t.Errorf("text:\n%s", msg.TextBody)
	}
	if err := msg.Validate(); err != nil {
		t.Fatal(err)
	}
	// A link that is not http(s) never becomes an href.
	m.Link = "javascript:alert(1)"
	msg, _ = m.Message("invitation")
	if strings.Contains(msg.HTMLBody, `href="javascript:`) {
		t.Error("javascript: link in href")
	}
	if _, err := (TokenMail{Purpose: "bogus"}).Message("x"); ErrorCode(err) != EINVALID {
		t.Errorf("unknown purpose: %v", err)
	}
}

func TestFormatAUDAndDates(t *testing.T) {
	for cents, want := range map[int]string{0: "$0.00", 5: "$0.05", 123456: "$1,234.56", 100000000: "$1,000,000.00", -250: "-$2.50"} {
		if got := FormatAUD(cents); got != want {
			t.Errorf("FormatAUD(%d) = %q, want %q", cents, got, want)
		}
	}
	if AUDate("2026-03-01") != "01/03/2026" || AUDate("soon") != "soon" {
		t.Error("AUDate")
	}
	for in, ok := range map[string]bool{"": true, "https://p.example.com:8443/": true, "http://10.0.0.5": true,
		"ftp://x": false, "https://": false, "https://u:p@x.com": false, "https://x.com/?a=1": false, "https://x.com/#f": false} {
		if _, got := NormalizeBaseURL(in); got != ok {
			t.Errorf("NormalizeBaseURL(%q) ok = %v", in, got)
		}
	}
}
