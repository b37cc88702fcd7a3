package sqlite

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"siteward/backend"
)

// portalWorld is the named fixture behind the portal scope matrix:
//
//	National ─┬─ NSW ─┬─ Sydney North   (North Shore Strata; North Dormant, inactive)
//	          │       ├─ Sydney South   (South Strata)
//	          │       ├─ Sydney West    (West Client) — deleted: its client moves to NSW
//	          │       └─ (NSW Office)
//	          ├─ VIC   (Melbourne Towers)
//	          └─ (National HQ)
//	Other     (Other Portfolio)
//	ungrouped: Direct Client, Lone Client
//
// Every name is unique, so a test can say "NSW" or "Harbour View" and mean
// exactly one group, client or property.
type portalWorld struct {
	db    *DB
	id    map[string]string // name → id of every group, client, property and user
	users map[string]*backend.User
}

func (w *portalWorld) ID(name string) string {
	id, ok := w.id[name]
	if !ok {
		panic("portal fixture has no " + name)
	}
	return id
}

func newPortalWorld(tb testing.TB, db *DB) *portalWorld {
	tb.Helper()
	ctx := context.Background()
	w := &portalWorld{db: db, id: map[string]string{}, users: map[string]*backend.User{}}
	group := func(name string, parent *backend.ClientGroup) *backend.ClientGroup {
		g := MustCreateClientGroup(tb, db, name, parent)
		w.id[name] = g.ID
		return g
	}
	client := func(name string, g *backend.ClientGroup) *backend.Client {
		c := MustCreateClient(tb, db, name, g)
		w.id[name] = c.ID
		return c
	}
	property := func(c *backend.Client, name string, p backend.Property) *backend.Property {
		p.ClientID, p.Name = c.ID, name
		if p.State == "" {
			p.State, p.Suburb, p.Street, p.Postcode = "NSW", "Sydney", "1 "+name+" St", "2000"
		}
		MustCreatePropertyWith(tb, db, &p)
		w.id[name] = p.ID
		return &p
	}
	user := func(name string, licence backend.Licence) *backend.User {
		u := MustCreateUser(tb, db, name, licence)
		w.id[name], w.users[name] = u.ID, u
		return u
	}

	national := group("National", nil)
	nsw := group("NSW", national)
	north := group("Sydney North", nsw)
	south := group("Sydney South", nsw)
	west := group("Sydney West", nsw)
	vic := group("VIC", national)
	other := group("Other", nil)

	hq := client("National HQ", national)
	nswOffice := client("NSW Office", nsw)
	northShore := client("North Shore Strata", north)
	dormant := client("North Dormant", north)
	southStrata := client("South Strata", south)
	westClient := client("West Client", west)
	melbourne := client("Melbourne Towers", vic)
	otherPortfolio := client("Other Portfolio", other)
	direct := client("Direct Client", nil)
	client("Lone Client", nil)

	property(hq, "HQ Building", backend.Property{Active: true})
	property(nswOffice, "NSW Depot", backend.Property{Active: true})
	harbour := property(northShore, "Harbour View", backend.Property{Active: true, Lat: ptr(-33.85), Lng: ptr(151.21)})
	property(northShore, "Harbour View Shop", backend.Property{Active: true, ParentID: &harbour.ID})
	property(northShore, "Harbour Old", backend.Property{Active: false})
	property(dormant, "Dormant Site", backend.Property{Active: true})
	property(southStrata, "South Plaza", backend.Property{Active: true})
	property(westClient, "West Mall", backend.Property{Active: true})
	property(melbourne, "Collins Tower", backend.Property{Active: true, State: "VIC", Suburb: "Melbourne", Postcode: "3000"})
	property(otherPortfolio, "Other Site", backend.Property{Active: true})
	property(direct, "Direct Site", backend.Property{Active: true})

	natUser := user("Nat National", backend.LicenceCustomer)
	nswUser := user("Nora NSW", backend.LicenceCustomer)
	northUser := user("Ned North", backend.LicenceCustomer)
	directUser := user("Dee Direct", backend.LicenceCustomer)
	otherUser := user("Olly Other", backend.LicenceCustomer)
	limitedUser := user("Lim Limited", backend.LicenceCustomer)
	inactiveUser := user("Ina Inactive", backend.LicenceCustomer)
	officeUser := user("Ophelia Office", backend.LicenceOffice)

	MustSetClientGroupAccounts(tb, db, national, natUser, inactiveUser)
	MustSetClientGroupAccounts(tb, db, nsw, nswUser, limitedUser)
	MustSetClientGroupAccounts(tb, db, north, northUser, nswUser) // Nora twice over: NSW and one of its children
	MustSetClientGroupAccounts(tb, db, other, otherUser)
	MustSetClientUsers(tb, db, direct, directUser, inactiveUser) // Ina: through a group and directly
	MustSetClientUsers(tb, db, melbourne, directUser)            // a client in a group Dee is not authorised for
	MustLimitUserToProperties(tb, db, limitedUser, harbour, &backend.Property{ID: w.ID("Collins Tower")}, &backend.Property{ID: w.ID("Harbour Old")})
	// An office user smuggled into a group and a client behind the services' backs.
	MustExec(tb, db, `INSERT INTO client_group_accounts (group_id, user_id, created_at) VALUES (?, ?, 'x')`, national.ID, officeUser.ID)
	MustExec(tb, db, `INSERT INTO client_users (client_id, user_id, created_at) VALUES (?, ?, 'x')`, direct.ID, officeUser.ID)

	if _, err := NewUserService(db).UpdateUser(ctx, inactiveUser.ID, backend.UserUpdate{Active: ptr(false)}); err != nil {
		tb.Fatal(err)
	}
	if _, err := NewClientService(db).UpdateClient(ctx, dormant.ID, backend.ClientUpdate{Active: ptr(false)}); err != nil {
		tb.Fatal(err)
	}
	if err := NewClientGroupService(db).DeleteClientGroup(ctx, west.ID); err != nil {
		tb.Fatal(err)
	}
	return w
}

// viewKey names a view "g:NSW" or "c:South Strata" for readable failures.
func (w *portalWorld) viewKey(kind backend.ViewKind, id string) string {
	for name, x := range w.id {
		if x == id {
			return string(kind)[:1] + ":" + name
		}
	}
	return string(kind) + ":" + id
}

func (w *portalWorld) viewKeys(views []backend.View) []string {
	out := make([]string, 0, len(views))
	for _, v := range views {
		out = append(out, w.viewKey(v.Kind, v.ID))
	}
	return out
}

// portalViewCases is the scope law as a table: for each principal, exactly
// the views it may choose. Everything else is not found.
var portalViewCases = []struct {
	user  string
	views []string
}{
	{"Nat National", []string{"g:National", "g:NSW", "g:Sydney North", "g:Sydney South", "g:VIC",
		"c:National HQ", "c:NSW Office", "c:North Shore Strata", "c:South Strata", "c:West Client", "c:Melbourne Towers"}},
	{"Nora NSW", []string{"g:NSW", "g:Sydney North", "g:Sydney South",
		"c:NSW Office", "c:North Shore Strata", "c:South Strata", "c:West Client"}},
	{"Ned North", []string{"g:Sydney North", "c:North Shore Strata"}},
	{"Dee Direct", []string{"c:Direct Client", "c:Melbourne Towers"}},
	{"Olly Other", []string{"g:Other", "c:Other Portfolio"}},
	{"Lim Limited", []string{"g:NSW", "g:Sydney North", "g:Sydney South",
		"c:NSW Office", "c:North Shore Strata", "c:South Strata", "c:West Client"}},
	{"Ina Inactive", nil},
	{"Ophelia Office", nil},
}

func TestPortal_FindViews(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	portal := NewPortalService(db, nil)
	ctx := context.Background()
	for _, tc := range portalViewCases {
		t.Run(tc.user, func(t *testing.T) {
			views, err := portal.FindViews(ctx, w.ID(tc.user))
			if err != nil {
				t.Fatal(err)
			}
			got := w.viewKeys(views)
			if len(got) != len(tc.views) || !sameSet(got, tc.views) {
				t.Errorf("views = %v\nwant    %v", got, tc.views)
			}
			for _, v := range views {
				if want := strings.TrimPrefix(strings.TrimPrefix(w.viewKey(v.Kind, v.ID), "g:"), "c:"); v.Name != want {
					t.Errorf("view %s is named %q", want, v.Name)
				}
			}
		})
	}
	views, err := portal.FindViews(ctx, backend.NewID())
	if err != nil || len(views) != 0 {
		t.Errorf("an unknown user has views %v (%v)", views, err)
	}
}

// The menu is a tree: each group, then the groups below it, then its
// clients, indented by depth; directly linked clients come last.
func TestPortal_FindViewsIsAnIndentedTree(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	views, err := NewPortalService(db, nil).FindViews(context.Background(), w.ID("Nat National"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range views {
		got = append(got, fmt.Sprintf("%d %s", v.Depth, w.viewKey(v.Kind, v.ID)))
	}
	want := []string{
		"0 g:National",
		"1 g:NSW",
		"2 g:Sydney North",
		"3 c:North Shore Strata",
		"2 g:Sydney South",
		"3 c:South Strata",
		"2 c:NSW Office",
		"2 c:West Client",
		"1 g:VIC",
		"2 c:Melbourne Towers",
		"1 c:National HQ",
	}
	if !slices.Equal(got, want) {
		t.Errorf("tree:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	// Nora is authorised for NSW and for Sydney North inside it: NSW is her
	// only root, and nothing is listed twice.
	views, _ = NewPortalService(db, nil).FindViews(context.Background(), w.ID("Nora NSW"))
	if len(views) == 0 || views[0].ID != w.ID("NSW") || views[0].Depth != 0 {
		t.Errorf("Nora's first view = %+v, want NSW at depth 0", views[0])
	}
}

func TestPortal_ResolveView(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	portal := NewPortalService(db, nil)
	ctx := context.Background()

	// Every group and client that exists, deleted and inactive ones included.
	var universe []struct {
		kind backend.ViewKind
		name string
	}
	for _, g := range []string{"National", "NSW", "Sydney North", "Sydney South", "Sydney West", "VIC", "Other"} {
		universe = append(universe, struct {
			kind backend.ViewKind
			name string
		}{backend.ViewGroup, g})
	}
	for _, c := range []string{"National HQ", "NSW Office", "North Shore Strata", "North Dormant", "South Strata", "West Client",
		"Melbourne Towers", "Other Portfolio", "Direct Client", "Lone Client"} {
		universe = append(universe, struct {
			kind backend.ViewKind
			name string
		}{backend.ViewClient, c})
	}

	for _, tc := range portalViewCases {
		t.Run(tc.user, func(t *testing.T) {
			uid := w.ID(tc.user)
			for _, x := range universe {
				key := string(x.kind)[:1] + ":" + x.name
				v, err := portal.ResolveView(ctx, uid, x.kind, w.ID(x.name))
				if slices.Contains(tc.views, key) {
					if err != nil {
						t.Errorf("%s: %v, want it allowed", key, err)
					} else if v.Kind != x.kind || v.ID != w.ID(x.name) || v.Name != x.name {
						t.Errorf("%s resolved to %+v", key, v)
					}
				} else if backend.ErrorCode(err) != backend.ENOTFOUND {
					t.Errorf("%s: %v, want ENOTFOUND", key, err)
				}
			}
			// Garbage: kinds swapped, unknown kinds, ids that are not ids.
			for _, g := range []struct {
				kind backend.ViewKind
				id   string
			}{
				{backend.ViewGroup, w.ID("North Shore Strata")},
				{backend.ViewClient, w.ID("Sydney North")},
				{"everything", w.ID("National")},
				{"", w.ID("National")},
				{backend.ViewGroup, ""},
				{backend.ViewGroup, "not-an-id"},
				{backend.ViewGroup, strings.ToUpper(w.ID("Sydney North"))},
				{backend.ViewGroup, w.ID("Sydney North") + "' OR '1'='1"},
				{backend.ViewClient, backend.NewID()},
				{backend.ViewClient, w.ID(tc.user)},
			} {
				if _, err := portal.ResolveView(ctx, uid, g.kind, g.id); backend.ErrorCode(err) != backend.ENOTFOUND {
					t.Errorf("ResolveView(%q, %q) = %v, want ENOTFOUND", g.kind, g.id, err)
				}
			}
		})
	}
	// Not found says nothing about whether the thing exists.
	_, errHidden := portal.ResolveView(ctx, w.ID("Ned North"), backend.ViewGroup, w.ID("Other"))
	_, errMissing := portal.ResolveView(ctx, w.ID("Ned North"), backend.ViewGroup, backend.NewID())
	if backend.ErrorMessage(errHidden) != backend.ErrorMessage(errMissing) {
		t.Errorf("a hidden group (%v) and a missing one (%v) are told apart", errHidden, errMissing)
	}
}

// Access changes take effect on the next check: a removed account or link
// loses the view at once.
func TestPortal_ResolveViewFollowsChanges(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	portal := NewPortalService(db, nil)
	ctx := context.Background()
	if _, err := portal.ResolveView(ctx, w.ID("Ned North"), backend.ViewClient, w.ID("North Shore Strata")); err != nil {
		t.Fatal(err)
	}
	MustSetClientGroupAccounts(t, db, &backend.ClientGroup{ID: w.ID("Sydney North")}, w.users["Nora NSW"])
	_, err := portal.ResolveView(ctx, w.ID("Ned North"), backend.ViewClient, w.ID("North Shore Strata"))
	assertCode(t, err, backend.ENOTFOUND)

	MustSetClientUsers(t, db, &backend.Client{ID: w.ID("Melbourne Towers")})
	_, err = portal.ResolveView(ctx, w.ID("Dee Direct"), backend.ViewClient, w.ID("Melbourne Towers"))
	assertCode(t, err, backend.ENOTFOUND)

	// Moving a client out of a group takes it out of the group's view.
	if _, err := NewClientService(db).UpdateClient(ctx, w.ID("South Strata"), backend.ClientUpdate{SetGroup: true, GroupID: ptr(w.ID("Other"))}); err != nil {
		t.Fatal(err)
	}
	_, err = portal.ResolveView(ctx, w.ID("Nora NSW"), backend.ViewClient, w.ID("South Strata"))
	assertCode(t, err, backend.ENOTFOUND)
	if _, err := portal.ResolveView(ctx, w.ID("Olly Other"), backend.ViewClient, w.ID("South Strata")); err != nil {
		t.Errorf("the client's new group cannot see it: %v", err)
	}
}

func (w *portalWorld) propertyNames(ps []*backend.PortalProperty) []string {
	var out []string
	for _, p := range ps {
		out = append(out, w.viewKey("p", p.ID)[2:])
	}
	return out
}

func TestPortal_FindPortalPropertiesScope(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	portal := NewPortalService(db, nil)
	ctx := context.Background()
	for _, tc := range []struct {
		user  string
		kind  backend.ViewKind
		view  string
		props []string
	}{
		{"Nat National", backend.ViewGroup, "National", []string{"HQ Building", "NSW Depot", "Harbour View", "Harbour View Shop",
			"South Plaza", "West Mall", "Collins Tower"}},
		{"Nat National", backend.ViewGroup, "VIC", []string{"Collins Tower"}},
		{"Nat National", backend.ViewClient, "National HQ", []string{"HQ Building"}},
		{"Nora NSW", backend.ViewGroup, "NSW", []string{"NSW Depot", "Harbour View", "Harbour View Shop", "South Plaza", "West Mall"}},
		{"Nora NSW", backend.ViewClient, "North Shore Strata", []string{"Harbour View", "Harbour View Shop"}},
		{"Ned North", backend.ViewGroup, "Sydney North", []string{"Harbour View", "Harbour View Shop"}},
		{"Dee Direct", backend.ViewClient, "Direct Client", []string{"Direct Site"}},
		{"Dee Direct", backend.ViewClient, "Melbourne Towers", []string{"Collins Tower"}},
		{"Olly Other", backend.ViewGroup, "Other", []string{"Other Site"}},
		// Limits intersect the view: Collins Tower is outside NSW, Harbour Old is inactive.
		{"Lim Limited", backend.ViewGroup, "NSW", []string{"Harbour View"}},
		{"Lim Limited", backend.ViewGroup, "Sydney North", []string{"Harbour View"}},
		{"Lim Limited", backend.ViewClient, "South Strata", nil},
		// Views that no longer hold anything.
		{"Nat National", backend.ViewGroup, "Sydney West", nil},
		{"Nat National", backend.ViewClient, "North Dormant", nil},
	} {
		t.Run(tc.user+" in "+tc.view, func(t *testing.T) {
			sc := backend.Scope{UserID: w.ID(tc.user), View: backend.View{Kind: tc.kind, ID: w.ID(tc.view)}}
			ps, total, err := portal.FindPortalProperties(ctx, sc, backend.PortalPropertyFilter{})
			if err != nil {
				t.Fatal(err)
			}
			got := w.propertyNames(ps)
			if total != len(tc.props) || !sameSet(got, tc.props) {
				t.Errorf("properties = %d %v\nwant         %d %v", total, got, len(tc.props), tc.props)
			}
			// Asking for one by id never reaches outside the scope.
			for _, name := range []string{"Harbour View", "Other Site", "Harbour Old", "Dormant Site", "Collins Tower"} {
				ps, total, err := portal.FindPortalProperties(ctx, sc, backend.PortalPropertyFilter{ID: ptr(w.ID(name))})
				if err != nil {
					t.Fatal(err)
				}
				want := 0
				if slices.Contains(tc.props, name) {
					want = 1
				}
				if total != want || len(ps) != want {
					t.Errorf("by id %s: %d, want %d", name, total, want)
				}
			}
		})
	}
}

func TestPortal_FindPortalPropertiesSearchSortPage(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	portal := NewPortalService(db, nil)
	ctx := context.Background()
	sc := backend.Scope{UserID: w.ID("Nat National"), View: backend.View{Kind: backend.ViewGroup, ID: w.ID("National")}}

	ps, total, err := portal.FindPortalProperties(ctx, sc, backend.PortalPropertyFilter{Query: "harbour"})
	if err != nil {
		t.Fatal(err)
	}
	if got := w.propertyNames(ps); total != 2 || !slices.Equal(got, []string{"Harbour View", "Harbour View Shop"}) {
		t.Errorf("search harbour: %d %v (the inactive Harbour Old must not show)", total, got)
	}
	// A search never widens the scope: Other Site matches "site" but is another group's.
	ps, total, _ = portal.FindPortalProperties(ctx, sc, backend.PortalPropertyFilter{Query: "site"})
	if total != 0 {
		t.Errorf("search site: %v", w.propertyNames(ps))
	}
	ps, total, _ = portal.FindPortalProperties(ctx, sc, backend.PortalPropertyFilter{Query: "melbourne"})
	if total != 1 || ps[0].ID != w.ID("Collins Tower") {
		t.Errorf("search by suburb melbourne: %v", w.propertyNames(ps))
	}

	var all []string
	for offset := 0; ; offset += 3 {
		ps, total, err := portal.FindPortalProperties(ctx, sc, backend.PortalPropertyFilter{Page: backend.Page{Limit: 3, Offset: offset}})
		if err != nil {
			t.Fatal(err)
		}
		if total != 7 && len(ps) > 0 {
			t.Errorf("total at offset %d = %d, want 7", offset, total)
		}
		if len(ps) == 0 {
			break
		}
		all = append(all, w.propertyNames(ps)...)
	}
	want := []string{"Collins Tower", "Harbour View", "Harbour View Shop", "HQ Building", "NSW Depot", "South Plaza", "West Mall"}
	if !slices.Equal(all, want) {
		t.Errorf("pages by name = %v, want %v", all, want)
	}

	ps, _, _ = portal.FindPortalProperties(ctx, sc, backend.PortalPropertyFilter{Page: backend.Page{Sort: "-client", Limit: 1}})
	if ps[0].ClientName != "West Client" {
		t.Errorf("by client descending starts with %q", ps[0].ClientName)
	}
	ps, _, _ = portal.FindPortalProperties(ctx, sc, backend.PortalPropertyFilter{ID: ptr(w.ID("Harbour View"))})
	if p := ps[0]; p.Lat == nil || *p.Lat != -33.85 || p.Address != "1 Harbour View St, Sydney, NSW 2000" || p.ClientName != "North Shore Strata" {
		t.Errorf("Harbour View as the portal sees it: %+v", p)
	}
}

// A group tombstone that arrives before its clients have moved (as sync may
// deliver it) hides the group and everything reached only through it.
func TestPortal_TombstonedGroupHidesItsContents(t *testing.T) {
	db := MustOpenDB(t)
	w := newPortalWorld(t, db)
	portal := NewPortalService(db, nil)
	ctx := context.Background()
	MustExec(t, db, `UPDATE client_groups SET deleted_at = ? WHERE id = ?`, backend.FormatTime(testNow), w.ID("Sydney South"))

	views, err := portal.FindViews(ctx, w.ID("Nora NSW"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"g:NSW", "g:Sydney North", "c:NSW Office", "c:North Shore Strata", "c:West Client"}
	if got := w.viewKeys(views); !sameSet(got, want) {
		t.Errorf("views = %v, want %v", got, want)
	}
	for _, v := range []struct {
		kind backend.ViewKind
		name string
	}{{backend.ViewGroup, "Sydney South"}, {backend.ViewClient, "South Strata"}} {
		_, err := portal.ResolveView(ctx, w.ID("Nora NSW"), v.kind, w.ID(v.name))
		assertCode(t, err, backend.ENOTFOUND)
	}
	for _, tc := range []struct {
		view  string
		props []string
	}{
		{"NSW", []string{"NSW Depot", "Harbour View", "Harbour View Shop", "West Mall"}},
		{"Sydney South", nil}, // a view stored in a session before the tombstone arrived
	} {
		sc := backend.Scope{UserID: w.ID("Nora NSW"), View: backend.View{Kind: backend.ViewGroup, ID: w.ID(tc.view)}}
		ps, total, err := portal.FindPortalProperties(ctx, sc, backend.PortalPropertyFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if got := w.propertyNames(ps); total != len(tc.props) || !sameSet(got, tc.props) {
			t.Errorf("%s: properties = %v, want %v", tc.view, got, tc.props)
		}
	}
}
