package sqlite

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"siteward/backend"
)

func TestCreateClient_Validates(t *testing.T) {
	db := MustOpenDB(t)
	clients := NewClientService(db)
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		client backend.Client
		field  string
	}{
		{"empty name", backend.Client{Name: " "}, "name"},
		{"bad reports email", backend.Client{Name: "X", EmailReports: "reports@"}, "emailReports"},
		{"bad quotes email", backend.Client{Name: "X", EmailQuotes: "a@b"}, "emailQuotes"},
		{"bad correspondence email", backend.Client{Name: "X", EmailCorrespondence: "two@example.com, three@example.com"}, "emailCorrespondence"},
		{"bad invoices email", backend.Client{Name: "X", EmailInvoices: "x@example.com\nBcc: y@example.com"}, "emailInvoices"},
		{"unknown pricing tier", backend.Client{Name: "X", PricingTier: "platinum"}, "pricingTier"},
		{"unknown group", backend.Client{Name: "X", GroupID: ptr(backend.NewID())}, "groupId"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.client
			assertField(t, clients.CreateClient(ctx, &c), backend.EINVALID, tc.field)
		})
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM clients`); n != 0 {
		t.Errorf("%d invalid clients were stored", n)
	}
}

func TestClient_EmailsFallBackToPrimaryContact(t *testing.T) {
	db := MustOpenDB(t)
	clients := NewClientService(db)
	ctx := context.Background()
	c := MustCreateClientWith(t, db, &backend.Client{Name: "Harbour Strata", Active: true,
		EmailInvoices: " Accounts@Harbour.example.COM ", PricingTier: "strata"})
	MustCreateContact(t, db, c, "Polly Primary", false) // the first contact becomes primary
	MustCreateContact(t, db, c, "Sid Second", false)

	got, err := clients.FindClientByID(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.PricingTier != "strata" || got.PrimaryName != "Polly Primary" {
		t.Errorf("client = %+v", got)
	}
	for purpose, want := range map[string]string{
		"invoices":       "accounts@harbour.example.com",
		"reports":        "polly.primary@example.com",
		"quotes":         "polly.primary@example.com",
		"correspondence": "polly.primary@example.com",
	} {
		if e := got.EmailFor(purpose); e != want {
			t.Errorf("EmailFor(%s) = %q, want %q", purpose, e, want)
		}
	}

	// Clearing the invoices address falls back too; a new primary takes over.
	if _, err := clients.UpdateClient(ctx, c.ID, backend.ClientUpdate{EmailInvoices: ptr("")}); err != nil {
		t.Fatal(err)
	}
	MustCreateContact(t, db, c, "Nina New", true)
	got, _ = clients.FindClientByID(ctx, c.ID)
	if e := got.EmailFor("invoices"); e != "nina.new@example.com" {
		t.Errorf("EmailFor(invoices) after the change = %q, want the new primary's", e)
	}
	// A client with no contacts and no addresses has nowhere to send.
	bare := MustCreateClient(t, db, "Bare", nil)
	got, _ = clients.FindClientByID(ctx, bare.ID)
	if e := got.EmailFor("reports"); e != "" || got.PricingTier != "standard" {
		t.Errorf("bare client: EmailFor = %q, tier %q; want empty and standard", e, got.PricingTier)
	}
}

func TestClient_TagsRoundTrip(t *testing.T) {
	db := MustOpenDB(t)
	clients := NewClientService(db)
	ctx := context.Background()
	u := MustCreateUser(t, db, "Tag Viewer", backend.LicenceCustomer)
	c := MustCreateClientWith(t, db, &backend.Client{Name: "Tagged", Active: true,
		Tags: []string{" vip ", "Strata", "VIP", "", "no portal access"}})
	MustSetClientUsers(t, db, c, u) // so the computed tag does not muddy the round trip

	got, err := clients.FindClientByID(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Tags, []string{"Strata", "vip"}) {
		t.Errorf("tags = %q, want [Strata vip]: trimmed, de-duplicated ignoring case, the computed tag not stored", got.Tags)
	}
	upd, err := clients.UpdateClient(ctx, c.ID, backend.ClientUpdate{Tags: &[]string{"Monthly", "Strata"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(upd.Tags, []string{"Monthly", "Strata"}) {
		t.Errorf("tags after update = %q", upd.Tags)
	}
	// An update that does not mention tags leaves them.
	upd, _ = clients.UpdateClient(ctx, c.ID, backend.ClientUpdate{Name: ptr("Tagged Again")})
	if !slices.Equal(upd.Tags, []string{"Monthly", "Strata"}) || upd.Name != "Tagged Again" {
		t.Errorf("after a rename: %q %q", upd.Name, upd.Tags)
	}
	found, total, err := clients.FindClients(ctx, backend.ClientFilter{Tag: ptr("monthly")})
	if err != nil || total != 1 || found[0].ID != c.ID {
		t.Errorf("filter by tag (any case): %d %v", total, err)
	}
	upd, _ = clients.UpdateClient(ctx, c.ID, backend.ClientUpdate{Tags: &[]string{}})
	if len(upd.Tags) != 0 {
		t.Errorf("tags after clearing = %q", upd.Tags)
	}
}

func hasTag(c *backend.Client, tag string) bool { return slices.Contains(c.Tags, tag) }

func TestClient_NoPortalAccessTag(t *testing.T) {
	db := MustOpenDB(t)
	clients := NewClientService(db)
	ctx := context.Background()

	national := MustCreateClientGroup(t, db, "National", nil)
	state := MustCreateClientGroup(t, db, "State", national)
	region := MustCreateClientGroup(t, db, "Region", state)
	quiet := MustCreateClientGroup(t, db, "Quiet", nil)
	dormant := MustCreateClientGroup(t, db, "Dormant", nil)
	switched := MustCreateClientGroup(t, db, "Switched", nil)

	nationalUser := MustCreateUser(t, db, "National User", backend.LicenceCustomer)
	directUser := MustCreateUser(t, db, "Direct User", backend.LicenceCustomer)
	leaver := MustCreateUser(t, db, "Leaver", backend.LicenceCustomer)
	changer := MustCreateUser(t, db, "Changer", backend.LicenceCustomer)
	MustSetClientGroupAccounts(t, db, national, nationalUser)
	MustSetClientGroupAccounts(t, db, dormant, leaver)
	MustSetClientGroupAccounts(t, db, switched, changer)

	inRegion := MustCreateClient(t, db, "In Region", region) // through an ancestor's account
	inQuiet := MustCreateClient(t, db, "In Quiet", quiet)    // nobody
	direct := MustCreateClient(t, db, "Direct", quiet)       // linked directly
	ungrouped := MustCreateClient(t, db, "Ungrouped", nil)   // nobody
	leftBehind := MustCreateClient(t, db, "Left Behind", nil)
	inDormant := MustCreateClient(t, db, "In Dormant", dormant)
	officeOnly := MustCreateClient(t, db, "Office Only", nil)
	inSwitched := MustCreateClient(t, db, "In Switched", switched)
	MustSetClientUsers(t, db, direct, directUser)
	MustSetClientUsers(t, db, leftBehind, leaver)
	MustSetClientUsers(t, db, officeOnly, changer)

	// The only account of Dormant and the only user of Left Behind leave; the
	// only user of Office Only and of Switched becomes an office user. None of
	// those clients has a portal any more.
	users := NewUserService(db)
	if _, err := users.UpdateUser(ctx, leaver.ID, backend.UserUpdate{Active: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	if _, err := users.UpdateUser(ctx, changer.ID, backend.UserUpdate{Licence: ptr(backend.LicenceOffice)}); err != nil {
		t.Fatal(err)
	}

	want := map[string]bool{ // client id → has the NO PORTAL ACCESS tag
		inRegion.ID: false, direct.ID: false,
		inQuiet.ID: true, ungrouped.ID: true, leftBehind.ID: true, inDormant.ID: true, officeOnly.ID: true, inSwitched.ID: true,
	}
	all, total, err := clients.FindClients(ctx, backend.ClientFilter{})
	if err != nil || total != len(want) {
		t.Fatalf("FindClients: %d, %v", total, err)
	}
	for _, c := range all {
		if hasTag(c, backend.TagNoPortalAccess) != want[c.ID] {
			t.Errorf("%s: NO PORTAL ACCESS = %v, want %v", c.Name, !want[c.ID], want[c.ID])
		}
	}
	// The computed tag is a filter like any other, and agrees with the list.
	tagged, total, err := clients.FindClients(ctx, backend.ClientFilter{Tag: ptr(backend.TagNoPortalAccess)})
	if err != nil {
		t.Fatal(err)
	}
	var wantTagged []string
	for id, tag := range want {
		if tag {
			wantTagged = append(wantTagged, id)
		}
	}
	if total != len(wantTagged) || !sameSet(ids(tagged), wantTagged) {
		t.Errorf("filter NO PORTAL ACCESS: %d %v, want %v", total, ids(tagged), wantTagged)
	}
	// The portal agrees: nobody can choose a tagged client as a view.
	portal := NewPortalService(db, nil)
	for _, u := range []*backend.User{nationalUser, directUser, leaver, changer} {
		views, err := portal.FindViews(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range views {
			if v.Kind == backend.ViewClient && want[v.ID] {
				t.Errorf("%s can see %s, which is tagged NO PORTAL ACCESS", u.Name, v.Name)
			}
		}
	}

	// Authorising someone for Quiet removes the tag from its clients at once.
	MustSetClientGroupAccounts(t, db, quiet, nationalUser)
	got, _ := clients.FindClientByID(ctx, inQuiet.ID)
	if hasTag(got, backend.TagNoPortalAccess) {
		t.Error("In Quiet is still tagged after its group got an account")
	}
}

func TestFindClients_SearchByContactEmail(t *testing.T) {
	db := MustOpenDB(t)
	clients := NewClientService(db)
	ctx := context.Background()
	a := MustCreateClient(t, db, "Alpha Holdings", nil)
	b := MustCreateClient(t, db, "Beta Strata", nil)
	MustCreateContact(t, db, a, "Zed Person", false)
	gone := MustCreateContact(t, db, b, "Removed Person", false)
	if err := NewContactService(db).DeleteContact(ctx, gone.ID, ""); err != nil {
		t.Fatal(err)
	}

	for q, want := range map[string][]string{
		"zed.person@example": {a.ID},
		"ZED.PERSON":         {a.ID},
		"beta":               {b.ID},
		"removed.person":     nil, // a deleted contact is not searched
		"example.com":        {a.ID},
		"_":                  nil, // typed wildcards are literal
	} {
		found, total, err := clients.FindClients(ctx, backend.ClientFilter{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		if total != len(want) || !sameSet(ids(found), want) {
			t.Errorf("search %q: %d %v, want %v", q, total, ids(found), want)
		}
	}
}

func TestFindClients_SortAndPage(t *testing.T) {
	db := MustOpenDB(t)
	clients := NewClientService(db)
	ctx := context.Background()
	gA := MustCreateClientGroup(t, db, "A Group", nil)
	gB := MustCreateClientGroup(t, db, "B Group", nil)
	// name, group, properties
	spec := []struct {
		name  string
		group *backend.ClientGroup
		props int
	}{
		{"echo", gB, 0}, {"Alpha", gA, 3}, {"delta", gA, 1}, {"Charlie", gB, 2}, {"Bravo", nil, 4},
		{"foxtrot", gA, 5}, {"Golf", gB, 6},
	}
	byName := map[string]*backend.Client{}
	for _, s := range spec {
		c := MustCreateClient(t, db, s.name, s.group)
		byName[s.name] = c
		for i := 0; i < s.props; i++ {
			MustCreateProperty(t, db, c, fmt.Sprintf("%s %d", s.name, i))
		}
	}
	MustExec(t, db, `UPDATE clients SET active = 0 WHERE id = ?`, byName["Golf"].ID)

	clientNames := func(cs []*backend.Client) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Name)
		}
		return out
	}
	for _, tc := range []struct {
		name      string
		filter    backend.ClientFilter
		wantTotal int
		want      []string
	}{
		{"by name, case-insensitive", backend.ClientFilter{Page: backend.Page{Limit: 3}}, 7, []string{"Alpha", "Bravo", "Charlie"}},
		{"by name, second page", backend.ClientFilter{Page: backend.Page{Limit: 3, Offset: 3}}, 7, []string{"delta", "echo", "foxtrot"}},
		{"by name, last page", backend.ClientFilter{Page: backend.Page{Limit: 3, Offset: 6}}, 7, []string{"Golf"}},
		{"past the end", backend.ClientFilter{Page: backend.Page{Limit: 3, Offset: 30}}, 0, nil},
		{"by name descending", backend.ClientFilter{Page: backend.Page{Sort: "-name", Limit: 2}}, 7, []string{"Golf", "foxtrot"}},
		{"by properties descending", backend.ClientFilter{Page: backend.Page{Sort: "-properties", Limit: 3}}, 7, []string{"Golf", "foxtrot", "Bravo"}},
		{"by properties", backend.ClientFilter{Page: backend.Page{Sort: "properties", Limit: 2}}, 7, []string{"echo", "delta"}},
		{"by group, then name", backend.ClientFilter{Page: backend.Page{Sort: "group"}}, 7,
			[]string{"Bravo", "Alpha", "delta", "foxtrot", "Charlie", "echo", "Golf"}},
		{"unknown sort falls back to name", backend.ClientFilter{Page: backend.Page{Sort: "name; DROP TABLE clients", Limit: 1}}, 7, []string{"Alpha"}},
		{"in a group, paged", backend.ClientFilter{GroupID: &gA.ID, Page: backend.Page{Limit: 2, Offset: 1}}, 3, []string{"delta", "foxtrot"}},
		{"ungrouped", backend.ClientFilter{GroupID: ptr("")}, 1, []string{"Bravo"}},
		{"active only", backend.ClientFilter{Active: ptr(true), Page: backend.Page{Sort: "-name", Limit: 1}}, 6, []string{"foxtrot"}},
		{"inactive only", backend.ClientFilter{Active: ptr(false)}, 1, []string{"Golf"}},
		{"search, paged", backend.ClientFilter{Query: "O", Page: backend.Page{Limit: 2}}, 4, []string{"Bravo", "echo"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, total, err := clients.FindClients(ctx, tc.filter)
			if err != nil {
				t.Fatal(err)
			}
			if total != tc.wantTotal || !slices.Equal(clientNames(got), tc.want) {
				t.Errorf("got %d %v, want %d %v", total, clientNames(got), tc.wantTotal, tc.want)
			}
		})
	}
	got, _ := clients.FindClientByID(ctx, byName["foxtrot"].ID)
	if got.PropertyCount != 5 || got.GroupName != "A Group" {
		t.Errorf("foxtrot: %d properties in %q, want 5 in A Group", got.PropertyCount, got.GroupName)
	}
}

func TestUpdateClient(t *testing.T) {
	db := MustOpenDB(t)
	clients := NewClientService(db)
	ctx := context.Background()
	g := MustCreateClientGroup(t, db, "Group", nil)
	c := MustCreateClient(t, db, "Mover", g)

	got, err := clients.UpdateClient(ctx, c.ID, backend.ClientUpdate{SetGroup: true, GroupID: nil, PricingTier: ptr("government"),
		EmailQuotes: ptr("Quotes@Example.com"), Active: ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	if got.GroupID != nil || got.PricingTier != "government" || got.EmailQuotes != "quotes@example.com" || got.Active {
		t.Errorf("after update: %+v", got)
	}
	_, err = clients.UpdateClient(ctx, c.ID, backend.ClientUpdate{SetGroup: true, GroupID: ptr(backend.NewID())})
	assertField(t, err, backend.EINVALID, "groupId")
	_, err = clients.UpdateClient(ctx, c.ID, backend.ClientUpdate{PricingTier: ptr("gold")})
	assertField(t, err, backend.EINVALID, "pricingTier")
	_, err = clients.UpdateClient(ctx, backend.NewID(), backend.ClientUpdate{Name: ptr("X")})
	assertCode(t, err, backend.ENOTFOUND)
	if after, _ := clients.FindClientByID(ctx, c.ID); after.PricingTier != "government" || after.GroupID != nil {
		t.Errorf("refused updates changed the client: %+v", after)
	}
}

func TestSetClientUsers(t *testing.T) {
	db := MustOpenDB(t)
	clients := NewClientService(db)
	ctx := context.Background()
	c := MustCreateClient(t, db, "Linked", nil)
	a := MustCreateUser(t, db, "Link A", backend.LicenceCustomer)
	b := MustCreateUser(t, db, "Link B", backend.LicenceCustomer)
	office := MustCreateUser(t, db, "Link Office", backend.LicenceOffice)
	MustSetClientUsers(t, db, c, a, b)
	if got, _ := clients.FindClientByID(ctx, c.ID); got.PortalUsers != 2 {
		t.Errorf("portal users = %d, want 2", got.PortalUsers)
	}
	assertField(t, clients.SetClientUsers(ctx, c.ID, []string{a.ID, office.ID}), backend.EINVALID, "userIds")
	MustSetClientUsers(t, db, c, b)
	if n := MustCount(t, db, `SELECT COUNT(*) FROM client_users WHERE client_id = ?`, c.ID); n != 1 {
		t.Errorf("%d links after replacing with one user", n)
	}
	assertCode(t, clients.SetClientUsers(ctx, backend.NewID(), nil), backend.ENOTFOUND)
}
