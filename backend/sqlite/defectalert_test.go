package sqlite

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

var ackRE = regexp.MustCompile(`#/ack\?token=([A-Za-z0-9_%-]+)`)

func MustInsertPropertyContact(tb testing.TB, db *DB, p *backend.Property, name string, notify bool) {
	tb.Helper()
	MustExec(tb, db, `INSERT INTO property_contacts (id, property_id, name, email, receive_notifications, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, 'x', 'x')`, backend.NewID(), p.ID, name, emailOf(name), notify)
}

func TestCriticalAlertsAndAcknowledgement(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	s := NewDefectAlertService(db, nil)
	links := backend.MailLinks{BaseURL: "https://portal.example.com"}

	g := MustCreateClientGroup(t, db, "Group", nil)
	c := MustCreateClient(t, db, "Alert Client", g)
	MustCreateContact(t, db, c, "Cara Client", true)
	tower := MustCreateProperty(t, db, c, "Alert Tower")
	MustInsertPropertyContact(t, db, tower, "Bea Building", true)
	MustInsertPropertyContact(t, db, tower, "Oscar Owner", true)
	MustInsertPropertyContact(t, db, tower, "Tim Tenant", false)
	annex := MustCreateProperty(t, db, c, "Alert Annex") // no notification contacts
	critical := MustInsertRemark(t, db, tower, backend.SeverityCritical, "open", true)
	MustInsertRemark(t, db, tower, backend.SeverityNonCritical, "open", true)
	MustInsertRemark(t, db, tower, backend.SeverityCritical, "open", false) // unpublished
	old := MustInsertRemark(t, db, tower, backend.SeverityCritical, "open", true)
	MustExec(t, db, `UPDATE remarks SET published_at = ? WHERE id = ?`, backend.FormatTime(testNow.Add(-40*24*time.Hour)), old)
	MustInsertRemark(t, db, annex, backend.SeverityCritical, "open", true)

	if n, err := s.SendCriticalAlerts(ctx, backend.MailLinks{}); err != nil || n != 0 {
		t.Fatalf("without a portal address: %d, %v", n, err)
	}
	n, err := s.SendCriticalAlerts(ctx, links)
	if err != nil || n != 3 {
		t.Fatalf("alerts = %d, %v; want the two ticked contacts and the annex's client", n, err)
	}
	if n, err := s.SendCriticalAlerts(ctx, links); err != nil || n != 0 {
		t.Fatalf("second run: %d, %v", n, err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM outbox_messages WHERE kind = 'defect_alert' AND to_addr = 'cara.client@example.com'`); n != 1 {
		t.Errorf("fallback to the client's email: %d messages", n)
	}
	alerts, err := s.FindRemarkAlerts(ctx, critical)
	if err != nil || len(alerts) != 2 || alerts[0].Email != "bea.building@example.com" {
		t.Fatalf("remark alerts = %+v, %v", alerts, err)
	}
	var body string
	if err := db.read.QueryRowContext(ctx, `SELECT text_body FROM outbox_messages WHERE id = ?`, alerts[0].MessageID).Scan(&body); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "CRITICAL defect was found at Alert Tower") {
		t.Errorf("alert body:\n%s", body)
	}
	token, _ := url.QueryUnescape(ackRE.FindStringSubmatch(body)[1])

	_, err = s.AcknowledgeAlert(ctx, token, "  ")
	assertField(t, err, backend.EINVALID, "name")
	_, err = s.AcknowledgeAlert(ctx, token[:10], "Bea")
	assertCode(t, err, backend.ENOTFOUND)
	info, err := s.AcknowledgeAlert(ctx, token, "Bea Building")
	if err != nil || info.AcknowledgedBy != "Bea Building" || info.AcknowledgedAt == nil || info.PropertyName != "Alert Tower" {
		t.Fatalf("ack = %+v, %v", info, err)
	}
	info, err = s.AcknowledgeAlert(ctx, token, "Someone Else")
	if err != nil || info.AcknowledgedBy != "Bea Building" {
		t.Fatalf("second ack replaced the first: %+v, %v", info, err)
	}

	no := false
	open, total, err := s.FindAlerts(ctx, backend.DefectAlertFilter{Acknowledged: &no})
	if err != nil || total != 2 || len(open) != 2 {
		t.Fatalf("unacknowledged alerts = %d (%d), %v; want the other two", total, len(open), err)
	}
	_, total, _ = s.FindAlerts(ctx, backend.DefectAlertFilter{})
	if total != 3 {
		t.Errorf("all alerts = %d", total)
	}

	// The portal: in the view, without addresses; outside it, not found.
	u := MustCreateUser(t, db, "Group User", backend.LicenceCustomer)
	MustSetClientGroupAccounts(t, db, g, u)
	in := backend.Scope{UserID: u.ID, View: backend.View{Kind: backend.ViewGroup, ID: g.ID}}
	pa, err := s.FindPortalPropertyAlerts(ctx, in, tower.ID)
	if err != nil || len(pa) != 2 || pa[0].Email != "" || pa[0].MessageID != "" {
		t.Fatalf("portal alerts = %+v, %v", pa, err)
	}
	other := MustCreateClientGroup(t, db, "Other", nil)
	_, err = s.FindPortalPropertyAlerts(ctx, backend.Scope{UserID: u.ID, View: backend.View{Kind: backend.ViewGroup, ID: other.ID}}, tower.ID)
	assertCode(t, err, backend.ENOTFOUND)
}
