package backend

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// FileStore keeps files content-addressed (by SHA-256): report PDFs,
// floorplans, documents, photos, the workspace logo.
type FileStore interface {
	// PutFile stores content under its SHA-256 (hex); storing the same
	// content again is a no-op. It is durable when PutFile returns.
	PutFile(sha256, mime string, content []byte) error
	// ReadFile returns a stored file's content; ENOTFOUND when missing.
	ReadFile(sha256 string) ([]byte, error)
	// OpenFile opens a stored file for streaming; ENOTFOUND when missing.
	OpenFile(sha256 string) (io.ReadSeekCloser, error)
	// FileState says how much of a file the store holds: all of it
	// (complete, have is its size), or the bytes of an unfinished transfer
	// (0 when none). Offline sync resumes transfers from there.
	FileState(sha256 string) (have int64, complete bool, err error)
	// PutFilePart continues an unfinished transfer of a file of size total
	// at offset, which must be what FileState says (ECONFLICT otherwise),
	// with what r yields. What arrives is durable even when r fails half-way
	// (have says how far it got, err why it stopped). Once all total bytes
	// are in, the content is checked against its hash and stored (EINVALID,
	// and the transfer discarded, when it does not match).
	PutFilePart(sha256 string, offset, total int64, r io.Reader) (have int64, err error)
}

// DirFileStore is the FileStore of a data folder: files content-addressed
// under files/ab/abcdef…, written temp → fsync → rename, so a crash never
// leaves half a file and the same content is stored once.
type DirFileStore struct{ dir string }

// NewDirFileStore returns the file store kept in dir (created on first put).
func NewDirFileStore(dir string) *DirFileStore { return &DirFileStore{dir: dir} }

func (s *DirFileStore) path(sum string) string { return filepath.Join(s.dir, sum[:2], sum) }

// partialPath holds an unfinished transfer (files/partial/…: never a
// two-hex-digit folder of stored files).
func (s *DirFileStore) partialPath(sum string) string { return filepath.Join(s.dir, "partial", sum) }

func validSum(sum string) bool { return len(sum) == 64 && strings.Trim(sum, "0123456789abcdef") == "" }

// PutFile implements FileStore.
func (s *DirFileStore) PutFile(sum, _ string, content []byte) error {
	got := sha256.Sum256(content)
	if hex.EncodeToString(got[:]) != sum {
		return fmt.Errorf("file store: content does not match its hash %s", sum)
	}
	p := s.path(sum)
	if _, err := os.Stat(p); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return err
	}
	return WriteFileAtomic(p, content, 0o600)
}

// ReadFile implements FileStore.
func (s *DirFileStore) ReadFile(sum string) ([]byte, error) {
	if !validSum(sum) {
		return nil, Errorf(ENOTFOUND, "File not found.")
	}
	b, err := os.ReadFile(s.path(sum))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, Errorf(ENOTFOUND, "File not found.")
	}
	return b, err
}

// OpenFile implements FileStore.
func (s *DirFileStore) OpenFile(sum string) (io.ReadSeekCloser, error) {
	if !validSum(sum) {
		return nil, Errorf(ENOTFOUND, "File not found.")
	}
	f, err := os.Open(s.path(sum))
	if os.IsNotExist(err) {
		return nil, Errorf(ENOTFOUND, "The file is missing from the data folder; ask your contractor to upload it again.")
	}
	return f, err
}

// FileState implements FileStore.
func (s *DirFileStore) FileState(sum string) (int64, bool, error) {
	if !validSum(sum) {
		return 0, false, Errorf(EINVALID, "Not a SHA-256 file name: %q.", sum)
	}
	if fi, err := os.Stat(s.path(sum)); err == nil {
		return fi.Size(), true, nil
	} else if !errors.Is(err, fs.ErrNotExist) {
		return 0, false, err
	}
	fi, err := os.Stat(s.partialPath(sum))
	if errors.Is(err, fs.ErrNotExist) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	return fi.Size(), false, nil
}

// PutFilePart implements FileStore.
func (s *DirFileStore) PutFilePart(sum string, offset, total int64, r io.Reader) (int64, error) {
	if !validSum(sum) {
		return 0, Errorf(EINVALID, "Not a SHA-256 file name: %q.", sum)
	}
	if total < 0 || offset < 0 || offset > total {
		return 0, Errorf(EINVALID, "A part at %d of a %d-byte file is not a part of it.", offset, total)
	}
	have, complete, err := s.FileState(sum)
	if err != nil || complete {
		return have, err
	}
	if have != offset {
		return have, Errorf(ECONFLICT, "The transfer of this file stands at %d bytes, not %d; continue from there.", have, offset)
	}
	p := s.partialPath(sum)
	// One transfer of a file at a time (a retry can arrive while the cut
	// one is still being stored): the later one then finds the offset moved.
	unlock := lockPart(p)
	defer unlock()
	if have, complete, err = s.FileState(sum); err != nil || complete {
		return have, err
	}
	if have != offset {
		return have, Errorf(ECONFLICT, "The transfer of this file stands at %d bytes, not %d; continue from there.", have, offset)
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return have, err
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return have, err
	}
	n, copyErr := io.CopyN(f, r, total-offset)
	have += n
	if errors.Is(copyErr, io.EOF) {
		copyErr = nil // a part shorter than the rest of the file: more parts follow
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return have - n, err
	}
	if err := f.Close(); err != nil {
		return have - n, err
	}
	if copyErr != nil || have < total {
		return have, copyErr
	}
	return have, s.finishPart(sum, p)
}

// finishPart checks a whole transfer against its hash and moves it in.
func (s *DirFileStore) finishPart(sum, partial string) error {
	f, err := os.Open(partial)
	if err != nil {
		return err
	}
	h := sha256.New()
	_, err = io.Copy(h, f)
	f.Close()
	if err != nil {
		return err
	}
	if hex.EncodeToString(h.Sum(nil)) != sum {
		os.Remove(partial)
		return Errorf(EINVALID, "The file's content does not match its SHA-256 %s; send it again.", sum)
	}
	final := s.path(sum)
	if err := os.MkdirAll(filepath.Dir(final), 0o700); err != nil {
		return err
	}
	return os.Rename(partial, final)
}

// partLocks holds a mutex per unfinished transfer's path, shared by every
// DirFileStore of the process.
var partLocks sync.Map

func lockPart(path string) (unlock func()) {
	mu, _ := partLocks.LoadOrStore(path, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	return mu.(*sync.Mutex).Unlock
}
