package sqlite

import (
	"context"
	"testing"

	"siteward/backend"
)

// primaries returns the ids of a client's primary contacts, as stored.
func primaries(tb testing.TB, db *DB, client *backend.Client) []string {
	tb.Helper()
	contacts, err := NewContactService(db).FindContacts(context.Background(), client.ID)
	if err != nil {
		tb.Fatal(err)
	}
	var out []string
	for i, c := range contacts {
		if c.Primary {
			if i != 0 {
				tb.Errorf("primary contact %s is listed at %d, want first", c.Name, i)
			}
			out = append(out, c.ID)
		}
	}
	return out
}

func TestContact_FirstBecomesPrimaryAndNewPrimaryDemotesOld(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	client := MustCreateClient(t, db, "Contacts Co", nil)

	first := MustCreateContact(t, db, client, "First Person", false)
	if !first.Primary || !sameSet(primaries(t, db, client), []string{first.ID}) {
		t.Fatalf("the first contact is not the primary")
	}
	second := MustCreateContact(t, db, client, "Second Person", false)
	if second.Primary || !sameSet(primaries(t, db, client), []string{first.ID}) {
		t.Fatalf("a second, non-primary contact changed the primary")
	}
	third := MustCreateContact(t, db, client, "Third Person", true)
	if got := primaries(t, db, client); !sameSet(got, []string{third.ID}) {
		t.Fatalf("primaries after a new primary = %v, want only the third", got)
	}

	// Moving the primary by update demotes the old one, in one step.
	second.Primary = true
	second.Phone = " 02 9999 0000 "
	if err := NewContactService(db).UpdateContact(ctx, second); err != nil {
		t.Fatal(err)
	}
	if got := primaries(t, db, client); !sameSet(got, []string{second.ID}) {
		t.Fatalf("primaries after moving it = %v, want only the second", got)
	}
	contacts, _ := NewContactService(db).FindContacts(ctx, client.ID)
	if contacts[0].Phone != "02 9999 0000" {
		t.Errorf("phone = %q, want it trimmed", contacts[0].Phone)
	}
	// Contacts of another client are untouched by all this.
	other := MustCreateClient(t, db, "Other Co", nil)
	otherFirst := MustCreateContact(t, db, other, "Other Person", false)
	MustCreateContact(t, db, client, "Fourth Person", true)
	if got := primaries(t, db, other); !sameSet(got, []string{otherFirst.ID}) {
		t.Errorf("another client's primary changed: %v", got)
	}
}

func TestContact_PrimaryCannotBeUnsetOrDeletedWhileOthersRemain(t *testing.T) {
	db := MustOpenDB(t)
	contacts := NewContactService(db)
	ctx := context.Background()
	client := MustCreateClient(t, db, "Careful Co", nil)
	primary := MustCreateContact(t, db, client, "Pat Primary", false)

	// Unsetting the only primary, even with no one else to take over.
	unset := *primary
	unset.Primary = false
	assertCode(t, contacts.UpdateContact(ctx, &unset), backend.ECONFLICT)

	other := MustCreateContact(t, db, client, "Oli Other", false)
	unset = *primary
	unset.Primary = false
	assertCode(t, contacts.UpdateContact(ctx, &unset), backend.ECONFLICT)
	assertCode(t, contacts.DeleteContact(ctx, primary.ID, ""), backend.ECONFLICT)
	if got := primaries(t, db, client); !sameSet(got, []string{primary.ID}) {
		t.Fatalf("refusals changed the primary: %v", got)
	}

	// A non-primary goes freely; then the primary, once alone, may go too.
	if err := contacts.DeleteContact(ctx, other.ID, ""); err != nil {
		t.Fatal(err)
	}
	if err := contacts.DeleteContact(ctx, primary.ID, ""); err != nil {
		t.Fatalf("deleting the last contact: %v", err)
	}
	left, _ := contacts.FindContacts(ctx, client.ID)
	if len(left) != 0 {
		t.Errorf("%d contacts left", len(left))
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM client_contacts WHERE client_id = ? AND deleted_at IS NOT NULL`, client.ID); n != 2 {
		t.Errorf("%d tombstones, want 2 (deletes are soft)", n)
	}
	// The next contact becomes primary again.
	next := MustCreateContact(t, db, client, "Nat Next", false)
	if !next.Primary {
		t.Error("the first contact after all were removed is not primary")
	}
	assertCode(t, contacts.DeleteContact(ctx, primary.ID, ""), backend.ENOTFOUND)
}

func TestContact_DeletingThePrimaryHandsOverInOneStep(t *testing.T) {
	db := MustOpenDB(t)
	contacts := NewContactService(db)
	ctx := context.Background()
	client := MustCreateClient(t, db, "Handover Co", nil)
	elsewhere := MustCreateClient(t, db, "Elsewhere Co", nil)
	primary := MustCreateContact(t, db, client, "Pat Primary", false)
	next := MustCreateContact(t, db, client, "Nat Next", false)
	stranger := MustCreateContact(t, db, elsewhere, "Sam Stranger", false)

	// A successor of another client, the contact itself or no such contact:
	// refused with a field error, nothing written.
	for _, bad := range []string{stranger.ID, primary.ID, backend.NewID()} {
		assertField(t, contacts.DeleteContact(ctx, primary.ID, bad), backend.EINVALID, "newPrimaryId")
	}
	if got := primaries(t, db, client); !sameSet(got, []string{primary.ID}) {
		t.Fatalf("a refused delete changed the primary: %v", got)
	}
	if err := contacts.DeleteContact(ctx, primary.ID, next.ID); err != nil {
		t.Fatal(err)
	}
	if got := primaries(t, db, client); !sameSet(got, []string{next.ID}) {
		t.Fatalf("primaries = %v, want the successor", got)
	}
	if got := primaries(t, db, elsewhere); !sameSet(got, []string{stranger.ID}) {
		t.Errorf("another client's primary changed: %v", got)
	}
}

func TestContact_Validates(t *testing.T) {
	db := MustOpenDB(t)
	contacts := NewContactService(db)
	ctx := context.Background()
	client := MustCreateClient(t, db, "Valid Co", nil)
	assertField(t, contacts.CreateContact(ctx, &backend.Contact{ClientID: client.ID, Name: ""}), backend.EINVALID, "name")
	assertField(t, contacts.CreateContact(ctx, &backend.Contact{ClientID: client.ID, Name: "X", Email: "x@"}), backend.EINVALID, "email")
	assertCode(t, contacts.CreateContact(ctx, &backend.Contact{ClientID: backend.NewID(), Name: "X"}), backend.ENOTFOUND)
	assertCode(t, contacts.UpdateContact(ctx, &backend.Contact{ID: backend.NewID(), Name: "X"}), backend.ENOTFOUND)
	if n := MustCount(t, db, `SELECT COUNT(*) FROM client_contacts`); n != 0 {
		t.Errorf("%d invalid contacts stored", n)
	}
	// An update cannot move a contact to another client.
	c := MustCreateContact(t, db, client, "Stay Put", false)
	other := MustCreateClient(t, db, "Other Co", nil)
	moved := *c
	moved.ClientID = other.ID
	if err := contacts.UpdateContact(ctx, &moved); err != nil {
		t.Fatal(err)
	}
	if got, _ := contacts.FindContacts(ctx, other.ID); len(got) != 0 {
		t.Error("UpdateContact moved a contact to another client")
	}
}
