package sqlite

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

// syncWorld is a hub and one laptop made from its snapshot, each on its own
// real database file and clock, with a task for the laptop's technician.
type syncWorld struct {
	t                   *testing.T
	hub, laptop         *DB
	hubSync, laptopSync *SyncService
	hubClock, lapClock  *TestClock
	tech, otherTech     *backend.User
	site, epoch         string
	task, otherTask     string
	quote, remark, prop string
	client              *backend.Client
}

func newSyncWorld(t *testing.T, laptopLicence backend.Licence) *syncWorld {
	t.Helper()
	ctx := context.Background()
	w := &syncWorld{t: t, hubClock: NewTestClock(), lapClock: NewTestClock()}
	dir := t.TempDir()
	w.hub = MustOpenDBAt(t, filepath.Join(dir, "hub.db"), w.hubClock)
	w.tech = MustCreateUser(t, w.hub, "Tess Tech", laptopLicence)
	w.otherTech = MustCreateUser(t, w.hub, "Otto Other", backend.LicenceTechnician)
	w.client = MustCreateClient(t, w.hub, "Harbour Strata", nil)
	p := MustCreateProperty(t, w.hub, w.client, "Harbour Tower")
	w.prop = p.ID
	w.task = mustInsertTask(t, w.hub, p, w.tech, "Monthly inspection")
	w.otherTask = mustInsertTask(t, w.hub, p, w.otherTech, "Hydrant flow test")
	w.quote = MustInsertQuote(t, w.hub, p, "submitted")
	w.remark = MustInsertRemark(t, w.hub, p, backend.SeverityNonCritical, "open", false)
	w.hubSync = NewSyncService(w.hub)

	// Enrolment: the laptop starts from a copy of the hub and the hub's
	// log position at the copy.
	cursor, err := w.hubSync.LogPosition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := w.hub.Backup(ctx, "enrol")
	if err != nil {
		t.Fatal(err)
	}
	lapPath := filepath.Join(dir, "laptop.db")
	if err := os.Rename(snap, lapPath); err != nil {
		t.Fatal(err)
	}
	w.laptop = MustOpenDBAt(t, lapPath, w.lapClock)
	w.laptopSync = NewSyncService(w.laptop)
	w.site, w.epoch = backend.NewID(), backend.NewID()
	token, err := w.hubSync.EnrolSite(ctx, w.site, w.epoch, w.tech.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.laptopSync.JoinHub(ctx, backend.SyncJoin{SiteID: w.site, Epoch: w.epoch, Token: token, Cursor: cursor}); err != nil {
		t.Fatal(err)
	}
	return w
}

func mustInsertTask(tb testing.TB, db *DB, p *backend.Property, tech *backend.User, title string) string {
	tb.Helper()
	id := backend.NewID()
	now := backend.FormatTime(testNow)
	MustExec(tb, db, `INSERT INTO tasks (id, property_id, kind, stage, title, technician_id, due_on, created_at, updated_at)
		VALUES (?, ?, 'other', 'ready', ?, ?, '2026-03-20', ?, ?)`, id, p.ID, title, tech.ID, now, now)
	return id
}

// push sends everything pending and acknowledges it.
func (w *syncWorld) push() *backend.PushResult {
	w.t.Helper()
	ctx := context.Background()
	pending, err := w.laptopSync.PendingChanges(ctx, 100)
	if err != nil {
		w.t.Fatal(err)
	}
	res, err := w.hubSync.ApplyPush(ctx, w.batch(pending))
	if err != nil {
		w.t.Fatalf("push: %v", err)
	}
	if err := w.laptopSync.AcknowledgePush(ctx, res); err != nil {
		w.t.Fatal(err)
	}
	return res
}

func (w *syncWorld) batch(changes []backend.Change) backend.PushBatch {
	v, err := w.laptop.SchemaVersion(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	return backend.PushBatch{SiteID: w.site, Epoch: w.epoch, SchemaVersion: v, Changes: changes}
}

// pull applies the hub's log until there is no more.
func (w *syncWorld) pull() {
	w.t.Helper()
	ctx := context.Background()
	for {
		b, err := w.hubSync.Pull(ctx, w.site, mustPullFrom(w.t, w.laptopSync), 2)
		if err != nil {
			w.t.Fatalf("pull: %v", err)
		}
		if err := w.laptopSync.ApplyPull(ctx, b); err != nil {
			w.t.Fatalf("apply pull: %v", err)
		}
		if !b.More {
			return
		}
	}
}

func mustPullFrom(tb testing.TB, s *SyncService) backend.PullFrom {
	tb.Helper()
	f, err := s.PullFrom(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func mustSliceGen(tb testing.TB, s *SyncService) int64 { return mustPullFrom(tb, s).SliceGen }

func queryString(tb testing.TB, db *DB, query string, args ...any) string {
	tb.Helper()
	var s string
	if err := db.write.QueryRow(query, args...).Scan(&s); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return s
}

func TestSync_OfflineEditReachesTheHubOnce(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceTechnician)
	w.lapClock.Add(time.Hour)
	MustExec(t, w.laptop, `UPDATE tasks SET stage = 'performed', performed_at = '2026-03-10T15:30:00.000Z' WHERE id = ?`, w.task)

	pending, err := w.laptopSync.PendingChanges(context.Background(), 100)
	if err != nil || len(pending) != 1 {
		t.Fatalf("pending = %v, %v; want the one edit", pending, err)
	}
	res := w.push()
	if res.Applied != 1 || res.Conflicts != 0 || res.Quarantined != 0 {
		t.Fatalf("push result %+v, want one applied", res)
	}
	if got := queryString(t, w.hub, `SELECT stage FROM tasks WHERE id = ?`, w.task); got != "performed" {
		t.Errorf("hub task stage = %q, want performed", got)
	}
	if left, _ := w.laptopSync.PendingChanges(context.Background(), 100); len(left) != 0 {
		t.Errorf("%d changes still pending after the acknowledgement", len(left))
	}

	// The same batch again (a lost acknowledgement): acknowledged, no effect.
	logBefore, _ := w.hubSync.LogPosition(context.Background())
	again, err := w.hubSync.ApplyPush(context.Background(), w.batch(pending))
	if err != nil || again.Duplicates != 1 || again.Applied != 0 || again.LastSeq != res.LastSeq {
		t.Fatalf("replayed batch: %+v, %v; want one duplicate and the same position", again, err)
	}
	if logAfter, _ := w.hubSync.LogPosition(context.Background()); logAfter != logBefore {
		t.Errorf("a replayed batch wrote the hub's log: %d → %d", logBefore, logAfter)
	}
}

// Both edit the same field: the later edit wins by clock, and because the
// laptop never saw the office's edit, the pair is recorded for review.
func TestSync_ConcurrentEditsOfOneFieldAreAConflict(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceTechnician)
	w.hubClock.Add(10 * time.Minute)
	MustExec(t, w.hub, `UPDATE tasks SET description = 'Office: bring the ladder' WHERE id = ?`, w.task)
	w.lapClock.Add(20 * time.Minute)
	MustExec(t, w.laptop, `UPDATE tasks SET description = 'Tech: level 3 door jammed' WHERE id = ?`, w.task)

	res := w.push()
	if res.Conflicts != 1 {
		t.Fatalf("push result %+v, want one conflict", res)
	}
	if got := queryString(t, w.hub, `SELECT description FROM tasks WHERE id = ?`, w.task); got != "Tech: level 3 door jammed" {
		t.Errorf("hub kept %q, want the later edit", got)
	}
	cs, err := w.hubSync.FindConflicts(context.Background())
	if err != nil || len(cs) != 1 {
		t.Fatalf("conflicts %v, %v", cs, err)
	}
	c := cs[0]
	if c.Column != "description" || string(c.Kept) != `"Tech: level 3 door jammed"` || string(c.Lost) != `"Office: bring the ladder"` ||
		c.KeptSite != w.site || c.LostSite != w.hub.SiteID() {
		t.Errorf("conflict %+v, want both values with who made them", c)
	}
	w.pull()
	if got := queryString(t, w.laptop, `SELECT description FROM tasks WHERE id = ?`, w.task); got != "Tech: level 3 door jammed" {
		t.Errorf("laptop has %q after pulling", got)
	}
}

// The laptop's clock is slow: its edit is older than the office's and loses,
// and a pull made while the edit was pending still ends with the winner.
func TestSync_LosingEditConvergesOnTheWinner(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceTechnician)
	w.lapClock.Add(-2 * time.Hour)
	MustExec(t, w.laptop, `UPDATE tasks SET scheduled_on = '2026-03-11' WHERE id = ?`, w.task)
	w.hubClock.Add(time.Minute)
	MustExec(t, w.hub, `UPDATE tasks SET scheduled_on = '2026-03-12' WHERE id = ?`, w.task)

	w.pull() // the office's value is skipped: the laptop's own edit is pending
	if got := queryString(t, w.laptop, `SELECT scheduled_on FROM tasks WHERE id = ?`, w.task); got != "2026-03-11" {
		t.Fatalf("laptop lost its pending edit to a pull: %q", got)
	}
	res := w.push()
	if res.Conflicts != 1 {
		t.Errorf("push result %+v, want the unseen office edit recorded", res)
	}
	w.pull()
	hub := queryString(t, w.hub, `SELECT scheduled_on FROM tasks WHERE id = ?`, w.task)
	lap := queryString(t, w.laptop, `SELECT scheduled_on FROM tasks WHERE id = ?`, w.task)
	if hub != "2026-03-12" || lap != hub {
		t.Errorf("hub %q, laptop %q: want both on the office's later value", hub, lap)
	}
}

// A technician's changes to prices, to another technician's task or that
// break the data's rules are quarantined — kept, never applied, never lost
// — while the rest of the batch applies.
func TestSync_RefusedChangesAreQuarantined(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceTechnician)
	MustExec(t, w.laptop, `UPDATE quotes SET total_cents = 1 WHERE id = ?`, w.quote)
	MustExec(t, w.laptop, `UPDATE tasks SET stage = 'complete', completed_at = '2026-03-10T16:00:00.000Z' WHERE id = ?`, w.otherTask)
	MustExec(t, w.laptop, `UPDATE remarks SET published = 1, published_at = '2026-03-10T16:00:00.000Z' WHERE id = ?`, w.remark)
	MustExec(t, w.laptop, `UPDATE tasks SET stage = 'inprogress' WHERE id = ?`, w.task)

	res := w.push()
	if res.Quarantined != 3 || res.Applied != 1 {
		t.Fatalf("push result %+v, want 3 quarantined and 1 applied", res)
	}
	if got := queryString(t, w.hub, `SELECT total_cents FROM quotes WHERE id = ?`, w.quote); got != "10000" {
		t.Errorf("a technician changed a price: %s", got)
	}
	if got := queryString(t, w.hub, `SELECT stage FROM tasks WHERE id = ?`, w.otherTask); got != "ready" {
		t.Errorf("a technician changed another's task: %s", got)
	}
	if got := queryString(t, w.hub, `SELECT stage FROM tasks WHERE id = ?`, w.task); got != "inprogress" {
		t.Errorf("the allowed change did not apply: %s", got)
	}
	if n := MustCount(t, w.hub, `SELECT COUNT(*) FROM sync_quarantine WHERE site_id = ?`, w.site); n != 3 {
		t.Errorf("%d quarantined rows, want 3", n)
	}
	// The laptop is put back to what the hub has, and keeps the allowed change.
	w.pull()
	for _, c := range []struct{ query, want string }{
		{`SELECT total_cents FROM quotes WHERE id = ?`, "10000"},
		{`SELECT stage FROM tasks WHERE id = ?`, "ready"},
		{`SELECT published FROM remarks WHERE id = ?`, "0"},
	} {
		id := map[string]string{"quotes": w.quote, "tasks": w.otherTask, "remarks": w.remark}[strings.Fields(c.query)[3]]
		if got := queryString(t, w.laptop, c.query, id); got != c.want {
			t.Errorf("laptop after pulling: %s = %s, want the hub's %s", c.query, got, c.want)
		}
	}
	if got := queryString(t, w.laptop, `SELECT stage FROM tasks WHERE id = ?`, w.task); got != "inprogress" {
		t.Errorf("laptop lost its accepted change: %s", got)
	}
}

// An office install may change anything; a change that breaks a CHECK is
// quarantined on its own, and the batch goes on.
func TestSync_ChangeBreakingTheRulesIsQuarantinedAlone(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceOffice)
	MustExec(t, w.laptop, `UPDATE quotes SET total_cents = 12500 WHERE id = ?`, w.quote)
	// Hand-made change: resolved with no resolution date breaks the remarks CHECK.
	bad := backend.Change{Seq: 1 << 40, Table: "remarks", RowID: w.remark, Op: backend.OpUpdate,
		Cols: []byte(`{"status":"resolved"}`), HLC: w.laptop.clock.Tick().String()}
	pending, _ := w.laptopSync.PendingChanges(context.Background(), 100)
	res, err := w.hubSync.ApplyPush(context.Background(), w.batch(append(pending, bad)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Applied != 1 || res.Quarantined != 1 {
		t.Fatalf("push result %+v, want 1 applied, 1 quarantined", res)
	}
	if got := queryString(t, w.hub, `SELECT total_cents FROM quotes WHERE id = ?`, w.quote); got != "12500" {
		t.Errorf("office price change not applied: %s", got)
	}
	if got := queryString(t, w.hub, `SELECT status FROM remarks WHERE id = ?`, w.remark); got != "open" {
		t.Errorf("a change breaking the rules applied: %s", got)
	}
	if got := queryString(t, w.hub, `SELECT reason FROM sync_quarantine WHERE seq = ?`, bad.Seq); got == "" {
		t.Error("no reason kept")
	}
}

// A delete of a row the office edited meanwhile is a conflict too.
func TestSync_DeleteVersusEditIsAConflict(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceOffice)
	line := backend.NewID()
	MustExec(t, w.hub, `INSERT INTO quote_lines (id, quote_id, position, description, unit_cents, created_at) VALUES (?, ?, 1, 'Replace door closer', 18000, ?)`,
		line, w.quote, backend.FormatTime(testNow))
	w.pull()
	w.hubClock.Add(time.Minute)
	MustExec(t, w.hub, `UPDATE quote_lines SET unit_cents = 19500 WHERE id = ?`, line)
	w.lapClock.Add(5 * time.Minute)
	MustExec(t, w.laptop, `DELETE FROM quote_lines WHERE id = ?`, line)

	res := w.push()
	if res.Conflicts != 1 {
		t.Fatalf("push result %+v, want a delete-versus-edit conflict", res)
	}
	cs, _ := w.hubSync.FindConflicts(context.Background())
	if len(cs) != 1 || cs[0].Column != "" || string(cs[0].Kept) != "null" {
		t.Fatalf("conflicts %+v, want the delete kept and the edited row in the record", cs)
	}
	if n := MustCount(t, w.hub, `SELECT COUNT(*) FROM quote_lines WHERE id = ?`, line); n != 0 {
		t.Error("the later delete did not apply")
	}
}

func TestSync_IdentityIsChecked(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceTechnician)
	MustExec(t, w.laptop, `UPDATE tasks SET stage = 'inprogress' WHERE id = ?`, w.task)
	pending, _ := w.laptopSync.PendingChanges(context.Background(), 100)
	ctx := context.Background()

	copied := w.batch(pending)
	copied.Epoch = backend.NewID()
	if _, err := w.hubSync.ApplyPush(ctx, copied); backend.ErrorCode(err) != backend.EUNAUTHORIZED {
		t.Errorf("a copied install's push = %v, want EUNAUTHORIZED", err)
	}
	stranger := w.batch(pending)
	stranger.SiteID = backend.NewID()
	if _, err := w.hubSync.ApplyPush(ctx, stranger); backend.ErrorCode(err) != backend.EUNAUTHORIZED {
		t.Errorf("an unenrolled install's push = %v, want EUNAUTHORIZED", err)
	}
	if _, err := w.hubSync.Pull(ctx, stranger.SiteID, backend.PullFrom{}, 10); backend.ErrorCode(err) != backend.EUNAUTHORIZED {
		t.Errorf("an unenrolled install's pull = %v, want EUNAUTHORIZED", err)
	}
	newer := w.batch(pending)
	newer.SchemaVersion = "299901010000_future"
	if _, err := w.hubSync.ApplyPush(ctx, newer); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("a newer install's push = %v, want ECONFLICT (hold until the hub is upgraded)", err)
	}
	if got := queryString(t, w.hub, `SELECT stage FROM tasks WHERE id = ?`, w.task); got != "ready" {
		t.Errorf("a refused push changed the hub: %s", got)
	}
	if _, err := w.hubSync.EnrolSite(ctx, w.site, w.epoch, w.tech.ID); backend.ErrorCode(err) != backend.ECONFLICT {
		t.Errorf("enrolling twice = %v, want ECONFLICT", err)
	}
}

// The office sees the installs, the conflicts to review and what was refused,
// and marks a conflict reviewed once.
func TestSync_OfficeViews(t *testing.T) {
	w := newSyncWorld(t, backend.LicenceTechnician)
	ctx := context.Background()
	MustExec(t, w.hub, `UPDATE tasks SET description = 'Office note' WHERE id = ?`, w.task)
	w.lapClock.Add(time.Hour)
	MustExec(t, w.laptop, `UPDATE tasks SET description = 'Tech note' WHERE id = ?`, w.task)
	MustExec(t, w.laptop, `UPDATE quotes SET total_cents = 5 WHERE id = ?`, w.quote)
	w.push()

	sites, err := w.hubSync.FindSites(ctx)
	if err != nil || len(sites) != 1 || sites[0].SiteID != w.site || sites[0].UserName != "Tess Tech" || sites[0].LastPushAt == nil {
		t.Fatalf("sites %+v, %v", sites, err)
	}
	q, err := w.hubSync.FindQuarantine(ctx)
	if err != nil || len(q) != 1 || q[0].Reason == "" {
		t.Fatalf("quarantine %+v, %v", q, err)
	}
	cs, _ := w.hubSync.FindConflicts(ctx)
	if len(cs) != 1 {
		t.Fatalf("conflicts %+v", cs)
	}
	if err := w.hubSync.ResolveConflict(ctx, cs[0].ID, w.otherTech.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.hubSync.ResolveConflict(ctx, cs[0].ID, w.otherTech.ID); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("resolving twice = %v, want ENOTFOUND", err)
	}
	if left, _ := w.hubSync.FindConflicts(ctx); len(left) != 0 {
		t.Errorf("%d conflicts left after review", len(left))
	}
	// A refused change the office dealt with leaves the list, once.
	if err := w.hubSync.ResolveQuarantined(ctx, q[0].ID, w.otherTech.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.hubSync.ResolveQuarantined(ctx, q[0].ID, w.otherTech.ID); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("dealing with it twice = %v, want ENOTFOUND", err)
	}
	if left, _ := w.hubSync.FindQuarantine(ctx); len(left) != 0 {
		t.Errorf("%d refused changes left after dealing with them", len(left))
	}
	if n := MustCount(t, w.hub, `SELECT COUNT(*) FROM sync_quarantine`); n != 1 {
		t.Errorf("%d quarantine rows: dealing with one must keep it", n)
	}
	st, err := w.laptopSync.SyncStatus(ctx)
	if err != nil || st.Pending != 0 || st.LastSync == nil {
		t.Errorf("laptop status %+v, %v", st, err)
	}
}
