package sqlite

import (
	"context"
	"testing"
	"time"

	"siteward/backend"
)

func TestPortalUsage_UsersAndSignInsPerEntity(t *testing.T) {
	db := MustOpenDBAt(t, t.TempDir()+"/siteward.db", NewTestClock())
	ctx := context.Background()
	g := MustCreateClientGroup(t, db, "Harbour Group", nil)
	busy := MustCreateClient(t, db, "Busy Co", g)
	quiet := MustCreateClient(t, db, "Quiet Co", nil)
	alice := MustCreateUser(t, db, "Alice", backend.LicenceCustomer)
	bob := MustCreateUser(t, db, "Bob", backend.LicenceCustomer)
	gone := MustCreateUser(t, db, "Gone", backend.LicenceCustomer)
	MustSetClientUsers(t, db, busy, alice, bob, gone)
	MustSetClientGroupAccounts(t, db, g, alice)
	if _, err := NewUserService(db).UpdateUser(ctx, gone.ID, backend.UserUpdate{Active: ptr(false)}); err != nil {
		t.Fatal(err)
	}

	// Sign-ins are recorded when a view is set on a session.
	sessions := NewSessionService(db)
	signIn := func(u *backend.User, v backend.View, ago time.Duration) {
		t.Helper()
		_, sess, err := sessions.CreateSession(ctx, u.ID, "127.0.0.1", "test")
		if err != nil {
			t.Fatal(err)
		}
		if err := sessions.SetSessionView(ctx, sess.ID, v); err != nil {
			t.Fatal(err)
		}
		MustExec(t, db, `UPDATE sign_ins SET at = ? WHERE id = (SELECT id FROM sign_ins ORDER BY rowid DESC LIMIT 1)`,
			backend.FormatTime(db.Now().Add(-ago)))
	}
	client := backend.View{Kind: backend.ViewClient, ID: busy.ID}
	signIn(alice, client, 40*24*time.Hour)
	signIn(bob, client, 2*24*time.Hour)
	signIn(alice, client, time.Hour)
	signIn(alice, backend.View{Kind: backend.ViewGroup, ID: g.ID}, 3*time.Hour)

	usage := NewPortalUsageService(db)
	got, total, err := usage.FindPortalUsage(ctx, backend.PortalUsageFilter{Kind: backend.ViewClient, Page: backend.Page{Sort: "-signIns30d"}})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || got[0].ID != busy.ID || got[1].ID != quiet.ID {
		t.Fatalf("usage = %d %+v", total, got)
	}
	if got[0].Users != 2 || got[0].SignIns30d != 2 || got[0].LastSignInAt == nil ||
		!got[0].LastSignInAt.Equal(db.Now().Add(-time.Hour).Truncate(time.Millisecond)) {
		t.Errorf("busy = %+v (users: active customers only; sign-ins: the last 30 days)", got[0])
	}
	if got[1].Users != 0 || got[1].SignIns30d != 0 || got[1].LastSignInAt != nil {
		t.Errorf("quiet = %+v", got[1])
	}

	groups, _, err := usage.FindPortalUsage(ctx, backend.PortalUsageFilter{Kind: backend.ViewGroup, Query: "harbour"})
	if err != nil {
		t.Fatal(err)
	}
	if len(groups) != 1 || groups[0].Users != 1 || groups[0].SignIns30d != 1 {
		t.Errorf("groups = %+v", groups)
	}
	_, _, err = usage.FindPortalUsage(ctx, backend.PortalUsageFilter{Kind: "nation"})
	assertField(t, err, backend.EINVALID, "kind")
}
