package sqlite

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

// sliceWorld: a hub with three clients' sites and a technician's laptop
// enrolled from the hub's slice snapshot.
type sliceWorld struct {
	t                *testing.T
	hub, laptop      *DB
	hubSync, lapSync *SyncService
	site, epoch      string
	tech, other      *backend.User
	cA, cB, cC       *backend.Client
	pA, pB, pC       *backend.Property
	tA, tB, tC       string
	rA, rB           string
	docA, docB       string // Alpha's and Beta's client documents
	folderA, folderB string // their client folders
}

func newSliceWorld(t *testing.T) *sliceWorld {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	w := &sliceWorld{t: t}
	w.hub = MustOpenDBAt(t, filepath.Join(dir, "hub.db"), NewTestClock())
	w.hubSync = NewSyncService(w.hub)
	w.tech = MustCreateUser(t, w.hub, "Tess Tech", backend.LicenceTechnician)
	w.other = MustCreateUser(t, w.hub, "Otto Other", backend.LicenceTechnician)
	w.cA, w.cB, w.cC = MustCreateClient(t, w.hub, "Alpha Strata", nil), MustCreateClient(t, w.hub, "Beta Strata", nil), MustCreateClient(t, w.hub, "Gamma Strata", nil)
	w.pA, w.pB, w.pC = MustCreateProperty(t, w.hub, w.cA, "Alpha Tower"), MustCreateProperty(t, w.hub, w.cB, "Beta Tower"), MustCreateProperty(t, w.hub, w.cC, "Gamma Tower")
	w.tA = mustInsertTask(t, w.hub, w.pA, w.tech, "Alpha inspection") // due 20/03, in the window
	w.tB = mustInsertTask(t, w.hub, w.pB, w.other, "Beta inspection") // another technician's
	w.tC = mustInsertTask(t, w.hub, w.pC, w.tech, "Gamma inspection") // moved past the window below
	MustExec(t, w.hub, `UPDATE tasks SET due_on = '2026-06-01' WHERE id = ?`, w.tC)
	w.rA = MustInsertRemark(t, w.hub, w.pA, backend.SeverityNonCritical, "open", false)
	w.rB = MustInsertRemark(t, w.hub, w.pB, backend.SeverityNonCritical, "open", false)
	if err := NewInvoiceService(w.hub, time.UTC).CreateInvoice(ctx, &backend.Invoice{PropertyID: w.pA.ID, TotalCents: 5000}); err != nil {
		t.Fatal(err)
	}
	// Each client has a folder with a document; Alpha Tower's signoff names
	// Alpha's (a client's document, not the property's).
	sum := strings.Repeat("ab", 32)
	MustExec(t, w.hub, `INSERT INTO files (sha256, size, mime, created_at) VALUES (?, 3, 'application/pdf', 'x')`, sum)
	w.docA, w.docB, w.folderA, w.folderB = backend.NewID(), backend.NewID(), backend.NewID(), backend.NewID()
	for _, d := range []struct {
		doc, folder string
		client      *backend.Client
	}{{w.docA, w.folderA, w.cA}, {w.docB, w.folderB, w.cB}} {
		MustExec(t, w.hub, `INSERT INTO document_folders (id, client_id, name, created_at, updated_at) VALUES (?, ?, 'public', 'x', 'x')`, d.folder, d.client.ID)
		MustExec(t, w.hub, `INSERT INTO documents (id, client_id, folder, name, file_sha256, created_at, updated_at) VALUES (?, ?, 'public', 'Site induction', ?, 'x', 'x')`, d.doc, d.client.ID, sum)
	}
	MustExec(t, w.hub, `INSERT INTO signoffs (id, property_id, contractor, signed_by, signed_on, created_at, document_id) VALUES (?, ?, 'Acme Sprinklers', 'A. Fitter', '2026-03-01', 'x', ?)`, backend.NewID(), w.pA.ID, w.docA)

	w.site, w.epoch = backend.NewID(), backend.NewID()
	token, err := w.hubSync.EnrolSite(ctx, w.site, w.epoch, w.tech.ID)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "laptop.db")
	cursor, gen, err := w.hubSync.WriteSnapshot(ctx, w.site, path)
	if err != nil {
		t.Fatal(err)
	}
	if gen == 0 {
		t.Fatal("a technician's snapshot names no slice generation")
	}
	w.laptop = MustOpenDBAt(t, path, NewTestClock())
	w.lapSync = NewSyncService(w.laptop)
	if err := w.lapSync.JoinHub(ctx, backend.SyncJoin{SiteID: w.site, Epoch: w.epoch, Token: token, Cursor: cursor, SliceGen: gen}); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *sliceWorld) pull() {
	w.t.Helper()
	ctx := context.Background()
	for {
		b, err := w.hubSync.Pull(ctx, w.site, mustPullFrom(w.t, w.lapSync), 3)
		if err != nil {
			w.t.Fatalf("pull: %v", err)
		}
		if err := w.lapSync.ApplyPull(ctx, b); err != nil {
			w.t.Fatalf("apply pull: %v", err)
		}
		if !b.More {
			return
		}
	}
}

func (w *sliceWorld) push() {
	w.t.Helper()
	ctx := context.Background()
	pending, _ := w.lapSync.PendingChanges(ctx, 100)
	v, _ := w.laptop.SchemaVersion(ctx)
	res, err := w.hubSync.ApplyPush(ctx, backend.PushBatch{SiteID: w.site, Epoch: w.epoch, SchemaVersion: v, Changes: pending})
	if err != nil {
		w.t.Fatal(err)
	}
	if err := w.lapSync.AcknowledgePush(ctx, res); err != nil {
		w.t.Fatal(err)
	}
}

func (w *sliceWorld) has(db *DB, table, id string) bool {
	w.t.Helper()
	return MustCount(w.t, db, `SELECT COUNT(*) FROM `+table+` WHERE id = ?`, id) == 1
}

// The snapshot holds the technician's properties and what belongs to them,
// nothing of other sites, no invoices.
func TestSlice_SnapshotHoldsOnlyTheTechniciansProperties(t *testing.T) {
	w := newSliceWorld(t)
	for _, c := range []struct {
		table, id string
		want      bool
	}{
		{"properties", w.pA.ID, true}, {"clients", w.cA.ID, true}, {"tasks", w.tA, true}, {"remarks", w.rA, true},
		{"properties", w.pB.ID, false}, {"clients", w.cB.ID, false}, {"tasks", w.tB, false}, {"remarks", w.rB, false},
		{"properties", w.pC.ID, false}, {"tasks", w.tC, false},
		{"documents", w.docA, true}, {"document_folders", w.folderA, true},
		{"documents", w.docB, false}, {"document_folders", w.folderB, false},
	} {
		if got := w.has(w.laptop, c.table, c.id); got != c.want {
			t.Errorf("laptop has %s %s: %v, want %v", c.table, c.id, got, c.want)
		}
	}
	if n := MustCount(t, w.laptop, `SELECT COUNT(*) FROM signoffs WHERE document_id = ?`, w.docA); n != 1 {
		t.Error("the snapshot lacks the signoff naming its client's document")
	}
	if n := MustCount(t, w.laptop, `SELECT COUNT(*) FROM invoices`); n != 0 {
		t.Errorf("%d invoices in a technician's snapshot", n)
	}
	if n := MustCount(t, w.laptop, `SELECT COUNT(*) FROM users WHERE id = ?`, w.other.ID); n != 1 {
		t.Error("the snapshot lacks the users tasks name")
	}
	// Nothing moved: pulling sends nothing and keeps the generation.
	gen := mustSliceGen(t, w.lapSync)
	w.pull()
	if got := mustSliceGen(t, w.lapSync); got != gen {
		t.Errorf("slice generation %d → %d with nothing moved", gen, got)
	}
}

// Assignments move: a site comes whole with the next pull; a site that
// left is dropped on the laptop (not at the hub) — once the laptop's own
// unsent edit of it has been dealt with.
func TestSlice_FollowsAssignments(t *testing.T) {
	w := newSliceWorld(t)
	MustExec(t, w.hub, `UPDATE tasks SET technician_id = ? WHERE id = ?`, w.tech.ID, w.tB)
	w.pull()
	for _, c := range []struct{ table, id string }{{"properties", w.pB.ID}, {"clients", w.cB.ID}, {"tasks", w.tB}, {"remarks", w.rB}} {
		if !w.has(w.laptop, c.table, c.id) {
			t.Errorf("after the assignment the laptop lacks %s %s", c.table, c.id)
		}
	}
	if got := queryString(t, w.laptop, `SELECT technician_id FROM tasks WHERE id = ?`, w.tB); got != w.tech.ID {
		t.Errorf("entered task is not up to date: technician %s", got)
	}

	// Offline, the technician notes something on Alpha's remark; meanwhile
	// the office gives Alpha's task to someone else.
	MustExec(t, w.laptop, `UPDATE remarks SET description = 'Door closer loose' WHERE id = ?`, w.rA)
	MustExec(t, w.hub, `UPDATE tasks SET technician_id = ? WHERE id = ?`, w.other.ID, w.tA)
	w.pull()
	if w.has(w.laptop, "tasks", w.tA) {
		t.Error("the task that left the slice is still on the laptop")
	}
	if !w.has(w.laptop, "remarks", w.rA) || !w.has(w.laptop, "properties", w.pA.ID) {
		t.Fatal("the laptop dropped a row its unsent edit refers to")
	}
	w.push()
	for _, c := range []struct{ table, id string }{{"remarks", w.rA}, {"properties", w.pA.ID}, {"clients", w.cA.ID}} {
		if w.has(w.laptop, c.table, c.id) {
			t.Errorf("after the push the laptop still has %s %s", c.table, c.id)
		}
		if !w.has(w.hub, c.table, c.id) {
			t.Errorf("the hub lost %s %s: a leave is not a delete", c.table, c.id)
		}
	}
	if got := queryString(t, w.hub, `SELECT description FROM remarks WHERE id = ?`, w.rA); got != "Door closer loose" {
		t.Errorf("the edit made before the site left did not reach the hub: %q", got)
	}
	// A pull answer lost on the way is sent again, whole.
	MustExec(t, w.hub, `UPDATE tasks SET technician_id = ? WHERE id = ?`, w.tech.ID, w.tA)
	ctx := context.Background()
	if _, err := w.hubSync.Pull(ctx, w.site, mustPullFrom(t, w.lapSync), 100); err != nil {
		t.Fatal(err)
	}
	w.pull()
	if !w.has(w.laptop, "tasks", w.tA) || !w.has(w.laptop, "properties", w.pA.ID) {
		t.Error("after a lost answer the site did not come back")
	}
}

// Clients the office chooses for an install come with their sites,
// whatever the tasks.
func TestSlice_ChosenClients(t *testing.T) {
	w := newSliceWorld(t)
	ctx := context.Background()
	if err := w.hubSync.SetSiteClients(ctx, w.site, []string{w.cC.ID}); err != nil {
		t.Fatal(err)
	}
	w.pull()
	if !w.has(w.laptop, "properties", w.pC.ID) || !w.has(w.laptop, "tasks", w.tC) {
		t.Error("the chosen client's site did not come")
	}
	if err := w.hubSync.SetSiteClients(ctx, w.site, []string{"not-a-client"}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("an unknown client: %v", err)
	}
	if err := w.hubSync.SetSiteClients(ctx, backend.NewID(), nil); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("an unknown install: %v", err)
	}
}

// A technician's install may download its slice's files and its own
// uploads, no other (it answers like a file the hub does not have).
func TestSlice_FilesOutsideTheSliceCannotBeRead(t *testing.T) {
	w := newSliceWorld(t)
	ctx := context.Background()
	now := backend.FormatTime(testNow)
	inside, outside, own := strings.Repeat("a1", 32), strings.Repeat("b2", 32), strings.Repeat("c3", 32)
	for _, f := range []struct {
		sum string
		p   *backend.Property
	}{{inside, w.pA}, {outside, w.pB}} {
		MustExec(t, w.hub, `INSERT INTO files (sha256, size, mime, created_at) VALUES (?, 10, 'application/pdf', ?)`, f.sum, now)
		MustExec(t, w.hub, `INSERT INTO floorplans (id, property_id, name, file_sha256, width, height, created_at, updated_at) VALUES (?, ?, 'Level 1', ?, 100, 100, ?, ?)`,
			backend.NewID(), f.p.ID, f.sum, now, now)
	}
	MustExec(t, w.laptop, `INSERT INTO files (sha256, size, mime, created_at) VALUES (?, 10, 'image/jpeg', ?)`, own, now)
	w.push()
	w.pull()
	if err := w.hubSync.MayReadFile(ctx, w.site, inside); err != nil {
		t.Errorf("the slice's floorplan file: %v", err)
	}
	if err := w.hubSync.MayReadFile(ctx, w.site, own); err != nil {
		t.Errorf("the install's own upload: %v", err)
	}
	if err := w.hubSync.MayReadFile(ctx, w.site, outside); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("another site's file: %v, want ENOTFOUND", err)
	}
}

// A user made at the hub after the laptop's snapshot (users are not
// captured) comes with the next pull, ahead of the task that names them.
func TestSync_NewUsersComeBeforeTheChangesNamingThem(t *testing.T) {
	w := newSliceWorld(t)
	newcomer := MustCreateUser(t, w.hub, "Nina Newcomer", backend.LicenceTechnician)
	task := mustInsertTask(t, w.hub, w.pA, newcomer, "Second pair of hands") // at a site of the laptop's
	w.pull()
	if !w.has(w.laptop, "tasks", task) {
		t.Fatal("the new task at the laptop's site did not come")
	}
	if got := queryString(t, w.laptop, `SELECT name || ' ' || password_hash FROM users WHERE id = ?`, newcomer.ID); got != "Nina Newcomer " {
		t.Errorf("laptop user %q, want the name and no password", got)
	}
	// And the laptop's copy follows a rename.
	MustExec(t, w.hub, `UPDATE users SET name = 'Nina Newman', updated_at = '2999-01-01T00:00:00.000Z' WHERE id = ?`, newcomer.ID)
	w.pull()
	if got := queryString(t, w.laptop, `SELECT name FROM users WHERE id = ?`, newcomer.ID); got != "Nina Newman" {
		t.Errorf("laptop user %q after the rename", got)
	}
}

// Rows entering the slice come whole in the first batch of a long pull,
// as they are at the end of the log, before any change that names them;
// their older log entries are passed over, so the laptop never shows an
// older value than the one it received.
func TestSlice_EnteringRowsComeFirstInALongPull(t *testing.T) {
	w := newSliceWorld(t)
	ctx := context.Background()
	MustExec(t, w.hub, `UPDATE tasks SET technician_id = ? WHERE id = ?`, w.tech.ID, w.tB)
	for i := range 12 {
		MustExec(t, w.hub, `UPDATE tasks SET description = ? WHERE id = ?`, "note "+strconv.Itoa(i), w.tB)
	}
	MustExec(t, w.hub, `UPDATE remarks SET description = 'Seen at Alpha' WHERE id = ?`, w.rA) // in the slice already
	for batch := 0; ; batch++ {
		b, err := w.hubSync.Pull(ctx, w.site, mustPullFrom(t, w.lapSync), 2)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.lapSync.ApplyPull(ctx, b); err != nil {
			t.Fatalf("batch %d: %v", batch, err)
		}
		if got := queryString(t, w.laptop, `SELECT description FROM tasks WHERE id = ?`, w.tB); got != "note 11" {
			t.Fatalf("after batch %d the entering task shows %q, want the end of the log's %q", batch, got, "note 11")
		}
		if !b.More {
			break
		}
	}
	if got := queryString(t, w.laptop, `SELECT description FROM remarks WHERE id = ?`, w.rA); got != "Seen at Alpha" {
		t.Errorf("a row already held missed its change: %q", got)
	}
}

// A technician's install holds the notes of its clients, not of others;
// a note written there offline reaches the hub, and one the office adds
// meanwhile reaches the install.
func TestSlice_ClientNotesTravelBothWays(t *testing.T) {
	// Notes written at the hub before enrolment: one per client.
	noteOf := func(db *DB, c *backend.Client, author *backend.User, body string) string {
		t.Helper()
		id := backend.NewID()
		MustExec(t, db, `INSERT INTO client_notes (id, client_id, author_id, body, created_at) VALUES (?, ?, ?, ?, '2026-03-10T09:00:00.000Z')`,
			id, c.ID, author.ID, body)
		return id
	}
	w := newSliceWorld(t)
	// The world is enrolled already: the office's notes arrive by pull.
	office := MustCreateUser(t, w.hub, "Olive Office", backend.LicenceOffice)
	nA, nB := noteOf(w.hub, w.cA, office, "Alpha: key with the caretaker"), noteOf(w.hub, w.cB, office, "Beta: dogs on site")
	w.pull()
	if !w.has(w.laptop, "client_notes", nA) || w.has(w.laptop, "client_notes", nB) {
		t.Fatalf("laptop holds Alpha's note %v (want true), Beta's %v (want false)", w.has(w.laptop, "client_notes", nA), w.has(w.laptop, "client_notes", nB))
	}
	own := noteOf(w.laptop, w.cA, w.tech, "Alpha: side gate now padlocked")
	w.push()
	if !w.has(w.hub, "client_notes", own) {
		t.Error("the technician's note did not reach the hub")
	}
	if n := MustCount(t, w.hub, `SELECT COUNT(*) FROM sync_quarantine`); n != 0 {
		t.Errorf("%d changes quarantined", n)
	}
}
