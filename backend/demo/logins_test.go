package demo_test

import (
	"context"
	"testing"
	"time"

	"siteward/backend"
	"siteward/backend/demo"
	"siteward/backend/sqlite"
)

// checkLogins signs in as every demo login and checks, through the portal
// service, that each view shows what demo-logins.json says it shows.
func checkLogins(t *testing.T, path string, logins *demo.Logins) {
	ctx := context.Background()
	db := sqlite.NewDB(path)
	db.Now = func() time.Time { return testNow }
	if err := db.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	users := sqlite.NewUserService(db)
	portal := sqlite.NewPortalService(db, time.UTC)
	groups := sqlite.NewClientGroupService(db)

	for _, role := range []string{demo.RoleOffice, demo.RoleTechnician, demo.RoleClient, demo.RoleRegion,
		demo.RoleNational, demo.RoleOtherNational, demo.RolePropertyLimited} {
		l := logins.Get(role)
		if l == nil {
			t.Errorf("no %s login", role)
			continue
		}
		u, err := users.Authenticate(ctx, l.Email, l.Password)
		if err != nil {
			t.Errorf("%s: sign in as %s: %v", role, l.Email, err)
			continue
		}
		if string(u.Licence) != l.Licence {
			t.Errorf("%s: licence %s, want %s", role, u.Licence, l.Licence)
		}
		if l.Scope == nil {
			continue
		}
		view, err := portal.ResolveView(ctx, u.ID, backend.ViewKind(l.Scope.Kind), l.Scope.ID)
		if err != nil {
			t.Errorf("%s: resolve view %s: %v", role, l.Scope.Name, err)
			continue
		}
		scope := backend.Scope{UserID: u.ID, View: *view}
		seen := map[string]bool{}
		total := 0
		for off := 0; ; off += backend.MaxLimit {
			ps, n, err := portal.FindPortalProperties(ctx, scope, backend.PortalPropertyFilter{Page: backend.Page{Offset: off, Limit: backend.MaxLimit}})
			if err != nil {
				t.Fatal(err)
			}
			total = n
			for _, p := range ps {
				seen[p.ID] = true
			}
			if len(ps) < backend.MaxLimit {
				break
			}
		}
		if total != l.Sees.Properties || len(seen) != l.Sees.Properties {
			t.Errorf("%s: the portal lists %d properties (%d distinct), demo-logins.json says %d", role, total, len(seen), l.Sees.Properties)
		}
		if !seen[l.Sees.Visible.ID] {
			t.Errorf("%s: visible property %s is not listed", role, l.Sees.Visible.Name)
		}
		if seen[l.Sees.Hidden.ID] {
			t.Errorf("%s: hidden property %s is listed", role, l.Sees.Hidden.Name)
		}
		// The hidden property must not be reachable by id either.
		hid := l.Sees.Hidden.ID
		if _, n, _ := portal.FindPortalProperties(ctx, scope, backend.PortalPropertyFilter{ID: &hid}); n != 0 {
			t.Errorf("%s: hidden property found by id", role)
		}
	}

	region, national, other := logins.Get(demo.RoleRegion), logins.Get(demo.RoleNational), logins.Get(demo.RoleOtherNational)
	if region == nil || national == nil || other == nil {
		return
	}
	// The regional group sits below the national group and has child groups;
	// its visible property belongs to a child group's client.
	if !isBelow(t, groups, region.Scope.ID, national.Scope.ID) {
		t.Errorf("region %s is not below national %s", region.Scope.Name, national.Scope.Name)
	}
	if region.Scope.Root == nil || region.Scope.Root.ID != national.Scope.ID {
		t.Errorf("region's root is %+v, want the national group", region.Scope.Root)
	}
	if len(region.Sees.ChildGroups) == 0 {
		t.Errorf("region %s has no child groups", region.Scope.Name)
	}
	if region.Sees.Visible.GroupName == region.Scope.Name {
		t.Errorf("region's visible property %s is not in a child group", region.Sees.Visible.Name)
	}
	if region.Sees.Properties >= national.Sees.Properties {
		t.Errorf("region sees %d properties, national %d", region.Sees.Properties, national.Sees.Properties)
	}
	// The hidden property of the region is in the same company, another region.
	hidden, err := sqlite.NewPropertyService(db).FindPropertyByID(ctx, region.Sees.Hidden.ID)
	if err != nil {
		t.Fatal(err)
	}
	c, err := sqlite.NewClientService(db).FindClientByID(ctx, hidden.ClientID)
	if err != nil {
		t.Fatal(err)
	}
	if c.GroupID == nil || !isBelow(t, groups, *c.GroupID, national.Scope.ID) || isBelow(t, groups, *c.GroupID, region.Scope.ID) {
		t.Errorf("region's hidden property %s is not in another region of %s", hidden.Name, national.Scope.Name)
	}
	if other.Scope.Parent != nil || national.Scope.Parent != nil || other.Scope.ID == national.Scope.ID {
		t.Errorf("national logins are not two different root groups")
	}
	if l := logins.Get(demo.RolePropertyLimited); l != nil && (len(l.Sees.LimitedTo) != l.Sees.Properties || l.Sees.Hidden.ClientID != l.Scope.ID) {
		t.Errorf("property-limited login: %+v", l.Sees)
	}
}

// isBelow reports whether group id is ancestor or below it.
func isBelow(t *testing.T, groups *sqlite.ClientGroupService, id, ancestor string) bool {
	t.Helper()
	for depth := 0; depth < 10; depth++ {
		if id == ancestor {
			return true
		}
		g, err := groups.FindClientGroupByID(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if g.ParentID == nil {
			return false
		}
		id = *g.ParentID
	}
	return false
}
