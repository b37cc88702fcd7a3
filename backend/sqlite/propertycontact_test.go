package sqlite

import (
	"context"
	"testing"

	"siteward/backend"
)

func TestPropertyContacts_ReceiveTicks(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	s := NewPropertyContactService(db)
	p := MustCreateProperty(t, db, MustCreateClient(t, db, "Alpha Strata", nil), "North Tower")

	bad := &backend.PropertyContact{PropertyID: p.ID, Role: "landlord", ReceiveQuotes: true}
	e := assertCode(t, s.CreatePropertyContact(ctx, bad), backend.EINVALID)
	for _, f := range []string{"role", "name", "email"} {
		if e.Fields[f] == "" {
			t.Errorf("no message for %s: %v", f, e.Fields)
		}
	}
	assertCode(t, s.CreatePropertyContact(ctx, &backend.PropertyContact{PropertyID: "nope", Name: "X"}), backend.ENOTFOUND)
	if n := MustCount(t, db, `SELECT COUNT(*) FROM property_contacts`); n != 0 {
		t.Fatalf("refused contacts were written: %d", n)
	}

	c := &backend.PropertyContact{PropertyID: p.ID, Role: "owner", Name: "Olga Owner", Email: "Olga@Example.com", ReceiveQuotes: true, ReceiveInvoices: true}
	if err := s.CreatePropertyContact(ctx, c); err != nil {
		t.Fatal(err)
	}
	c.ReceiveNotifications, c.Role = true, "tenant"
	if err := s.UpdatePropertyContact(ctx, c); err != nil {
		t.Fatal(err)
	}
	cs, err := s.FindPropertyContacts(ctx, p.ID)
	if err != nil || len(cs) != 1 || cs[0].Email != "olga@example.com" || !cs[0].ReceiveNotifications || !cs[0].ReceiveQuotes ||
		cs[0].ReceiveReports || cs[0].Role != "tenant" {
		t.Fatalf("contacts %+v %v", cs, err)
	}
	if err := s.DeletePropertyContact(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if cs, _ := s.FindPropertyContacts(ctx, p.ID); len(cs) != 0 {
		t.Errorf("deleted contact still listed")
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM property_contacts WHERE deleted_at IS NOT NULL`); n != 1 {
		t.Errorf("the deleted contact is not kept as a tombstone")
	}
	assertCode(t, s.DeletePropertyContact(ctx, c.ID), backend.ENOTFOUND)
}
