package http_test

import (
	"strings"
	"testing"

	"siteward/backend"
)

// remarkRows are the Customer Data > Remarks routes in the authz matrix. The
// remark they act on is on an inactive property, so publishing it changes
// nothing any portal row sees.
func remarkRows(w *world) []scenario {
	w.remark("AuthzRemark", "NorthClosed", "critical", "Authz remark on a closed site", false)
	return officeScenarios([]officeRoute{
		{"GET", "/api/remarks?q=Authz", "", 200, "Authz remark on a closed site"},
		{"POST", "/api/remarks/publish", `{"ids":["{AuthzRemark}"],"published":true}`, 200, `"changed":1`},
		{"POST", "/api/remarks/{AuthzRemark}/resolve", "", 200, `"status":"resolved"`},
		{"POST", "/api/remarks/{AuthzRemark}/reopen", "", 200, `"status":"open"`},
	}, "Authz remark")
}

// remark inserts a remark named for the matrix (its id is {name}).
func (w *world) remark(name, prop, sev, desc string, published bool) {
	id := backend.NewID()
	now := backend.FormatTime(w.now)
	var at any
	if published {
		at = now
	}
	w.exec(`INSERT INTO remarks (id, property_id, severity, description, raised_at, published, published_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, w.ids[prop], sev, desc, now, published, at, now, now)
	w.ids[name] = id
}

func TestRemarks_BulkPublishThroughTheAPI(t *testing.T) {
	w := newWorld(t)
	w.remark("R1", "NorthTower", "critical", "Hydrant valve cracked", false)
	w.remark("R2", "SouthPlaza", "non_critical", "Extinguisher tag missing", false)
	office, north := w.agent("office"), w.agent("north")
	north.chooseView("group", "SydneyNorth")

	status, body := office.do("GET", "/api/remarks?published=false&sort=severity", "")
	if status != 200 || !strings.Contains(body, `"total":2`) || strings.Index(body, "Hydrant") > strings.Index(body, "Extinguisher") {
		t.Fatalf("unpublished list: %d %s", status, body)
	}
	status, body = office.do("GET", "/api/remarks?severity=fatal", "")
	if status != 400 || !strings.Contains(body, `"severity"`) {
		t.Errorf("bad severity: %d %s", status, body)
	}
	status, body = office.do("POST", "/api/remarks/publish", `{"ids":["{R1}","{R2}"]}`)
	if status != 400 || !strings.Contains(body, `"published"`) {
		t.Errorf("publish without published: %d %s", status, body)
	}
	status, body = office.do("POST", "/api/remarks/publish", `{"ids":["{R1}","00000000-0000-7000-8000-000000000000"],"published":true}`)
	if status != 404 {
		t.Errorf("publish with an unknown id: %d %s", status, body)
	}
	if _, body = north.do("GET", "/api/portal/dashboard", ""); !strings.Contains(body, `"openDefectsTotal":0`) {
		t.Fatalf("the customer sees an unpublished remark: %s", body)
	}
	status, body = office.do("POST", "/api/remarks/publish", `{"ids":["{R1}","{R2}"],"published":true}`)
	if status != 200 || !strings.Contains(body, `"changed":2`) {
		t.Fatalf("publish: %d %s", status, body)
	}
	if _, body = north.do("GET", "/api/portal/dashboard", ""); !strings.Contains(body, `"openDefectsTotal":1`) {
		t.Errorf("after publishing, the customer should see their one remark: %s", body)
	}
	status, body = office.do("POST", "/api/remarks/{R1}/resolve", "")
	if status != 200 || !strings.Contains(body, `"resolvedAt":"2026`) {
		t.Errorf("resolve: %d %s", status, body)
	}
	status, body = office.do("POST", "/api/remarks/{R1}/resolve", "")
	if status != 409 {
		t.Errorf("resolve twice: %d %s", status, body)
	}
}
