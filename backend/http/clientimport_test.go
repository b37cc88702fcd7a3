package http_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

// officeRoute is an office-only route and what the office gets from it.
type officeRoute struct {
	method, path, body string
	okStatus           int
	okContains         string
}

// officeScenarios puts each office route before a guest (401), customers
// (403, nothing leaked) and the office, in that order.
func officeScenarios(routes []officeRoute, leak ...string) []scenario {
	var rows []scenario
	for _, r := range routes {
		rows = append(rows,
			scenario{as: "guest", method: r.method, path: r.path, body: r.body, wantStatus: 401},
			scenario{as: "north", method: r.method, path: r.path, body: r.body, wantStatus: 403, wantNotContains: leak},
			scenario{as: "national", method: r.method, path: r.path, body: r.body, wantStatus: 403, wantNotContains: leak},
			scenario{as: "office", method: r.method, path: r.path, body: r.body, wantStatus: r.okStatus, wantContains: []string{r.okContains}},
		)
	}
	return rows
}

// clientImportRows are the import routes in the authz matrix: office only.
func clientImportRows() []scenario {
	csv := "Client code *,Name *\nZ-1,Imported Zed\n"
	return officeScenarios([]officeRoute{
		{"GET", "/api/client-imports/template?format=csv", "", 200, "Client code *"},
		{"POST", "/api/client-imports/preview?fileName=z.csv", csv, 200, `"creates":1`},
		{"POST", "/api/client-imports?fileName=z.csv", csv, 201, `"created":1`},
	}, "Imported Zed")
}

func TestClientImport_PreviewThenApply(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	status, body := office.do("GET", "/api/client-imports/template?format=pdf", "")
	if status != 400 || !strings.Contains(body, `"format"`) {
		t.Errorf("pdf template: %d %s", status, body)
	}
	file := "Client code *,Name *,Client group,Primary contact email\nN-9,Ninth Client,NSW,\nBAD,,Nowhere,x@\n"
	status, body = office.do("POST", "/api/client-imports/preview?fileName=c.csv", file)
	if status != 200 || !strings.Contains(body, `"problemCount":4`) || !strings.Contains(body, `"creates":1`) {
		t.Fatalf("preview: %d %s", status, body)
	}
	status, body = office.do("POST", "/api/client-imports?fileName=c.csv", file)
	if status != 400 || !strings.Contains(body, "nothing was imported") {
		t.Fatalf("apply with problems: %d %s", status, body)
	}
	file = "Client code *,Name *,Client group\nN-9,Ninth Client,NSW\n"
	status, body = office.do("POST", "/api/client-imports?fileName=c.csv", file)
	if status != 201 || !strings.Contains(body, `"userName":"office"`) {
		t.Fatalf("apply: %d %s", status, body)
	}
	status, body = office.do("GET", "/api/clients?groupId={NSW}", "")
	if !strings.Contains(body, "Ninth Client") {
		t.Errorf("imported client not listed: %d %s", status, body)
	}
	status, body = office.do("POST", "/api/client-imports?fileName=again.csv", file)
	if status != 409 || !strings.Contains(body, "already imported") {
		t.Errorf("same file again: %d %s", status, body)
	}
}

func TestClientImport_TemplateIsADownload(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	resp, err := office.c.Get(w.ts.URL + "/api/client-imports/template?format=xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.HasPrefix(string(b), "PK") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), "siteward-clients-template.xlsx") ||
		!strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("xlsx template: %d %v", resp.StatusCode, resp.Header)
	}
}

// endless is an upload of n bytes that is never held in memory.
type endless struct{ left int64 }

func (e *endless) Read(p []byte) (int, error) {
	if e.left <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), e.left)
	for i := range p[:n] {
		p[i] = 'a'
	}
	e.left -= n
	return int(n), nil
}

func TestClientImport_RefusesA100MBUpload(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	req, err := http.NewRequest("POST", w.ts.URL+"/api/client-imports/preview?fileName=huge.csv", &endless{left: 100 << 20})
	if err != nil {
		t.Fatal(err)
	}
	req.ContentLength = 100 << 20
	resp, err := office.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 400 || !strings.Contains(string(b), "larger than 16 MB") {
		t.Errorf("100 MB upload: %d %s", resp.StatusCode, b)
	}
	if n, err := w.db.QueryInt(req.Context(), `SELECT COUNT(*) FROM client_imports`); err != nil || n != 0 {
		t.Errorf("imports recorded: %d %v", n, err)
	}
}
