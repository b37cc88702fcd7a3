package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"siteward/backend"
)

func TestPairingCode_SingleUseAndShortLived(t *testing.T) {
	clock := NewTestClock()
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "hub.db"), clock)
	s := NewSyncService(db)
	ctx := context.Background()
	tech := MustCreateUser(t, db, "Tess Tech", backend.LicenceTechnician)
	customer := MustCreateUser(t, db, "Cass Customer", backend.LicenceCustomer)

	if _, _, err := s.CreatePairingCode(ctx, customer.ID, ""); backend.ErrorCode(err) != backend.EFORBIDDEN {
		t.Errorf("code for a customer = %v, want EFORBIDDEN", err)
	}
	code, expires, err := s.CreatePairingCode(ctx, tech.ID, "")
	if err != nil || len(code) != 8 || !expires.Equal(clock.Now().Add(backend.PairingCodeTTL)) {
		t.Fatalf("code %q expiring %v, %v", code, expires, err)
	}
	if _, err := s.EnrolWithCode(ctx, "WRONGONE"); backend.ErrorCode(err) != backend.EUNAUTHORIZED {
		t.Errorf("wrong code = %v, want EUNAUTHORIZED", err)
	}

	// Twenty installs race for one code: exactly one enrols.
	var wg sync.WaitGroup
	results := make(chan error, 20)
	for range 20 {
		wg.Go(func() {
			_, err := s.EnrolWithCode(ctx, code)
			results <- err
		})
	}
	wg.Wait()
	close(results)
	ok := 0
	for err := range results {
		switch {
		case err == nil:
			ok++
		case backend.ErrorCode(err) != backend.EUNAUTHORIZED:
			t.Errorf("a losing enrolment failed with %v, want EUNAUTHORIZED", err)
		}
	}
	if ok != 1 || MustCount(t, db, `SELECT COUNT(*) FROM sync_peers`) != 1 {
		t.Fatalf("%d enrolments from one code, want exactly 1", ok)
	}

	late, _, err := s.CreatePairingCode(ctx, tech.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	clock.Add(backend.PairingCodeTTL + time.Second)
	if _, err := s.EnrolWithCode(ctx, late); backend.ErrorCode(err) != backend.EUNAUTHORIZED {
		t.Errorf("expired code = %v, want EUNAUTHORIZED", err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM sync_pairing WHERE code_hash = ?`, late); n != 0 {
		t.Error("a pairing code is stored in clear")
	}
}

func TestAuthenticateSite(t *testing.T) {
	db := MustOpenDB(t)
	s := NewSyncService(db)
	ctx := context.Background()
	tech := MustCreateUser(t, db, "Tess Tech", backend.LicenceTechnician)
	code, _, _ := s.CreatePairingCode(ctx, tech.ID, "")
	e, err := s.EnrolWithCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if site, err := s.AuthenticateSite(ctx, e.Token); err != nil || site != e.SiteID {
		t.Fatalf("AuthenticateSite(good) = %q, %v", site, err)
	}
	for _, bad := range []string{"", e.SiteID, e.SiteID + ".wrong", backend.NewID() + "." + e.Token[len(e.SiteID)+1:], e.Token + "x"} {
		if _, err := s.AuthenticateSite(ctx, bad); backend.ErrorCode(err) != backend.EUNAUTHORIZED {
			t.Errorf("AuthenticateSite(%q) = %v, want EUNAUTHORIZED", bad, err)
		}
	}
	MustExec(t, db, `UPDATE sync_peers SET retired_at = ? WHERE site_id = ?`, backend.FormatTime(testNow), e.SiteID)
	if _, err := s.AuthenticateSite(ctx, e.Token); backend.ErrorCode(err) != backend.EUNAUTHORIZED {
		t.Errorf("a withdrawn install authenticated: %v", err)
	}
}

// The snapshot an install starts from has the business data and none of
// the hub's secrets.
func TestWriteSnapshot_HasTheDataAndNoSecrets(t *testing.T) {
	db := MustOpenDB(t)
	s := NewSyncService(db)
	ctx := context.Background()
	u := MustCreateUserWith(t, db, &backend.User{Email: "olive@example.com", Name: "Olive Office", Licence: backend.LicenceOffice, Active: true}, "a long enough password")
	if _, _, err := NewSessionService(db).CreateSession(ctx, u.ID, "127.0.0.1", "test"); err != nil {
		t.Fatal(err)
	}
	c := MustCreateClient(t, db, "Harbour Strata", nil)
	MustCreateProperty(t, db, c, "Harbour Tower")
	before, _ := s.LogPosition(ctx)

	site := backend.NewID()
	if _, err := s.EnrolSite(ctx, site, backend.NewID(), u.ID); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "snapshot.db")
	cursor, _, err := s.WriteSnapshot(ctx, site, path)
	if err != nil {
		t.Fatal(err)
	}
	if cursor != before {
		t.Errorf("snapshot cursor %d, want the log position %d", cursor, before)
	}
	snap, err := sql.Open("sqlite3", dsn(path, nil))
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	count := func(q string) int {
		var n int
		if err := snap.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	if count(`SELECT COUNT(*) FROM properties`) != 1 || count(`SELECT COUNT(*) FROM clients`) != 1 {
		t.Error("the snapshot lacks the business data")
	}
	for _, q := range []string{`SELECT COUNT(*) FROM sessions`, `SELECT COUNT(*) FROM users WHERE password_hash <> ''`,
		`SELECT COUNT(*) FROM sync_changes`, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sw_capture%'`} {
		if n := count(q); n != 0 {
			t.Errorf("%s = %d in the snapshot, want 0", q, n)
		}
	}
	// And the snapshot opens as a Siteward database, capture and all.
	snap.Close()
	replica := MustOpenDBAt(t, path, NewTestClock())
	if n := MustCount(t, replica, `SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sw_capture%'`); n != 3*len(syncedTables) {
		t.Errorf("the opened snapshot has %d capture triggers", n)
	}
}
