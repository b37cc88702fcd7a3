package sqlite

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
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
//     change is undone.
//
// SITEWARD_SYNC_SEEDS=1000 runs a longer search; a failure prints its seed.

const simLaptops = 3

var simFields = []string{"title", "description"}

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
	n       int
	// rank orders the written values as the merge does (clock, then site);
	// the fixtures' values rank before every write.
	rank map[string]simRank
	// seen is what each install last showed in each field.
	seen map[*simInstall]map[string]string
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
	for i := range 2 {
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
		rank: map[string]simRank{}, seen: map[*simInstall]map[string]string{}}
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

// close closes the world's databases (the test's cleanup would only at its end).
func (w *simWorld) close() {
	for _, in := range append([]*simInstall{w.hub}, w.laptops...) {
		in.db.Close()
	}
}

func (w *simWorld) read(in *simInstall, task, field string) string {
	return queryString(w.t, in.db, `SELECT `+field+` FROM tasks WHERE id = ?`, task)
}

func (w *simWorld) write(in *simInstall) {
	task := w.tasks[w.r.IntN(len(w.tasks))]
	field := simFields[w.r.IntN(len(simFields))]
	w.n++
	value := fmt.Sprintf("%s-w%d", in.name, w.n)
	seen := w.read(in, task, field)
	MustExec(w.t, in.db, `UPDATE tasks SET `+field+` = ? WHERE id = ?`, value, task)
	w.rank[value] = simRank{queryString(w.t, in.db, `SELECT hlc FROM sync_changes WHERE origin = ? ORDER BY seq DESC LIMIT 1`, in.site), in.site}
	w.writes = append(w.writes, simWrite{site: in.site, task: task, field: field, value: value, overwrote: seen})
	w.logf("%s writes %s.%s = %s (saw %s)", in.name, task[len(task)-4:], field, value, seen)
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
		now := w.readAll(in)
		for _, task := range w.tasks {
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
	res, err := w.hub.sync.ApplyPush(ctx, batch)
	if err != nil {
		w.t.Fatalf("push from %s: %v", l.name, err)
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
	if err := l.sync.AcknowledgePush(ctx, res); err != nil {
		w.t.Fatal(err)
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
	if err := l.sync.ApplyPull(ctx, b); err != nil {
		w.t.Fatalf("apply pull on %s: %v", l.name, err)
	}
}

func (w *simWorld) run(steps int) {
	for range steps {
		for _, in := range append([]*simInstall{w.hub}, w.laptops...) {
			in.clock.Add(time.Duration(w.r.IntN(5000)) * time.Millisecond)
		}
		l := w.laptops[w.r.IntN(len(w.laptops))]
		switch x := w.r.Float64(); {
		case x < 0.15:
			w.write(w.hub)
		case x < 0.55:
			w.write(l)
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
	for _, task := range w.tasks {
		for _, f := range simFields {
			want := w.read(w.hub, task, f)
			for _, l := range w.laptops {
				if got := w.read(l, task, f); got != want {
					bad = append(bad, fmt.Sprintf("not converged: %s %s.%s = %q, hub %q", l.name, task[len(task)-4:], f, got, want))
				}
			}
		}
	}
	for _, wr := range w.writes {
		if w.byTechnician(wr) && wr.field == "title" {
			// Not theirs to change: it must never reach the hub, and must
			// be kept in quarantine rather than dropped.
			if w.read(w.hub, wr.task, wr.field) == wr.value {
				bad = append(bad, fmt.Sprintf("authorisation: a technician's title %q reached the hub", wr.value))
			}
			if MustCount(w.t, w.hub.db, `SELECT COUNT(*) FROM sync_quarantine WHERE change LIKE ?`, "%"+strconv.Quote(wr.value)+"%") == 0 {
				bad = append(bad, fmt.Sprintf("silently lost: the refused title %q is not in quarantine", wr.value))
			}
			continue
		}
		if w.read(w.hub, wr.task, wr.field) == wr.value {
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
	var writes, survived, conflicts int
	for seed := from; seed < from+n; seed++ {
		w := newSimWorld(t, tpl, seed, syncFaults{})
		w.run(40)
		w.settle()
		if bad := w.check(); len(bad) > 0 {
			t.Fatalf("seed %d (replay: SITEWARD_SYNC_SEED=%d go test -run 'TestSyncSimulation$'): %v", seed, seed, bad)
		}
		writes += len(w.writes)
		for _, wr := range w.writes {
			if w.read(w.hub, wr.task, wr.field) == wr.value {
				survived++
			}
		}
		conflicts += MustCount(t, w.hub.db, `SELECT COUNT(*) FROM sync_conflicts`)
		w.close() // a thousand seeds' databases open at once exhaust the file descriptors
		if n > 100 && (seed-from+1)%100 == 0 {
			t.Logf("seeds %d..%d passed", from, seed) // the long mode's progress
		}
	}
	// The histories must be interesting: concurrent edits that conflict.
	if conflicts == 0 || survived == writes {
		t.Fatalf("%d writes, %d survived, %d conflicts: the histories never conflict", writes, survived, conflicts)
	}
	t.Logf("seeds %d..%d: %d writes, %d still current, %d conflicts recorded; all converged, nothing silently lost", from, from+n-1, writes, survived, conflicts)
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
