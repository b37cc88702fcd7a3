package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"siteward/backend"
)

// testNow is where every test clock starts: 01:30 on 11 March 2026 in
// Sydney (AEDT, UTC+11) but still 10 March in UTC, so date-by-time-zone
// logic shows its working.
var testNow = time.Date(2026, 3, 10, 14, 30, 0, 0, time.UTC)

// TestClock is a pinned clock that a test moves forward by hand.
type TestClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewTestClock returns a clock pinned at testNow.
func NewTestClock() *TestClock { return &TestClock{t: testNow} }

// Now returns the pinned time.
func (c *TestClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock forward by d.
func (c *TestClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// MustOpenDB opens a fresh database in a temp folder (a real file, never
// :memory:, so the writer and the reader pool share it) on a pinned clock.
func MustOpenDB(tb testing.TB) *DB {
	tb.Helper()
	return MustOpenDBAt(tb, filepath.Join(tb.TempDir(), "siteward.db"), NewTestClock())
}

// MustOpenDBAt opens the database at path on clock and closes it when the
// test ends, after checking that it is intact and has no dangling references.
func MustOpenDBAt(tb testing.TB, path string, clock *TestClock) *DB {
	tb.Helper()
	db := NewDB(path)
	db.Now = clock.Now
	if err := db.Open(context.Background()); err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	tb.Cleanup(func() { MustCloseDB(tb, db) })
	return db
}

// MustCloseDB checks integrity and foreign keys, then closes db. Closing
// twice is harmless, so tests may close early to reopen the file.
func MustCloseDB(tb testing.TB, db *DB) {
	tb.Helper()
	if db.write == nil {
		return
	}
	ctx := context.Background()
	if err := db.write.PingContext(ctx); err == nil {
		var ok string
		if err := db.write.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
			tb.Errorf("integrity_check: %q %v", ok, err)
		}
		rows, err := db.write.QueryContext(ctx, `PRAGMA foreign_key_check`)
		if err != nil {
			tb.Errorf("foreign_key_check: %v", err)
		} else {
			for rows.Next() {
				var table, parent string
				var rowid, fkid any
				_ = rows.Scan(&table, &rowid, &parent, &fkid)
				tb.Errorf("dangling reference: %s row %v → %s", table, rowid, parent)
			}
			rows.Close()
		}
	}
	if err := db.Close(); err != nil {
		tb.Errorf("close: %v", err)
	}
	db.write, db.read = nil, nil
}

// MustExec runs one statement in a write transaction (fixtures for tables
// that have no service yet).
func MustExec(tb testing.TB, db *DB, query string, args ...any) {
	tb.Helper()
	err := db.Update(context.Background(), func(tx *Tx) error {
		_, err := tx.Exec(query, args...)
		return err
	})
	if err != nil {
		tb.Fatalf("exec %q: %v", query, err)
	}
}

// MustCount returns the single integer a query selects.
func MustCount(tb testing.TB, db *DB, query string, args ...any) int {
	tb.Helper()
	var n int
	if err := db.write.QueryRow(query, args...).Scan(&n); err != nil {
		tb.Fatalf("count %q: %v", query, err)
	}
	return n
}

// emailOf makes an address from a fixture name: "Nat Ional" → nat.ional@example.com.
func emailOf(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), ".")) + "@example.com"
}

// MustCreateUser creates an active user without a password, with an email
// made from the name.
func MustCreateUser(tb testing.TB, db *DB, name string, licence backend.Licence) *backend.User {
	tb.Helper()
	return MustCreateUserWith(tb, db, &backend.User{Name: name, Email: emailOf(name), Licence: licence, Active: true}, "")
}

// MustCreateUserWith creates u with password (which may be empty).
func MustCreateUserWith(tb testing.TB, db *DB, u *backend.User, password string) *backend.User {
	tb.Helper()
	if err := NewUserService(db).CreateUser(context.Background(), u, password); err != nil {
		tb.Fatalf("create user %q: %v", u.Email, err)
	}
	return u
}

// MustCreateClientGroup creates a group under parent (nil: top level).
func MustCreateClientGroup(tb testing.TB, db *DB, name string, parent *backend.ClientGroup) *backend.ClientGroup {
	tb.Helper()
	g := &backend.ClientGroup{Name: name}
	if parent != nil {
		g.ParentID = &parent.ID
	}
	if err := NewClientGroupService(db).CreateClientGroup(context.Background(), g); err != nil {
		tb.Fatalf("create client group %q: %v", name, err)
	}
	return g
}

// MustCreateClient creates an active client in group (nil: ungrouped).
func MustCreateClient(tb testing.TB, db *DB, name string, group *backend.ClientGroup) *backend.Client {
	tb.Helper()
	c := &backend.Client{Name: name, Active: true}
	if group != nil {
		c.GroupID = &group.ID
	}
	return MustCreateClientWith(tb, db, c)
}

// MustCreateClientWith creates c as given.
func MustCreateClientWith(tb testing.TB, db *DB, c *backend.Client) *backend.Client {
	tb.Helper()
	if err := NewClientService(db).CreateClient(context.Background(), c); err != nil {
		tb.Fatalf("create client %q: %v", c.Name, err)
	}
	return c
}

// MustCreateContact adds a contact to client.
func MustCreateContact(tb testing.TB, db *DB, client *backend.Client, name string, primary bool) *backend.Contact {
	tb.Helper()
	c := &backend.Contact{ClientID: client.ID, Name: name, Email: emailOf(name), Primary: primary}
	if err := NewContactService(db).CreateContact(context.Background(), c); err != nil {
		tb.Fatalf("create contact %q: %v", name, err)
	}
	return c
}

// MustCreateProperty creates an active NSW property of client.
func MustCreateProperty(tb testing.TB, db *DB, client *backend.Client, name string) *backend.Property {
	tb.Helper()
	return MustCreatePropertyWith(tb, db, &backend.Property{ClientID: client.ID, Name: name, Street: "1 " + name + " St",
		Suburb: "Sydney", State: "NSW", Postcode: "2000", Active: true})
}

// MustCreatePropertyWith creates p as given.
func MustCreatePropertyWith(tb testing.TB, db *DB, p *backend.Property) *backend.Property {
	tb.Helper()
	if err := NewPropertyService(db).CreateProperty(context.Background(), p); err != nil {
		tb.Fatalf("create property %q: %v", p.Name, err)
	}
	return p
}

// MustSetClientGroupAccounts authorises users for group's portal.
func MustSetClientGroupAccounts(tb testing.TB, db *DB, group *backend.ClientGroup, users ...*backend.User) {
	tb.Helper()
	if err := NewClientGroupService(db).SetClientGroupAccounts(context.Background(), group.ID, ids(users)); err != nil {
		tb.Fatalf("set accounts of %q: %v", group.Name, err)
	}
}

// MustSetClientUsers links users to client's portal.
func MustSetClientUsers(tb testing.TB, db *DB, client *backend.Client, users ...*backend.User) {
	tb.Helper()
	if err := NewClientService(db).SetClientUsers(context.Background(), client.ID, ids(users)); err != nil {
		tb.Fatalf("set users of %q: %v", client.Name, err)
	}
}

// MustLimitUserToProperties limits a user to chosen properties (no service yet).
func MustLimitUserToProperties(tb testing.TB, db *DB, u *backend.User, props ...*backend.Property) {
	tb.Helper()
	for _, p := range props {
		MustExec(tb, db, `INSERT INTO user_property_limits (user_id, property_id) VALUES (?, ?)`, u.ID, p.ID)
	}
}

// MustInsertRemark inserts a remark (no service yet) and returns its id.
func MustInsertRemark(tb testing.TB, db *DB, p *backend.Property, sev backend.Severity, status string, published bool) string {
	tb.Helper()
	id := backend.NewID()
	now := backend.FormatTime(testNow)
	var resolvedAt, publishedAt any
	if status == "resolved" {
		resolvedAt = now
	}
	if published {
		publishedAt = now
	}
	MustExec(tb, db, `INSERT INTO remarks (id, property_id, severity, status, description, raised_at, resolved_at, published,
		published_at, created_at, updated_at) VALUES (?, ?, ?, ?, 'Remark', ?, ?, ?, ?, ?, ?)`,
		id, p.ID, sev, status, now, resolvedAt, published, publishedAt, now, now)
	return id
}

// MustInsertQuote inserts a quote in the given status (no service yet).
func MustInsertQuote(tb testing.TB, db *DB, p *backend.Property, status string) string {
	tb.Helper()
	id := backend.NewID()
	now := backend.FormatTime(testNow)
	reason := ""
	if status == "declined" {
		reason = "Too dear"
	}
	MustExec(tb, db, `INSERT INTO quotes (id, kind, client_id, property_id, title, status, total_cents, decline_reason, created_at, updated_at)
		VALUES (?, 'defect', ?, ?, 'Quote', ?, 10000, ?, ?, ?)`, id, p.ClientID, p.ID, status, reason, now, now)
	return id
}

// MustInsertInvoice inserts an invoice (no service yet).
func MustInsertInvoice(tb testing.TB, db *DB, p *backend.Property, status, dueOn string, totalCents, paidCents int) string {
	tb.Helper()
	id := backend.NewID()
	now := backend.FormatTime(testNow)
	MustExec(tb, db, `INSERT INTO invoices (id, client_id, property_id, status, issued_on, due_on, total_cents, paid_cents, created_at, updated_at)
		VALUES (?, ?, ?, ?, '2026-02-01', ?, ?, ?, ?, ?)`, id, p.ClientID, p.ID, status, dueOn, totalCents, paidCents, now, now)
	return id
}

func ids[T interface {
	*backend.User | *backend.Client | *backend.Property | *backend.ClientGroup
}](xs []T) []string {
	out := make([]string, 0, len(xs))
	for _, x := range xs {
		switch v := any(x).(type) {
		case *backend.User:
			out = append(out, v.ID)
		case *backend.Client:
			out = append(out, v.ID)
		case *backend.Property:
			out = append(out, v.ID)
		case *backend.ClientGroup:
			out = append(out, v.ID)
		}
	}
	return out
}

// ptr returns a pointer to v (filters and updates use pointers for "set").
func ptr[T any](v T) *T { return &v }

// assertCode fails unless err carries code.
func assertCode(tb testing.TB, err error, code string) *backend.Error {
	tb.Helper()
	if got := backend.ErrorCode(err); got != code {
		tb.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
	var e *backend.Error
	errors.As(err, &e)
	return e
}

// assertField fails unless err is code with a message for field.
func assertField(tb testing.TB, err error, code, field string) {
	tb.Helper()
	e := assertCode(tb, err, code)
	if e.Fields[field] == "" {
		tb.Fatalf("error %v has no message for field %q", err, field)
	}
}

// sameSet reports whether a and b hold the same strings, ignoring order.
func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// readFileIfExists reads a file, treating a missing one as empty.
func readFileIfExists(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	return b, err
}
