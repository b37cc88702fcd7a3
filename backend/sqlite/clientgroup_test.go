package sqlite

import (
	"context"
	"fmt"
	"testing"

	"siteward/backend"
)

func TestClientGroup_CreateValidates(t *testing.T) {
	db := MustOpenDB(t)
	groups := NewClientGroupService(db)
	ctx := context.Background()
	assertField(t, groups.CreateClientGroup(ctx, &backend.ClientGroup{Name: "  "}), backend.EINVALID, "name")
	assertField(t, groups.CreateClientGroup(ctx, &backend.ClientGroup{Name: "Orphan", ParentID: ptr(backend.NewID())}),
		backend.EINVALID, "parentId")
	deleted := MustCreateClientGroup(t, db, "Deleted", nil)
	if err := groups.DeleteClientGroup(ctx, deleted.ID); err != nil {
		t.Fatal(err)
	}
	assertField(t, groups.CreateClientGroup(ctx, &backend.ClientGroup{Name: "Under deleted", ParentID: &deleted.ID}),
		backend.EINVALID, "parentId")
	_, err := groups.FindClientGroupByID(ctx, deleted.ID)
	assertCode(t, err, backend.ENOTFOUND)
	if n := MustCount(t, db, `SELECT COUNT(*) FROM client_groups`); n != 1 {
		t.Errorf("%d groups stored, want only the deleted one", n)
	}
}

func TestClientGroup_NestsDeep(t *testing.T) {
	db := MustOpenDB(t)
	groups := NewClientGroupService(db)
	ctx := context.Background()
	var chain []*backend.ClientGroup
	var parent *backend.ClientGroup
	for depth := 0; depth < 8; depth++ {
		parent = MustCreateClientGroup(t, db, fmt.Sprintf("Level %d", depth), parent)
		chain = append(chain, parent)
	}
	for i, g := range chain {
		got, err := groups.FindClientGroupByID(ctx, g.ID)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 && got.ParentID != nil || i > 0 && (got.ParentID == nil || *got.ParentID != chain[i-1].ID) {
			t.Errorf("level %d has parent %v", i, got.ParentID)
		}
		if wantKids := min(1, len(chain)-1-i); got.ChildCount != wantKids {
			t.Errorf("level %d child count %d, want %d", i, got.ChildCount, wantKids)
		}
	}
	// A customer of the top level sees the deepest client.
	top := MustCreateUser(t, db, "Top Customer", backend.LicenceCustomer)
	MustSetClientGroupAccounts(t, db, chain[0], top)
	deep := MustCreateClient(t, db, "Deep Client", chain[len(chain)-1])
	if _, err := NewPortalService(db, nil).ResolveView(ctx, top.ID, backend.ViewClient, deep.ID); err != nil {
		t.Errorf("a client 8 levels down is not in the top group's view: %v", err)
	}

	tops, total, err := groups.FindClientGroups(ctx, backend.ClientGroupFilter{ParentID: ptr("")})
	if err != nil || total != 1 || tops[0].ID != chain[0].ID {
		t.Errorf("top-level groups: %d %v", total, err)
	}
}

func TestClientGroup_RefusesCycles(t *testing.T) {
	db := MustOpenDB(t)
	groups := NewClientGroupService(db)
	ctx := context.Background()
	a := MustCreateClientGroup(t, db, "A", nil)
	b := MustCreateClientGroup(t, db, "B", a)
	c := MustCreateClientGroup(t, db, "C", b)

	for _, tc := range []struct {
		name   string
		id     string
		parent string
	}{
		{"A under its grandchild C", a.ID, c.ID},
		{"A under its child B", a.ID, b.ID},
		{"B under its child C", b.ID, c.ID},
		{"A under itself", a.ID, a.ID},
		{"C under itself", c.ID, c.ID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := groups.UpdateClientGroup(ctx, tc.id, backend.ClientGroupUpdate{SetParent: true, ParentID: ptr(tc.parent)})
			assertField(t, err, backend.EINVALID, "parentId")
		})
	}
	// Nothing moved.
	for g, want := range map[*backend.ClientGroup]*string{a: nil, b: &a.ID, c: &b.ID} {
		got, _ := groups.FindClientGroupByID(ctx, g.ID)
		if (got.ParentID == nil) != (want == nil) || want != nil && *got.ParentID != *want {
			t.Errorf("%s moved to %v", g.Name, got.ParentID)
		}
	}

	// Legal moves still work: C to the top, then A under C.
	if _, err := groups.UpdateClientGroup(ctx, c.ID, backend.ClientGroupUpdate{SetParent: true}); err != nil {
		t.Fatal(err)
	}
	got, err := groups.UpdateClientGroup(ctx, a.ID, backend.ClientGroupUpdate{SetParent: true, ParentID: &c.ID, Name: ptr("A moved")})
	if err != nil {
		t.Fatal(err)
	}
	if got.ParentID == nil || *got.ParentID != c.ID || got.Name != "A moved" {
		t.Errorf("after the move: %+v", got)
	}
	_, err = groups.UpdateClientGroup(ctx, backend.NewID(), backend.ClientGroupUpdate{Name: ptr("X")})
	assertCode(t, err, backend.ENOTFOUND)
}

// deleteFixture: Root → Parent → Doomed → {Kid1, Kid2}; Doomed holds two
// clients and one authorised account.
type deleteFixture struct {
	root, parent, doomed, kid1, kid2 *backend.ClientGroup
	c1, c2, kidClient, elsewhere     *backend.Client
	account, parentAccount           *backend.User
}

func newDeleteFixture(tb testing.TB, db *DB) *deleteFixture {
	tb.Helper()
	f := &deleteFixture{}
	f.root = MustCreateClientGroup(tb, db, "Root", nil)
	f.parent = MustCreateClientGroup(tb, db, "Parent", f.root)
	f.doomed = MustCreateClientGroup(tb, db, "Doomed", f.parent)
	f.kid1 = MustCreateClientGroup(tb, db, "Kid 1", f.doomed)
	f.kid2 = MustCreateClientGroup(tb, db, "Kid 2", f.doomed)
	f.c1 = MustCreateClient(tb, db, "Doomed Client 1", f.doomed)
	f.c2 = MustCreateClient(tb, db, "Doomed Client 2", f.doomed)
	f.kidClient = MustCreateClient(tb, db, "Kid Client", f.kid1)
	f.elsewhere = MustCreateClient(tb, db, "Elsewhere", f.root)
	f.account = MustCreateUser(tb, db, "Doomed Account", backend.LicenceCustomer)
	f.parentAccount = MustCreateUser(tb, db, "Parent Account", backend.LicenceCustomer)
	MustSetClientGroupAccounts(tb, db, f.doomed, f.account, f.parentAccount)
	MustSetClientGroupAccounts(tb, db, f.parent, f.parentAccount)
	return f
}

func TestClientGroup_PlanDelete(t *testing.T) {
	db := MustOpenDB(t)
	f := newDeleteFixture(t, db)
	groups := NewClientGroupService(db)
	ctx := context.Background()
	p, err := groups.PlanClientGroupDelete(ctx, f.doomed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.Group.ID != f.doomed.ID || p.NewParent == nil || p.NewParent.ID != f.parent.ID ||
		p.Clients != 2 || p.ChildGroups != 2 || p.Accounts != 2 {
		t.Errorf("plan = group %s, new parent %v, %d clients, %d child groups, %d accounts; want Doomed → Parent, 2, 2, 2",
			p.Group.Name, p.NewParent, p.Clients, p.ChildGroups, p.Accounts)
	}
	p, err = groups.PlanClientGroupDelete(ctx, f.root.ID)
	if err != nil {
		t.Fatal(err)
	}
	if p.NewParent != nil || p.Clients != 1 || p.ChildGroups != 1 || p.Accounts != 0 {
		t.Errorf("plan for the root = %+v, want to the top level, 1 client, 1 child group, 0 accounts", p)
	}
	_, err = groups.PlanClientGroupDelete(ctx, backend.NewID())
	assertCode(t, err, backend.ENOTFOUND)
}

func TestClientGroup_DeleteMovesEverythingUp(t *testing.T) {
	db := MustOpenDB(t)
	f := newDeleteFixture(t, db)
	groups, clients := NewClientGroupService(db), NewClientService(db)
	ctx := context.Background()
	clientsBefore := MustCount(t, db, `SELECT COUNT(*) FROM clients WHERE deleted_at IS NULL`)

	if err := groups.DeleteClientGroup(ctx, f.doomed.ID); err != nil {
		t.Fatal(err)
	}

	_, err := groups.FindClientGroupByID(ctx, f.doomed.ID)
	assertCode(t, err, backend.ENOTFOUND)
	if n := MustCount(t, db, `SELECT COUNT(*) FROM client_groups WHERE id = ? AND deleted_at = ?`, f.doomed.ID, backend.FormatTime(testNow)); n != 1 {
		t.Error("the group was not soft-deleted (a tombstone must stay for sync)")
	}
	for _, c := range []*backend.Client{f.c1, f.c2} {
		got, err := clients.FindClientByID(ctx, c.ID)
		if err != nil || got.GroupID == nil || *got.GroupID != f.parent.ID {
			t.Errorf("client %s after the delete: %+v, %v; want in Parent", c.Name, got, err)
		}
	}
	for _, k := range []*backend.ClientGroup{f.kid1, f.kid2} {
		got, err := groups.FindClientGroupByID(ctx, k.ID)
		if err != nil || got.ParentID == nil || *got.ParentID != f.parent.ID {
			t.Errorf("group %s after the delete: %+v, %v; want under Parent", k.Name, got, err)
		}
	}
	if got, _ := clients.FindClientByID(ctx, f.kidClient.ID); *got.GroupID != f.kid1.ID {
		t.Error("a client of a child group moved; it should stay in its group")
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM clients WHERE deleted_at IS NULL`); n != clientsBefore {
		t.Errorf("clients %d → %d: the delete lost some", clientsBefore, n)
	}
	accounts, err := groups.FindClientGroupAccounts(ctx, f.parent.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !sameSet(ids(accounts), []string{f.parentAccount.ID}) {
		t.Errorf("Parent's accounts = %v, want only its own: moving an account up would widen its access", ids(accounts))
	}
	for _, k := range []*backend.ClientGroup{f.kid1, f.kid2} {
		accounts, err := groups.FindClientGroupAccounts(ctx, k.ID)
		if err != nil || !sameSet(ids(accounts), []string{f.account.ID, f.parentAccount.ID}) {
			t.Errorf("%s's accounts = %v, %v; want the deleted group's accounts", k.Name, ids(accounts), err)
		}
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM client_group_accounts WHERE group_id = ?`, f.doomed.ID); n != 0 {
		t.Errorf("%d accounts still point at the deleted group", n)
	}
	// The moved account still reaches everything it could before.
	portal := NewPortalService(db, nil)
	for _, c := range []*backend.Client{f.c1, f.c2, f.kidClient} {
		if _, err := portal.ResolveView(ctx, f.account.ID, backend.ViewClient, c.ID); err != nil {
			t.Errorf("after the delete the account lost %s: %v", c.Name, err)
		}
	}
	// …and nothing more: not the parent, not a client of the parent's tree.
	if _, err := portal.ResolveView(ctx, f.account.ID, backend.ViewGroup, f.parent.ID); err == nil {
		t.Error("after the delete the account can see the whole parent group")
	}
	if _, err := portal.ResolveView(ctx, f.account.ID, backend.ViewClient, f.elsewhere.ID); err == nil {
		t.Error("after the delete the account can see a client it never could")
	}
}

func TestClientGroup_DeleteTopLevel(t *testing.T) {
	db := MustOpenDB(t)
	groups, clients := NewClientGroupService(db), NewClientService(db)
	ctx := context.Background()
	top := MustCreateClientGroup(t, db, "Top", nil)
	kid := MustCreateClientGroup(t, db, "Kid", top)
	c := MustCreateClient(t, db, "Top Client", top)
	u := MustCreateUser(t, db, "Top Account", backend.LicenceCustomer)
	MustSetClientGroupAccounts(t, db, top, u)

	if err := groups.DeleteClientGroup(ctx, top.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := clients.FindClientByID(ctx, c.ID); got.GroupID != nil {
		t.Errorf("client of a deleted top-level group is in %v, want ungrouped", *got.GroupID)
	}
	if got, _ := groups.FindClientGroupByID(ctx, kid.ID); got.ParentID != nil {
		t.Errorf("child of a deleted top-level group is under %v, want the top level", *got.ParentID)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM client_group_accounts WHERE group_id = ?`, top.ID); n != 0 {
		t.Errorf("%d account rows left pointing at the deleted group", n)
	}
	portal := NewPortalService(db, nil)
	if _, err := portal.ResolveView(ctx, u.ID, backend.ViewClient, c.ID); err != nil {
		t.Errorf("the account lost the deleted group's client: %v", err)
	}
	if _, err := portal.ResolveView(ctx, u.ID, backend.ViewGroup, kid.ID); err != nil {
		t.Errorf("the account lost the deleted group's child group: %v", err)
	}
	assertCode(t, groups.DeleteClientGroup(ctx, top.ID), backend.ENOTFOUND)
}

func TestClientGroup_SetAccountsRefusesNonCustomers(t *testing.T) {
	db := MustOpenDB(t)
	groups := NewClientGroupService(db)
	ctx := context.Background()
	g := MustCreateClientGroup(t, db, "Guarded", nil)
	customer := MustCreateUser(t, db, "Good Customer", backend.LicenceCustomer)
	MustSetClientGroupAccounts(t, db, g, customer)

	office := MustCreateUser(t, db, "Office Person", backend.LicenceOffice)
	tech := MustCreateUser(t, db, "Tech Person", backend.LicenceTechnician)
	inactive := MustCreateUserWith(t, db, &backend.User{Email: "asleep@example.com", Name: "Asleep", Licence: backend.LicenceCustomer}, "")
	for name, uid := range map[string]string{"office": office.ID, "technician": tech.ID, "inactive customer": inactive.ID, "unknown": backend.NewID()} {
		err := groups.SetClientGroupAccounts(ctx, g.ID, []string{customer.ID, uid})
		if backend.ErrorCode(err) != backend.EINVALID {
			t.Errorf("%s: SetClientGroupAccounts = %v, want EINVALID", name, err)
		}
	}
	// Refusals change nothing.
	accounts, err := groups.FindClientGroupAccounts(ctx, g.ID)
	if err != nil || !sameSet(ids(accounts), []string{customer.ID}) {
		t.Errorf("accounts after refusals = %v, %v; want only the good customer", ids(accounts), err)
	}
	assertCode(t, groups.SetClientGroupAccounts(ctx, backend.NewID(), nil), backend.ENOTFOUND)
	// An empty list removes everyone.
	if err := groups.SetClientGroupAccounts(ctx, g.ID, nil); err != nil {
		t.Fatal(err)
	}
	if accounts, _ := groups.FindClientGroupAccounts(ctx, g.ID); len(accounts) != 0 {
		t.Errorf("accounts after clearing = %v", ids(accounts))
	}
}

func TestFindClientGroups_SearchAndPage(t *testing.T) {
	db := MustOpenDB(t)
	groups := NewClientGroupService(db)
	ctx := context.Background()
	for _, n := range []string{"Delta", "alpha", "Charlie", "bravo", "Echo 100%"} {
		MustCreateClientGroup(t, db, n, nil)
	}
	page, total, err := groups.FindClientGroups(ctx, backend.ClientGroupFilter{Page: backend.Page{Limit: 2, Offset: 2}})
	if err != nil {
		t.Fatal(err)
	}
	if total != 5 || len(page) != 2 || page[0].Name != "Charlie" || page[1].Name != "Delta" {
		t.Errorf("page 2 by name: total %d, %v", total, page)
	}
	found, total, err := groups.FindClientGroups(ctx, backend.ClientGroupFilter{Query: "0%"})
	if err != nil || total != 1 || found[0].Name != "Echo 100%" {
		t.Errorf("search 0%%: %d %v", total, err)
	}
}
