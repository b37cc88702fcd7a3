package server

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

	"siteward/backend"
)

// fileStore keeps stored files content-addressed under files/ab/abcdef…:
// written temp → fsync → rename, so a crash never leaves half a file and the
// same content is stored once.
type fileStore struct{ dir string }

func (s *fileStore) path(sum string) string { return filepath.Join(s.dir, sum[:2], sum) }

func (s *fileStore) put(sum, _ string, content []byte) error {
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
	return backend.WriteFileAtomic(p, content, 0o600)
}

// PutFile implements backend.FileStore.
func (s *fileStore) PutFile(sum, mime string, content []byte) error { return s.put(sum, mime, content) }

// ReadFile implements backend.FileStore.
func (s *fileStore) ReadFile(sum string) ([]byte, error) {
	if len(sum) != 64 || strings.Trim(sum, "0123456789abcdef") != "" {
		return nil, backend.Errorf(backend.ENOTFOUND, "File not found.")
	}
	b, err := os.ReadFile(s.path(sum))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, backend.Errorf(backend.ENOTFOUND, "File not found.")
	}
	return b, err
}

// OpenFile implements backend.StoredFiles.
func (s *fileStore) OpenFile(sum string) (io.ReadSeekCloser, error) {
	if len(sum) != 64 || strings.Trim(sum, "0123456789abcdef") != "" {
		return nil, backend.Errorf(backend.ENOTFOUND, "File not found.")
	}
	f, err := os.Open(s.path(sum))
	if os.IsNotExist(err) {
		return nil, backend.Errorf(backend.ENOTFOUND, "The file is missing from the data folder; ask your contractor to upload it again.")
	}
	return f, err
}
