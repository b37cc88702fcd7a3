package sqlite

import (
	"context"
	"strings"
	"testing"

	"siteward/backend"
)

const goodPassword = "correct horse battery"

func TestCreateUser_Validates(t *testing.T) {
	db := MustOpenDB(t)
	users := NewUserService(db)
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		user  backend.User
		pw    string
		field string
	}{
		{"bad email", backend.User{Email: "not-an-email", Name: "A", Licence: backend.LicenceOffice}, "", "email"},
		{"email with a display name", backend.User{Email: "A <a@example.com>", Name: "A", Licence: backend.LicenceOffice}, "", "email"},
		{"email with a header break", backend.User{Email: "a@example.com\r\nBcc: x@example.com", Name: "A", Licence: backend.LicenceOffice}, "", "email"},
		{"empty name", backend.User{Email: "a@example.com", Name: "   ", Licence: backend.LicenceOffice}, "", "name"},
		{"unknown licence", backend.User{Email: "a@example.com", Name: "A", Licence: "admin"}, "", "licence"},
		{"short password", backend.User{Email: "a@example.com", Name: "A", Licence: backend.LicenceOffice}, "short", "password"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := tc.user
			assertField(t, users.CreateUser(ctx, &u, tc.pw), backend.EINVALID, tc.field)
		})
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM users`); n != 0 {
		t.Errorf("%d invalid users were stored", n)
	}
}

func TestCreateUser_NormalisesAndRejectsDuplicateEmail(t *testing.T) {
	db := MustOpenDB(t)
	users := NewUserService(db)
	ctx := context.Background()
	u := &backend.User{Email: "  Ada@Example.COM ", Name: " Ada Lovelace ", Licence: backend.LicenceOffice, Active: true}
	if err := users.CreateUser(ctx, u, ""); err != nil {
		t.Fatal(err)
	}
	got, err := users.FindUserByID(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Email != "ada@example.com" || got.Name != "Ada Lovelace" || !backend.ValidID(got.ID) || !got.CreatedAt.Equal(testNow) {
		t.Errorf("stored %+v, want the email lower-cased, the name trimmed, a UUID and the pinned time", got)
	}

	dup := &backend.User{Email: "ADA@example.com", Name: "Other Ada", Licence: backend.LicenceCustomer, Active: true}
	assertField(t, users.CreateUser(ctx, dup, ""), backend.ECONFLICT, "email")

	// Changing another user's email onto hers is the same conflict.
	bob := MustCreateUser(t, db, "Bob", backend.LicenceOffice)
	_, err = users.UpdateUser(ctx, bob.ID, backend.UserUpdate{Email: ptr("Ada@example.com")})
	assertField(t, err, backend.ECONFLICT, "email")

	_, n, err := users.FindUsers(ctx, backend.UserFilter{})
	if err != nil || n != 2 {
		t.Errorf("users = %d, %v; want 2", n, err)
	}
	_, err = users.FindUserByID(ctx, backend.NewID())
	assertCode(t, err, backend.ENOTFOUND)
}

func TestFindUsers_FiltersAndPages(t *testing.T) {
	db := MustOpenDB(t)
	users := NewUserService(db)
	ctx := context.Background()
	for _, n := range []string{"Cat", "amy", "Bea", "Dan"} {
		MustCreateUser(t, db, n, backend.LicenceCustomer)
	}
	MustCreateUser(t, db, "Office Olga", backend.LicenceOffice)

	page, total, err := users.FindUsers(ctx, backend.UserFilter{Licence: ptr(backend.LicenceCustomer),
		Page: backend.Page{Sort: "-name", Limit: 2, Offset: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if total != 4 || len(page) != 2 || page[0].Name != "Cat" || page[1].Name != "Bea" {
		t.Errorf("customers by name desc, 2 from offset 1: total %d, %v; want 4, [Cat Bea]", total, names(page))
	}
	found, total, err := users.FindUsers(ctx, backend.UserFilter{Query: "OLGA"})
	if err != nil || total != 1 || found[0].Name != "Office Olga" {
		t.Errorf("search OLGA: %d %v %v", total, names(found), err)
	}
	// LIKE wildcards typed by a person are literal.
	_, total, _ = users.FindUsers(ctx, backend.UserFilter{Query: "%"})
	if total != 0 {
		t.Errorf("searching for %% matched %d users, want 0", total)
	}
}

func names(users []*backend.User) []string {
	var out []string
	for _, u := range users {
		out = append(out, u.Name)
	}
	return out
}

func TestAuthenticate(t *testing.T) {
	db := MustOpenDB(t)
	users := NewUserService(db)
	ctx := context.Background()
	ada := MustCreateUserWith(t, db, &backend.User{Email: "ada@example.com", Name: "Ada", Licence: backend.LicenceCustomer, Active: true}, goodPassword)
	gone := MustCreateUserWith(t, db, &backend.User{Email: "gone@example.com", Name: "Gone", Licence: backend.LicenceCustomer, Active: false}, goodPassword)
	MustCreateUser(t, db, "Invited Ivy", backend.LicenceCustomer) // no password yet

	u, err := users.Authenticate(ctx, "  ADA@example.com ", goodPassword)
	if err != nil {
		t.Fatalf("right password: %v", err)
	}
	if u.ID != ada.ID || u.LastLoginAt == nil || !u.LastLoginAt.Equal(testNow) {
		t.Errorf("signed in as %+v, want Ada with last login at the pinned time", u)
	}

	// Every failure is the same error, so none tells an attacker which part was wrong.
	var first error
	for _, tc := range []struct{ name, email, pw string }{
		{"wrong password", "ada@example.com", goodPassword + "!"},
		{"unknown email", "nobody@example.com", goodPassword},
		{"inactive user", gone.Email, goodPassword},
		{"user without a password", "invited.ivy@example.com", goodPassword},
		{"user without a password, empty password", "invited.ivy@example.com", ""},
	} {
		u, err := users.Authenticate(ctx, tc.email, tc.pw)
		e := assertCode(t, err, backend.EUNAUTHORIZED)
		if u != nil {
			t.Errorf("%s: returned a user", tc.name)
		}
		if first == nil {
			first = err
		} else if e.Message != backend.ErrorMessage(first) {
			t.Errorf("%s: message %q differs from %q", tc.name, e.Message, backend.ErrorMessage(first))
		}
	}
	// A failed sign-in does not record a login.
	if got, _ := users.FindUserByID(ctx, gone.ID); got.LastLoginAt != nil {
		t.Error("an inactive user's failed sign-in was recorded as a login")
	}
}

func TestSetPassword_EndsSessions(t *testing.T) {
	db := MustOpenDB(t)
	users, sessions := NewUserService(db), NewSessionService(db)
	ctx := context.Background()
	u := MustCreateUserWith(t, db, &backend.User{Email: "pat@example.com", Name: "Pat", Licence: backend.LicenceOffice, Active: true}, goodPassword)
	token, _, err := sessions.CreateSession(ctx, u.ID, "127.0.0.1", "test")
	if err != nil {
		t.Fatal(err)
	}

	assertField(t, users.SetPassword(ctx, u.ID, "short"), backend.EINVALID, "password")
	if _, _, err := sessions.FindSession(ctx, token); err != nil {
		t.Fatalf("a refused password change ended the session: %v", err)
	}

	if err := users.SetPassword(ctx, u.ID, "a brand new passphrase"); err != nil {
		t.Fatal(err)
	}
	_, _, err = sessions.FindSession(ctx, token)
	assertCode(t, err, backend.EUNAUTHORIZED)
	if _, err := users.Authenticate(ctx, u.Email, goodPassword); backend.ErrorCode(err) != backend.EUNAUTHORIZED {
		t.Errorf("the old password still works: %v", err)
	}
	if _, err := users.Authenticate(ctx, u.Email, "a brand new passphrase"); err != nil {
		t.Errorf("the new password does not work: %v", err)
	}
	assertCode(t, users.SetPassword(ctx, backend.NewID(), "a brand new passphrase"), backend.ENOTFOUND)
}

func TestUpdateUser_EndsSessionsOnDeactivationAndLicenceChange(t *testing.T) {
	db := MustOpenDB(t)
	users, sessions := NewUserService(db), NewSessionService(db)
	ctx := context.Background()

	for _, tc := range []struct {
		name        string
		upd         backend.UserUpdate
		wantEnded   bool
		wantLicence backend.Licence
	}{
		{"rename keeps sessions", backend.UserUpdate{Name: ptr("Renamed")}, false, backend.LicenceCustomer},
		{"same licence keeps sessions", backend.UserUpdate{Licence: ptr(backend.LicenceCustomer)}, false, backend.LicenceCustomer},
		{"deactivation ends sessions", backend.UserUpdate{Active: ptr(false)}, true, backend.LicenceCustomer},
		{"licence change ends sessions", backend.UserUpdate{Licence: ptr(backend.LicenceOffice)}, true, backend.LicenceOffice},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := MustCreateUser(t, db, "User "+strings.ReplaceAll(tc.name, " ", "-"), backend.LicenceCustomer)
			tokenA, _, err := sessions.CreateSession(ctx, u.ID, "", "")
			if err != nil {
				t.Fatal(err)
			}
			tokenB, _, err := sessions.CreateSession(ctx, u.ID, "", "")
			if err != nil {
				t.Fatal(err)
			}
			got, err := users.UpdateUser(ctx, u.ID, tc.upd)
			if err != nil {
				t.Fatal(err)
			}
			if got.Licence != tc.wantLicence {
				t.Errorf("licence = %s, want %s", got.Licence, tc.wantLicence)
			}
			left := MustCount(t, db, `SELECT COUNT(*) FROM sessions WHERE user_id = ?`, u.ID)
			for _, tok := range []string{tokenA, tokenB} {
				_, _, err := sessions.FindSession(ctx, tok)
				if ended := err != nil; ended != tc.wantEnded {
					t.Errorf("session ended = %v (%v), want %v", ended, err, tc.wantEnded)
				}
			}
			if tc.wantEnded && left != 0 {
				t.Errorf("%d session rows left in the same transaction, want 0", left)
			}
		})
	}

	_, err := users.UpdateUser(ctx, backend.NewID(), backend.UserUpdate{Name: ptr("X")})
	assertCode(t, err, backend.ENOTFOUND)
	u := MustCreateUser(t, db, "Valid Val", backend.LicenceOffice)
	_, err = users.UpdateUser(ctx, u.ID, backend.UserUpdate{Email: ptr("nope")})
	assertField(t, err, backend.EINVALID, "email")
	if got, _ := users.FindUserByID(ctx, u.ID); got.Email != "valid.val@example.com" {
		t.Errorf("a refused update changed the email to %q", got.Email)
	}
}
