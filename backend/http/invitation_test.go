package http_test

import (
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// linkFromOutbox reads the set-password token of the newest message to
// addr, through the office's outbox API, as the office would copy it.
func linkFromOutbox(t *testing.T, office *agent, addr string) string {
	t.Helper()
	status, body := office.do("GET", "/api/outbox?sort=-createdAt&limit=1&kind=", "")
	if status != 200 {
		t.Fatalf("outbox: %d %s", status, body)
	}
	list := decode[struct {
		Items []struct{ ID, To string }
	}](t, body)
	if len(list.Items) == 0 || list.Items[0].To != addr {
		t.Fatalf("newest message is not to %s: %s", addr, body)
	}
	status, body = office.do("GET", "/api/outbox/"+list.Items[0].ID, "")
	if status != 200 {
		t.Fatalf("message: %d %s", status, body)
	}
	m := tokenInBody.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no link in %s", body)
	}
	tok, _ := url.QueryUnescape(m[1])
	return tok
}

func TestInvitationFlowSignsInAndRemovalEndsIt(t *testing.T) {
	w := newWorld(t)
	w.buildEmail()
	office, guest := w.agent("office"), w.agent("guest")
	status, body := office.do("POST", "/api/clients/{MailClient}/invitations", "")
	if status != 201 {
		t.Fatalf("invite: %d %s", status, body)
	}
	token := linkFromOutbox(t, office, "mia.mail@example.com")

	status, body = guest.do("POST", "/api/auth/token", `{"token":"`+token+`"}`)
	if status != 200 || !strings.Contains(body, "mia.mail@example.com") || !strings.Contains(body, `"purpose":"invite"`) {
		t.Fatalf("check: %d %s", status, body)
	}
	status, body = guest.do("POST", "/api/auth/accept", `{"token":"`+token+`","password":"short"}`)
	if status != 400 || !strings.Contains(body, `"password"`) {
		t.Fatalf("weak password: %d %s", status, body)
	}
	status, body = guest.do("POST", "/api/auth/accept", `{"token":"`+token+`","password":"mia's long new password"}`)
	if status != 200 || !strings.Contains(body, `"licence":"customer"`) || !strings.Contains(body, "MailClient") {
		t.Fatalf("accept: %d %s", status, body)
	}
	// Signed in, in the client's view.
	if status, body = guest.do("GET", "/api/me", ""); status != 200 || !strings.Contains(body, "mia.mail@example.com") {
		t.Fatalf("me after accept: %d %s", status, body)
	}
	// The link is spent.
	status, body = w.agent("guest").do("POST", "/api/auth/accept", `{"token":"`+token+`","password":"another long password"}`)
	if status != 409 || !strings.Contains(body, "already been used") {
		t.Fatalf("second accept: %d %s", status, body)
	}
	// The office sees it accepted, then removes the user: the session ends at once.
	status, body = office.do("GET", "/api/clients/{MailClient}/portal-access", "")
	if status != 200 || !strings.Contains(body, `"status":"accepted"`) {
		t.Fatalf("portal access: %d %s", status, body)
	}
	if status, body = office.do("DELETE", "/api/clients/{MailClient}/portal-users/{MailUser}", ""); status != 204 {
		t.Fatalf("remove: %d %s", status, body)
	}
	if status, _ = guest.do("GET", "/api/me", ""); status != 401 {
		t.Fatalf("me after removal: %d, want 401", status)
	}
}

func TestForgotPasswordUsesTheSettingNotTheHostHeader(t *testing.T) {
	w := newWorld(t)
	w.buildEmail()
	req, _ := http.NewRequest("POST", w.ts.URL+"/api/auth/forgot", strings.NewReader(`{"email":"north@example.com"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Host = "evil.example.net"
	resp, err := http.DefaultClient.Do(req)
	w.must(err)
	resp.Body.Close()
	if resp.StatusCode != 202 {
		t.Fatalf("forgot: %d", resp.StatusCode)
	}
	office := w.agent("office")
	status, body := office.do("GET", "/api/outbox?kind=password_reset", "")
	if status != 200 || !strings.Contains(body, "north@example.com") {
		t.Fatalf("outbox: %d %s", status, body)
	}
	token := linkFromOutbox(t, office, "north@example.com")
	status, body = office.do("GET", "/api/outbox?kind=password_reset&limit=1", "")
	id := decode[struct{ Items []struct{ ID string } }](t, body).Items[0].ID
	_, body = office.do("GET", "/api/outbox/"+id, "")
	if strings.Contains(body, "evil.example.net") || !strings.Contains(body, "https://portal.example.com:8443/portal.html#/accept?token=") {
		t.Fatalf("reset link not built from the setting: %s", body)
	}
	// The reset signs the customer in with the new password, and the old one stops working.
	status, _ = w.agent("guest").do("POST", "/api/auth/accept", `{"token":"`+token+`","password":"north's brand new password"}`)
	if status != 200 {
		t.Fatalf("accept reset: %d", status)
	}
	status, _ = w.agent("guest").do("POST", "/api/auth/login", `{"email":"north@example.com","password":"`+testPassword+`"}`)
	if status != 401 {
		t.Fatalf("old password after reset: %d", status)
	}
}

func TestEmailSettingsNeverReturnThePassword(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	status, body := office.do("PUT", "/api/settings/email", `{"host":"smtp.example.com","port":587,"security":"starttls",
		"auth":"plain","username":"office","password":"s3cret-mail-password","fromAddress":"office@example.com"}`)
	if status != 200 || strings.Contains(body, "s3cret") || !strings.Contains(body, `"passwordSet":true`) {
		t.Fatalf("save: %d %s", status, body)
	}
	if status, body = office.do("GET", "/api/settings/email", ""); strings.Contains(body, "s3cret") || !strings.Contains(body, `"passwordSet":true`) {
		t.Fatalf("get: %d %s", status, body)
	}
	// Saving without a password keeps it; a bad field writes nothing.
	status, body = office.do("PUT", "/api/settings/email", `{"host":"smtp.example.com","port":587,"security":"none",
		"auth":"plain","username":"office","fromAddress":"office@example.com"}`)
	if status != 400 || !strings.Contains(body, `"security"`) {
		t.Fatalf("bad save: %d %s", status, body)
	}
	if _, body = office.do("GET", "/api/settings/email", ""); !strings.Contains(body, `"security":"starttls"`) || !strings.Contains(body, `"passwordSet":true`) {
		t.Fatalf("after a refused save: %s", body)
	}
}

func TestTestEmailShowsWhatWentWrong(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	w.must(err)
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nothing listens there now: the connection is refused
	status, body := office.do("POST", "/api/settings/email/test", `{"to":"me@example.com","settings":{"host":"127.0.0.1","port":`+
		strconv.Itoa(port)+`,"security":"none","auth":"none","fromAddress":"office@example.com"}}`)
	if status != 503 || !strings.Contains(body, "connect") || !strings.Contains(body, strconv.Itoa(port)) {
		t.Fatalf("test email: %d %s", status, body)
	}
	// The settings tried were not saved.
	if _, body = office.do("GET", "/api/settings/email", ""); !strings.Contains(body, `"host":""`) {
		t.Fatalf("tried settings were saved: %s", body)
	}
}

func TestOutboxHTMLIsSandboxed(t *testing.T) {
	w := newWorld(t)
	w.buildEmail()
	office := w.agent("office")
	req, _ := http.NewRequest("GET", w.ts.URL+w.expand("/api/outbox/{MailInviteMsg}/html"), nil)
	resp, err := office.c.Do(req)
	w.must(err)
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	if resp.StatusCode != 200 || !strings.HasPrefix(csp, "sandbox") || !strings.Contains(csp, "default-src 'none'") ||
		strings.Contains(csp, "script-src") {
		t.Fatalf("status %d, CSP %q", resp.StatusCode, csp)
	}
	if status, _ := office.do("GET", "/api/outbox/{QueuedMsg}/html", ""); status != 404 {
		t.Fatalf("a text-only message's HTML: %d", status)
	}
	if status, _ := office.do("GET", "/api/outbox?status=bogus", ""); status != 400 {
		t.Fatalf("bad status filter: %d", status)
	}
}
