package sqlite

import (
	"context"
	"fmt"
	"testing"

	"siteward/backend"
)

// largeClients fills db with the large dataset's directory (DOMAIN.md):
// 1,500 groups, 10,000 clients each with a primary contact and tags,
// 40,000 properties and 5,000 customer users linked to clients and groups.
func largeClients(b *testing.B) *DB {
	b.Helper()
	db := MustOpenDB(b)
	ctx := context.Background()
	now := backend.FormatTime(db.Now())
	err := db.BulkLoad(ctx, func(exec func(string, ...any) error, commit func() error) error {
		groups := make([]string, 1500)
		for i := range groups {
			groups[i] = backend.NewID()
			var parent any
			if i >= 20 {
				parent = groups[(i-20)/5]
			}
			if err := exec(`INSERT INTO client_groups (id, name, parent_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
				groups[i], fmt.Sprintf("Group %04d", i), parent, now, now); err != nil {
				return err
			}
		}
		tags := []string{"strata", "Monthly billing", "Key account", "Net 30", "AFSS due"}
		clients := make([]string, 10000)
		for i := range clients {
			clients[i] = backend.NewID()
			var group any
			if i%7 != 0 {
				group = groups[i%len(groups)]
			}
			if err := exec(`INSERT INTO clients (id, name, group_id, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
				clients[i], fmt.Sprintf("Client %05d Pty Ltd", (i*7919)%10000), group, i%11 != 0, now, now); err != nil {
				return err
			}
			if err := exec(`INSERT INTO client_contacts (id, client_id, name, email, is_primary, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)`,
				backend.NewID(), clients[i], fmt.Sprintf("Person %05d", i), fmt.Sprintf("person%05d@example.com.au", i), now, now); err != nil {
				return err
			}
			for k := 0; k < 1+i%2; k++ {
				if err := exec(`INSERT INTO client_tags (client_id, tag) VALUES (?, ?)`, clients[i], tags[(i+k)%len(tags)]); err != nil {
					return err
				}
			}
			for k := 0; k < 4; k++ {
				if err := exec(`INSERT INTO properties (id, client_id, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
					backend.NewID(), clients[i], fmt.Sprintf("Property %d-%d", i, k), now, now); err != nil {
					return err
				}
			}
		}
		for i := 0; i < 5000; i++ {
			id := backend.NewID()
			if err := exec(`INSERT INTO users (id, email, name, licence, created_at, updated_at) VALUES (?, ?, ?, 'customer', ?, ?)`,
				id, fmt.Sprintf("user%05d@example.com.au", i), fmt.Sprintf("User %05d", i), now, now); err != nil {
				return err
			}
			if i%3 == 0 {
				if err := exec(`INSERT INTO client_group_accounts (group_id, user_id, created_at) VALUES (?, ?, ?)`, groups[i%len(groups)], id, now); err != nil {
					return err
				}
			} else if err := exec(`INSERT INTO client_users (client_id, user_id, created_at) VALUES (?, ?, ?)`, clients[(i*13)%len(clients)], id, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return db
}

// BenchmarkFindClients times one page of the clients list at the large
// dataset's 10,000 clients, as the list asks for it.
//
//	go test -tags sqlite_fts5 -run '^$' -bench 'FindClients|EachClient' ./backend/sqlite
func BenchmarkFindClients(b *testing.B) {
	db := largeClients(b)
	svc := NewClientService(db)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		f    backend.ClientFilter
	}{
		{"first-page", backend.ClientFilter{}},
		{"search", backend.ClientFilter{Query: "person0421"}},
		{"sort-properties-desc", backend.ClientFilter{Page: backend.Page{Sort: "-properties"}}},
		{"tag", backend.ClientFilter{Tag: ptr("Key account")}},
		{"no-portal-access", backend.ClientFilter{PortalAccess: ptr(false)}},
		{"inactive-page-20", backend.ClientFilter{Active: ptr(false), Page: backend.Page{Offset: 950}}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := svc.FindClients(ctx, tc.f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEachClient times the rows of an export of all 10,000 clients.
func BenchmarkEachClient(b *testing.B) {
	db := largeClients(b)
	svc := NewClientService(db)
	ctx := context.Background()
	for b.Loop() {
		n := 0
		if err := svc.EachClient(ctx, backend.ClientFilter{Page: backend.Page{Sort: "name"}}, func(*backend.Client) error { n++; return nil }); err != nil {
			b.Fatal(err)
		}
		if n != 10000 {
			b.Fatalf("%d clients, want 10000", n)
		}
	}
}

// BenchmarkBulkUpdateClients times a bulk edit of 1,000 selected clients.
func BenchmarkBulkUpdateClients(b *testing.B) {
	db := largeClients(b)
	svc := NewClientService(db)
	ctx := context.Background()
	cs, _, err := svc.FindClients(ctx, backend.ClientFilter{Page: backend.Page{Limit: 500}})
	if err != nil {
		b.Fatal(err)
	}
	more, _, _ := svc.FindClients(ctx, backend.ClientFilter{Page: backend.Page{Limit: 500, Offset: 500}})
	var ids []string
	for _, c := range append(cs, more...) {
		ids = append(ids, c.ID)
	}
	on := true
	for b.Loop() {
		on = !on
		if _, err := svc.BulkUpdateClients(ctx, backend.ClientBulkUpdate{IDs: ids, AddTags: []string{"bench"}, Active: &on}); err != nil {
			b.Fatal(err)
		}
	}
}
