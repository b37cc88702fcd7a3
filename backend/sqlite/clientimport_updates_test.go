package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

// importFixture is two coded clients with primary contacts, read as an
// import plan would read them.
type importFixture struct {
	db    *DB
	clock *TestClock
	store *ClientImportStore
	alpha *backend.Client
	beta  *backend.Client
}

func newImportFixture(t *testing.T) *importFixture {
	clock := NewTestClock()
	db := MustOpenDBAt(t, filepath.Join(t.TempDir(), "siteward.db"), clock)
	f := &importFixture{db: db, clock: clock, store: NewClientImportStore(db)}
	f.alpha = MustCreateClientWith(t, db, &backend.Client{Name: "Alpha Strata", Code: "A-1", Tags: []string{"old"}, Active: true})
	f.beta = MustCreateClientWith(t, db, &backend.Client{Name: "Beta Owners", Code: "B-1", Active: true})
	MustCreateContact(t, db, f.alpha, "Ann Alpha", true)
	MustCreateContact(t, db, f.beta, "Bob Beta", true)
	clock.Add(time.Minute)
	return f
}

// plan renames both clients, retags them and renames their contacts, as of now.
func (f *importFixture) plan(t *testing.T) *backend.ClientImportPlan {
	t.Helper()
	st, err := f.store.ClientImportState(context.Background(), "hash-1", []string{"A-1", "B-1"})
	if err != nil {
		t.Fatal(err)
	}
	plan := &backend.ClientImportPlan{Record: backend.ClientImportRecord{Hash: "hash-1", FileName: "f.csv", Format: "csv", Updated: 2}}
	for row, code := range []string{"a-1", "b-1"} {
		ic := *st.Existing[code]
		ic.Client.Name += " (renamed)"
		ic.Client.Tags = []string{"Imported", "imported", "vip"}
		ic.Contact.Name += " Jr"
		plan.Changes = append(plan.Changes, backend.ClientImportChange{Row: row + 2, Action: backend.ImportUpdate, Code: ic.Code,
			Name: ic.Client.Name, Client: ic, WriteTags: true, WriteContact: true})
	}
	return plan
}

func TestApplyClientImport_BatchedUpdates(t *testing.T) {
	f := newImportFixture(t)
	ctx := context.Background()
	if err := f.store.ApplyClientImport(ctx, f.plan(t)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*backend.Client{f.alpha, f.beta} {
		got, err := NewClientService(f.db).FindClientByID(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != c.Name+" (renamed)" || strings.Join(got.Tags, ",") != "Imported,vip,"+backend.TagNoPortalAccess || !strings.HasSuffix(got.PrimaryName, " Jr") {
			t.Errorf("after import: %q %v %q", got.Name, got.Tags, got.PrimaryName)
		}
	}
}

// A client edited, or a primary contact removed, after the plan was made
// refuses the whole import, naming the row; nothing is written.
func TestApplyClientImport_UpdateConflictsWriteNothing(t *testing.T) {
	ctx := context.Background()
	for name, change := range map[string]func(f *importFixture){
		"client edited": func(f *importFixture) {
			n := "Beta Owners Pty"
			if _, err := NewClientService(f.db).UpdateClient(ctx, f.beta.ID, backend.ClientUpdate{Name: &n}); err != nil {
				panic(err)
			}
		},
		"contact removed": func(f *importFixture) {
			MustExec(t, f.db, `UPDATE client_contacts SET deleted_at = 'x', is_primary = 0 WHERE client_id = ?`, f.beta.ID)
		},
	} {
		t.Run(name, func(t *testing.T) {
			f := newImportFixture(t)
			plan := f.plan(t)
			f.clock.Add(time.Second)
			change(f)
			err := f.store.ApplyClientImport(ctx, plan)
			if backend.ErrorCode(err) != backend.ECONFLICT || !strings.Contains(err.Error(), "B-1 (row 3) changed since the preview") {
				t.Fatalf("apply: %v", err)
			}
			if n := MustCount(t, f.db, `SELECT COUNT(*) FROM clients WHERE name LIKE '%renamed%'`); n != 0 {
				t.Errorf("%d clients renamed by a refused import", n)
			}
			if n := MustCount(t, f.db, `SELECT COUNT(*) FROM client_tags WHERE tag = 'old'`); n != 1 {
				t.Errorf("the refused import touched tags")
			}
			if n := MustCount(t, f.db, `SELECT COUNT(*) FROM client_imports`); n != 0 {
				t.Errorf("the refused import was recorded")
			}
		})
	}
}
