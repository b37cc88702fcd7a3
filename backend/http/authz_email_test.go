package http_test

import (
	"context"
	"net/url"
	"regexp"

	"siteward/backend"
	"siteward/backend/sqlite"
)

// buildEmail adds what the mail routes act on: a client with a primary
// contact, invited (so there is a user, an invitation and its message), a
// group account's invitation, a plain queued message and the portal address.
func (w *world) buildEmail() {
	ctx := context.Background()
	set := backend.DefaultSettings()
	set.PortalURL = "https://portal.example.com:8443"
	w.must(sqlite.NewSettingsService(w.db).SaveSettings(ctx, set))
	w.client("MailClient", "")
	w.must(sqlite.NewContactService(w.db).CreateContact(ctx, &backend.Contact{ClientID: w.ids["MailClient"],
		Name: "Mia Mail", Email: "mia.mail@example.com", Primary: true}))
	w.client("NoEmailClient", "")
	links := backend.MailLinks{BaseURL: set.PortalURL}
	inv := sqlite.NewInvitationService(w.db, nil)
	invs, err := inv.InviteClients(ctx, backend.InviteRequest{ClientIDs: []string{w.ids["MailClient"]}, Links: links})
	w.must(err)
	w.ids["MailInvite"], w.ids["MailInviteMsg"], w.ids["MailUser"] = invs[0].ID, invs[0].MessageID, invs[0].UserID
	g, err := inv.InviteGroupAccount(ctx, w.ids["VIC"], "vic.manager@example.com", "Vic Manager", "", links)
	w.must(err)
	w.ids["GroupInvite"] = g.ID
	// A notification contact on NorthTower, alerted of its critical remark (from buildPanels, when built).
	w.exec(`INSERT INTO property_contacts (id, property_id, name, email, receive_notifications, created_at, updated_at)
		VALUES (?, ?, 'Nora Notify', 'nora.notify@example.com', 1, 'x', 'x')`, backend.NewID(), w.ids["NorthTower"])
	alerts := sqlite.NewDefectAlertService(w.db, nil)
	_, err = alerts.SendCriticalAlerts(ctx, links)
	w.must(err)
	var remark, body string
	if w.db.ScanRow(ctx, `SELECT r.id, o.text_body FROM defect_alerts a JOIN remarks r ON r.id = a.remark_id
		JOIN outbox_messages o ON o.id = a.outbox_id WHERE r.property_id = ?`, []any{w.ids["NorthTower"]}, &remark, &body) == nil {
		w.ids["NorthCritical"] = remark
		if m := ackInBody.FindStringSubmatch(body); m != nil {
			w.ids["AlertToken"], _ = url.QueryUnescape(m[1])
		}
	}
	m := &backend.OutboxMessage{Kind: "test", To: "someone@example.com", Subject: "Queued one", TextBody: "Hello"}
	w.must(sqlite.NewOutboxService(w.db).EnqueueMessage(ctx, m))
	w.ids["QueuedMsg"] = m.ID
}

var (
	tokenInBody = regexp.MustCompile(`#/accept\?token=([A-Za-z0-9_%-]+)`)
	ackInBody   = regexp.MustCompile(`#/ack\?token=([A-Za-z0-9_%-]+)`)
)

// emailRows: Settings > Email, the outbox and invitations are the office's
// alone; the set-password routes are anyone's, and say nothing about
// whether an address has an account.
func emailRows() []scenario {
	routes := []struct {
		method, path, body string
		okStatus           int
		okContains         string
		notContains        string
	}{
		{"GET", "/api/settings/email", "", 200, `"security":"starttls"`, "password\""},
		{"PUT", "/api/settings/email", `{"host":"","port":587,"security":"starttls","auth":"none"}`, 200, `"security":"starttls"`, ""},
		{"POST", "/api/settings/email/test", `{"to":"me@example.com"}`, 400, "Enter the mail server", ""},
		{"GET", "/api/outbox?status=queued", "", 200, "mia.mail@example.com", "Choose your password"},
		{"GET", "/api/outbox/counts", "", 200, `"needsAttention":0`, ""},
		{"GET", "/api/outbox/{MailInviteMsg}", "", 200, "Choose your password here", ""},
		{"GET", "/api/outbox/{MailInviteMsg}/html", "", 200, "Choose your password", ""},
		{"POST", "/api/outbox/{QueuedMsg}/cancel", "", 200, `"status":"cancelled"`, ""},
		{"POST", "/api/outbox/{QueuedMsg}/retry", "", 200, `"status":"queued"`, ""},
		{"GET", "/api/clients/{MailClient}/portal-access", "", 200, "mia.mail@example.com", "token"},
		{"POST", "/api/clients/{MailClient}/invitations", "", 201, `"invited":1`, "token"},
		{"POST", "/api/clients/invitations", `{"clientIds":["{MailClient}","{NoEmailClient}"]}`, 400, "NoEmailClient has no email", ""},
		{"POST", "/api/clients/{MailClient}/portal-users/{MailUser}/welcome", "", 201, `"purpose":"welcome"`, "token"},
		{"DELETE", "/api/clients/{MailClient}/portal-users/{MailUser}", "", 204, "", ""},
		{"POST", "/api/client-groups/{VIC}/invitations", `{"email":"vic.two@example.com","name":"Vic Two"}`, 201, "vic.two@example.com", "token"},
		{"POST", "/api/invitations/{GroupInvite}/resend", "", 201, "vic.manager@example.com", "token"},
		{"GET", "/api/settings/reminders", "", 200, `"repeatDays":7`, ""},
		{"PUT", "/api/settings/reminders", `{"enabled":true,"quoteDays":5,"overdueInvoices":true,"routineDays":14,"repeatDays":7}`, 200, `"quoteDays":5`, ""},
		{"GET", "/api/clients/{MailClient}/reminders", "", 200, `"optOut":false`, ""},
		{"PUT", "/api/clients/{MailClient}/reminders", `{"optOut":true}`, 200, `"optOut":true`, ""},
		{"GET", "/api/remarks/{NorthCritical}/alerts", "", 200, "nora.notify@example.com", ""},
		{"GET", "/api/alerts?acknowledged=false", "", 200, "nora.notify@example.com", ""},
	}
	var rows []scenario
	for _, r := range routes {
		ok := scenario{as: "office", method: r.method, path: r.path, body: r.body, wantStatus: r.okStatus}
		if r.okContains != "" {
			ok.wantContains = []string{r.okContains}
		}
		if r.notContains != "" {
			ok.wantNotContains = []string{r.notContains}
		}
		rows = append(rows,
			scenario{as: "guest", method: r.method, path: r.path, body: r.body, wantStatus: 401},
			scenario{as: "north", method: r.method, path: r.path, body: r.body, wantStatus: 403, wantNotContains: []string{"mia.mail"}},
			scenario{as: "national", method: r.method, path: r.path, body: r.body, wantStatus: 403},
			scenario{as: "limited", method: r.method, path: r.path, body: r.body, wantStatus: 403},
			ok,
		)
	}
	alerts := "/api/portal/properties/{NorthTower}/alerts"
	rows = append(rows,
		scenario{as: "guest", method: "GET", path: alerts, wantStatus: 401},
		scenario{as: "other", method: "GET", path: alerts, wantStatus: 404},
		scenario{as: "limited", method: "GET", path: alerts, wantStatus: 404},
		scenario{as: "north", method: "GET", path: alerts, wantStatus: 200, wantContains: []string{"Nora Notify", `"total":1`}, wantNotContains: []string{"nora.notify@", "token"}},
		scenario{as: "nsw", method: "GET", path: alerts, wantStatus: 200, wantContains: []string{"NorthTower"}},
		scenario{as: "national", method: "GET", path: alerts, wantStatus: 200, wantContains: []string{"NorthTower"}},
		scenario{as: "office", method: "GET", path: alerts + "?asKind=client&asId={NorthClient}", wantStatus: 200, wantContains: []string{"Nora Notify"}},
		scenario{as: "office", method: "GET", path: alerts + "?asKind=client&asId={OtherClient}", wantStatus: 404},
		scenario{as: "north", method: "GET", path: "/api/portal/properties/{OtherCourt}/alerts", wantStatus: 404},

		scenario{as: "guest", method: "POST", path: "/api/alerts/check", body: `{"token":"{AlertToken}"}`, wantStatus: 200, wantContains: []string{"NorthTower", `"acknowledgedAt":null`}},
		scenario{as: "guest", method: "POST", path: "/api/alerts/check", body: `{"token":"made-up"}`, wantStatus: 404},
		scenario{as: "north", method: "POST", path: "/api/alerts/check", body: `{"token":"made-up"}`, wantStatus: 404},
		scenario{as: "office", method: "POST", path: "/api/alerts/check", body: `{"token":""}`, wantStatus: 404},
		scenario{as: "guest", method: "POST", path: "/api/alerts/ack", body: `{"token":"{AlertToken}","name":" "}`, wantStatus: 400},
		scenario{as: "guest", method: "POST", path: "/api/alerts/ack", body: `{"token":"{AlertToken}","name":"Nora N."}`, wantStatus: 200, wantContains: []string{`"acknowledgedBy":"Nora N."`}},
		scenario{as: "north", method: "POST", path: "/api/alerts/ack", body: `{"token":"made-up","name":"X"}`, wantStatus: 404},
		scenario{as: "office", method: "POST", path: "/api/alerts/ack", body: `{"token":"made-up","name":"X"}`, wantStatus: 404},
	)
	forgot := "If that address has an account"
	return append(rows,
		scenario{as: "guest", method: "POST", path: "/api/auth/forgot", body: `{"email":"north@example.com"}`, wantStatus: 202, wantContains: []string{forgot}},
		scenario{as: "guest", method: "POST", path: "/api/auth/forgot", body: `{"email":"nobody@example.com"}`, wantStatus: 202, wantContains: []string{forgot}},
		scenario{as: "guest", method: "POST", path: "/api/auth/forgot", body: `{"email":"not an address"}`, wantStatus: 400},
		scenario{as: "north", method: "POST", path: "/api/auth/forgot", body: `{"email":"other@example.com"}`, wantStatus: 202, wantContains: []string{forgot}},
		scenario{as: "guest", method: "POST", path: "/api/auth/token", body: `{"token":"made-up"}`, wantStatus: 404, wantContains: []string{"not valid"}},
		scenario{as: "north", method: "POST", path: "/api/auth/token", body: `{"token":""}`, wantStatus: 404},
		scenario{as: "guest", method: "POST", path: "/api/auth/accept", body: `{"token":"made-up","password":"a long enough password"}`, wantStatus: 404},
		scenario{as: "guest", method: "POST", path: "/api/auth/accept", body: `{"token":"made-up","password":"short"}`, wantStatus: 400},
	)
}
