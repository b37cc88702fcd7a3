package sqlite

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

func TestSession_CreateAndFind(t *testing.T) {
	db := MustOpenDB(t)
	sessions := NewSessionService(db)
	ctx := context.Background()
	u := MustCreateUser(t, db, "Sam Session", backend.LicenceCustomer)

	token, s, err := sessions.CreateSession(ctx, u.ID, "10.0.0.7", strings.Repeat("A", 400))
	if err != nil {
		t.Fatal(err)
	}
	id, secret, ok := strings.Cut(token, ".")
	if !ok || id != s.ID || !backend.ValidID(id) || len(secret) < 40 {
		t.Fatalf("token %q should be <session id>.<long secret>", token)
	}
	got, gotUser, err := sessions.FindSession(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != s.ID || got.UserID != u.ID || gotUser.ID != u.ID || got.View != nil || !got.CreatedAt.Equal(testNow) {
		t.Errorf("found %+v for %+v", got, gotUser)
	}
	if ua := MustCount(t, db, `SELECT length(user_agent) FROM sessions WHERE id = ?`, s.ID); ua != 300 {
		t.Errorf("stored a user agent of %d characters, want it cut to 300", ua)
	}

	// Two sessions of one user have different secrets.
	token2, _, err := sessions.CreateSession(ctx, u.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	_, secret2, _ := strings.Cut(token2, ".")
	if secret2 == secret {
		t.Error("two sessions share a secret")
	}

	if err := sessions.DeleteSession(ctx, s.ID); err != nil {
		t.Fatal(err)
	}
	_, _, err = sessions.FindSession(ctx, token)
	assertCode(t, err, backend.EUNAUTHORIZED)
	if _, _, err := sessions.FindSession(ctx, token2); err != nil {
		t.Errorf("ending one session ended the other: %v", err)
	}
}

func TestSession_OnlyAHashIsStored(t *testing.T) {
	db := MustOpenDB(t)
	u := MustCreateUser(t, db, "Hash Only", backend.LicenceOffice)
	token, s, err := NewSessionService(db).CreateSession(context.Background(), u.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	_, secret, _ := strings.Cut(token, ".")
	var row, hash string
	err = db.write.QueryRow(`SELECT id || '|' || user_id || '|' || secret_hash || '|' || ip || '|' || user_agent || '|' ||
		created_at || '|' || last_seen_at || '|' || expires_at, secret_hash FROM sessions WHERE id = ?`, s.ID).Scan(&row, &hash)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(row, secret) {
		t.Fatal("the session secret is stored in the clear")
	}
	sum := sha256.Sum256([]byte(secret))
	if hash != hex.EncodeToString(sum[:]) {
		t.Errorf("secret_hash = %q, want sha256 of the secret", hash)
	}
	// The file itself never holds the secret either (WAL included).
	MustCloseDB(t, db)
	for _, f := range []string{db.Path, db.Path + "-wal"} {
		if b, _ := readFileIfExists(f); strings.Contains(string(b), secret) {
			t.Errorf("%s contains the session secret", filepath.Base(f))
		}
	}
}

func TestSession_BadTokens(t *testing.T) {
	db := MustOpenDB(t)
	sessions := NewSessionService(db)
	ctx := context.Background()
	u := MustCreateUser(t, db, "Tom Token", backend.LicenceCustomer)
	token, s, err := sessions.CreateSession(ctx, u.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	_, secret, _ := strings.Cut(token, ".")
	flip := []byte(secret)
	flip[len(flip)-1] ^= 1

	for name, tok := range map[string]string{
		"tampered secret":        s.ID + "." + string(flip),
		"secret of another id":   backend.NewID() + "." + secret,
		"unknown id":             backend.NewID() + "." + NewSecret(),
		"no secret":              s.ID + ".",
		"no dot":                 s.ID + secret,
		"empty":                  "",
		"just a dot":             ".",
		"garbage":                "🍪🍪🍪.<script>",
		"sql in the id":          "' OR 1=1 --." + secret,
		"huge secret":            s.ID + "." + strings.Repeat("x", 10000),
		"upper-case id":          strings.ToUpper(s.ID) + "." + secret,
		"secret with extra dots": s.ID + "." + secret + ".x",
	} {
		if _, _, err := sessions.FindSession(ctx, tok); backend.ErrorCode(err) != backend.EUNAUTHORIZED {
			t.Errorf("%s: FindSession = %v, want EUNAUTHORIZED", name, err)
		}
	}
	// None of those attempts ended the real session.
	if _, _, err := sessions.FindSession(ctx, token); err != nil {
		t.Errorf("the real token stopped working after bad attempts: %v", err)
	}

	// An inactive user cannot start a session; nor can an unknown one.
	off := MustCreateUserWith(t, db, &backend.User{Email: "off@example.com", Name: "Off", Licence: backend.LicenceCustomer}, "")
	_, _, err = sessions.CreateSession(ctx, off.ID, "", "")
	assertCode(t, err, backend.EUNAUTHORIZED)
	_, _, err = sessions.CreateSession(ctx, backend.NewID(), "", "")
	assertCode(t, err, backend.EUNAUTHORIZED)
}

func TestSession_IdleExpiry(t *testing.T) {
	clock := NewTestClock()
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "siteward.db"), clock)
	sessions := NewSessionService(db)
	ctx := context.Background()
	u := MustCreateUser(t, db, "Ida Idle", backend.LicenceCustomer)
	token, s, err := sessions.CreateSession(ctx, u.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}

	// Activity within 30 minutes keeps the session alive, well past 30 minutes in all.
	for i := 0; i < 3; i++ {
		clock.Add(29 * time.Minute)
		got, _, err := sessions.FindSession(ctx, token)
		if err != nil {
			t.Fatalf("after %d idle gaps of 29 min: %v", i+1, err)
		}
		if !got.LastSeenAt.Equal(clock.Now()) {
			t.Errorf("last seen %v, want it moved to %v", got.LastSeenAt, clock.Now())
		}
	}
	// 30 minutes of nothing ends it, and the row goes.
	clock.Add(backend.SessionIdle)
	_, _, err = sessions.FindSession(ctx, token)
	assertCode(t, err, backend.EUNAUTHORIZED)
	if n := MustCount(t, db, `SELECT COUNT(*) FROM sessions WHERE id = ?`, s.ID); n != 0 {
		t.Error("an idle-expired session row was kept")
	}
}

func TestSession_TouchIsThrottled(t *testing.T) {
	clock := NewTestClock()
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "siteward.db"), clock)
	sessions := NewSessionService(db)
	ctx := context.Background()
	u := MustCreateUser(t, db, "Tess Touch", backend.LicenceCustomer)
	token, _, err := sessions.CreateSession(ctx, u.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	clock.Add(30 * time.Second)
	got, _, err := sessions.FindSession(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if !got.LastSeenAt.Equal(testNow) {
		t.Errorf("a read within a minute rewrote last seen to %v", got.LastSeenAt)
	}
}

func TestSession_AbsoluteExpiry(t *testing.T) {
	clock := NewTestClock()
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "siteward.db"), clock)
	sessions := NewSessionService(db)
	ctx := context.Background()
	u := MustCreateUser(t, db, "Abe Absolute", backend.LicenceCustomer)
	token, _, err := sessions.CreateSession(ctx, u.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	// Busy all day: a request every 20 minutes, right up to the 12-hour mark.
	for elapsed := 20 * time.Minute; elapsed < backend.SessionAbsolute; elapsed += 20 * time.Minute {
		clock.Add(20 * time.Minute)
		if _, _, err := sessions.FindSession(ctx, token); err != nil {
			t.Fatalf("after %v of activity: %v", elapsed, err)
		}
	}
	clock.Add(20 * time.Minute) // now exactly 12 h since sign-in
	_, _, err = sessions.FindSession(ctx, token)
	assertCode(t, err, backend.EUNAUTHORIZED)
}

func TestSession_ExpiredSessionsAreSwept(t *testing.T) {
	clock := NewTestClock()
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "siteward.db"), clock)
	sessions := NewSessionService(db)
	ctx := context.Background()
	u := MustCreateUser(t, db, "Swee Ping", backend.LicenceCustomer)
	_, old, err := sessions.CreateSession(ctx, u.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	clock.Add(time.Hour)
	_, fresh, err := sessions.CreateSession(ctx, u.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM sessions WHERE id = ?`, old.ID); n != 0 {
		t.Error("an idle session was not swept when a new one was made")
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM sessions WHERE id = ?`, fresh.ID); n != 1 {
		t.Error("the new session is missing")
	}
}

func TestSession_SetViewPersists(t *testing.T) {
	db := MustOpenDB(t)
	sessions := NewSessionService(db)
	ctx := context.Background()
	u := MustCreateUser(t, db, "Vic View", backend.LicenceCustomer)
	g := MustCreateClientGroup(t, db, "Viewed", nil)
	token, s, err := sessions.CreateSession(ctx, u.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	if err := sessions.SetSessionView(ctx, s.ID, backend.View{Kind: backend.ViewGroup, ID: g.ID, Name: g.Name}); err != nil {
		t.Fatal(err)
	}
	got, _, err := sessions.FindSession(ctx, token)
	if err != nil {
		t.Fatal(err)
	}
	if got.View == nil || got.View.Kind != backend.ViewGroup || got.View.ID != g.ID {
		t.Fatalf("view after SetSessionView = %+v, want group %s", got.View, g.ID)
	}
	// A kind the schema does not know is refused by the database.
	if err := sessions.SetSessionView(ctx, s.ID, backend.View{Kind: "everything", ID: g.ID}); err == nil {
		t.Error("a view of an unknown kind was stored")
	}
}

// A session of a user who was deactivated behind the service's back still fails.
func TestSession_UserDeactivatedDirectly(t *testing.T) {
	db := MustOpenDB(t)
	sessions := NewSessionService(db)
	ctx := context.Background()
	u := MustCreateUser(t, db, "Dee Direct", backend.LicenceCustomer)
	token, _, err := sessions.CreateSession(ctx, u.ID, "", "")
	if err != nil {
		t.Fatal(err)
	}
	MustExec(t, db, `UPDATE users SET active = 0 WHERE id = ?`, u.ID)
	_, _, err = sessions.FindSession(ctx, token)
	assertCode(t, err, backend.EUNAUTHORIZED)
}
