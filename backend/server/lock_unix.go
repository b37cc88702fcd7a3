//go:build unix

package server

import (
	"os"
	"path/filepath"
	"syscall"

	"siteward/backend"
)

// lockDataDir takes an exclusive lock on the data folder so two Siteward
// processes never share one database (SQLite would allow it; our single
// writer and background workers assume they are alone).
func lockDataDir(dir string) (func(), error) {
	f, err := os.OpenFile(filepath.Join(dir, "siteward.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, backend.Errorf(backend.EUNAVAILABLE, "Cannot lock the data folder %s: %v.", dir, pathErr(err))
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, backend.Errorf(backend.EUNAVAILABLE, "The data folder %s is in use by another Siteward; stop it first.", dir)
	}
	return func() {
		_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
