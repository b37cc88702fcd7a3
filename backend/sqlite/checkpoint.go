package sqlite

import (
	"context"
	"database/sql"
	"sync/atomic"
	"time"
)

// SQLite checkpoints its write-ahead log (copies it into the database file
// and fsyncs that) inside the commit that pushed the log past 1,000 pages,
// so a big write — an import, a sync batch — would also wait for that copy
// before it returns. The writer has automatic checkpoints off; this copies
// the log in the background instead, at most once a checkpointInterval,
// after each burst of commits, on a connection of its own. PASSIVE never
// blocks the writer or a reader; the log stays bounded by about one
// interval's writes.
const checkpointInterval = time.Second

type checkpointer struct {
	h    *sql.DB
	kick chan struct{}
	stop context.CancelFunc
	done chan struct{}
	runs atomic.Int64 // completed checkpoints (tests)
}

func startCheckpointer(path string) (*checkpointer, error) {
	h, err := sql.Open("sqlite3", dsn(path, nil))
	if err != nil {
		return nil, err
	}
	h.SetMaxOpenConns(1)
	ctx, cancel := context.WithCancel(context.Background())
	c := &checkpointer{h: h, kick: make(chan struct{}, 1), stop: cancel, done: make(chan struct{})}
	go c.run(ctx)
	c.wake()
	return c, nil
}

// committed is called after every commit on the writer.
func (db *DB) committed() {
	if cp := db.checkpoints.Load(); cp != nil {
		cp.wake()
	}
}

// wake asks for a checkpoint soon; it never blocks a commit.
func (c *checkpointer) wake() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

func (c *checkpointer) run(ctx context.Context) {
	defer close(c.done)
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.kick:
		}
		// A failed checkpoint (a reader holding the log) is retried at the
		// next commit; the data is safe in the log either way.
		if _, err := c.h.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`); err == nil {
			c.runs.Add(1)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(checkpointInterval):
		}
	}
}

// close stops it; the last connection to close checkpoints what is left.
func (c *checkpointer) close() error {
	c.stop()
	<-c.done
	return c.h.Close()
}
