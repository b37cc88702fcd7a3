package sqlite

import (
	"context"
	"strings"
	"testing"

	"siteward/backend"
)

// Tenancies are one level deep under a building of the same client: a
// loop, a tenancy of a tenancy, or another client's building is refused
// with a message that says which, and nothing is written.
func TestSetPropertyParent_RefusesLoopsAndOtherClients(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	s := NewPropertyService(db)
	alpha := MustCreateClient(t, db, "Alpha Strata", nil)
	beta := MustCreateClient(t, db, "Beta Owners", nil)
	tower := MustCreateProperty(t, db, alpha, "North Tower")
	shop := MustCreateProperty(t, db, alpha, "Shop 1")
	kiosk := MustCreateProperty(t, db, alpha, "Kiosk")
	plaza := MustCreateProperty(t, db, beta, "South Plaza")

	if p, err := s.SetPropertyParent(ctx, shop.ID, &tower.ID); err != nil || p.ParentID == nil || *p.ParentID != tower.ID {
		t.Fatalf("shop into tower: %+v %v", p, err)
	}
	refused := func(name, id string, parent *string, want string) {
		t.Helper()
		_, err := s.SetPropertyParent(ctx, id, parent)
		if backend.ErrorCode(err) != backend.EINVALID || !strings.Contains(err.(*backend.Error).Fields["parentId"], want) {
			t.Errorf("%s: %v, want a parentId message with %q", name, err, want)
		}
	}
	refused("loop", tower.ID, &shop.ID, "that would be a loop")
	refused("tenancy of a tenancy", kiosk.ID, &shop.ID, "Shop 1 is itself a tenancy")
	refused("another client's building", kiosk.ID, &plaza.ID, "belongs to another client (Beta Owners)")
	refused("building with tenancies", tower.ID, &kiosk.ID, "has tenancies")
	refused("itself", kiosk.ID, &kiosk.ID, "its own parent")
	missing := "00000000-0000-7000-8000-000000000000"
	refused("no such building", kiosk.ID, &missing, "existing property")
	if n := MustCount(t, db, `SELECT COUNT(*) FROM properties WHERE parent_id IS NOT NULL`); n != 1 {
		t.Errorf("%d tenancies after refusals, want 1", n)
	}
	// Back to a building of its own; then the tower may become a tenancy.
	if p, err := s.SetPropertyParent(ctx, shop.ID, nil); err != nil || p.ParentID != nil {
		t.Fatalf("shop out: %v", err)
	}
	if _, err := s.SetPropertyParent(ctx, tower.ID, &kiosk.ID); err != nil {
		t.Errorf("tower into kiosk once it has no tenancies: %v", err)
	}
	if _, err := s.SetPropertyParent(ctx, missing, nil); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("no such property: %v", err)
	}
}
