package server

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"siteward/backend"
	sitesync "siteward/backend/sync"
)

// cutter is a network that breaks the first upload and the first download
// of a file half-way through its body, and remembers the ranges asked for.
type cutter struct {
	next           http.RoundTripper
	after          int
	mu             sync.Mutex
	cutPut, cutGet bool
	ranges, puts   []string // Range of each download, Content-Range of each upload
}

func (c *cutter) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.Contains(req.URL.Path, "/api/sync/files/") {
		return c.next.RoundTrip(req)
	}
	c.mu.Lock()
	switch req.Method {
	case "GET":
		c.ranges = append(c.ranges, req.Header.Get("Range"))
	case "PUT":
		c.puts = append(c.puts, req.Header.Get("Content-Range"))
	}
	cutPut := req.Method == "PUT" && !c.cutPut
	cutGet := req.Method == "GET" && !c.cutGet
	c.cutPut, c.cutGet = c.cutPut || cutPut, c.cutGet || cutGet
	c.mu.Unlock()
	if cutPut {
		req = req.Clone(req.Context())
		req.Body = io.NopCloser(&brokenReader{r: req.Body, after: c.after})
	}
	resp, err := c.next.RoundTrip(req)
	if err == nil && cutGet {
		resp.Body = &brokenBody{brokenReader{r: resp.Body, after: c.after}, resp.Body}
	}
	return resp, err
}

type brokenReader struct {
	r     io.Reader
	after int
}

func (b *brokenReader) Read(p []byte) (int, error) {
	if b.after <= 0 {
		return 0, errors.New("network cut")
	}
	if len(p) > b.after {
		p = p[:b.after]
	}
	n, err := b.r.Read(p)
	b.after -= n
	return n, err
}

type brokenBody struct {
	brokenReader
	c io.Closer
}

func (b *brokenBody) Close() error { return b.c.Close() }

func randomFile(t *testing.T, n int) ([]byte, string) {
	t.Helper()
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return b, hex.EncodeToString(s[:])
}

// A laptop's photo goes up and the office's floorplan comes down through a
// network that cuts each transfer half-way once: the next sync resumes
// each from what the other side holds, and both end whole.
func TestSyncFilesResumeAfterACut(t *testing.T) {
	ctx := context.Background()
	hub, l := serveHub(t, t.TempDir())
	// An office install: it holds every file (a technician's holds its slice's).
	tech := &backend.User{Email: "olive@example.com", Name: "Olive Office", Licence: backend.LicenceOffice, Active: true}
	if err := hub.Users.CreateUser(ctx, tech, "a long enough password"); err != nil {
		t.Fatal(err)
	}
	code, _, err := hub.Sync.CreatePairingCode(ctx, tech.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	laptopDir := t.TempDir()
	var out bytes.Buffer
	if rc := (&CLI{Stdout: &out, Stderr: &out}).Run([]string{"sync", "enrol", "--data", laptopDir, "--hub", l.URL, "--code", code, "--fingerprint", l.Fingerprint}); rc != 0 {
		t.Fatalf("enrol: %s", out.String())
	}
	laptop, err := Open(ctx, Config{DataDir: laptopDir})
	if err != nil {
		t.Fatal(err)
	}
	defer laptop.Close()

	const size = 300 << 10
	photo, photoSum := randomFile(t, size)
	plan, planSum := randomFile(t, size)
	if err := laptop.Sync.Files.PutFile(photoSum, "image/jpeg", photo); err != nil {
		t.Fatal(err)
	}
	execOn(t, laptop.DB, `INSERT INTO files (sha256, size, mime, created_at) VALUES (?, ?, 'image/jpeg', '2026-12-01T03:00:00.000Z')`, photoSum, size)
	if err := hub.Sync.Files.PutFile(planSum, "application/pdf", plan); err != nil {
		t.Fatal(err)
	}
	execOn(t, hub.DB, `INSERT INTO files (sha256, size, mime, created_at) VALUES (?, ?, 'application/pdf', '2026-12-01T03:00:00.000Z')`, planSum, size)

	hc := sitesync.NewHTTPClient(l.Fingerprint)
	net := &cutter{next: hc.Transport, after: 100 << 10}
	hc.Transport = net
	client := &sitesync.Client{Replica: laptop.Sync, Files: laptop.Sync.Files, HTTP: hc}

	if _, err := client.Sync(ctx); err == nil {
		t.Fatal("a sync through a cut upload reported success")
	}
	if _, complete, _ := hub.Sync.Files.FileState(photoSum); complete {
		t.Fatal("the hub holds the whole photo after a cut upload")
	}
	// The hub stores what arrived of the cut upload once its handler sees the
	// cut, which on a busy machine can be after the client has given up: a
	// laptop's next sync comes minutes later, so wait for it here.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if part, _, _ := hub.Sync.Files.FileState(photoSum); part > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the hub kept nothing of the cut upload")
		}
	}
	if st, _ := laptop.Sync.SyncStatus(ctx); st.Pending != 1 {
		t.Fatalf("%d changes waiting, want the file's", st.Pending)
	}

	// The upload resumes and the push goes; the floorplan's download is cut.
	if _, err := client.Sync(ctx); err == nil {
		t.Fatal("a sync through a cut download reported success")
	}
	if got, err := hub.Sync.Files.ReadFile(photoSum); err != nil || !bytes.Equal(got, photo) {
		t.Fatalf("hub photo: %d bytes, %v", len(got), err)
	}
	if part, complete, _ := laptop.Sync.Files.FileState(planSum); complete || part == 0 {
		t.Fatalf("laptop holds %d bytes of the floorplan (complete %v), want part", part, complete)
	}

	rep, err := client.Sync(ctx)
	if err != nil || rep.Downloaded != 1 {
		t.Fatalf("third sync: %+v, %v", rep, err)
	}
	if got, err := laptop.Sync.Files.ReadFile(planSum); err != nil || !bytes.Equal(got, plan) {
		t.Fatalf("laptop floorplan: %d bytes, %v", len(got), err)
	}
	if last := net.ranges[len(net.ranges)-1]; !strings.HasPrefix(last, "bytes=") || last == "bytes=0-" {
		t.Errorf("the download did not resume: Range %q", last)
	}
	// The server may still be storing the cut upload when the laptop asks
	// again (then it is told to continue from a later offset): either way the
	// upload that finished did not start from the beginning.
	if last := net.puts[len(net.puts)-1]; len(net.puts) < 2 || strings.HasPrefix(last, "bytes 0-") {
		t.Errorf("the upload did not resume: %q", net.puts)
	}
	if st, _ := laptop.Sync.SyncStatus(ctx); st.Pending != 0 {
		t.Errorf("%d changes still waiting", st.Pending)
	}
}
