package http_test

import (
	"bytes"
	"image"
	"image/png"
	"io"
	"net/http"
	"strings"
	"testing"

	"siteward/backend"
)

const authzPDF = "%PDF-1.4 authz contract"

// pngOf draws a w × h image.
func pngOf(t testing.TB, w, h int) string {
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// buildDocuments gives NorthClient and NorthAnnex folders, documents and
// signoffs (one with a public, one with a private document), and the
// inactive NorthClosed floorplans and an asset (out of every portal count).
func (w *world) buildDocuments() {
	pdf := w.storeFile(authzPDF, "application/pdf")
	png := w.storeFile(pngOf(w.t, 8, 6), "image/png")
	folder := func(owner, col, name string) {
		w.exec(`INSERT INTO document_folders (id, `+col+`, name, created_at, updated_at) VALUES (?, ?, ?, 'x', 'x')`, backend.NewID(), w.ids[owner], name)
	}
	for _, f := range []struct{ owner, col, name string }{
		{"NorthClient", "client_id", "Contracts"}, {"NorthClient", "client_id", "ToRename"}, {"NorthClient", "client_id", "Empty"},
		{"NorthAnnex", "property_id", "public"}, {"NorthAnnex", "property_id", "Internal"}, {"NorthAnnex", "property_id", "Old plans"}, {"NorthAnnex", "property_id", "Empty"},
	} {
		folder(f.owner, f.col, f.name)
	}
	w.ids["AuthzRenameFolder"], w.ids["AuthzEmptyFolder"], w.ids["AuthzOldFolder"] = "ToRename", "Empty", "Old%20plans"
	doc := func(name, col, owner, folder, title string) {
		w.ids[name] = backend.NewID()
		w.exec(`INSERT INTO documents (id, `+col+`, folder, name, file_sha256, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'x', 'x')`,
			w.ids[name], w.ids[owner], folder, title, pdf)
	}
	doc("AuthzDoc", "client_id", "NorthClient", "Contracts", "Authz contract")
	doc("AuthzDelDoc", "client_id", "NorthClient", "Contracts", "Authz old contract")
	doc("AuthzPublicCert", "property_id", "NorthAnnex", "public", "Authz public certificate")
	doc("AuthzPrivateCert", "property_id", "NorthAnnex", "Internal", "Authz private certificate")
	plan := func(name, title string) {
		w.ids[name] = backend.NewID()
		w.exec(`INSERT INTO floorplans (id, property_id, name, file_sha256, width, height, created_at, updated_at) VALUES (?, ?, ?, ?, 8, 6, 'x', 'x')`,
			w.ids[name], w.ids["NorthClosed"], title, png)
	}
	plan("AuthzPlan", "Authz plan")
	plan("AuthzDelPlan", "Authz old plan")
	w.ids["AuthzAsset"] = backend.NewID()
	w.exec(`INSERT INTO assets (id, property_id, type, location, created_at, updated_at) VALUES (?, ?, 'Hose reel', 'Authz stairwell', 'x', 'x')`,
		w.ids["AuthzAsset"], w.ids["NorthClosed"])
	signoff := func(name, contractor, doc string) {
		w.ids[name] = backend.NewID()
		w.exec(`INSERT INTO signoffs (id, property_id, contractor, signed_by, signed_on, document_id, created_at) VALUES (?, ?, ?, 'Sam Sparky', '2026-09-01', ?, 'x')`,
			w.ids[name], w.ids["NorthAnnex"], contractor, w.ids[doc])
	}
	signoff("AuthzSignoff", "Authz Fire Services", "AuthzPublicCert")
	signoff("AuthzPrivateSignoff", "Authz Electrical", "AuthzPrivateCert")
}

// documentRows put the office's documents, floorplans and signoffs routes in
// the authz matrix, and the portal's view of a signoff's documents.
func documentRows(w *world) []scenario {
	w.buildDocuments()
	rows := officeScenarios([]officeRoute{
		{"GET", "/api/clients/{NorthClient}/documents", "", 200, "Authz contract"},
		{"GET", "/api/properties/{NorthAnnex}/documents", "", 200, "Authz private certificate"},
		{"POST", "/api/clients/{NorthClient}/documents?folder=Contracts&fileName=authz-upload.pdf", "%PDF-1.4 authz upload", 201, `"name":"authz-upload.pdf"`},
		{"POST", "/api/properties/{NorthAnnex}/documents?folder=public&fileName=x.pdf&name=Authz%20notice", "%PDF-1.4 authz notice", 201, `"public":true`},
		{"POST", "/api/clients/{NorthClient}/folders", `{"name":"Authz new"}`, 201, `"name":"Authz new"`},
		{"POST", "/api/properties/{NorthAnnex}/folders", `{"name":"Authz new"}`, 201, `"name":"Authz new"`},
		{"PUT", "/api/clients/{NorthClient}/folders/{AuthzRenameFolder}", `{"name":"Authz renamed"}`, 200, `"name":"Authz renamed"`},
		{"PUT", "/api/properties/{NorthAnnex}/folders/{AuthzOldFolder}", `{"name":"Authz older plans"}`, 200, `"name":"Authz older plans"`},
		{"DELETE", "/api/clients/{NorthClient}/folders/{AuthzEmptyFolder}", "", 204, ""},
		{"DELETE", "/api/properties/{NorthAnnex}/folders/{AuthzEmptyFolder}", "", 204, ""},
		{"PATCH", "/api/documents/{AuthzDoc}", `{"name":"Authz contract 2026"}`, 200, `"name":"Authz contract 2026"`},
		{"GET", "/api/documents/{AuthzDoc}/file", "", 200, authzPDF},
		{"DELETE", "/api/documents/{AuthzDelDoc}", "", 204, ""},
		{"GET", "/api/properties/{NorthClosed}/floorplans", "", 200, "Authz stairwell"},
		{"POST", "/api/properties/{NorthClosed}/floorplans?name=Authz%20level%202", pngOf(w.t, 40, 30), 201, `"width":40,"height":30`},
		{"PATCH", "/api/floorplans/{AuthzPlan}", `{"name":"Authz ground"}`, 200, `"name":"Authz ground"`},
		{"GET", "/api/floorplans/{AuthzPlan}/image", "", 200, "PNG"},
		{"DELETE", "/api/floorplans/{AuthzDelPlan}", "", 204, ""},
		{"PUT", "/api/assets/{AuthzAsset}/pin", `{"floorplanId":"{AuthzPlan}","x":0.5,"y":0.25}`, 200, `"pinX":0.5,"pinY":0.25`},
		{"DELETE", "/api/assets/{AuthzAsset}/pin", "", 200, `"pinX":null`},
		{"GET", "/api/properties/{NorthAnnex}/signoffs", "", 200, "Authz Fire Services"},
		{"POST", "/api/properties/{NorthAnnex}/signoffs", `{"contractor":"Authz Sprinklers","signedBy":"Lee","signedOn":"2026-11-01"}`, 201, "Authz Sprinklers"},
		{"DELETE", "/api/signoffs/{AuthzSignoff}", "", 204, ""},
	}, "Authz")
	page := "/api/portal/properties/{NorthAnnex}/page"
	return append([]scenario{
		// A signoff's document reaches the portal only from the public folder.
		{as: "north", method: "GET", path: page, wantStatus: 200,
			wantContains:    []string{"Authz Fire Services", `"documentId":"{AuthzPublicCert}"`, "Authz Electrical"},
			wantNotContains: []string{"Authz private certificate", "{AuthzPrivateCert}", "Authz contract"}},
		{as: "north", method: "GET", path: "/api/portal/documents/{AuthzPrivateCert}/file", wantStatus: 404},
		{as: "north", method: "GET", path: "/api/portal/documents/{AuthzDoc}/file", wantStatus: 404},
		{as: "north", method: "GET", path: "/api/portal/documents/{AuthzPublicCert}/file", wantStatus: 200, wantContains: []string{authzPDF}},
		{as: "nsw", method: "GET", path: "/api/portal/documents/{AuthzPublicCert}/file", wantStatus: 200},
		{as: "limited", method: "GET", path: "/api/portal/documents/{AuthzPublicCert}/file", wantStatus: 404},
		{as: "other", method: "GET", path: "/api/portal/documents/{AuthzPublicCert}/file", wantStatus: 404},
	}, rows...)
}

// upload posts content as the browser's api.upload does.
func (a *agent) upload(path string, content []byte) (*http.Response, string) {
	a.w.t.Helper()
	req, err := http.NewRequest("POST", a.w.ts.URL+a.w.expand(path), bytes.NewReader(content))
	a.w.must(err)
	req.Header.Set("Content-Type", "application/octet-stream")
	resp, err := a.c.Do(req)
	a.w.must(err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// get returns the response with its headers.
func (a *agent) get(path string) (*http.Response, string) {
	a.w.t.Helper()
	resp, err := a.c.Get(a.w.ts.URL + a.w.expand(path))
	a.w.must(err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestDocumentUpload_LimitAndSniffing(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	if status, body := office.do("POST", "/api/clients/{NorthClient}/folders", `{"name":"public"}`); status != 201 {
		t.Fatalf("folder: %d %s", status, body)
	}
	docs := "/api/clients/{NorthClient}/documents"
	big := append([]byte("%PDF-1.4\n"), make([]byte, backend.MaxDocumentBytes)...)
	for _, tc := range []struct {
		name, query string
		content     []byte
		want        string
	}{
		{"too large", "?folder=public&fileName=big.pdf", big, "larger than 25 MB"},
		{"html named pdf", "?folder=public&fileName=plan.pdf", []byte("<!DOCTYPE html><script>alert(1)</script>"), "none of those"},
		{"no folder", "?fileName=plan.pdf", []byte("%PDF-1.4 x"), `"folder"`},
		{"missing folder", "?folder=Secret&fileName=plan.pdf", []byte("%PDF-1.4 x"), "create it first"},
	} {
		resp, body := office.upload(docs+tc.query, tc.content)
		if resp.StatusCode != 400 || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s, want 400 with %q", tc.name, resp.StatusCode, body, tc.want)
		}
	}
	if status, body := office.do("GET", docs, ""); status != 200 || !strings.Contains(body, `"documents":[]`) {
		t.Errorf("refused uploads were stored: %s", body)
	}
	if n := w.count(`SELECT COUNT(*) FROM files`); n != 0 {
		t.Errorf("refused uploads left %d files rows", n)
	}
	// The sender's Content-Type is not trusted: a PDF sent as text is a PDF.
	resp, body := office.upload(docs+"?folder=public&fileName=plan", []byte("%PDF-1.4 plan"))
	if resp.StatusCode != 201 || !strings.Contains(body, `"mime":"application/pdf"`) {
		t.Fatalf("pdf: %d %s", resp.StatusCode, body)
	}
	status, body := office.do("POST", "/api/properties/{NorthTower}/floorplans?name=Plan", "%PDF-1.4 not an image")
	if status != 400 || !strings.Contains(body, "PNG or JPEG") {
		t.Errorf("pdf as a floorplan: %d %s", status, body)
	}
	status, body = office.do("PUT", "/api/assets/00000000-0000-7000-8000-000000000000/pin", `{"floorplanId":"00000000-0000-7000-8000-000000000000","x":2,"y":0}`)
	if status != 400 || !strings.Contains(body, `"x"`) {
		t.Errorf("pin off the plan: %d %s", status, body)
	}
}

func TestDocumentFile_SafeHeaders(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	office.do("POST", "/api/clients/{NorthClient}/folders", `{"name":"public"}`)
	docs := "/api/clients/{NorthClient}/documents?folder=public&fileName="
	id := func(body string) string {
		return decode[struct{ ID string }](t, body).ID
	}
	_, pdf := office.upload(docs+"plan.html", []byte("%PDF-1.4 plan"))
	_, text := office.upload(docs+"notes.html", []byte("hello <b>not html</b> after text"))
	_, docx := office.upload(docs+"spec.docx", []byte("PK\x03\x04 a word file"))
	for _, tc := range []struct {
		path, typ, disposition string
	}{
		{"/api/documents/" + id(pdf) + "/file", "application/pdf", `inline; filename=plan.html.pdf`},
		{"/api/documents/" + id(pdf) + "/file?download=1", "application/pdf", `attachment; filename=plan.html.pdf`},
		{"/api/documents/" + id(text) + "/file", "text/plain; charset=utf-8", `inline; filename=notes.html.txt`},
		{"/api/documents/" + id(docx) + "/file", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", `attachment; filename=spec.docx`},
	} {
		resp, _ := office.get(tc.path)
		h := resp.Header
		if resp.StatusCode != 200 || h.Get("Content-Type") != tc.typ || h.Get("Content-Disposition") != tc.disposition ||
			h.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(h.Get("Content-Security-Policy"), "sandbox;") {
			t.Errorf("%s: %d %v", tc.path, resp.StatusCode, h)
		}
	}
	// The portal serves the same file the same way: in place for its
	// preview, as a download when asked, a Word file always as a download.
	north := w.agent("north")
	north.chooseView("group", "SydneyNorth")
	if status, body := north.do("GET", "/api/portal/properties/{NorthTower}/page", ""); status != 200 || !strings.Contains(body, "plan.html") {
		t.Fatalf("portal page: %d %s", status, body)
	}
	for path, disposition := range map[string]string{"/api/portal/documents/" + id(pdf) + "/file": "inline",
		"/api/portal/documents/" + id(pdf) + "/file?download=1": "attachment", "/api/portal/documents/" + id(docx) + "/file": "attachment"} {
		resp, _ := north.get(path)
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), disposition+";") ||
			resp.Header.Get("X-Content-Type-Options") != "nosniff" || !strings.HasPrefix(resp.Header.Get("Content-Security-Policy"), "sandbox;") {
			t.Errorf("portal file %s: %d %v", path, resp.StatusCode, resp.Header)
		}
	}
}
