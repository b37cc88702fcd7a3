package http_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"siteward/backend"
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

// companyRows: Settings > Company, outbox attachments and a group account's
// welcome email are the office's alone. The logo is put before it is read
// and removed last.
func companyRows(w *world) []scenario {
	logo := string(testLogo(w.t, 120, 40))
	// A message with the saved report's PDF attached (buildSavedReport).
	rep, err := w.srv.Reports.FindReportByID(context.Background(), w.ids["NorthReport"])
	w.must(err)
	m := &backend.OutboxMessage{Kind: "report", To: "reports@north.example", Subject: "Report", TextBody: "Attached.",
		Attachments: []backend.OutboxAttachment{{SHA256: rep.FileSHA256, Filename: "North.pdf", MIME: "application/pdf"}}}
	w.must(w.srv.Outbox.EnqueueMessage(context.Background(), m))
	w.ids["AttachedMsg"], w.ids["First"] = m.ID, "0"
	// The group account buildEmail invited.
	var groupUser string
	w.must(w.db.ScanRow(context.Background(), `SELECT user_id FROM invitations WHERE id = ?`, []any{w.ids["GroupInvite"]}, &groupUser))
	w.ids["GroupUser"] = groupUser
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
		{"GET", "/api/outbox/{AttachedMsg}/attachments/{First}", "", 200, "%PDF-1.4 saved"},
		{"POST", "/api/client-groups/{VIC}/accounts/{GroupUser}/welcome", "", 201, `"purpose":"welcome"`},
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

// With a logo set, a report's email carries the inline logo and the stored
// PDF (the outbox viewer shows the logo from its bytes), and every report
// drawn, portal or office, has the logo on its pages.
func TestReportsAndTheirEmailsCarryTheLogo(t *testing.T) {
	w := newWorld(t)
	w.buildSavedReport()
	office := w.agent("office")
	logo := testLogo(t, 120, 40)
	if status, body := office.do("PUT", "/api/settings/company/logo", string(logo)); status != 200 {
		t.Fatalf("upload: %d %s", status, body)
	}
	status, body := office.do("POST", "/api/reports/{NorthReport}/email", "")
	if status != 200 {
		t.Fatalf("email: %d %s", status, body)
	}
	list := decode[struct {
		Items []backend.OutboxMessage `json:"items"`
	}](t, body)
	if len(list.Items) == 0 {
		t.Fatalf("no message: %s", body)
	}
	m := list.Items[0]
	rep, _ := w.srv.Reports.FindReportByID(context.Background(), w.ids["NorthReport"])
	if len(m.Attachments) != 2 || m.Attachments[0].ContentID != backend.LogoContentID || m.Attachments[1].SHA256 != rep.FileSHA256 ||
		m.Attachments[1].MIME != "application/pdf" {
		t.Fatalf("attachments %+v", m.Attachments)
	}
	w.ids["ReportMsg"], w.ids["Past"] = m.ID, "2"
	if _, html := office.do("GET", "/api/outbox/{ReportMsg}/html", ""); !strings.Contains(html, `src="data:image/png;base64,`) ||
		strings.Contains(html, "cid:") {
		t.Errorf("the outbox viewer does not show the logo: %s", html)
	}
	if status, _ := office.do("GET", "/api/outbox/{ReportMsg}/attachments/{Past}", ""); status != 404 {
		t.Errorf("attachment past the end: %d", status)
	}

	north := w.agent("north")
	north.chooseView("group", "SydneyNorth")
	status, pdf := north.do("GET", "/api/portal/reports/monthly-activity?month=2026-11", "")
	if status != 200 || !strings.Contains(pdf, "/Subtype /Image") {
		t.Errorf("portal report without the logo: %d, %d bytes", status, len(pdf))
	}
	office.do("DELETE", "/api/settings/company/logo", "")
	if _, pdf = north.do("GET", "/api/portal/reports/monthly-activity?month=2026-11", ""); strings.Contains(pdf, "/Subtype /Image") {
		t.Error("the logo is still drawn after it was removed")
	}
}
