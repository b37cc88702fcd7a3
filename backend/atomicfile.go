package backend

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes name as temp → fsync → rename, so a crash never leaves half a file.
func WriteFileAtomic(name string, data []byte, perm os.FileMode) error {
	return WriteFileAtomicFrom(name, bytes.NewReader(data), perm)
}

// WriteFileAtomicFrom is WriteFileAtomic for content read from r (a
// download), which may fail half-way: then name is left as it was.
func WriteFileAtomicFrom(name string, r io.Reader, perm os.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), name)
}
