package sqlite

import (
	"context"
	"testing"

	"siteward/backend"
)

// A group's authorised account gets a welcome email by the same rules as a
// client's portal user: only an account of that group, active and a
// Customer; the new link replaces the open ones.
func TestSendGroupWelcome(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := NewInvitationService(db, nil)
	nsw := MustCreateClientGroup(t, db, "NSW", nil)
	vic := MustCreateClientGroup(t, db, "VIC", nil)
	inv, err := s.InviteGroupAccount(ctx, nsw.ID, "manager@example.com", "Nina Manager", "", testLinks)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.SendGroupWelcome(ctx, vic.ID, inv.UserID, "", testLinks)
	assertCode(t, err, backend.ENOTFOUND)
	_, err = s.SendGroupWelcome(ctx, nsw.ID, inv.UserID, "", backend.MailLinks{})
	assertCode(t, err, backend.EINVALID)
	before := MustCount(t, db, `SELECT COUNT(*) FROM outbox_messages`)

	w, err := s.SendGroupWelcome(ctx, nsw.ID, inv.UserID, "", testLinks)
	if err != nil || w.Purpose != backend.PurposeWelcome || w.GroupID == nil || *w.GroupID != nsw.ID {
		t.Fatalf("welcome %+v %v", w, err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM invitations WHERE revoked_at IS NULL AND accepted_at IS NULL`); n != 1 {
		t.Errorf("open links = %d, want only the newest", n)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM outbox_messages WHERE kind = 'welcome' AND to_addr = 'manager@example.com'
		AND subject LIKE 'Welcome%' AND text_body LIKE '%for NSW%'`); n != 1 || before+1 != MustCount(t, db, `SELECT COUNT(*) FROM outbox_messages`) {
		t.Errorf("welcome messages = %d", n)
	}
	MustExec(t, db, `UPDATE users SET active = 0 WHERE id = ?`, inv.UserID)
	_, err = s.SendGroupWelcome(ctx, nsw.ID, inv.UserID, "", testLinks)
	assertCode(t, err, backend.ECONFLICT)
}
