package http_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"siteward/backend"
	"siteward/backend/sqlite"
)

func TestLoginRotatesSessionAndLogoutEndsIt(t *testing.T) {
	w := newWorld(t)
	a := w.agent("north")
	first := a.cookie()
	if status, body := a.do("POST", "/api/auth/login", `{"email":"NORTH@example.com ","password":"`+testPassword+`"}`); status != 200 {
		t.Fatalf("second login: %d %s", status, body)
	}
	second := a.cookie()
	if first == "" || second == "" || first == second {
		t.Fatalf("session not rotated: %q → %q", first, second)
	}
	// The old token no longer works.
	old := w.agentWithCookie(first)
	if status, _ := old.do("GET", "/api/me", ""); status != 401 {
		t.Fatalf("old session still valid: %d", status)
	}
	if status, _ := a.do("POST", "/api/auth/logout", ""); status != 204 {
		t.Fatalf("logout: %d", status)
	}
	if status, _ := w.agentWithCookie(second).do("GET", "/api/me", ""); status != 401 {
		t.Fatal("session survived logout")
	}
}

func TestCookieIsHttpOnlyAndLax(t *testing.T) {
	w := newWorld(t)
	req, _ := http.NewRequest("POST", w.ts.URL+"/api/auth/login", strings.NewReader(`{"email":"office@example.com","password":"`+testPassword+`"}`))
	resp, err := http.DefaultClient.Do(req)
	w.must(err)
	resp.Body.Close()
	c := resp.Cookies()
	if len(c) != 1 || !c[0].HttpOnly || c[0].SameSite != http.SameSiteLaxMode || c[0].Path != "/" {
		t.Fatalf("cookie = %+v", c)
	}
	if strings.Contains(c[0].Value, testPassword) {
		t.Fatal("cookie carries the password")
	}
}

func TestLoginThrottledPerAccount(t *testing.T) {
	w := newWorld(t)
	a := w.agent("guest")
	for i := 0; i < 5; i++ {
		if status, _ := a.do("POST", "/api/auth/login", `{"email":"north@example.com","password":"wrong wrong wrong"}`); status != 401 {
			t.Fatalf("attempt %d: %d", i, status)
		}
	}
	// Even the right password is refused while throttled…
	if status, body := a.do("POST", "/api/auth/login", `{"email":"north@example.com","password":"`+testPassword+`"}`); status != 429 {
		t.Fatalf("6th attempt: %d %s", status, body)
	}
	// …another account is not affected…
	if status, _ := a.do("POST", "/api/auth/login", `{"email":"nsw@example.com","password":"`+testPassword+`"}`); status != 200 {
		t.Fatalf("other account: %d", status)
	}
	// …and the window passes.
	w.now = w.now.Add(16 * time.Minute)
	if status, _ := a.do("POST", "/api/auth/login", `{"email":"north@example.com","password":"`+testPassword+`"}`); status != 200 {
		t.Fatalf("after window: %d", status)
	}
}

func TestLoginErrorsAreClear(t *testing.T) {
	w := newWorld(t)
	a := w.agent("guest")
	for _, c := range []struct {
		body, want string
		status     int
	}{
		{`{"email":"","password":""}`, `"email":"Enter your email address."`, 400},
		{`{"email":"north@example.com"`, "not valid JSON", 400},
		{`{"email":"north@example.com","password":"x","admin":true}`, "unknown field", 400},
		{`{"email":"nobody@example.com","password":"whatever it is"}`, "do not match an active account", 401},
		{`{"email":"north@example.com","password":"whatever it is"}`, "do not match an active account", 401},
	} {
		status, body := a.do("POST", "/api/auth/login", c.body)
		if status != c.status || !strings.Contains(body, c.want) {
			t.Errorf("%s: %d %s", c.body, status, body)
		}
	}
}

func TestCrossOriginWritesRefused(t *testing.T) {
	w := newWorld(t)
	a := w.agent("office")
	req, _ := http.NewRequest("POST", w.ts.URL+"/api/client-groups", strings.NewReader(`{"name":"Evil"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "http://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := a.c.Do(req)
	w.must(err)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site POST: %d", resp.StatusCode)
	}
	if status, body := a.do("GET", "/api/client-groups?q=Evil", ""); status != 200 || !strings.Contains(body, `"total":0`) {
		t.Fatalf("group was created: %s", body)
	}
}

func TestRevokedAccessEndsAtOnce(t *testing.T) {
	w := newWorld(t)
	north := w.agent("north")
	north.chooseView("group", "SydneyNorth")
	if status, _ := north.do("GET", "/api/portal/properties", ""); status != 200 {
		t.Fatal("setup")
	}
	// The office removes north's authorisation: the very next request is refused.
	w.must(sqlite.NewClientGroupService(w.db).SetClientGroupAccounts(context.Background(), w.ids["SydneyNorth"], nil))
	status, body := north.do("GET", "/api/portal/properties", "")
	if status != 409 || strings.Contains(body, "NorthTower") {
		t.Fatalf("after revocation: %d %s", status, body)
	}
	// Deactivating a user ends their session.
	nsw := w.agent("nsw")
	active := false
	_, err := sqlite.NewUserService(w.db).UpdateUser(context.Background(), w.ids["nsw"], backend.UserUpdate{Active: &active})
	w.must(err)
	if status, _ := nsw.do("GET", "/api/me", ""); status != 401 {
		t.Fatalf("deactivated user still signed in: %d", status)
	}
}

func TestSessionIdleTimeout(t *testing.T) {
	w := newWorld(t)
	a := w.agent("office")
	w.now = w.now.Add(29 * time.Minute)
	if status, _ := a.do("GET", "/api/me", ""); status != 200 {
		t.Fatal("session ended early")
	}
	w.now = w.now.Add(31 * time.Minute)
	if status, _ := a.do("GET", "/api/me", ""); status != 401 {
		t.Fatal("idle session still valid")
	}
}

func TestSecurityHeadersAndStatic(t *testing.T) {
	w := newWorld(t)
	for _, c := range []struct {
		path, cache, body string
		status            int
	}{
		{"/", "no-cache", "Workspace", 200},
		{"/portal.html", "no-cache", "Portal", 200},
		{"/assets/app.js", "immutable", "console.log", 200},
		{"/assets/missing.js", "", "", 404},
		{"/.placeholder", "", "", 404},
	} {
		resp, err := http.Get(w.ts.URL + c.path)
		w.must(err)
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("%s: %d", c.path, resp.StatusCode)
		}
		if c.cache != "" && !strings.Contains(resp.Header.Get("Cache-Control"), c.cache) {
			t.Errorf("%s: Cache-Control %q", c.path, resp.Header.Get("Cache-Control"))
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("%s: CSP %q", c.path, csp)
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no nosniff", c.path)
		}
	}
	resp, err := http.Post(w.ts.URL+"/", "text/plain", nil)
	w.must(err)
	resp.Body.Close()
	if resp.StatusCode != 405 {
		t.Errorf("POST /: %d", resp.StatusCode)
	}
	status, body := w.agent("office").do("GET", "/api/nothing-here", "")
	if status != 404 || !strings.Contains(body, `"code":"not_found"`) {
		t.Errorf("unknown API route: %d %s", status, body)
	}
}

func TestDesktopHandlerIsTheLocalOfficeUser(t *testing.T) {
	w := newWorld(t)
	h := w.srv.DesktopHandler(w.users["office"])
	req, _ := http.NewRequest("POST", "/api/client-groups", strings.NewReader(`{"name":"From the window"}`))
	rec := newRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != 201 || !strings.Contains(rec.Body.String(), "From the window") {
		t.Fatalf("desktop POST: %d %s", rec.Code, rec.Body.String())
	}
	req, _ = http.NewRequest("GET", "/api/me", nil)
	rec = newRecorder()
	h.ServeHTTP(rec, req)
	if !strings.Contains(rec.Body.String(), `"desktop":true`) {
		t.Fatalf("me: %s", rec.Body.String())
	}
}

func TestValidationErrorsNameTheField(t *testing.T) {
	w := newWorld(t)
	a := w.agent("office")
	status, body := a.do("POST", "/api/clients", `{"name":"","emailQuotes":"not an email"}`)
	if status != 400 || !strings.Contains(body, `"name":`) || !strings.Contains(body, `"emailQuotes":`) {
		t.Fatalf("%d %s", status, body)
	}
	status, body = a.do("PATCH", "/api/client-groups/{National}", `{"setParent":true,"parentId":"{SydneyNorth}"}`)
	if status != 400 || !strings.Contains(body, `"parentId":`) || !strings.Contains(body, "loop") {
		t.Fatalf("cycle: %d %s", status, body)
	}
	status, body = a.do("GET", "/api/clients?limit=abc", "")
	if status != 400 || !strings.Contains(body, `"limit":`) {
		t.Fatalf("bad limit: %d %s", status, body)
	}
}
