package http_test

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// getRaw fetches path as a and returns the response headers and body.
func (a *agent) getRaw(path string) (*http.Response, []byte) {
	a.w.t.Helper()
	resp, err := a.c.Get(a.w.ts.URL + a.w.expand(path))
	a.w.must(err)
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, err = buf.ReadFrom(resp.Body)
	a.w.must(err)
	return resp, buf.Bytes()
}

func TestClientsExport_IsExactlyTheFilteredSortedList(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	if status, body := office.do("POST", "/api/clients/bulk", `{"ids":["{NorthClient}","{VicClient}","{OtherClient}"],"addTags":["=cmd|' /C calc'!A0"]}`); status != 200 {
		t.Fatalf("bulk: %d %s", status, body)
	}
	// The list as the UI shows it: tagged, sorted by name descending.
	list := "tag=" + "%3Dcmd%7C'%20%2FC%20calc'!A0" + "&sort=-name"
	status, body := office.do("GET", "/api/clients?"+list+"&limit=2", "")
	if status != 200 || !strings.Contains(body, `"total":3`) {
		t.Fatalf("list: %d %s", status, body)
	}

	resp, b := office.getRaw("/api/clients/export?format=csv&columns=name,group,tags&" + list)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(resp.Header.Get("Content-Disposition"), `filename="clients-2026-11-20.csv"`) {
		t.Fatalf("csv: %d %v %s", resp.StatusCode, resp.Header, b)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	got := []string{}
	for _, r := range recs {
		got = append(got, strings.Join(r, "|"))
	}
	want := []string{"Client|Group|Tags",
		"VicClient|VIC|'=cmd|' /C calc'!A0", "OtherClient|Other|'=cmd|' /C calc'!A0", "NorthClient|SydneyNorth|'=cmd|' /C calc'!A0"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("csv =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	resp, b = office.getRaw("/api/clients/export?format=xlsx&portalAccess=false&sort=name")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("xlsx: %d %v", resp.StatusCode, resp.Header)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Clients")
	if err != nil {
		t.Fatal(err)
	}
	// Every client of the world is in a group with portal accounts except none;
	// the header row is always there, and Tags says NO PORTAL ACCESS for the rest.
	if len(rows) < 1 || rows[0][0] != "Client" || rows[0][len(rows[0])-1] != "Added" {
		t.Fatalf("xlsx rows = %q", rows)
	}
	for _, r := range rows[1:] {
		if !strings.Contains(strings.Join(r, "|"), "NO PORTAL ACCESS") {
			t.Errorf("row without portal access lacks the tag: %q", r)
		}
	}

	for _, bad := range []string{"format=pdf", "format=csv&columns=name,secret", "format=csv&active=maybe"} {
		if status, body := office.do("GET", "/api/clients/export?"+bad, ""); status != 400 || !strings.Contains(body, `"fields"`) {
			t.Errorf("%s: %d %s, want 400 with a field error", bad, status, body)
		}
	}
}

func TestClientsBulk_RefusedEditWritesNothing(t *testing.T) {
	w := newWorld(t)
	office := w.agent("office")
	status, body := office.do("POST", "/api/clients/bulk", `{"ids":["{NorthClient}","00000000-0000-7000-8000-000000000000"],"addTags":["x"],"active":false}`)
	if status != 400 || !strings.Contains(body, `"ids"`) {
		t.Fatalf("bulk with a missing id: %d %s", status, body)
	}
	if _, body := office.do("GET", "/api/clients/{NorthClient}", ""); strings.Contains(body, `"x"`) || strings.Contains(body, `"active":false`) {
		t.Errorf("a refused bulk edit changed the client: %s", body)
	}
	if status, body := office.do("POST", "/api/clients/bulk", `{"ids":["{NorthClient}"],"addTag":["typo"]}`); status != 400 {
		t.Errorf("unknown field: %d %s", status, body)
	}
}
