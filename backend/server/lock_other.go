//go:build !unix

package server

// lockDataDir is a no-op where flock is not available; SQLite's own locking
// still protects the database file.
func lockDataDir(dir string) (func(), error) { return func() {}, nil }
