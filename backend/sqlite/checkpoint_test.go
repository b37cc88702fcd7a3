package sqlite

import (
	"context"
	"os"
	"testing"
	"time"
)

// A commit returns without copying the log into the database file; the
// background checkpointer copies it soon after.
func TestCheckpoint_CopiesTheLogAfterTheCommit(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	var auto int
	if err := db.write.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil || auto != 0 {
		t.Fatalf("writer wal_autocheckpoint = %d (%v), want 0: commits would checkpoint inline", auto, err)
	}
	waitRuns := func(n int64) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); db.checkpoints.Load().runs.Load() < n; {
			if time.Now().After(deadline) {
				t.Fatalf("no checkpoint after a commit (runs %d, want %d)", db.checkpoints.Load().runs.Load(), n)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitRuns(1) // the one at open
	before := db.checkpoints.Load().runs.Load()
	size := func() int64 {
		fi, err := os.Stat(db.Path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	start := size()
	if err := db.Update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at)
			WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
			SELECT 'k' || i, printf('%.500c', 'x'), '2026-12-01T00:00:00.000Z' FROM n`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	waitRuns(before + 1)
	if grown := size() - start; grown < 2_000_000 {
		t.Errorf("the database file grew %d bytes after the checkpoint, want the 2.5 MB written", grown)
	}
	// Closing stops the checkpointer; the last connection folds in the rest.
	MustCloseDB(t, db)
	if _, err := os.Stat(db.Path + "-wal"); !os.IsNotExist(err) {
		t.Errorf("write-ahead log left after close: %v", err)
	}
}
