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
}

// DirFileStore is the FileStore of a data folder: files content-addressed
// under files/ab/abcdef…, written temp → fsync → rename, so a crash never
// leaves half a file and the same content is stored once.
type DirFileStore struct{ dir string }

// NewDirFileStore returns the file store kept in dir (created on first put).
func NewDirFileStore(dir string) *DirFileStore { return &DirFileStore{dir: dir} }

func (s *DirFileStore) path(sum string) string { return filepath.Join(s.dir, sum[:2], sum) }

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
	if len(sum) != 64 || strings.Trim(sum, "0123456789abcdef") != "" {
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
	if len(sum) != 64 || strings.Trim(sum, "0123456789abcdef") != "" {
		return nil, Errorf(ENOTFOUND, "File not found.")
	}
	f, err := os.Open(s.path(sum))
	if os.IsNotExist(err) {
		return nil, Errorf(ENOTFOUND, "The file is missing from the data folder; ask your contractor to upload it again.")
	}
	return f, err
}
