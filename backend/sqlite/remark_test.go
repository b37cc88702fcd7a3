package sqlite

import (
	"context"
	"testing"

	"siteward/backend"
)

// MustCreateRemark inserts a remark on p (the office has no form for
// raising one yet: technicians' reports and the demo write them).
func MustCreateRemark(tb testing.TB, db *DB, p *backend.Property, number int, sev backend.Severity, desc string, published bool) string {
	tb.Helper()
	id := backend.NewID()
	now := backend.FormatTime(db.Now())
	var pubAt any
	if published {
		pubAt = now
	}
	MustExec(tb, db, `INSERT INTO remarks (id, number, property_id, severity, description, raised_at, published, published_at,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, number, p.ID, string(sev), desc, now, published, pubAt, now, now)
	return id
}

type remarkFixture struct {
	db                 *DB
	svc                *RemarkService
	north, south       *backend.Property
	crack, door, light string
}

func newRemarkFixture(t *testing.T) *remarkFixture {
	db := MustOpenDB(t)
	f := &remarkFixture{db: db, svc: NewRemarkService(db)}
	a := MustCreateClient(t, db, "Alpha Strata", nil)
	b := MustCreateClient(t, db, "Beta Owners", nil)
	f.north = MustCreateProperty(t, db, a, "North Tower")
	f.south = MustCreateProperty(t, db, b, "South Plaza")
	f.crack = MustCreateRemark(t, db, f.north, 101, backend.SeverityCritical, "Cracked hydrant valve", false)
	f.door = MustCreateRemark(t, db, f.north, 102, backend.SeverityNonConformance, "Fire door does not self-close", true)
	f.light = MustCreateRemark(t, db, f.south, 103, backend.SeverityInformation, "Exit light replaced", false)
	return f
}

func (f *remarkFixture) find(t *testing.T, flt backend.RemarkFilter) ([]*backend.Remark, int) {
	t.Helper()
	rs, n, err := f.svc.FindRemarks(context.Background(), flt)
	if err != nil {
		t.Fatal(err)
	}
	return rs, n
}

func TestFindRemarks_Filters(t *testing.T) {
	f := newRemarkFixture(t)
	yes, no := true, false
	crit := backend.SeverityCritical
	open := backend.RemarkOpen
	cases := map[string]struct {
		flt  backend.RemarkFilter
		want int
	}{
		"all":         {backend.RemarkFilter{}, 3},
		"published":   {backend.RemarkFilter{Published: &yes}, 1},
		"unpublished": {backend.RemarkFilter{Published: &no}, 2},
		"critical":    {backend.RemarkFilter{Severity: &crit}, 1},
		"open":        {backend.RemarkFilter{Status: &open}, 3},
		"client":      {backend.RemarkFilter{ClientID: &f.north.ClientID}, 2},
		"property":    {backend.RemarkFilter{PropertyID: &f.south.ID}, 1},
		"text":        {backend.RemarkFilter{Query: "door"}, 1},
		"by client":   {backend.RemarkFilter{Query: "beta"}, 1},
		"by number":   {backend.RemarkFilter{Query: "R-101"}, 1},
	}
	for name, c := range cases {
		if _, n := f.find(t, c.flt); n != c.want {
			t.Errorf("%s: %d remarks, want %d", name, n, c.want)
		}
	}
	rs, _ := f.find(t, backend.RemarkFilter{Page: backend.Page{Sort: "severity"}})
	if rs[0].ID != f.crack || rs[0].PropertyName != "North Tower" || rs[0].ClientName != "Alpha Strata" {
		t.Errorf("worst first: %+v", rs[0])
	}
	rs, _ = f.find(t, backend.RemarkFilter{Page: backend.Page{Sort: "-number", Limit: 1, Offset: 1}})
	if len(rs) != 1 || *rs[0].Number != 102 {
		t.Errorf("paged by number: %+v", rs)
	}
	bad := backend.Severity("fatal")
	if _, _, err := f.svc.FindRemarks(context.Background(), backend.RemarkFilter{Severity: &bad}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("bad severity: %v", err)
	}
}

func TestSetRemarksPublished_OneTransaction(t *testing.T) {
	f := newRemarkFixture(t)
	ctx := context.Background()
	n, err := f.svc.SetRemarksPublished(ctx, []string{f.crack, f.door, f.light, f.crack}, true)
	if err != nil || n != 2 {
		t.Fatalf("publish: %d %v, want 2 changed (one was published already)", n, err)
	}
	door, _ := f.svc.FindRemarkByID(ctx, f.door)
	crack, _ := f.svc.FindRemarkByID(ctx, f.crack)
	if !crack.Published || crack.PublishedAt == nil || door.PublishedAt == nil {
		t.Errorf("published: %+v %+v", crack, door)
	}

	// An unknown id changes nothing at all.
	_, err = f.svc.SetRemarksPublished(ctx, []string{f.crack, "00000000-0000-7000-8000-000000000000"}, false)
	if backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Fatalf("unknown id: %v", err)
	}
	if c, _ := f.svc.FindRemarkByID(ctx, f.crack); !c.Published {
		t.Error("a refused bulk unpublish changed a remark")
	}
	for _, ids := range [][]string{nil, make([]string, backend.MaxBulk+1)} {
		if _, err := f.svc.SetRemarksPublished(ctx, ids, true); backend.ErrorCode(err) != backend.EINVALID {
			t.Errorf("%d ids: %v", len(ids), err)
		}
	}

	n, err = f.svc.SetRemarksPublished(ctx, []string{f.crack, f.light}, false)
	if err != nil || n != 2 {
		t.Fatalf("unpublish: %d %v", n, err)
	}
	if c, _ := f.svc.FindRemarkByID(ctx, f.crack); c.Published || c.PublishedAt != nil {
		t.Errorf("unpublished: %+v", c)
	}
}

func TestResolveAndReopenRemark(t *testing.T) {
	f := newRemarkFixture(t)
	ctx := context.Background()
	r, err := f.svc.ResolveRemark(ctx, f.crack)
	if err != nil || r.Status != backend.RemarkResolved || r.ResolvedAt == nil {
		t.Fatalf("resolve: %+v %v", r, err)
	}
	if _, err := f.svc.ResolveRemark(ctx, f.crack); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("resolve twice: %v", err)
	}
	r, err = f.svc.ReopenRemark(ctx, f.crack)
	if err != nil || r.Status != backend.RemarkOpen || r.ResolvedAt != nil {
		t.Fatalf("reopen: %+v %v", r, err)
	}
	if _, err := f.svc.ReopenRemark(ctx, f.crack); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("reopen an open remark: %v", err)
	}
	if _, err := f.svc.ResolveRemark(ctx, "nope"); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("resolve unknown: %v", err)
	}
}
