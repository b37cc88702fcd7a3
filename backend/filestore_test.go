package backend

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"strings"
	"testing"
)

type failingReader struct {
	r     io.Reader
	after int
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.after <= 0 {
		return 0, errors.New("connection reset")
	}
	if len(p) > f.after {
		p = p[:f.after]
	}
	n, err := f.r.Read(p)
	f.after -= n
	return n, err
}

// A transfer in parts, one of them cut half-way, resumes from what the
// store says it has and ends with the checked file stored.
func TestDirFileStore_PartsResume(t *testing.T) {
	fs := NewDirFileStore(t.TempDir())
	content := bytes.Repeat([]byte("floorplan "), 1000)
	s := sha256.Sum256(content)
	sum, total := hex.EncodeToString(s[:]), int64(len(content))

	if have, complete, err := fs.FileState(sum); have != 0 || complete || err != nil {
		t.Fatalf("empty store: %d %v %v", have, complete, err)
	}
	if have, err := fs.PutFilePart(sum, 0, total, bytes.NewReader(content[:3000])); have != 3000 || err != nil {
		t.Fatalf("first part: %d %v", have, err)
	}
	// Cut mid-body: what arrived stays.
	have, err := fs.PutFilePart(sum, 3000, total, &failingReader{r: bytes.NewReader(content[3000:]), after: 2500})
	if have != 5500 || err == nil {
		t.Fatalf("cut part: %d %v; want 5500 bytes kept and the error", have, err)
	}
	if _, err := fs.PutFilePart(sum, 3000, total, bytes.NewReader(content[3000:])); ErrorCode(err) != ECONFLICT {
		t.Fatalf("a part at the wrong offset: %v, want ECONFLICT", err)
	}
	if _, err := fs.ReadFile(sum); ErrorCode(err) != ENOTFOUND {
		t.Fatalf("an unfinished file can be read: %v", err)
	}
	if have, complete, _ := fs.FileState(sum); have != 5500 || complete {
		t.Fatalf("state %d %v, want 5500 of an unfinished file", have, complete)
	}
	if have, err := fs.PutFilePart(sum, 5500, total, bytes.NewReader(content[5500:])); have != total || err != nil {
		t.Fatalf("last part: %d %v", have, err)
	}
	got, err := fs.ReadFile(sum)
	if err != nil || !bytes.Equal(got, content) {
		t.Fatalf("stored file: %d bytes, %v", len(got), err)
	}
	if have, complete, _ := fs.FileState(sum); have != total || !complete {
		t.Fatalf("state %d %v, want complete", have, complete)
	}
	// Sending it again is a no-op.
	if have, err := fs.PutFilePart(sum, 0, total, bytes.NewReader(content)); have != total || err != nil {
		t.Fatalf("again: %d %v", have, err)
	}
}

// Content that does not match its name is refused and not kept.
func TestDirFileStore_PartsCheckTheHash(t *testing.T) {
	fs := NewDirFileStore(t.TempDir())
	sum := strings.Repeat("ab", 32)
	if _, err := fs.PutFilePart(sum, 0, 5, strings.NewReader("hello")); ErrorCode(err) != EINVALID {
		t.Fatalf("wrong content: %v, want EINVALID", err)
	}
	if have, complete, _ := fs.FileState(sum); have != 0 || complete {
		t.Fatalf("state %d %v after a refused transfer, want nothing kept", have, complete)
	}
	if _, err := fs.PutFilePart("../../etc/passwd", 0, 5, strings.NewReader("hello")); ErrorCode(err) != EINVALID {
		t.Fatalf("a path as a name: %v", err)
	}
}
