package http_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"siteward/backend"
)

// syncFileRows: the file routes are an install's, signed with its token;
// a session (guest, customer, office) gets 401 like a wrong token.
func syncFileRows() []scenario {
	var rows []scenario
	for _, who := range []string{"guest", "north", "office"} {
		rows = append(rows,
			scenario{as: who, method: "GET", path: "/api/sync/files/not-an-id", wantStatus: 401},
			scenario{as: who, method: "PUT", path: "/api/sync/files/not-an-id", body: "x", wantStatus: 401},
		)
	}
	rows = append(rows,
		scenario{as: "guest", method: "PUT", path: "/api/sync/sites/00000000-0000-7000-8000-000000000000/clients", body: `{"clientIds":[]}`, wantStatus: 401},
		scenario{as: "north", method: "PUT", path: "/api/sync/sites/00000000-0000-7000-8000-000000000000/clients", body: `{"clientIds":[]}`, wantStatus: 403},
		scenario{as: "office", method: "PUT", path: "/api/sync/sites/00000000-0000-7000-8000-000000000000/clients", body: `{"clientIds":[]}`, wantStatus: 404},
		scenario{as: "guest", method: "POST", path: "/api/sync/quarantine/00000000-0000-7000-8000-000000000000/resolve", wantStatus: 401},
		scenario{as: "north", method: "POST", path: "/api/sync/quarantine/00000000-0000-7000-8000-000000000000/resolve", wantStatus: 403},
		scenario{as: "office", method: "POST", path: "/api/sync/quarantine/00000000-0000-7000-8000-000000000000/resolve", wantStatus: 404},
	)
	return rows
}

// bearerRaw sends a signed request with a raw body and headers.
func (w *world) bearerRaw(token, method, path, body string, hdr map[string]string) (int, string, http.Header) {
	w.t.Helper()
	req, err := http.NewRequest(method, w.ts.URL+path, strings.NewReader(body))
	w.must(err)
	req.Header.Set("Authorization", "Bearer "+token)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	w.must(err)
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return resp.StatusCode, b.String(), resp.Header
}

// An upload in two parts (the second after the hub said where it stood),
// a part at the wrong offset refused with where to continue, content that
// does not match its hash refused, and the download with a range.
func TestSyncFilesOverHTTP(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	_, body := office.do("POST", "/api/sync/pairing-codes", `{"userId":"{office}"}`)
	code := decode[struct{ Code string }](t, body).Code
	_, body = w.agent("guest").do("POST", "/api/sync/enrol", `{"code":"`+code+`"}`)
	token := decode[backend.SyncEnrolment](t, body).Token

	content := strings.Repeat("site photo bytes ", 64)
	s := sha256.Sum256([]byte(content))
	sum := hex.EncodeToString(s[:])
	path := "/api/sync/files/" + sum
	total := len(content)

	status, _, hdr := w.bearerRaw(token, "HEAD", path, "", nil)
	if status != 404 || hdr.Get(backend.SyncReceivedHeader) != "0" {
		t.Fatalf("HEAD of a file the hub lacks: %d, received %q", status, hdr.Get(backend.SyncReceivedHeader))
	}
	first := content[:500]
	status, b, _ := w.bearerRaw(token, "PUT", path, first, map[string]string{"Content-Range": "bytes 0-499/" + strconv.Itoa(total)})
	if status != 200 || !strings.Contains(b, `"received":500`) || !strings.Contains(b, `"complete":false`) {
		t.Fatalf("first part: %d %s", status, b)
	}
	if status, _, hdr = w.bearerRaw(token, "HEAD", path, "", nil); status != 404 || hdr.Get(backend.SyncReceivedHeader) != "500" {
		t.Fatalf("HEAD after the first part: %d, received %q", status, hdr.Get(backend.SyncReceivedHeader))
	}
	status, b, hdr = w.bearerRaw(token, "PUT", path, content[100:], map[string]string{"Content-Range": "bytes 100-" + strconv.Itoa(total-1) + "/" + strconv.Itoa(total)})
	if status != 409 || hdr.Get(backend.SyncReceivedHeader) != "500" {
		t.Fatalf("a part at the wrong offset: %d %s (received %q)", status, b, hdr.Get(backend.SyncReceivedHeader))
	}
	if status, b, _ = w.bearerRaw(token, "PUT", path, "abc", map[string]string{"Content-Range": "bytes 9-1/3"}); status != 400 {
		t.Errorf("a nonsense range: %d %s", status, b)
	}
	status, b, _ = w.bearerRaw(token, "PUT", path, content[500:], map[string]string{"Content-Range": "bytes 500-" + strconv.Itoa(total-1) + "/" + strconv.Itoa(total)})
	if status != 200 || !strings.Contains(b, `"complete":true`) {
		t.Fatalf("last part: %d %s", status, b)
	}
	status, b, _ = w.bearerRaw(token, "GET", path, "", map[string]string{"Range": "bytes=1000-"})
	if status != 206 || b != content[1000:] {
		t.Fatalf("ranged download: %d, %d bytes", status, len(b))
	}
	if status, _, hdr = w.bearerRaw(token, "HEAD", path, "", nil); status != 200 || hdr.Get("Content-Length") != strconv.Itoa(total) {
		t.Errorf("HEAD of a stored file: %d, length %q", status, hdr.Get("Content-Length"))
	}

	wrong := strings.Repeat("ab", 32)
	if status, b, _ = w.bearerRaw(token, "PUT", "/api/sync/files/"+wrong, "hello", nil); status != 400 || !strings.Contains(b, "does not match") {
		t.Errorf("content not matching its name: %d %s", status, b)
	}
	if status, _, hdr = w.bearerRaw(token, "HEAD", "/api/sync/files/"+wrong, "", nil); status != 404 || hdr.Get(backend.SyncReceivedHeader) != "0" {
		t.Errorf("a refused upload left %q bytes", hdr.Get(backend.SyncReceivedHeader))
	}
}
