package http_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"siteward/backend"
	"siteward/backend/sqlite"
)

// pngPixel is a 1×1 PNG.
var pngPixel = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")

// detailTask inserts a routine-less service call named for the tests (its id is {name}).
func (w *world) detailTask(name, prop, stage, title string) {
	id := backend.NewID()
	w.exec(`INSERT INTO tasks (id, property_id, kind, stage, title, due_on, tolerance_days, created_at, updated_at)
		VALUES (?, ?, 'service_call', ?, ?, '2026-12-10', 3, 'x', 'x')`, id, w.ids[prop], stage, title)
	w.ids[name] = id
}

// conflict records an unreviewed sync conflict on a task column.
func (w *world) conflict(name, table, row, col, kept, lost string) {
	id := backend.NewID()
	w.exec(`INSERT INTO sync_conflicts (id, tbl, row_id, col, kept, kept_hlc, kept_site, lost, lost_hlc, lost_site, recorded_at, reason)
		VALUES (?, ?, ?, ?, ?, ?, 'hub-site', ?, ?, 'laptop-site', ?, '')`,
		id, table, w.ids[row], col, kept, backend.HLC{Wall: 1764550800000}.String(), lost, backend.HLC{Wall: 1764547200000}.String(),
		backend.FormatTime(w.now))
	w.ids[name] = id
}

// taskDetailRows are the task and remark detail routes in the authz matrix.
func taskDetailRows(w *world) []scenario {
	w.detailTask("AuthzDetailTask", "NorthClosed", "ready", "Authz detail task")
	w.remark("AuthzDetailRemark", "NorthClosed", "critical", "Authz detail remark", false)
	sum := sha256.Sum256(pngPixel)
	sha := hex.EncodeToString(sum[:])
	w.must(w.srv.Files.PutFile(sha, "image/png", pngPixel))
	w.exec(`INSERT INTO files (sha256, size, mime, created_at) VALUES (?, ?, 'image/png', 'x')`, sha, len(pngPixel))
	w.ids["AuthzPhoto"] = backend.NewID()
	w.exec(`INSERT INTO remark_photos (id, remark_id, file_sha256, caption, created_at) VALUES (?, ?, ?, 'Authz photo', 'x')`,
		w.ids["AuthzPhoto"], w.ids["AuthzDetailRemark"], sha)
	return officeScenarios([]officeRoute{
		{"GET", "/api/tasks/{AuthzDetailTask}", "", 200, `"nextStages":["inprogress","performed","onhold","cancelled"]`},
		{"PATCH", "/api/tasks/{AuthzDetailTask}", `{"description":"Authz results"}`, 200, "Authz results"},
		{"GET", "/api/remarks/{AuthzDetailRemark}", "", 200, "Authz photo"},
		{"GET", "/api/remark-photos/{AuthzPhoto}/image", "", 200, "PNG"},
		{"GET", "/api/sync/conflicts?table=tasks&rowId={AuthzDetailTask}", "", 200, `"total":0`},
		{"POST", "/api/sync/conflicts/00000000-0000-7000-8000-000000000000/keep", `{"side":"lost"}`, 404, "no such conflict"},
	}, "Authz detail", "Authz laptop", "Authz results", "Authz photo")
}

func TestTaskDetail_EditThroughTheAPI(t *testing.T) {
	w := newWorld(t)
	w.detailTask("T1", "NorthTower", "ready", "Pump run test")
	office := w.agent("office")

	status, body := office.do("GET", "/api/tasks/{T1}", "")
	if status != 200 || !strings.Contains(body, `"windowFrom":"2026-12-07"`) || !strings.Contains(body, `"windowTo":"2026-12-13"`) ||
		!strings.Contains(body, `"number":null`) {
		t.Fatalf("detail: %d %s", status, body)
	}
	// A refused edit writes nothing, even the fields that were fine.
	status, body = office.do("PATCH", "/api/tasks/{T1}", `{"dueOn":"10/12/2026","description":"Should not be saved"}`)
	if status != 400 || !strings.Contains(body, `"dueOn":"Enter a date as YYYY-MM-DD`) {
		t.Fatalf("bad date: %d %s", status, body)
	}
	if _, body = office.do("GET", "/api/tasks/{T1}", ""); strings.Contains(body, "Should not be saved") {
		t.Errorf("a refused edit wrote a field: %s", body)
	}
	status, body = office.do("PATCH", "/api/tasks/{T1}", `{"stage":"complete"}`)
	if status != 409 || !strings.Contains(body, `"stage":"A task ready can become`) {
		t.Errorf("an illegal move: %d %s", status, body)
	}
	status, body = office.do("PATCH", "/api/tasks/{T1}", `{"technicianId":"{north}"}`)
	if status != 400 || !strings.Contains(body, `"technicianId"`) {
		t.Errorf("a customer as technician: %d %s", status, body)
	}
	status, body = office.do("PATCH", "/api/tasks/{T1}", `{"stage":"performed","dueOn":"2026-12-20"}`)
	if status != 200 || !strings.Contains(body, `"stage":"performed"`) || !strings.Contains(body, `"performedAt":"2026`) ||
		!strings.Contains(body, `"nextStages":["complete","inprogress"]`) || !strings.Contains(body, `"dueOn":"2026-12-20"`) {
		t.Fatalf("move and reschedule: %d %s", status, body)
	}
	var n int
	w.must(w.db.View(context.Background(), func(tx *sqlite.Tx) error {
		return tx.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_log WHERE action = 'task.update' AND entity_id = ?`, w.ids["T1"]).Scan(&n)
	}))
	if n != 1 {
		t.Errorf("%d audit rows for one edit, want 1", n)
	}
}

func TestTaskDetail_KeepAConflictValueFromTheRecord(t *testing.T) {
	w := newWorld(t)
	w.detailTask("T1", "NorthTower", "ready", "Office title")
	w.conflict("C1", "tasks", "T1", "title", `"Office title"`, `"Laptop title"`)
	w.conflict("C2", "tasks", "T1", "", `null`, `null`)
	office := w.agent("office")

	status, body := office.do("GET", "/api/sync/conflicts?table=tasks&rowId={T1}", "")
	if status != 200 || !strings.Contains(body, `"total":2`) || !strings.Contains(body, `"lostAt":"2025-12-01T00:00:00Z"`) ||
		!strings.Contains(body, `"keepable":true`) || !strings.Contains(body, `"keepable":false`) {
		t.Fatalf("the record's conflicts: %d %s", status, body)
	}
	// Other records show theirs too; a field the record's form edits is
	// reviewed there (not keepable from the panel).
	w.conflict("Q1", "properties", "NorthTower", "name", `"North Tower"`, `"North Tower A"`)
	if status, body = office.do("GET", "/api/sync/conflicts?table=properties&rowId={NorthTower}", ""); status != 200 ||
		!strings.Contains(body, `"total":1`) || !strings.Contains(body, `"keepable":false`) || !strings.Contains(body, `North Tower A`) {
		t.Errorf("a property's conflicts: %d %s", status, body)
	}
	if status, body = office.do("GET", "/api/sync/conflicts?table=users&rowId={T1}", ""); status != 400 || !strings.Contains(body, `"table"`) {
		t.Errorf("another table: %d %s", status, body)
	}
	if status, body = office.do("POST", "/api/sync/conflicts/{C1}/keep", `{"side":"both"}`); status != 400 {
		t.Errorf("a bad side: %d %s", status, body)
	}
	if status, body = office.do("POST", "/api/sync/conflicts/{C2}/keep", `{"side":"lost"}`); status != 409 {
		t.Errorf("a delete conflict kept from the record: %d %s", status, body)
	}
	if status, body = office.do("POST", "/api/sync/conflicts/{C1}/keep", `{"side":"lost"}`); status != 204 {
		t.Fatalf("keep: %d %s", status, body)
	}
	if _, body = office.do("GET", "/api/tasks/{T1}", ""); !strings.Contains(body, `"title":"Laptop title"`) {
		t.Errorf("the kept value was not written: %s", body)
	}
	if _, body = office.do("GET", "/api/sync/conflicts?table=tasks&rowId={T1}", ""); !strings.Contains(body, `"total":1`) {
		t.Errorf("the kept conflict is still waiting: %s", body)
	}
	// A remark's resolved date follows its status: shown and reviewed with it.
	w.remark("R1", "NorthTower", "critical", "Hydrant valve cracked", false)
	w.conflict("S", "remarks", "R1", "status", `"open"`, `"resolved"`)
	w.conflict("SA", "remarks", "R1", "resolved_at", `null`, `"2026-11-19T01:00:00.000Z"`)
	if _, body = office.do("GET", "/api/sync/conflicts?table=remarks&rowId={R1}", ""); !strings.Contains(body, `"total":1`) || strings.Contains(body, "resolved_at") {
		t.Errorf("the resolved date is shown apart from the status: %s", body)
	}
	if status, body = office.do("POST", "/api/sync/conflicts/{S}/keep", `{"side":"lost"}`); status != 204 {
		t.Fatalf("keep resolved: %d %s", status, body)
	}
	if _, body = office.do("GET", "/api/remarks/{R1}", ""); !strings.Contains(body, `"status":"resolved"`) || !strings.Contains(body, `"needsReview":false`) {
		t.Errorf("after keeping resolved: %s", body)
	}
	if status, _ = office.do("POST", "/api/sync/conflicts/{C1}/keep", `{"side":"kept"}`); status != 404 {
		t.Errorf("keeping twice: %d", status)
	}
}
