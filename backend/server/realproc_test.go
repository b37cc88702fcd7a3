//go:build unix

package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"siteward/backend"
	"siteward/backend/sqlite"
)

// The real-process sync test: a hub (`siteward serve`) and three laptops
// (`siteward sync`, one run at a time) of the real binary on loopback,
// talking through a proxy that drops requests, delays them and cuts bodies
// half-way; laptops are killed with SIGKILL in the middle of a push (after
// the hub applied it, before the answer) and of a pull. Between syncs the
// laptops' users edit the same fields. Once the network heals, every
// install must hold the hub's values, and every write must have survived,
// been overwritten by someone who saw it, or be in a recorded conflict.
//
// It builds the binary, so it is skipped with -short.

func buildSiteward(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "siteward-server")
	cmd := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", bin, "siteward")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// faultProxy forwards HTTP to the hub, injecting faults while faulty.
type faultProxy struct {
	t      *testing.T
	addr   string
	mu     sync.Mutex
	r      *rand.Rand
	faulty atomic.Bool
	// kill, when set, is called (once) as the hub's answer to a request
	// whose path contains killOn arrives: the laptop dies before reading it.
	killOn string
	kill   func()
	counts map[string]int
}

func (p *faultProxy) roll() float64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.r.Float64()
}

func (p *faultProxy) count(what string) {
	p.mu.Lock()
	p.counts[what]++
	p.mu.Unlock()
}

func startFaultProxy(t *testing.T, hub string, seed uint64) *faultProxy {
	t.Helper()
	target, _ := url.Parse("http://" + hub)
	p := &faultProxy{t: t, r: rand.New(rand.NewPCG(seed, 7)), counts: map[string]int{}}
	rp := httputil.NewSingleHostReverseProxy(target)
	rp.ErrorLog = nil
	rp.ModifyResponse = func(resp *http.Response) error {
		p.mu.Lock()
		kill := p.kill
		if kill != nil && strings.Contains(resp.Request.URL.Path, p.killOn) {
			p.kill = nil
		} else {
			kill = nil
		}
		p.mu.Unlock()
		if kill != nil {
			p.count("killed at " + p.killOn)
			kill()
			return errors.New("the laptop is gone")
		}
		if p.faulty.Load() && p.roll() < 0.1 {
			p.count("response cut")
			resp.Body = &cutBody{r: resp.Body, left: 1 + int(p.roll()*200)}
		}
		return nil
	}
	rp.ErrorHandler = func(w http.ResponseWriter, r *http.Request, err error) {
		panic(http.ErrAbortHandler) // the connection just breaks
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p.faulty.Load() {
			switch x := p.roll(); {
			case x < 0.08:
				p.count("dropped")
				panic(http.ErrAbortHandler)
			case x < 0.16:
				p.count("request cut")
				r.Body = io.NopCloser(&cutBody{r: r.Body, left: 1 + int(p.roll()*300)})
			case x < 0.35:
				p.count("delayed")
				time.Sleep(time.Duration(10+p.roll()*80) * time.Millisecond)
			}
		}
		rp.ServeHTTP(w, r)
	})
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = l.Addr().String()
	srv := &http.Server{Handler: h, ErrorLog: nil}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return p
}

// cutBody yields left bytes, then fails like a broken connection.
type cutBody struct {
	r    io.Reader
	left int
}

func (c *cutBody) Read(b []byte) (int, error) {
	if c.left <= 0 {
		return 0, errors.New("connection cut")
	}
	if len(b) > c.left {
		b = b[:c.left]
	}
	n, err := c.r.Read(b)
	c.left -= n
	return n, err
}

func (c *cutBody) Close() error {
	if cl, ok := c.r.(io.Closer); ok {
		return cl.Close()
	}
	return nil
}

type realWrite struct {
	laptop           int
	task, col, value string
	overwrote        string
}

func TestSyncRealProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the real binary")
	}
	bin := buildSiteward(t)
	ctx := context.Background()
	seed := uint64(1)
	if s, err := strconv.ParseUint(os.Getenv("SITEWARD_SYNC_SEED"), 10, 64); err == nil {
		seed = s
	}
	r := rand.New(rand.NewPCG(seed, 99))

	// The hub's data, made in-process before its server starts.
	hubDir := t.TempDir()
	m, err := Open(ctx, Config{DataDir: hubDir})
	if err != nil {
		t.Fatal(err)
	}
	var users []*backend.User
	for i, lic := range []backend.Licence{backend.LicenceOffice, backend.LicenceOffice, backend.LicenceTechnician} {
		u := &backend.User{Email: fmt.Sprintf("staff%d@example.com", i), Name: fmt.Sprintf("Staff %d", i), Licence: lic, Active: true}
		if err := m.Users.CreateUser(ctx, u, "a long enough password"); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	client := &backend.Client{Name: "Harbour Strata", Active: true}
	if err := m.Clients.CreateClient(ctx, client); err != nil {
		t.Fatal(err)
	}
	prop := &backend.Property{ClientID: client.ID, Name: "Harbour Tower", Street: "1 Harbour St", Suburb: "Sydney", State: "NSW", Postcode: "2000", Active: true}
	if err := m.Properties.CreateProperty(ctx, prop); err != nil {
		t.Fatal(err)
	}
	today := time.Now().UTC().Format(time.DateOnly)
	var tasks []string
	for i := range 3 {
		id := backend.NewID()
		// The technician's, due today: in its slice.
		execOn(t, m.DB, `INSERT INTO tasks (id, property_id, kind, stage, title, technician_id, due_on, created_at, updated_at)
			VALUES (?, ?, 'other', 'ready', ?, ?, ?, '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z')`, id, prop.ID, fmt.Sprintf("Task %d", i), users[2].ID, today)
		tasks = append(tasks, id)
	}
	var codes []string
	for _, u := range users {
		code, _, err := m.Sync.CreatePairingCode(ctx, u.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		codes = append(codes, code)
	}
	m.Close()

	hubAddr := freeAddr(t)
	hub := exec.Command(bin, "serve", "--data", hubDir, "--addr", hubAddr, "--tls", "off")
	var hubOut bytes.Buffer
	hub.Stdout, hub.Stderr = &hubOut, &hubOut
	if err := hub.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if hub.ProcessState == nil {
			hub.Process.Kill()
			hub.Wait()
		}
	}()
	// The hub migrates and installs its triggers before it listens, which
	// takes seconds on a busy machine: wait for it generously.
	for start := time.Now(); ; {
		if c, err := net.Dial("tcp", hubAddr); err == nil {
			c.Close()
			break
		}
		if time.Since(start) > time.Minute {
			t.Fatalf("the hub did not start:\n%s", hubOut.String())
		}
		time.Sleep(25 * time.Millisecond)
	}
	proxy := startFaultProxy(t, hubAddr, seed)

	run := func(args ...string) (int, string) {
		out, err := exec.Command(bin, args...).CombinedOutput()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode(), string(out)
		}
		if err != nil {
			t.Fatal(err)
		}
		return 0, string(out)
	}
	laptops := make([]string, len(users))
	for i := range users {
		laptops[i] = t.TempDir()
		if code, out := run("sync", "enrol", "--data", laptops[i], "--hub", "http://"+proxy.addr, "--code", codes[i]); code != 0 {
			t.Fatalf("enrol laptop %d: %s", i, out)
		}
	}

	// Rounds: edits between syncs through a faulty network, some killed.
	var writes []realWrite
	n := 0
	edit := func(i int) {
		lm, err := Open(ctx, Config{DataDir: laptops[i]})
		if err != nil {
			t.Fatal(err)
		}
		defer lm.Close()
		task := tasks[r.IntN(len(tasks))]
		col := []string{"title", "description"}[r.IntN(2)]
		if i == 2 {
			col = "description" // a technician may not retitle a task
		}
		n++
		value := fmt.Sprintf("laptop%d-w%d", i, n)
		var seen string
		if err := lm.DB.View(ctx, func(tx *sqlite.Tx) error {
			return tx.QueryRow(`SELECT `+col+` FROM tasks WHERE id = ?`, task).Scan(&seen)
		}); err != nil {
			t.Fatal(err)
		}
		execOn(t, lm.DB, `UPDATE tasks SET `+col+` = ? WHERE id = ?`, value, task)
		writes = append(writes, realWrite{i, task, col, value, seen})
	}
	kills := map[string]int{}
	syncOnce := func(i int, killOn string) {
		cmd := exec.Command(bin, "sync", "--data", laptops[i])
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if killOn != "" {
			proxy.mu.Lock()
			proxy.killOn, proxy.kill = killOn, func() {
				// After the answer has begun, sometimes a moment later:
				// the laptop may be applying what it got.
				if killOn == "/api/sync/pull" {
					time.Sleep(time.Duration(r.IntN(3)) * time.Millisecond)
				}
				cmd.Process.Signal(syscall.SIGKILL)
			}
			proxy.mu.Unlock()
		}
		err := cmd.Wait()
		proxy.mu.Lock()
		if proxy.kill == nil && killOn != "" {
			kills[killOn]++
		}
		proxy.kill = nil
		proxy.mu.Unlock()
		_ = err // a sync through the faults fails often; the next one resumes
	}
	proxy.faulty.Store(true)
	for range 60 {
		i := r.IntN(len(laptops))
		switch x := r.Float64(); {
		case x < 0.45:
			edit(i)
		case x < 0.6:
			syncOnce(i, "/api/sync/push")
		case x < 0.7:
			syncOnce(i, "/api/sync/pull")
		default:
			syncOnce(i, "")
		}
	}

	// The network heals: everyone syncs until nothing is waiting and each
	// has pulled what the others pushed.
	proxy.faulty.Store(false)
	for range 3 {
		for i := range laptops {
			if code, out := run("sync", "--data", laptops[i]); code != 0 {
				t.Fatalf("laptop %d sync after healing: %s", i, out)
			}
		}
	}
	hub.Process.Signal(syscall.SIGTERM)
	hub.Wait()

	read := func(dir string) map[string]string {
		m, err := Open(ctx, Config{DataDir: dir})
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		out := map[string]string{}
		err = m.DB.View(ctx, func(tx *sqlite.Tx) error {
			rows, err := tx.Query(`SELECT id, title, description FROM tasks`)
			if err != nil {
				return err
			}
			defer rows.Close()
			for rows.Next() {
				var id, title, desc string
				if err := rows.Scan(&id, &title, &desc); err != nil {
					return err
				}
				out[id+".title"], out[id+".description"] = title, desc
			}
			return rows.Err()
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	hubState := read(hubDir)
	for i, dir := range laptops {
		got := read(dir)
		for k, want := range hubState {
			if got[k] != want {
				t.Errorf("not converged: laptop %d %s = %q, hub %q", i, k, got[k], want)
			}
		}
	}
	hm, err := Open(ctx, Config{DataDir: hubDir})
	if err != nil {
		t.Fatal(err)
	}
	defer hm.Close()
	conflicts, err := hm.Sync.FindConflicts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	inConflict := func(w realWrite) bool {
		q := strconv.Quote(w.value)
		for _, c := range conflicts {
			if c.RowID == w.task && c.Column == w.col && (string(c.Kept) == q || string(c.Lost) == q) {
				return true
			}
		}
		return false
	}
	lost := 0
	for _, w := range writes {
		if hubState[w.task+"."+w.col] == w.value || inConflict(w) {
			continue
		}
		knowingly := false
		for _, o := range writes {
			if o.task == w.task && o.col == w.col && o.overwrote == w.value {
				knowingly = true
			}
		}
		if !knowingly {
			lost++
			t.Errorf("silently lost: laptop %d wrote %s = %q", w.laptop, w.col, w.value)
		}
	}
	st, err := hm.Sync.FindSites(ctx)
	if err != nil || len(st) != 3 {
		t.Fatalf("sites %v, %v", st, err)
	}
	t.Logf("seed %d: %d writes, %d conflicts recorded, kills %v, faults %v; converged, %d lost", seed, len(writes), len(conflicts), kills, proxy.counts, lost)
	if kills["/api/sync/push"] == 0 || kills["/api/sync/pull"] == 0 {
		t.Errorf("the run never killed a laptop mid-push and mid-pull: %v", kills)
	}
}
