package http_test

import (
	"context"
	"testing"
	"time"

	"siteward/backend"
	"siteward/backend/sqlite"
)

// A session's user and resolved views are served from memory only while
// nothing they depend on has changed: each kind of change that can alter
// who a session is or which views its user may use — an authorisation
// removed, a group re-parented or deleted, a client moved, deactivated or
// renamed, a direct client link removed, a user renamed or deactivated,
// sign-out, every session of a user ended, an office view-as group deleted
// — is seen by the very next request, as is the passing of time (idle
// expiry). Each step asks twice: the read that fills the cache, then one
// that must come from it.
func TestPortalSession_CacheFollowsEveryChange(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	groups := sqlite.NewClientGroupService(w.db)
	nsw, office := w.agent("nsw"), w.agent("office")
	direct := w.user("direct", backend.LicenceCustomer)
	w.exec(`INSERT INTO client_users (client_id, user_id, created_at) VALUES (?, ?, 'x')`, w.ids["VicClient"], direct.ID)
	directAgent := w.agent("direct")

	type answer struct {
		status         int
		user, view     string // /api/me: the user's and the view's names
		properties     int    // /api/portal/properties
		propertiesCode int
	}
	ask := func(a *agent, path string) answer {
		t.Helper()
		status, body := a.do("GET", "/api/me", "")
		out := answer{status: status}
		if status == 200 {
			m := decode[struct {
				User *backend.User
				View *backend.View
			}](t, body)
			out.user = m.User.Name
			if m.View != nil {
				out.view = m.View.Name
			}
		}
		status, body = a.do("GET", path, "")
		out.propertiesCode = status
		if status == 200 {
			out.properties = decode[struct{ Total int }](t, body).Total
		}
		return out
	}
	expect := func(step string, a *agent, path string, want answer) {
		t.Helper()
		w.srv.SessionCacheCounts()
		for i := range 2 {
			if got := ask(a, path); got != want {
				t.Fatalf("%s: %s (ask %d) got %+v, want %+v", step, a.who, i+1, got, want)
			}
		}
		if hits, _ := w.srv.SessionCacheCounts(); want.status == 200 && hits == 0 {
			t.Fatalf("%s: nothing came from the session cache", step)
		}
	}
	// after warms a's cache entry at the current generation, makes the
	// change, and expects its effect on the very next request.
	after := func(step string, a *agent, path string, change func(), want answer) {
		t.Helper()
		ask(a, path)
		w.srv.SessionCacheCounts()
		ask(a, path)
		if hits, _ := w.srv.SessionCacheCounts(); hits == 0 {
			t.Fatalf("%s: %s's session was not cached before the change", step, a.who)
		}
		change()
		expect(step, a, path, want)
	}
	sql := func(query string, args ...any) func() { return func() { w.exec(query, args...) } }
	const props = "/api/portal/properties"
	asNSW := props + "?asKind=group&asId={NSW}"

	nsw.chooseView("group", "SydneyNorth")
	expect("start", nsw, props, answer{200, "nsw", "SydneyNorth", 2, 200})
	expect("start", office, asNSW, answer{200, "office", "", 3, 200})
	// Their one client is chosen at sign-in.
	expect("start", directAgent, props, answer{200, "direct", "VicClient", 1, 200})

	// Sydney North re-parented under VIC: no longer below the user's NSW.
	after("re-parented away", nsw, props, sql(`UPDATE client_groups SET parent_id = ? WHERE id = ?`, w.ids["VIC"], w.ids["SydneyNorth"]),
		answer{200, "nsw", "", 0, 409})
	after("re-parented back", nsw, props, sql(`UPDATE client_groups SET parent_id = ? WHERE id = ?`, w.ids["NSW"], w.ids["SydneyNorth"]),
		answer{200, "nsw", "SydneyNorth", 2, 200})
	after("group renamed", nsw, props, sql(`UPDATE client_groups SET name = 'Sydney North Shore' WHERE id = ?`, w.ids["SydneyNorth"]),
		answer{200, "nsw", "Sydney North Shore", 2, 200})
	after("group deleted", nsw, props, sql(`UPDATE client_groups SET deleted_at = 'x' WHERE id = ?`, w.ids["SydneyNorth"]),
		answer{200, "nsw", "", 0, 409})
	after("group restored", nsw, props, sql(`UPDATE client_groups SET deleted_at = NULL WHERE id = ?`, w.ids["SydneyNorth"]),
		answer{200, "nsw", "Sydney North Shore", 2, 200})

	// A client view: moved out of the user's groups, deactivated, renamed.
	nsw.chooseView("client", "NorthClient")
	after("client moved away", nsw, props, sql(`UPDATE clients SET group_id = ? WHERE id = ?`, w.ids["Other"], w.ids["NorthClient"]),
		answer{200, "nsw", "", 0, 409})
	after("client moved back", nsw, props, sql(`UPDATE clients SET group_id = ? WHERE id = ?`, w.ids["SydneyNorth"], w.ids["NorthClient"]),
		answer{200, "nsw", "NorthClient", 2, 200})
	after("client deactivated", nsw, props, sql(`UPDATE clients SET active = 0 WHERE id = ?`, w.ids["NorthClient"]),
		answer{200, "nsw", "", 0, 409})
	after("client reactivated", nsw, props, sql(`UPDATE clients SET active = 1 WHERE id = ?`, w.ids["NorthClient"]),
		answer{200, "nsw", "NorthClient", 2, 200})
	after("client renamed", nsw, props, sql(`UPDATE clients SET name = 'North Client Pty' WHERE id = ?`, w.ids["NorthClient"]),
		answer{200, "nsw", "North Client Pty", 2, 200})

	// The user's group authorisation removed, then given back.
	nsw.chooseView("group", "NSW")
	after("authorisation removed", nsw, props, sql(`DELETE FROM client_group_accounts WHERE group_id = ? AND user_id = ?`, w.ids["NSW"], w.ids["nsw"]),
		answer{200, "nsw", "", 0, 409})
	after("authorisation given back", nsw, props, func() {
		w.must(groups.SetClientGroupAccounts(ctx, w.ids["NSW"], append(w.accounts("NSW"), w.ids["nsw"])))
	}, answer{200, "nsw", "NSW", 3, 200})

	// The direct client link removed.
	after("client link removed", directAgent, props, sql(`DELETE FROM client_users WHERE user_id = ?`, direct.ID),
		answer{200, "direct", "", 0, 409})

	// The user renamed, then deactivated.
	users := sqlite.NewUserService(w.db)
	name, inactive := "New South Wales", false
	after("user renamed", nsw, props, func() {
		_, err := users.UpdateUser(ctx, w.ids["nsw"], backend.UserUpdate{Name: &name})
		w.must(err)
	}, answer{200, name, "NSW", 3, 200})
	after("user deactivated", nsw, props, func() {
		_, err := users.UpdateUser(ctx, w.ids["nsw"], backend.UserUpdate{Active: &inactive})
		w.must(err)
	}, answer{401, "", "", 0, 401})

	// Office "view as": the group deleted, then brought back.
	after("viewed group deleted", office, asNSW, sql(`UPDATE client_groups SET deleted_at = 'x' WHERE id = ?`, w.ids["NSW"]),
		answer{200, "office", "", 0, 404})
	after("viewed group back", office, asNSW, sql(`UPDATE client_groups SET deleted_at = NULL WHERE id = ?`, w.ids["NSW"]),
		answer{200, "office", "", 3, 200})

	// Sign-out ends the session for every copy of its cookie; ending every
	// session of a user (as a password reset does) ends theirs.
	north := w.agent("north")
	north.chooseView("group", "SydneyNorth")
	copyOfNorth := w.agentWithCookie(north.cookie())
	after("signed out", copyOfNorth, props, func() {
		if status, _ := north.do("POST", "/api/auth/logout", ""); status != 200 && status != 204 {
			t.Fatalf("logout: %d", status)
		}
	}, answer{401, "", "", 0, 401})
	national := w.agent("national")
	national.chooseView("group", "National")
	after("every session ended", national, props, sql(`DELETE FROM sessions WHERE user_id = ?`, w.ids["national"]),
		answer{401, "", "", 0, 401})

	// Time: an idle session ends though nothing changed.
	other := w.agent("other")
	other.chooseView("group", "Other")
	after("idle", other, props, func() { w.now = w.now.Add(backend.SessionIdle + time.Second) }, answer{401, "", "", 0, 401})
}
