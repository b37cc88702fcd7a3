package sqlite

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"siteward/backend"
)

var testLinks = backend.MailLinks{BaseURL: "https://portal.example.com:8443"}

var tokenRE = regexp.MustCompile(`#/accept\?token=([A-Za-z0-9_%-]+)`)

// MustLinkToken reads the set-password token from the outbox message that
// carries an invitation, as a recipient would from the email.
func MustLinkToken(tb testing.TB, db *DB, inv *backend.Invitation) string {
	tb.Helper()
	m, err := NewOutboxService(db).FindMessageByID(context.Background(), inv.MessageID)
	if err != nil {
		tb.Fatalf("message of invitation %s: %v", inv.ID, err)
	}
	match := tokenRE.FindStringSubmatch(m.TextBody)
	if match == nil {
		tb.Fatalf("no link in %q", m.TextBody)
	}
	tok, _ := url.QueryUnescape(match[1])
	return tok
}

// MustInviteClient invites one client's contact and returns the link token.
func MustInviteClient(tb testing.TB, db *DB, c *backend.Client) (*backend.Invitation, string) {
	tb.Helper()
	invs, err := NewInvitationService(db, nil).InviteClients(context.Background(), backend.InviteRequest{ClientIDs: []string{c.ID}, Links: testLinks})
	if err != nil {
		tb.Fatalf("invite %q: %v", c.Name, err)
	}
	return invs[0], MustLinkToken(tb, db, invs[0])
}

func TestInviteClientCreatesCustomerAndQueuesMail(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	c := MustCreateClient(t, db, "Harbour Strata", nil)
	MustCreateContact(t, db, c, "Mads Jensen", true)
	inv, token := MustInviteClient(t, db, c)

	if inv.Status != backend.InvitationPending || inv.UserEmail != "mads.jensen@example.com" || inv.Purpose != backend.PurposeInvite {
		t.Fatalf("invitation = %+v", inv)
	}
	if want := testNow.Add(72 * time.Hour); !inv.ExpiresAt.Equal(want) {
		t.Errorf("expires %v, want %v", inv.ExpiresAt, want)
	}
	u, err := NewUserService(db).FindUserByID(ctx, inv.UserID)
	if err != nil || u.Licence != backend.LicenceCustomer || !u.Active {
		t.Fatalf("user %+v %v", u, err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM client_users WHERE client_id = ? AND user_id = ?`, c.ID, u.ID); n != 1 {
		t.Errorf("client_users = %d", n)
	}
	// Only the hash is stored.
	if n := MustCount(t, db, `SELECT COUNT(*) FROM invitations WHERE token_hash = ?`, token); n != 0 {
		t.Error("token stored in clear")
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM invitations WHERE token_hash = ?`, hashSecret(token)); n != 1 {
		t.Error("token hash not stored")
	}
	m, err := NewOutboxService(db).FindMessageByID(ctx, inv.MessageID)
	if err != nil {
		t.Fatal(err)
	}
	if m.Kind != "invitation" || m.To != "mads.jensen@example.com" || m.ClientID == nil || *m.ClientID != c.ID ||
		!strings.Contains(m.Subject, "Siteward") || !strings.Contains(m.HTMLBody, "Harbour Strata") ||
		!strings.Contains(m.TextBody, "https://portal.example.com:8443/portal.html#/accept?token=") {
		t.Errorf("message = %+v", m)
	}
	// Inviting again links the same user and replaces the first link.
	inv2, token2 := MustInviteClient(t, db, c)
	if inv2.UserID != inv.UserID || token2 == token {
		t.Fatalf("second invitation %+v", inv2)
	}
	_, err = NewInvitationService(db, nil).CheckToken(ctx, token)
	assertCode(t, err, backend.ECONFLICT)
}

func TestInviteClientsIsAllOrNothing(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	ok := MustCreateClient(t, db, "Has Email", nil)
	MustCreateContact(t, db, ok, "Brigette Lu", true)
	none := MustCreateClient(t, db, "No Email", nil)
	staff := MustCreateClientWith(t, db, &backend.Client{Name: "Staff Address", Active: true, EmailCorrespondence: "luke.office@example.com"})
	MustCreateUser(t, db, "Luke Office", backend.LicenceOffice)

	_, err := NewInvitationService(db, nil).InviteClients(ctx, backend.InviteRequest{ClientIDs: []string{ok.ID, none.ID, staff.ID}, Links: testLinks})
	e := assertCode(t, err, backend.EINVALID)
	if e.Fields[none.ID] == "" || e.Fields[staff.ID] == "" || e.Fields[ok.ID] != "" {
		t.Fatalf("fields = %v", e.Fields)
	}
	for _, q := range []string{`SELECT COUNT(*) FROM invitations`, `SELECT COUNT(*) FROM outbox_messages`,
		`SELECT COUNT(*) FROM client_users`, `SELECT COUNT(*) FROM users WHERE licence = 'customer'`} {
		if n := MustCount(t, db, q); n != 0 {
			t.Errorf("%s = %d after a refused bulk invite", q, n)
		}
	}
	// The per-purpose email wins over the primary contact.
	withEmail := MustCreateClientWith(t, db, &backend.Client{Name: "Purpose", Active: true, EmailCorrespondence: "corro@example.com"})
	invs, err := NewInvitationService(db, nil).InviteClients(ctx, backend.InviteRequest{ClientIDs: []string{ok.ID, withEmail.ID}, Links: testLinks})
	if err != nil || len(invs) != 2 || invs[1].UserEmail != "corro@example.com" {
		t.Fatalf("invs %v err %v", invs, err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM outbox_messages WHERE kind = 'invitation'`); n != 2 {
		t.Errorf("messages = %d", n)
	}
	_, err = NewInvitationService(db, nil).InviteClients(ctx, backend.InviteRequest{ClientIDs: []string{ok.ID}})
	assertCode(t, err, backend.EINVALID) // no portal address to link to
}

func TestAcceptToken(t *testing.T) {
	db, clock := MustOpenDB(t), NewTestClock()
	db.Now = clock.Now
	ctx := context.Background()
	s := NewInvitationService(db, nil)
	c := MustCreateClient(t, db, "Accepting", nil)
	MustCreateContact(t, db, c, "Ann Accept", true)
	_, token := MustInviteClient(t, db, c)

	info, err := s.CheckToken(ctx, token)
	if err != nil || info.Email != "ann.accept@example.com" || info.Purpose != backend.PurposeInvite {
		t.Fatalf("check = %+v, %v", info, err)
	}
	// A weak password leaves the link usable.
	_, err = s.AcceptToken(ctx, token, "short")
	assertField(t, err, backend.EINVALID, "password")
	// Tampered: one character changed, or cut short.
	bad := []byte(token)
	bad[3] ^= 1
	for _, tok := range []string{string(bad), token[:20], "", strings.Repeat("x", 500)} {
		_, err = s.AcceptToken(ctx, tok, "a good long password")
		assertCode(t, err, backend.ENOTFOUND)
	}
	u, err := s.AcceptToken(ctx, token, "a good long password")
	if err != nil || u.Email != "ann.accept@example.com" {
		t.Fatalf("accept = %v, %v", u, err)
	}
	if _, err := NewUserService(db).Authenticate(ctx, u.Email, "a good long password"); err != nil {
		t.Fatalf("cannot sign in with the new password: %v", err)
	}
	// Used: a clear message, not "not found".
	_, err = s.AcceptToken(ctx, token, "another long password")
	if e := assertCode(t, err, backend.ECONFLICT); !strings.Contains(e.Message, "already been used") {
		t.Errorf("message %q", e.Message)
	}
}

func TestTokenExpiry(t *testing.T) {
	db := MustOpenDB(t)
	clock := NewTestClock()
	db.Now = clock.Now
	ctx := context.Background()
	s := NewInvitationService(db, nil)
	c := MustCreateClient(t, db, "Expiring", nil)
	MustCreateContact(t, db, c, "Eve Expire", true)
	_, token := MustInviteClient(t, db, c)

	clock.Add(72*time.Hour - time.Second)
	if _, err := s.CheckToken(ctx, token); err != nil {
		t.Fatalf("a second before expiry: %v", err)
	}
	clock.Add(time.Second)
	_, err := s.AcceptToken(ctx, token, "a good long password")
	if e := assertCode(t, err, backend.ECONFLICT); !strings.Contains(e.Message, "expired") {
		t.Errorf("message %q", e.Message)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM users WHERE password_hash <> ''`); n != 0 {
		t.Error("an expired link set a password")
	}
}

func TestParallelAcceptsOneSucceeds(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	s := NewInvitationService(db, nil)
	c := MustCreateClient(t, db, "Racing", nil)
	MustCreateContact(t, db, c, "Rae Race", true)
	_, token := MustInviteClient(t, db, c)

	const n = 20
	var wg sync.WaitGroup
	errs := make([]error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			_, errs[i] = s.AcceptToken(ctx, token, "password number "+strings.Repeat("x", i+1))
		}()
	}
	close(start)
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch backend.ErrorCode(err) {
		case "":
			ok++
		case backend.ECONFLICT:
		default:
			t.Errorf("unexpected error: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d accepts succeeded, want exactly 1", ok)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM invitations WHERE accepted_at IS NOT NULL`); n != 1 {
		t.Errorf("accepted rows = %d", n)
	}
}

func TestPasswordResetSaysNothingAndEndsSessions(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	s := NewInvitationService(db, nil)
	u := MustCreateUserWith(t, db, &backend.User{Name: "Reset Me", Email: "reset.me@example.com", Licence: backend.LicenceCustomer, Active: true}, "the old long password")
	if err := s.RequestPasswordReset(ctx, "nobody@example.com", testLinks); err != nil {
		t.Fatalf("unknown address: %v", err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM outbox_messages`); n != 0 {
		t.Fatal("mail for an unknown address")
	}
	err := s.RequestPasswordReset(ctx, "nobody@example.com", backend.MailLinks{})
	assertCode(t, err, backend.EUNAVAILABLE) // the same for every address: checked before looking up
	_, _, err = NewSessionService(db).CreateSession(ctx, u.ID, "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RequestPasswordReset(ctx, " Reset.Me@example.com ", testLinks); err != nil {
		t.Fatal(err)
	}
	var body string
	if err := db.read.QueryRowContext(ctx, `SELECT text_body FROM outbox_messages WHERE kind = 'password_reset' AND to_addr = ?`, u.Email).Scan(&body); err != nil {
		t.Fatal(err)
	}
	tok, _ := url.QueryUnescape(tokenRE.FindStringSubmatch(body)[1])
	if _, err := s.AcceptToken(ctx, tok, "the new long password"); err != nil {
		t.Fatal(err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM sessions WHERE user_id = ?`, u.ID); n != 0 {
		t.Errorf("%d sessions survived the reset", n)
	}
	if _, err := NewUserService(db).Authenticate(ctx, u.Email, "the old long password"); err == nil {
		t.Error("old password still works")
	}
}

func TestRemoveClientUserRevokesAccess(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	s := NewInvitationService(db, nil)
	c := MustCreateClient(t, db, "Removing", nil)
	MustCreateContact(t, db, c, "Rob Remove", true)
	inv, token := MustInviteClient(t, db, c)
	if _, _, err := NewSessionService(db).CreateSession(ctx, inv.UserID, "", ""); err != nil {
		t.Fatal(err)
	}
	pa, err := s.FindPortalAccess(ctx, c.ID)
	if err != nil || len(pa.Users) != 1 || pa.Users[0].Invitation.Status != backend.InvitationPending || pa.InviteEmail != "rob.remove@example.com" {
		t.Fatalf("portal access %+v %v", pa, err)
	}
	if err := s.RemoveClientUser(ctx, c.ID, inv.UserID); err != nil {
		t.Fatal(err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM sessions WHERE user_id = ?`, inv.UserID); n != 0 {
		t.Errorf("sessions left: %d", n)
	}
	_, err = s.CheckToken(ctx, token)
	assertCode(t, err, backend.ECONFLICT)
	assertCode(t, s.RemoveClientUser(ctx, c.ID, inv.UserID), backend.ENOTFOUND)
	_, err = s.ResendInvitation(ctx, inv.ID, "", testLinks)
	assertCode(t, err, backend.ECONFLICT)
}

func TestGroupAccountInvitationAndWelcome(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	s := NewInvitationService(db, nil)
	g := MustCreateClientGroup(t, db, "National", nil)
	c := MustCreateClient(t, db, "In Group", g)
	inv, err := s.InviteGroupAccount(ctx, g.ID, "Nat@Example.com", "Nat Manager", "", testLinks)
	if err != nil || inv.GroupID == nil || *inv.GroupID != g.ID {
		t.Fatalf("group invite %+v %v", inv, err)
	}
	_, err = s.InviteGroupAccount(ctx, g.ID, "not an email", "X", "", testLinks)
	assertField(t, err, backend.EINVALID, "email")
	pa, err := s.FindPortalAccess(ctx, c.ID)
	if err != nil || len(pa.GroupAccounts) != 1 || pa.GroupAccounts[0].User.Email != "nat@example.com" || pa.InviteEmail != "" {
		t.Fatalf("portal access %+v %v", pa, err)
	}
	re, err := s.ResendInvitation(ctx, inv.ID, "", testLinks)
	if err != nil || re.ID == inv.ID {
		t.Fatalf("resend %+v %v", re, err)
	}
	// Welcome needs a user linked to the client.
	_, err = s.SendWelcome(ctx, c.ID, inv.UserID, "", testLinks)
	assertCode(t, err, backend.ENOTFOUND)
	MustSetClientUsers(t, db, c, &backend.User{ID: inv.UserID})
	w, err := s.SendWelcome(ctx, c.ID, inv.UserID, "", testLinks)
	if err != nil || w.Purpose != backend.PurposeWelcome {
		t.Fatalf("welcome %+v %v", w, err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM invitations WHERE revoked_at IS NULL AND accepted_at IS NULL`); n != 1 {
		t.Errorf("open links = %d, want only the newest", n)
	}
	// Unlinking through SetClientUsers ends sessions too.
	if _, _, err := NewSessionService(db).CreateSession(ctx, inv.UserID, "", ""); err != nil {
		t.Fatal(err)
	}
	MustSetClientUsers(t, db, c)
	if n := MustCount(t, db, `SELECT COUNT(*) FROM sessions WHERE user_id = ?`, inv.UserID); n != 0 {
		t.Errorf("sessions left: %d", n)
	}
}
