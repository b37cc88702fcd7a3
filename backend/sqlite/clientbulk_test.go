package sqlite

import (
	"context"
	"testing"

	"siteward/backend"
)

// clientState is what a bulk edit may change on a client, as stored.
func clientState(tb testing.TB, db *DB, id string) (tags []string, active bool, group string) {
	tb.Helper()
	c, err := NewClientService(db).FindClientByID(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	for _, t := range c.Tags {
		if t != backend.TagNoPortalAccess {
			tags = append(tags, t)
		}
	}
	if c.GroupID != nil {
		group = *c.GroupID
	}
	return tags, c.Active, group
}

func TestBulkUpdateClients_TagsActiveGroupInOneGo(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	clients := NewClientService(db)
	north := MustCreateClientGroup(t, db, "North", nil)
	a := MustCreateClientWith(t, db, &backend.Client{Name: "Alpha", Active: true, Tags: []string{"strata", "vip"}})
	b := MustCreateClientWith(t, db, &backend.Client{Name: "Bravo", Active: false, Tags: []string{"strata"}})
	c := MustCreateClientWith(t, db, &backend.Client{Name: "Charlie", Active: true, GroupID: &north.ID})
	untouched := MustCreateClientWith(t, db, &backend.Client{Name: "Delta", Active: true, Tags: []string{"strata"}})

	res, err := clients.BulkUpdateClients(ctx, backend.ClientBulkUpdate{
		IDs: []string{a.ID, b.ID, c.ID, a.ID}, AddTags: []string{" monthly ", "MONTHLY"}, RemoveTags: []string{"strata"},
		Active: ptr(true), SetGroup: true, GroupID: &north.ID,
	})
	if err != nil {
		t.Fatal(err)
	}
	want := backend.ClientBulkResult{Selected: 3, Changed: 3, TagsAdded: 3, TagsRemoved: 2, ActiveChanged: 1, GroupChanged: 2}
	if *res != want {
		t.Fatalf("result = %+v, want %+v", *res, want)
	}
	for _, id := range []string{a.ID, b.ID, c.ID} {
		tags, active, group := clientState(t, db, id)
		if !active || group != north.ID {
			t.Errorf("client %s: active %v group %q, want active in North", id, active, group)
		}
		if !sameSet(tags, []string{"monthly"}) && !sameSet(tags, []string{"monthly", "vip"}) {
			t.Errorf("client %s tags = %v", id, tags)
		}
	}
	if tags, _, group := clientState(t, db, untouched.ID); !sameSet(tags, []string{"strata"}) || group != "" {
		t.Errorf("an unselected client changed: tags %v group %q", tags, group)
	}

	// The same edit again changes nothing, and says so.
	res, err = clients.BulkUpdateClients(ctx, backend.ClientBulkUpdate{IDs: []string{a.ID, b.ID}, AddTags: []string{"monthly"}, Active: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if res.Selected != 2 || res.Changed != 0 || res.TagsAdded != 0 || res.ActiveChanged != 0 {
		t.Errorf("repeat result = %+v, want nothing changed", *res)
	}

	// Moving to no group (ungrouped).
	res, err = clients.BulkUpdateClients(ctx, backend.ClientBulkUpdate{IDs: []string{c.ID}, SetGroup: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, group := clientState(t, db, c.ID); group != "" || res.GroupChanged != 1 {
		t.Errorf("ungroup: group %q, result %+v", group, *res)
	}
}

func TestBulkUpdateClients_RefusesAndWritesNothing(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	clients := NewClientService(db)
	a := MustCreateClientWith(t, db, &backend.Client{Name: "Alpha", Active: true, Tags: []string{"strata"}})
	b := MustCreateClientWith(t, db, &backend.Client{Name: "Bravo", Active: true})
	gone := MustCreateClient(t, db, "Gone", nil)
	MustExec(t, db, `UPDATE clients SET deleted_at = '2026-01-01T00:00:00.000Z' WHERE id = ?`, gone.ID)
	before := MustCount(t, db, `SELECT COUNT(*) FROM client_tags`)

	for _, tc := range []struct {
		name  string
		upd   backend.ClientBulkUpdate
		field string
	}{
		{"nothing selected", backend.ClientBulkUpdate{AddTags: []string{"x"}}, "ids"},
		{"nothing to change", backend.ClientBulkUpdate{IDs: []string{a.ID}}, "change"},
		{"add and remove the same tag", backend.ClientBulkUpdate{IDs: []string{a.ID}, AddTags: []string{"X"}, RemoveTags: []string{"x"}}, "removeTags"},
		{"a tag too long", backend.ClientBulkUpdate{IDs: []string{a.ID}, AddTags: []string{"abcdefghij" + "abcdefghij" + "abcdefghij" + "abcdefghij" + "abcdefghij" + "abcdefghijk"}}, "addTags"},
		{"unknown group", backend.ClientBulkUpdate{IDs: []string{a.ID}, SetGroup: true, GroupID: ptr(backend.NewID())}, "groupId"},
		// A deleted client half-way through the selection: the clients before
		// it must not have been changed either.
		{"a client deleted meanwhile", backend.ClientBulkUpdate{IDs: []string{a.ID, b.ID, gone.ID}, AddTags: []string{"new"}, Active: ptr(false)}, "ids"},
		{"an unknown id", backend.ClientBulkUpdate{IDs: []string{a.ID, "not-an-id"}, RemoveTags: []string{"strata"}}, "ids"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := clients.BulkUpdateClients(ctx, tc.upd)
			assertField(t, err, backend.EINVALID, tc.field)
			if n := MustCount(t, db, `SELECT COUNT(*) FROM client_tags`); n != before {
				t.Errorf("tag links = %d, want %d: something was written", n, before)
			}
			for _, id := range []string{a.ID, b.ID} {
				if _, active, _ := clientState(t, db, id); !active {
					t.Errorf("client %s was deactivated by a refused edit", id)
				}
			}
		})
	}
}

func TestEachClient_FollowsFilterAndSortAcrossPages(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	clients := NewClientService(db)
	customer := MustCreateUser(t, db, "Portal Person", backend.LicenceCustomer)
	var withPortal []string
	for i, name := range []string{"Echo", "alpha", "Delta", "bravo", "Charlie"} {
		c := MustCreateClientWith(t, db, &backend.Client{Name: name, Active: i != 2, Tags: []string{"strata"}})
		if i%2 == 0 {
			MustSetClientUsers(t, db, c, customer)
			withPortal = append(withPortal, c.Name)
		}
	}
	MustCreateClient(t, db, "Foxtrot", nil) // no tag

	// Limit and offset do not apply: an export is the whole list.
	f := backend.ClientFilter{Tag: ptr("strata"), Page: backend.Page{Sort: "-name", Limit: 2, Offset: 1}}
	var names []string
	if err := clients.EachClient(ctx, f, func(c *backend.Client) error { names = append(names, c.Name); return nil }); err != nil {
		t.Fatal(err)
	}
	if want := []string{"Echo", "Delta", "Charlie", "bravo", "alpha"}; !equalStrings(names, want) {
		t.Errorf("export order = %v, want %v", names, want)
	}

	names = nil
	f = backend.ClientFilter{PortalAccess: ptr(true), Active: ptr(true)}
	if err := clients.EachClient(ctx, f, func(c *backend.Client) error { names = append(names, c.Name); return nil }); err != nil {
		t.Fatal(err)
	}
	if !sameSet(names, []string{"Echo", "Charlie"}) {
		t.Errorf("active with portal access = %v (with portal: %v)", names, withPortal)
	}
	cs, total, err := clients.FindClients(ctx, backend.ClientFilter{PortalAccess: ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	if total != 3 {
		t.Errorf("without portal access: %d, want 3", total)
	}
	for _, c := range cs {
		if c.Tags[len(c.Tags)-1] != backend.TagNoPortalAccess {
			t.Errorf("%s lacks the NO PORTAL ACCESS tag: %v", c.Name, c.Tags)
		}
	}
}

func TestFindClientTags_CountsLiveClients(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	MustCreateClientWith(t, db, &backend.Client{Name: "A", Tags: []string{"strata", "VIP"}})
	MustCreateClientWith(t, db, &backend.Client{Name: "B", Tags: []string{"Strata"}})
	gone := MustCreateClientWith(t, db, &backend.Client{Name: "C", Tags: []string{"archived"}})
	MustExec(t, db, `UPDATE clients SET deleted_at = '2026-01-01T00:00:00.000Z' WHERE id = ?`, gone.ID)
	tags, err := NewClientService(db).FindClientTags(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(tags) != 2 || tags[0].Tag != "strata" || tags[0].Clients != 2 || tags[1].Tag != "VIP" || tags[1].Clients != 1 {
		t.Errorf("tags = %+v, want strata×2, VIP×1", tags)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
