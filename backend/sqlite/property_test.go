package sqlite

import (
	"context"
	"testing"

	"siteward/backend"
)

func TestCreateProperty_Validates(t *testing.T) {
	db := MustOpenDB(t)
	props := NewPropertyService(db)
	ctx := context.Background()
	client := MustCreateClient(t, db, "Owner", nil)
	ok := func(p backend.Property) backend.Property {
		p.ClientID, p.Active = client.ID, true
		if p.Name == "" {
			p.Name = "Site"
		}
		return p
	}
	for _, tc := range []struct {
		name  string
		prop  backend.Property
		field string
	}{
		{"no client", backend.Property{Name: "Site"}, "clientId"},
		{"unknown client", backend.Property{ClientID: backend.NewID(), Name: "Site"}, "clientId"},
		{"empty name", ok(backend.Property{Name: "  "}), "name"},
		{"three-digit postcode", ok(backend.Property{Postcode: "200"}), "postcode"},
		{"letters in postcode", ok(backend.Property{Postcode: "20O0"}), "postcode"},
		{"unknown state", ok(backend.Property{State: "XYZ"}), "state"},
		{"latitude without longitude", ok(backend.Property{Lat: ptr(-33.8)}), "lat"},
		{"longitude without latitude", ok(backend.Property{Lng: ptr(151.2)}), "lat"},
		{"latitude out of range", ok(backend.Property{Lat: ptr(-91.0), Lng: ptr(151.2)}), "lat"},
		{"longitude out of range", ok(backend.Property{Lat: ptr(-33.8), Lng: ptr(181.0)}), "lat"},
		{"unknown building", ok(backend.Property{ParentID: ptr(backend.NewID())}), "parentId"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.prop
			assertField(t, props.CreateProperty(ctx, &p), backend.EINVALID, tc.field)
		})
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM properties`); n != 0 {
		t.Fatalf("%d invalid properties stored", n)
	}

	p := ok(backend.Property{Name: " Town Hall ", State: " vic ", Postcode: "3000", Lat: ptr(-37.81), Lng: ptr(144.96),
		AccessDetails: "Key in lockbox 1234"})
	if err := props.CreateProperty(ctx, &p); err != nil {
		t.Fatal(err)
	}
	got, err := props.FindPropertyByID(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Town Hall" || got.State != "VIC" || got.Lat == nil || *got.Lat != -37.81 || *got.Lng != 144.96 ||
		got.AccessDetails != "Key in lockbox 1234" || got.ClientName != "Owner" {
		t.Errorf("stored %+v", got)
	}
	noCoords := MustCreateProperty(t, db, client, "Nowhere")
	if got, _ := props.FindPropertyByID(ctx, noCoords.ID); got.Lat != nil || got.Lng != nil {
		t.Error("a property without coordinates came back with some")
	}
}

func TestProperty_Tenancies(t *testing.T) {
	db := MustOpenDB(t)
	props := NewPropertyService(db)
	ctx := context.Background()
	owner := MustCreateClient(t, db, "Owner", nil)
	stranger := MustCreateClient(t, db, "Stranger", nil)
	building := MustCreateProperty(t, db, owner, "Tower")
	otherBuilding := MustCreateProperty(t, db, owner, "Annex")
	strangersBuilding := MustCreateProperty(t, db, stranger, "Their Tower")

	shop := MustCreatePropertyWith(t, db, &backend.Property{ClientID: owner.ID, ParentID: &building.ID, Name: "Shop 1", Active: true})

	for _, tc := range []struct {
		name string
		prop backend.Property
	}{
		{"building of another client", backend.Property{ClientID: owner.ID, ParentID: &strangersBuilding.ID, Name: "Shop 2"}},
		{"tenancy of a tenancy", backend.Property{ClientID: owner.ID, ParentID: &shop.ID, Name: "Shop 1a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.prop
			assertField(t, props.CreateProperty(ctx, &p), backend.EINVALID, "parentId")
		})
	}

	// Updates keep the same rules.
	moved := *shop
	moved.ParentID = &strangersBuilding.ID
	assertField(t, props.UpdateProperty(ctx, &moved), backend.EINVALID, "parentId")
	self := *building
	self.ParentID = &building.ID
	assertField(t, props.UpdateProperty(ctx, &self), backend.EINVALID, "parentId")
	// A building that has tenancies cannot become a tenancy itself: that
	// would make Shop 1 a tenancy of a tenancy.
	nested := *building
	nested.ParentID = &otherBuilding.ID
	assertField(t, props.UpdateProperty(ctx, &nested), backend.EINVALID, "parentId")
	// Nor can it move to another client and leave its tenancies behind.
	sold := *building
	sold.ClientID = stranger.ID
	assertField(t, props.UpdateProperty(ctx, &sold), backend.EINVALID, "clientId")

	got, _ := props.FindPropertyByID(ctx, building.ID)
	if got.ParentID != nil || got.ClientID != owner.ID {
		t.Errorf("refused updates changed the building: %+v", got)
	}

	// A legal move: the shop to the annex.
	moved = *shop
	moved.ParentID = &otherBuilding.ID
	if err := props.UpdateProperty(ctx, &moved); err != nil {
		t.Fatal(err)
	}
	if got, _ := props.FindPropertyByID(ctx, shop.ID); got.ParentID == nil || *got.ParentID != otherBuilding.ID {
		t.Errorf("shop's building = %v, want the annex", got.ParentID)
	}
	assertCode(t, props.UpdateProperty(ctx, &backend.Property{ID: backend.NewID(), ClientID: owner.ID, Name: "Ghost"}), backend.ENOTFOUND)
}

func TestFindProperties_FiltersAndPages(t *testing.T) {
	db := MustOpenDB(t)
	props := NewPropertyService(db)
	ctx := context.Background()
	a := MustCreateClient(t, db, "Alpha", nil)
	b := MustCreateClient(t, db, "Beta", nil)
	for _, n := range []string{"Dock", "Apex", "Cove", "Bay"} {
		MustCreateProperty(t, db, a, n)
	}
	MustCreatePropertyWith(t, db, &backend.Property{ClientID: b.ID, Name: "Elm", Suburb: "Parramatta", State: "NSW"})

	list, total, err := props.FindProperties(ctx, backend.PropertyFilter{ClientID: &a.ID, Page: backend.Page{Limit: 2, Offset: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if total != 4 || len(list) != 2 || list[0].Name != "Bay" || list[1].Name != "Cove" {
		t.Errorf("Alpha's properties from 1, 2 at a time: %d %v", total, list)
	}
	list, total, _ = props.FindProperties(ctx, backend.PropertyFilter{Query: "parra"})
	if total != 1 || list[0].Name != "Elm" {
		t.Errorf("search by suburb: %d", total)
	}
	_, total, _ = props.FindProperties(ctx, backend.PropertyFilter{Active: ptr(false)})
	if total != 1 {
		t.Errorf("inactive properties: %d, want 1", total)
	}
	list, _, _ = props.FindProperties(ctx, backend.PropertyFilter{Page: backend.Page{Sort: "-client", Limit: 1}})
	if list[0].ClientName != "Beta" {
		t.Errorf("by client descending starts with %q", list[0].ClientName)
	}
}
