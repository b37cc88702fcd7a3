package http_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

// testLogo is a wide red PNG, like a real logo.
func testLogo(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{R: 198, G: 40, B: 40, A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// companyRows: Settings > Company is the office's alone. The logo is put
// before it is read and removed last.
func companyRows(w *world) []scenario {
	logo := string(testLogo(w.t, 120, 40))
	routes := []struct {
		method, path, body string
		ok                 int
		contains           string
	}{
		{"GET", "/api/settings/company", "", 200, `"timeZone":"Australia/Sydney"`},
		{"PUT", "/api/settings/company", `{"companyName":"Matrix Fire","timeZone":"Australia/Perth","portalUrl":"https://portal.example.com:8443","contactPhone":"02 9000 0000","contactEmail":"office@example.com"}`, 200, `"companyName":"Matrix Fire"`},
		{"PUT", "/api/settings/company/logo", logo, 200, `"width":120`},
		{"GET", "/api/settings/company/logo", "", 200, "PNG"},
		{"DELETE", "/api/settings/company/logo", "", 200, `"logo":null`},
	}
	var rows []scenario
	for _, r := range routes {
		rows = append(rows,
			scenario{as: "guest", method: r.method, path: r.path, body: r.body, wantStatus: 401},
			scenario{as: "north", method: r.method, path: r.path, body: r.body, wantStatus: 403},
			scenario{as: "office", method: r.method, path: r.path, body: r.body, wantStatus: r.ok, wantContains: []string{r.contains}},
		)
	}
	return rows
}

func TestCompanySettings(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")

	// Bad fields: each named beside its field, nothing saved.
	status, body := office.do("PUT", "/api/settings/company", `{"companyName":" ","timeZone":"Mars/Olympus","portalUrl":"ftp://x",
		"contactPhone":"call me","contactEmail":"nope"}`)
	for _, f := range []string{"companyName", "timeZone", "portalUrl", "contactPhone", "contactEmail"} {
		if status != 400 || !strings.Contains(body, `"`+f+`"`) {
			t.Errorf("bad save lacks %s: %d %s", f, status, body)
		}
	}
	if _, body = office.do("GET", "/api/settings/company", ""); !strings.Contains(body, `"companyName":"Siteward"`) ||
		!strings.Contains(body, `"defaultPortalUrl":"http://127.0.0.1`) {
		t.Fatalf("after a refused save: %s", body)
	}

	status, body = office.do("PUT", "/api/settings/company", `{"companyName":"Harbour Fire","timeZone":"Australia/Perth",
		"portalUrl":"https://portal.example.com/","contactPhone":"+61 2 9000 0000","contactEmail":"Office@Example.com","logo":null}`)
	if status != 200 || !strings.Contains(body, `"portalUrl":"https://portal.example.com"`) || !strings.Contains(body, `"contactEmail":"office@example.com"`) {
		t.Fatalf("save: %d %s", status, body)
	}

	// A bad logo is refused with the reason and writes nothing.
	for name, b := range map[string]string{
		"text":      "not an image",
		"cut off":   string(testLogo(t, 120, 40)[:60]),
		"too small": string(testLogo(t, 8, 8)),
		"too large": strings.Repeat("x", 1<<20+10),
	} {
		status, body = office.do("PUT", "/api/settings/company/logo", b)
		if status != 400 || !strings.Contains(body, `"logo"`) {
			t.Errorf("%s logo: %d %s", name, status, body)
		}
	}
	if n := w.count(`SELECT COUNT(*) FROM files WHERE mime LIKE 'image/%'`); n != 0 {
		t.Errorf("bad logos wrote %d files rows", n)
	}
	if _, body = office.do("GET", "/api/settings/company/logo", ""); !strings.Contains(body, "no logo") {
		t.Errorf("logo before upload: %s", body)
	}

	logo := testLogo(t, 120, 40)
	status, body = office.do("PUT", "/api/settings/company/logo", string(logo))
	sum := sha256.Sum256(logo)
	if status != 200 || !strings.Contains(body, `"sha256":"`+hex.EncodeToString(sum[:])+`"`) || !strings.Contains(body, `"height":40`) ||
		!strings.Contains(body, `"companyName":"Harbour Fire"`) {
		t.Fatalf("upload: %d %s", status, body)
	}
	if _, got := office.do("GET", "/api/settings/company/logo", ""); got != string(logo) {
		t.Errorf("the logo read back differs (%d bytes)", len(got))
	}
	// Saving the other fields keeps the logo.
	office.do("PUT", "/api/settings/company", `{"companyName":"Harbour Fire Pty","timeZone":"Australia/Perth","portalUrl":"","contactPhone":"","contactEmail":""}`)
	if _, body = office.do("GET", "/api/settings/company", ""); !strings.Contains(body, `"width":120`) {
		t.Errorf("saving the settings lost the logo: %s", body)
	}
	if status, body = office.do("DELETE", "/api/settings/company/logo", ""); status != 200 || !strings.Contains(body, `"logo":null`) {
		t.Errorf("remove: %d %s", status, body)
	}
}
