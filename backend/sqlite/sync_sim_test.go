package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"siteward/backend"
)

// The sync simulation: seeded random histories of a hub and three laptops
// on real database files — offline edits of the same fields, skewed
// clocks, lost acknowledgements, duplicated and lost deliveries, lost pull
// answers — then everyone syncs and the harness checks, from what each
// simulated user saw when writing (not from the implementation's own
// bookkeeping):
//
//   - convergence: every install ends with the hub's values;
//   - no silent loss: a written value that did not survive was either
//     overwritten by someone who had seen it, or is in a recorded conflict;
//   - exactly once: a redelivered batch changes nothing;
//   - authorisation: laptop 0 is a technician's, whose title edits must
//     never reach the hub and must be kept in quarantine;
//   - read-your-writes and monotonic reads, checked after every step on
//     every install: a field never shows a value older, in the merge's own
//     order (clock, site), than one it showed before — in particular never
//     an older one than the install's own write — except that a refused
//     change is undone;
//   - delete visibility: tasks are deleted too (by the hub and by laptops);
//     a row an install showed gone never shows again unless the hub has a
//     conflict or a refused change recorded for it, a delete that did not
//     survive is in a recorded conflict, and at the end an install holds a
//     task exactly when the hub does;
//   - crashes mid-apply: a crash is injected inside the apply transaction
//     of a push at the hub, of a pull or an acknowledgement at a laptop;
//     the crashed install must be exactly as before (checked on its
//     tables), it restarts (closed and opened again from its file) and the
//     next sync recovers. Laptops also restart between a local commit and
//     its push, and the hub between steps.
//
// SITEWARD_SYNC_SEEDS=1000 runs a longer search; a failure prints its seed.

const simLaptops = 3

var simFields = []string{"title", "description"}

// simDelete is a task deleted on an install, with what its author saw in
// its fields.
type simDelete struct {
	site string
	task string
	saw  map[string]string
}

type simWrite struct {
	site      string
	task      string
	field     string
	value     string
	overwrote string // the value the writer saw in that field when writing
}

type simInstall struct {
	name       string
	technician bool // may change a task's description, not its title
	db         *DB
	sync       *SyncService
	clock      *TestClock
	site       string
	epoch      string
}

type simWorld struct {
	t       testing.TB
	trace   bool // SITEWARD_SYNC_TRACE=1: log every step (for replaying a seed)
	r       *rand.Rand
	hub     *simInstall
	laptops []*simInstall
	tasks   []string
	writes  []simWrite
	deletes []simDelete
	n       int
	// rank orders the written values as the merge does (clock, then site);
	// the fixtures' values rank before every write.
	rank map[string]simRank
	// seen is what each install last showed in each field; gone, the
	// tasks it showed deleted.
	seen map[*simInstall]map[string]string
	gone map[*simInstall]map[string]bool
	// crashIn, when positive, counts down the apply steps to an injected
	// crash (syncFaults.crash); crashes counts the crashes injected.
	crashIn, crashes int
	// bad collects read-your-writes and monotonic-read violations.
	bad []string
	// skipReads leaves out those checks (a benchmark times the sync alone).
	skipReads bool
	// pullLimit is the pull batch (0: 1 to 5 at random).
	pullLimit int
}

type simRank struct{ hlc, site string }

func (a simRank) less(b simRank) bool {
	if a.hlc != b.hlc {
		return a.hlc < b.hlc
	}
	return a.site < b.site
}

// simTemplate is a hub database with fixtures and its snapshot, made once.
type simTemplate struct {
	hubPath, snapPath string
	cursor            int64
	tasks             []string
	user              string // the office laptops' user
	tech              string // laptop 0's: a technician, whose tasks these are
}

func makeSimTemplate(tb testing.TB) *simTemplate {
	tb.Helper()
	dir := tb.TempDir()
	clock := NewTestClock()
	db := NewDB(filepath.Join(dir, "hub.db"))
	db.Now = clock.Now
	if err := db.Open(context.Background()); err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	u := MustCreateUser(tb, db, "Olive Office", backend.LicenceOffice)
	tech := MustCreateUser(tb, db, "Tess Tech", backend.LicenceTechnician)
	c := MustCreateClient(tb, db, "Sim Strata", nil)
	p := MustCreateProperty(tb, db, c, "Sim Tower")
	tpl := &simTemplate{hubPath: db.Path, user: u.ID, tech: tech.ID}
	for i := range 3 {
		tpl.tasks = append(tpl.tasks, mustInsertTask(tb, db, p, tech, "Task "+strconv.Itoa(i)))
	}
	var err error
	if tpl.cursor, err = NewSyncService(db).LogPosition(context.Background()); err != nil {
		tb.Fatal(err)
	}
	if tpl.snapPath, err = db.Backup(context.Background(), "snapshot"); err != nil {
		tb.Fatal(err)
	}
	return tpl
}

func copyFile(tb testing.TB, from, to string) {
	tb.Helper()
	in, err := os.Open(from)
	if err != nil {
		tb.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		tb.Fatal(err)
	}
	if err := out.Close(); err != nil {
		tb.Fatal(err)
	}
}

func openSimInstall(tb testing.TB, name, path string, skew time.Duration) *simInstall {
	tb.Helper()
	clock := NewTestClock()
	clock.Add(skew)
	db := NewDB(path)
	db.Now = clock.Now
	if err := db.Open(context.Background()); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	// Durability is not what the simulation is about; fsync is most of its time.
	if _, err := db.write.Exec(`PRAGMA synchronous = OFF`); err != nil {
		tb.Fatal(err)
	}
	return &simInstall{name: name, db: db, sync: NewSyncService(db), clock: clock, site: db.SiteID()}
}

func newSimWorld(tb testing.TB, tpl *simTemplate, seed uint64, faults syncFaults) *simWorld {
	return newSimWorldOf(tb, tpl, seed, faults, simLaptops)
}

func newSimWorldOf(tb testing.TB, tpl *simTemplate, seed uint64, faults syncFaults, laptops int) *simWorld {
	tb.Helper()
	ctx := context.Background()
	dir := tb.TempDir()
	w := &simWorld{t: tb, r: rand.New(rand.NewPCG(seed, seed^0x5eed)), tasks: tpl.tasks, trace: os.Getenv("SITEWARD_SYNC_TRACE") != "",
		rank: map[string]simRank{}, seen: map[*simInstall]map[string]string{}, gone: map[*simInstall]map[string]bool{}}
	faults.crash = w.crashHook
	hubPath := filepath.Join(dir, "hub.db")
	copyFile(tb, tpl.hubPath, hubPath)
	w.hub = openSimInstall(tb, "hub", hubPath, 0)
	w.hub.sync.faults = faults
	for i := range laptops {
		path := filepath.Join(dir, fmt.Sprintf("laptop%d.db", i))
		copyFile(tb, tpl.snapPath, path)
		skew := time.Duration(w.r.IntN(4*3600)-2*3600) * time.Second // ±2 h
		l := openSimInstall(tb, fmt.Sprintf("laptop%d", i), path, skew)
		l.sync.faults = faults
		l.site, l.epoch = backend.NewID(), backend.NewID()
		user := tpl.user
		if i == 0 {
			user, l.technician = tpl.tech, true
		}
		token, err := w.hub.sync.EnrolSite(ctx, l.site, l.epoch, user)
		if err != nil {
			tb.Fatal(err)
		}
		if err := l.sync.JoinHub(ctx, backend.SyncJoin{SiteID: l.site, Epoch: l.epoch, Token: token, Cursor: tpl.cursor}); err != nil {
			tb.Fatal(err)
		}
		w.laptops = append(w.laptops, l)
	}
	return w
}

// crashHook is the installs' syncFaults.crash: it fails the apply step
// the world armed.
func (w *simWorld) crashHook(string) bool {
	if w.crashIn <= 0 {
		return false
	}
	w.crashIn--
	return w.crashIn == 0
}

// arm makes one of the next n apply steps crash, or none (with the rest
// of the probability).
func (w *simWorld) arm(n int, p float64) {
	w.crashIn = 0
	if n > 0 && w.r.Float64() < p {
		w.crashIn = 1 + w.r.IntN(n)
	}
}

// crashed checks an apply that returned err: an injected crash must leave
// the install exactly as before (fingerprint), and the install restarts.
// It reports whether the apply crashed.
func (w *simWorld) crashed(in *simInstall, what string, before string, err error) bool {
	w.crashIn = 0
	if err == nil {
		return false
	}
	if !errors.Is(err, errInjectedCrash) {
		w.t.Fatalf("%s on %s: %v", what, in.name, err)
	}
	w.crashes++
	w.logf("%s crashes mid-%s", in.name, what)
	if after := w.fingerprint(in); after != before {
		w.bad = append(w.bad, fmt.Sprintf("crash mid-apply: %s's %s left part of its transaction", in.name, what))
	}
	w.restart(in)
	return true
}

// fingerprint is an install's synced rows and sync bookkeeping, to compare
// before and after a crashed apply.
func (w *simWorld) fingerprint(in *simInstall) string {
	var b strings.Builder
	for _, q := range []string{
		`SELECT id, title, description, updated_at FROM tasks ORDER BY id`,
		`SELECT seq, tbl, row_id, op, COALESCE(cols, ''), hlc, origin FROM sync_changes ORDER BY seq`,
		`SELECT hub_cursor, pushed_seq, slice_gen FROM sync_state`,
		`SELECT site_id, applied_seq FROM sync_peers ORDER BY site_id`,
		`SELECT site_id, seq, log_pos FROM sync_applied ORDER BY site_id, seq`,
		`SELECT tbl, row_id, col, kept, lost FROM sync_conflicts ORDER BY id`,
		`SELECT seq, change FROM sync_quarantine ORDER BY seq`,
		`SELECT * FROM sync_held ORDER BY 1, 2, 3`,
		`SELECT * FROM sync_floor ORDER BY 1, 2, 3`,
	} {
		rows, err := in.db.write.Query(q)
		if err != nil {
			w.t.Fatalf("%s: %v", q, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				w.t.Fatal(err)
			}
			fmt.Fprintln(&b, vals...)
		}
		rows.Close()
		b.WriteString("--\n")
	}
	return b.String()
}

// restart closes an install's database and opens it again from its file,
// as after its process died: whatever it kept only in memory is gone.
func (w *simWorld) restart(in *simInstall) {
	path, faults := in.db.Path, in.sync.faults
	in.db.Close()
	db := NewDB(path)
	db.Now = in.clock.Now
	if err := db.Open(context.Background()); err != nil {
		w.t.Fatalf("restart %s: %v", in.name, err)
	}
	w.t.Cleanup(func() { db.Close() })
	if _, err := db.write.Exec(`PRAGMA synchronous = OFF`); err != nil {
		w.t.Fatal(err)
	}
	in.db, in.sync = db, NewSyncService(db)
	in.sync.faults = faults
	w.logf("%s restarts", in.name)
}

// close closes the world's databases (the test's cleanup would only at its end).
func (w *simWorld) close() {
	for _, in := range append([]*simInstall{w.hub}, w.laptops...) {
		in.db.Close()
	}
}

func (w *simWorld) read(in *simInstall, task, field string) string {
	return queryString(w.t, in.db, `SELECT `+field+` FROM tasks WHERE id = ?`, task)
}

// present lists the tasks an install holds.
func (w *simWorld) present(in *simInstall) []string {
	now := w.readAll(in)
	var out []string
	for _, task := range w.tasks {
		if _, ok := now[task+".title"]; ok {
			out = append(out, task)
		}
	}
	return out
}

func (w *simWorld) write(in *simInstall) {
	present := w.present(in)
	if len(present) == 0 {
		return
	}
	task := present[w.r.IntN(len(present))]
	field := simFields[w.r.IntN(len(simFields))]
	w.n++
	value := fmt.Sprintf("%s-w%d", in.name, w.n)
	seen := w.read(in, task, field)
	MustExec(w.t, in.db, `UPDATE tasks SET `+field+` = ? WHERE id = ?`, value, task)
	w.rank[value] = simRank{queryString(w.t, in.db, `SELECT hlc FROM sync_changes WHERE origin = ? ORDER BY seq DESC LIMIT 1`, in.site), in.site}
	w.writes = append(w.writes, simWrite{site: in.site, task: task, field: field, value: value, overwrote: seen})
	w.logf("%s writes %s.%s = %s (saw %s)", in.name, task[len(task)-4:], field, value, seen)
}

// remove deletes one of the tasks an install holds.
func (w *simWorld) remove(in *simInstall) {
	present := w.present(in)
	if len(present) == 0 {
		return
	}
	task := present[w.r.IntN(len(present))]
	d := simDelete{site: in.site, task: task, saw: map[string]string{}}
	for _, f := range simFields {
		d.saw[f] = w.read(in, task, f)
	}
	MustExec(w.t, in.db, `DELETE FROM tasks WHERE id = ?`, task)
	w.deletes = append(w.deletes, d)
	w.logf("%s deletes %s (saw %v)", in.name, task[len(task)-4:], d.saw)
}

// readAll reads every simulated field of an install in one query, keyed
// "task.field".
func (w *simWorld) readAll(in *simInstall) map[string]string {
	rows, err := in.db.write.Query(`SELECT id, title, description FROM tasks`)
	if err != nil {
		w.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var id, title, description string
		if err := rows.Scan(&id, &title, &description); err != nil {
			w.t.Fatal(err)
		}
		out[id+".title"], out[id+".description"] = title, description
	}
	return out
}

// observe reads every field on every install, as their users would, and
// records a value older than one shown there before.
func (w *simWorld) observe() {
	if w.skipReads {
		return
	}
	for _, in := range append([]*simInstall{w.hub}, w.laptops...) {
		seen := w.seen[in]
		if seen == nil {
			seen = map[string]string{}
			w.seen[in] = seen
		}
		gone := w.gone[in]
		if gone == nil {
			gone = map[string]bool{}
			w.gone[in] = gone
		}
		now := w.readAll(in)
		for _, task := range w.tasks {
			if _, ok := now[task+".title"]; !ok {
				gone[task] = true
				for _, f := range simFields {
					delete(seen, task+"."+f)
				}
				continue
			}
			if gone[task] {
				// Shown deleted, now back: only as the hub's recorded decision.
				delete(gone, task)
				if !w.recordedFor(task) {
					w.bad = append(w.bad, fmt.Sprintf("delete visibility: %s shows task %s again, with no conflict or refused change recorded", in.name, task[len(task)-4:]))
					w.logf("delete visibility violated: %s shows %s again", in.name, task[len(task)-4:])
				}
				continue
			}
			for _, f := range simFields {
				key := task + "." + f
				v := now[key]
				prev, ok := seen[key]
				seen[key] = v
				if !ok || v == prev || !w.rank[v].less(w.rank[prev]) || w.refused(prev) {
					continue
				}
				what := "monotonic reads"
				if w.rank[prev].site == in.site {
					what = "read-your-writes"
				}
				w.bad = append(w.bad, fmt.Sprintf("%s: %s showed %s.%s = %q after %q", what, in.name, task[len(task)-4:], f, v, prev))
				w.logf("%s violated: %s shows %s after %s", what, in.name, v, prev)
			}
		}
	}
}

// recordedFor reports whether the hub recorded a conflict over a task
// being deleted, or refused a change of it.
func (w *simWorld) recordedFor(task string) bool {
	return MustCount(w.t, w.hub.db, `SELECT COUNT(*) FROM sync_conflicts WHERE tbl = 'tasks' AND row_id = ? AND col = ''`, task)+
		MustCount(w.t, w.hub.db, `SELECT COUNT(*) FROM sync_quarantine WHERE change LIKE ?`, "%"+task+"%") > 0
}

// refused reports whether value is a write the hub must refuse (a
// technician's title), which its author sees undone.
func (w *simWorld) refused(value string) bool {
	for _, wr := range w.writes {
		if wr.value == value {
			return wr.field == "title" && w.byTechnician(wr)
		}
	}
	return false
}

func (w *simWorld) logf(format string, args ...any) {
	if w.trace {
		w.t.Logf(format, args...)
	}
}

// push delivers a laptop's pending changes through a faulty network.
func (w *simWorld) push(l *simInstall, faulty bool) {
	ctx := context.Background()
	pending, err := l.sync.PendingChanges(ctx, 1+w.r.IntN(4))
	if err != nil {
		w.t.Fatal(err)
	}
	if len(pending) == 0 {
		return
	}
	v, _ := l.db.SchemaVersion(ctx)
	batch := backend.PushBatch{SiteID: l.site, Epoch: l.epoch, SchemaVersion: v, Changes: pending}
	fault := 1.0
	if faulty {
		fault = w.r.Float64()
	}
	if fault < 0.1 {
		w.logf("%s push of %d lost", l.name, len(pending))
		return // the request is lost
	}
	var before string
	if faulty {
		if w.arm(len(pending), 0.05); w.crashIn > 0 {
			before = w.fingerprint(w.hub)
		}
	}
	res, err := w.hub.sync.ApplyPush(ctx, batch)
	if w.crashed(w.hub, "push", before, err) {
		return // the laptop sends again
	}
	w.logf("%s pushes seq %d..%d: %+v", l.name, pending[0].Seq, pending[len(pending)-1].Seq, *res)
	if fault < 0.2 {
		// Delivered twice (a retry after a timeout): the second must change nothing.
		logBefore, _ := w.hub.sync.LogPosition(ctx)
		again, err := w.hub.sync.ApplyPush(ctx, batch)
		if err != nil {
			w.t.Fatalf("redelivered push from %s: %v", l.name, err)
		}
		if logAfter, _ := w.hub.sync.LogPosition(ctx); logAfter != logBefore || again.Applied != 0 {
			w.t.Fatalf("a redelivered batch had an effect: %+v, log %d → %d", again, logBefore, logAfter)
		}
	}
	if fault < 0.35 {
		w.logf("%s ack lost", l.name)
		return // the acknowledgement is lost: the laptop will send again
	}
	before = ""
	if faulty {
		if w.arm(1, 0.05); w.crashIn > 0 {
			before = w.fingerprint(l)
		}
	}
	if err := l.sync.AcknowledgePush(ctx, res); w.crashed(l, "acknowledgement", before, err) {
		return // as if the acknowledgement were lost
	}
}

func (w *simWorld) pull(l *simInstall, faulty bool) {
	ctx := context.Background()
	from := mustPullFrom(w.t, l.sync)
	cursor := from.Cursor
	limit := w.pullLimit
	if limit == 0 {
		limit = 1 + w.r.IntN(5)
	}
	b, err := w.hub.sync.Pull(ctx, l.site, from, limit)
	if err != nil {
		w.t.Fatalf("pull by %s: %v", l.name, err)
	}
	if faulty && w.r.Float64() < 0.2 {
		w.logf("%s pull answer lost", l.name)
		return // the answer is lost
	}
	w.logf("%s pulls %d..%d (%d changes)", l.name, cursor, b.Cursor, len(b.Changes))
	var before string
	if faulty {
		if w.arm(len(b.Changes), 0.1); w.crashIn > 0 {
			before = w.fingerprint(l)
		}
	}
	if err := l.sync.ApplyPull(ctx, b); w.crashed(l, "pull", before, err) {
		return // pulled again from the same cursor
	}
}

func (w *simWorld) run(steps int) {
	for range steps {
		for _, in := range append([]*simInstall{w.hub}, w.laptops...) {
			in.clock.Add(time.Duration(w.r.IntN(5000)) * time.Millisecond)
		}
		l := w.laptops[w.r.IntN(len(w.laptops))]
		switch x := w.r.Float64(); {
		case x < 0.01:
			w.remove(w.hub)
		case x < 0.03:
			w.remove(l)
		case x < 0.15:
			w.write(w.hub)
		case x < 0.53:
			w.write(l)
		case x < 0.55:
			w.restart(l) // between its local commits and their push
		case x < 0.56:
			w.restart(w.hub)
		case x < 0.8:
			w.push(l, true)
		default:
			w.pull(l, true)
		}
		w.observe()
	}
}

// settle: the network heals and everyone syncs until nothing is pending.
func (w *simWorld) settle() {
	ctx := context.Background()
	for _, l := range w.laptops {
		for range 100 {
			p, err := l.sync.PendingChanges(ctx, 1)
			if err != nil {
				w.t.Fatal(err)
			}
			if len(p) == 0 {
				break
			}
			w.push(l, false)
			w.observe()
		}
	}
	for _, l := range w.laptops {
		for last := int64(-1); ; {
			cursor, _ := l.sync.Cursor(ctx)
			if pos, _ := w.hub.sync.LogPosition(ctx); cursor >= pos {
				break
			}
			if cursor == last {
				w.t.Fatalf("%s's pull is stuck at %d", l.name, cursor)
			}
			last = cursor
			w.pull(l, false)
			w.observe()
		}
	}
}

// check returns what the history violates (empty when nothing).
func (w *simWorld) check() []string {
	bad := slices.Clone(w.bad)
	hub := w.readAll(w.hub)
	for _, l := range w.laptops {
		got := w.readAll(l)
		for _, task := range w.tasks {
			_, want := hub[task+".title"]
			if _, has := got[task+".title"]; has != want {
				bad = append(bad, fmt.Sprintf("not converged (delete visibility): %s holds task %s: %v, hub %v", l.name, task[len(task)-4:], has, want))
				continue
			}
			for _, f := range simFields {
				key := task + "." + f
				if got[key] != hub[key] {
					bad = append(bad, fmt.Sprintf("not converged: %s %s.%s = %q, hub %q", l.name, task[len(task)-4:], f, got[key], hub[key]))
				}
			}
		}
	}
	for _, d := range w.deletes {
		// A delete that did not survive lost to an edit its author never
		// saw, which is a recorded conflict (or it was refused).
		if _, back := hub[d.task+".title"]; back && !w.recordedFor(d.task) {
			bad = append(bad, fmt.Sprintf("silently lost: %s's delete of task %s", d.site[len(d.site)-4:], d.task[len(d.task)-4:]))
		}
	}
	for _, wr := range w.writes {
		if _, ok := hub[wr.task+".title"]; !ok {
			// The task is deleted: by someone who saw this value, or over
			// it, recorded as a conflict (or the value had lost before).
			if !w.deletedKnowingly(wr) && !w.recordedFor(wr.task) && !w.overwrittenKnowingly(wr) && !w.inConflict(wr) &&
				!(w.byTechnician(wr) && wr.field == "title") {
				bad = append(bad, fmt.Sprintf("silently lost: %s wrote %s = %q to a task deleted without a conflict", wr.site[len(wr.site)-4:], wr.field, wr.value))
			}
			continue
		}
		if w.byTechnician(wr) && wr.field == "title" {
			// Not theirs to change: it must never reach the hub, and must
			// be kept in quarantine rather than dropped.
			if hub[wr.task+"."+wr.field] == wr.value {
				bad = append(bad, fmt.Sprintf("authorisation: a technician's title %q reached the hub", wr.value))
			}
			if MustCount(w.t, w.hub.db, `SELECT COUNT(*) FROM sync_quarantine WHERE change LIKE ?`, "%"+strconv.Quote(wr.value)+"%") == 0 {
				bad = append(bad, fmt.Sprintf("silently lost: the refused title %q is not in quarantine", wr.value))
			}
			continue
		}
		if hub[wr.task+"."+wr.field] == wr.value {
			continue
		}
		if w.overwrittenKnowingly(wr) || w.inConflict(wr) {
			continue
		}
		bad = append(bad, fmt.Sprintf("silently lost: %s wrote %s = %q", wr.site[len(wr.site)-4:], wr.field, wr.value))
	}
	return bad
}

func (w *simWorld) byTechnician(wr simWrite) bool {
	for _, l := range w.laptops {
		if l.site == wr.site {
			return l.technician
		}
	}
	return false
}

func (w *simWorld) deletedKnowingly(wr simWrite) bool {
	for _, d := range w.deletes {
		if d.task == wr.task && d.saw[wr.field] == wr.value {
			return true
		}
	}
	return false
}

func (w *simWorld) overwrittenKnowingly(wr simWrite) bool {
	for _, other := range w.writes {
		if other.task == wr.task && other.field == wr.field && other.overwrote == wr.value {
			return true
		}
	}
	return false
}

func (w *simWorld) inConflict(wr simWrite) bool {
	quoted := strconv.Quote(wr.value)
	return MustCount(w.t, w.hub.db, `SELECT COUNT(*) FROM sync_conflicts WHERE tbl = 'tasks' AND row_id = ? AND col = ? AND (kept = ? OR lost = ?)`,
		wr.task, wr.field, quoted, quoted) > 0
}

// simSeeds is the seeds to run: 0..99, 0..SITEWARD_SYNC_SEEDS-1, or just
// SITEWARD_SYNC_SEED (to replay a failure).
func simSeeds() (from, n uint64) {
	if one, err := strconv.ParseUint(os.Getenv("SITEWARD_SYNC_SEED"), 10, 64); err == nil {
		return one, 1
	}
	if n, err := strconv.ParseUint(os.Getenv("SITEWARD_SYNC_SEEDS"), 10, 64); err == nil && n > 0 {
		return 0, n
	}
	return 0, 100
}

func TestSyncSimulation(t *testing.T) {
	tpl := makeSimTemplate(t)
	from, n := simSeeds()
	var writes, survived, conflicts, deletes, crashes int
	for seed := from; seed < from+n; seed++ {
		w := newSimWorld(t, tpl, seed, syncFaults{})
		w.run(40)
		w.settle()
		if bad := w.check(); len(bad) > 0 {
			w.logf("hub at the end:\n%s", w.fingerprint(w.hub))
			t.Fatalf("seed %d (replay: SITEWARD_SYNC_SEED=%d go test -run 'TestSyncSimulation$'): %v", seed, seed, bad)
		}
		writes += len(w.writes)
		hub := w.readAll(w.hub)
		for _, wr := range w.writes {
			if hub[wr.task+"."+wr.field] == wr.value {
				survived++
			}
		}
		deletes += len(w.deletes)
		crashes += w.crashes
		conflicts += MustCount(t, w.hub.db, `SELECT COUNT(*) FROM sync_conflicts`)
		w.close() // a thousand seeds' databases open at once exhaust the file descriptors
		if n > 100 && (seed-from+1)%100 == 0 {
			t.Logf("seeds %d..%d passed", from, seed) // the long mode's progress
		}
	}
	// The histories must be interesting: concurrent edits that conflict.
	if n >= 100 && (conflicts == 0 || survived == writes || deletes == 0 || crashes == 0) {
		t.Fatalf("%d writes, %d survived, %d conflicts, %d deletes, %d crashes: the histories are not interesting", writes, survived, conflicts, deletes, crashes)
	}
	t.Logf("seeds %d..%d: %d writes, %d still current, %d conflicts recorded, %d deletes, %d crashes mid-apply; all converged, nothing silently lost",
		from, from+n-1, writes, survived, conflicts, deletes, crashes)
}

// The harness must catch a broken merge: with conflict recording or
// de-duplication switched off, some seed fails.
func TestSyncSimulation_CatchesBrokenMerges(t *testing.T) {
	tpl := makeSimTemplate(t)
	for _, tc := range []struct {
		name   string
		faults syncFaults
	}{
		{"no conflict recording", syncFaults{skipConflicts: true}},
		{"no de-duplication", syncFaults{skipDedup: true}},
		{"no authorisation", syncFaults{skipAuth: true}},
		{"no read-your-writes floors", syncFaults{skipFloors: true}},
		{"no rollback of a crashed apply", syncFaults{noRollback: true}},
		{"pulled deletes ignored", syncFaults{skipDeletes: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for seed := range uint64(200) {
				caught := false
				func() {
					st := &stopTB{TB: t}
					defer func() {
						if r := recover(); r != nil {
							if _, ok := r.(stopped); !ok {
								panic(r)
							}
							caught = true
						}
					}()
					w := newSimWorld(st, tpl, seed, tc.faults)
					w.run(40)
					w.settle()
					caught = len(w.check()) > 0
				}()
				if caught {
					t.Logf("caught at seed %d", seed)
					return
				}
			}
			t.Fatal("the harness passed every seed with the merge broken")
		})
	}
}

// stopTB turns a failure inside the harness into a recoverable stop, so a
// test of the harness can count it as "caught".
type stopTB struct{ testing.TB }
type stopped struct{}

func (s *stopTB) Fatal(args ...any)                 { panic(stopped{}) }
func (s *stopTB) Fatalf(format string, args ...any) { panic(stopped{}) }
func (s *stopTB) Errorf(format string, args ...any) { panic(stopped{}) }
func (s *stopTB) Helper()                           {}
