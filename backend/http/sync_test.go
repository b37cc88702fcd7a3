package http_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"siteward/backend"
)

// syncRows: the office makes pairing codes and sees conflicts; an install's
// routes take its token, never a session — so every session, office
// included, is refused there.
func syncRows() []scenario {
	var rows []scenario
	for _, who := range []string{"guest", "north", "national", "office"} {
		for _, r := range []struct{ method, path, body string }{
			{"GET", "/api/sync/snapshot", ""},
			{"POST", "/api/sync/push", `{"siteId":"x","changes":[]}`},
			{"GET", "/api/sync/pull?cursor=0", ""},
		} {
			rows = append(rows, scenario{as: who, method: r.method, path: r.path, body: r.body, wantStatus: 401})
		}
	}
	for _, r := range []struct{ method, path, body string }{
		{"POST", "/api/sync/pairing-codes", `{"userId":"{office}"}`},
		{"GET", "/api/sync/conflicts", ""},
		{"POST", "/api/sync/conflicts/00000000-0000-7000-8000-000000000000/resolve", ""},
		{"GET", "/api/sync/sites", ""},
		{"GET", "/api/sync/quarantine", ""},
		{"GET", "/api/sync/status", ""},
		{"GET", "/api/sync/staff", ""},
	} {
		rows = append(rows,
			scenario{as: "guest", method: r.method, path: r.path, body: r.body, wantStatus: 401},
			scenario{as: "north", method: r.method, path: r.path, body: r.body, wantStatus: 403},
			scenario{as: "national", method: r.method, path: r.path, body: r.body, wantStatus: 403},
		)
	}
	return append(rows,
		scenario{as: "office", method: "POST", path: "/api/sync/pairing-codes", body: `{"userId":"{office}"}`, wantStatus: 201, wantContains: []string{`"code":"`}},
		scenario{as: "office", method: "POST", path: "/api/sync/pairing-codes", body: `{"userId":"{north}"}`, wantStatus: 403, wantContains: []string{"Customer users cannot"}},
		scenario{as: "office", method: "POST", path: "/api/sync/pairing-codes", body: `{"userId":"nobody"}`, wantStatus: 400},
		scenario{as: "office", method: "GET", path: "/api/sync/conflicts", wantStatus: 200, wantContains: []string{`"total":0`}},
		scenario{as: "office", method: "POST", path: "/api/sync/conflicts/00000000-0000-7000-8000-000000000000/resolve", wantStatus: 404},
		scenario{as: "office", method: "GET", path: "/api/sync/sites", wantStatus: 200, wantContains: []string{`"items":[]`}},
		scenario{as: "office", method: "GET", path: "/api/sync/quarantine", wantStatus: 200, wantContains: []string{`"items":[]`}},
		scenario{as: "office", method: "GET", path: "/api/sync/status", wantStatus: 200, wantContains: []string{`"pending":0`, `"hubUrl":""`}},
		scenario{as: "office", method: "GET", path: "/api/sync/staff", wantStatus: 200, wantContains: []string{"office@example.com"}, wantNotContains: []string{"north@example.com"}},
		scenario{as: "guest", method: "POST", path: "/api/sync/enrol", body: `{"code":"ABCDEFGH"}`, wantStatus: 401, wantContains: []string{"pairing code"}},
		scenario{as: "office", method: "POST", path: "/api/sync/enrol", body: `{"code":"short"}`, wantStatus: 401},
		scenario{as: "north", method: "POST", path: "/api/sync/enrol", body: `{"code":"ABCDEFGH"}`, wantStatus: 401},
	)
}

// bearer sends a request signed with an install's token.
func (w *world) bearer(token, method, path, body string) (int, []byte, http.Header) {
	w.t.Helper()
	req, err := http.NewRequest(method, w.ts.URL+path, strings.NewReader(body))
	w.must(err)
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	w.must(err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	w.must(err)
	return resp.StatusCode, b, resp.Header
}

// The whole enrolment over HTTP: a code made by the office, enrol, the
// snapshot, then push and pull with the install's token.
func TestSyncOverHTTP(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	status, body := office.do("POST", "/api/sync/pairing-codes", `{"userId":"{office}"}`)
	if status != 201 {
		t.Fatalf("pairing code: %d %s", status, body)
	}
	code := decode[struct{ Code string }](t, body).Code

	guest := w.agent("guest")
	status, body = guest.do("POST", "/api/sync/enrol", `{"code":"`+code+`"}`)
	if status != 201 {
		t.Fatalf("enrol: %d %s", status, body)
	}
	e := decode[backend.SyncEnrolment](t, body)
	if status, body = guest.do("POST", "/api/sync/enrol", `{"code":"`+code+`"}`); status != 401 {
		t.Errorf("a used code enrolled again: %d %s", status, body)
	}

	status, snap, hdr := w.bearer(e.Token, "GET", "/api/sync/snapshot", "")
	if status != 200 || hdr.Get(backend.SyncCursorHeader) == "" || !strings.HasPrefix(string(snap), "SQLite format 3") {
		t.Fatalf("snapshot: %d, cursor %q, %d bytes", status, hdr.Get(backend.SyncCursorHeader), len(snap))
	}
	w.must(os.WriteFile(filepath.Join(t.TempDir(), "snapshot.db"), snap, 0o600))

	// A push that names another site is refused even with a good token.
	other, _ := json.Marshal(backend.PushBatch{SiteID: backend.NewID(), Epoch: e.Epoch})
	if status, b, _ := w.bearer(e.Token, "POST", "/api/sync/push", string(other)); status != 403 {
		t.Errorf("push for another site: %d %s", status, b)
	}
	own, _ := json.Marshal(backend.PushBatch{SiteID: e.SiteID, Epoch: e.Epoch, Changes: []backend.Change{}})
	if status, b, _ := w.bearer(e.Token, "POST", "/api/sync/push", string(own)); status != 200 {
		t.Errorf("empty push: %d %s", status, b)
	}
	if status, b, _ := w.bearer(e.Token, "GET", "/api/sync/pull?cursor=0&limit=5", ""); status != 200 || !strings.Contains(string(b), `"cursor":`) {
		t.Errorf("pull: %d %s", status, b)
	}
	if status, _, _ := w.bearer(e.Token, "GET", "/api/sync/pull?cursor=-1", ""); status != 400 {
		t.Errorf("pull with a bad cursor: %d, want 400", status)
	}
	if status, _, _ := w.bearer(e.Token+"x", "GET", "/api/sync/pull?cursor=0", ""); status != 401 {
		t.Errorf("pull with a tampered token: %d, want 401", status)
	}
}
