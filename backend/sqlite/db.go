// Package sqlite implements the backend services on SQLite through
// mattn/go-sqlite3 (built with -tags sqlite_fts5).
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/mattn/go-sqlite3"

	"siteward/backend"
)

// DB holds one writer connection (every write is an immediate transaction
// on it, so change capture can hook one place) and a pool of readers.
type DB struct {
	Path string
	// BackupDir receives a copy (Backup) before an existing database is
	// migrated. Empty means "backups" beside the database file.
	BackupDir string
	// Now is the clock every service uses; tests pin it.
	Now backend.Clock

	write *sql.DB
	read  *sql.DB

	// capture is what the writer connection's capture functions answer;
	// clock stamps every write (capture.go, docs/sync.md).
	capture captureState
	// insertLogs holds each synced table's bulk insert log (insertLogSQL).
	insertLogs atomic.Pointer[map[string]string]
	clock      *backend.HLCClock
	siteID     string
	// zone is the time zone the portal counts are built in (portalzone.go).
	zone countsZone
	// checkpoints copies the write-ahead log into the file after commits.
	checkpoints atomic.Pointer[checkpointer]
	// replica is set on an install that syncs with a hub: it leaves human
	// numbers to the hub.
	replica atomic.Bool
	// migrations replaces the embedded migrations (tests open a database as
	// an earlier release left it).
	migrations fs.FS
}

// readerStmtCache is how many prepared statements each reader connection
// keeps; a statement in use is taken out of the cache, so a query run
// again while its rows are open is prepared afresh.
const readerStmtCache = 200

// NewDB returns a DB for the file at path; call Open to use it.
func NewDB(path string) *DB {
	return &DB{Path: path, Now: backend.SystemClock}
}

func dsn(path string, extra url.Values) string {
	q := url.Values{
		"_foreign_keys": {"1"},
		"_journal_mode": {"WAL"},
		"_busy_timeout": {"5000"},
		"_synchronous":  {"FULL"},
		"_cache_size":   {"-32000"},
		// database/sql never uses one connection from two goroutines at
		// once, so SQLite's per-connection mutex is pure cost.
		"_mutex": {"no"},
	}
	for k, v := range extra {
		q[k] = v
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Open opens (creating if needed) the database, checks its settings really
// took, and applies pending migrations.
func (db *DB) Open(ctx context.Context) (err error) {
	if db.Path == "" {
		return backend.Errorf(backend.EINVALID, "No database path given.")
	}
	if err := os.MkdirAll(filepath.Dir(db.Path), 0o700); err != nil {
		return backend.Errorf(backend.EUNAVAILABLE, "Cannot create the data folder %s: %v", filepath.Dir(db.Path), unwrapPathErr(err))
	}
	db.clock = &backend.HLCClock{Now: db.Now}
	db.write = sql.OpenDB(&connector{
		driver: &sqlite3.SQLiteDriver{ConnectHook: db.capture.register},
		dsn:    dsn(db.Path, url.Values{"_txlock": {"immediate"}}),
	})
	db.write.SetMaxOpenConns(1)
	db.write.SetMaxIdleConns(1)
	db.write.SetConnMaxLifetime(0)
	defer func() {
		if err != nil {
			db.Close()
		}
	}()
	if err := db.verify(ctx, db.write); err != nil {
		return err
	}
	if err := db.migrate(ctx); err != nil {
		return err
	}
	if err := db.openSync(ctx); err != nil {
		return err
	}
	if err := db.installCounts(ctx, false); err != nil {
		return err
	}
	cp, err := startCheckpointer(db.Path)
	if err != nil {
		return err
	}
	db.checkpoints.Store(cp)
	// Each reader keeps its most used statements prepared (the driver's
	// per-connection cache, keyed by the SQL text): the portal's queries
	// are long CTEs whose preparation cost about as much as running them.
	readers := url.Values{"_query_only": {"1"}, "_stmt_cache_size": {strconv.Itoa(readerStmtCache)}}
	if db.read, err = sql.Open("sqlite3", dsn(db.Path, readers)); err != nil {
		return err
	}
	n := max(4, runtime.NumCPU()*2)
	db.read.SetMaxOpenConns(n)
	db.read.SetMaxIdleConns(n)
	return db.verify(ctx, db.read)
}

// verify checks that the DSN settings really took: a typo in a DSN key is
// silently ignored by the driver.
func (db *DB) verify(ctx context.Context, h *sql.DB) error {
	var mode string
	var fk int
	if err := h.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
		return openError(db.Path, err)
	}
	if err := h.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil {
		return openError(db.Path, err)
	}
	if !strings.EqualFold(mode, "wal") || fk != 1 {
		return fmt.Errorf("sqlite: %s opened with journal_mode=%s foreign_keys=%d, want wal and 1", db.Path, mode, fk)
	}
	return nil
}

// openError turns the driver's errors at open into messages a person can act on.
func openError(path string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			return backend.Errorf(backend.EUNAVAILABLE, "The database %s is locked by another program; close it and try again.", path)
		case sqlite3.ErrCantOpen, sqlite3.ErrPerm, sqlite3.ErrReadonly, sqlite3.ErrIoErr:
			return backend.Errorf(backend.EUNAVAILABLE, "Cannot open the database %s: check that the folder exists and is writable.", path)
		case sqlite3.ErrNotADB, sqlite3.ErrCorrupt:
			return backend.Errorf(backend.EINVALID, "%s is not a Siteward database (or it is damaged); restore it from a backup.", path)
		}
	}
	return fmt.Errorf("sqlite: open %s: %w", path, err)
}

func unwrapPathErr(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Close closes both handles.
func (db *DB) Close() error {
	var errs []error
	if cp := db.checkpoints.Swap(nil); cp != nil {
		errs = append(errs, cp.close())
	}
	if db.read != nil {
		errs = append(errs, db.read.Close())
	}
	if db.write != nil {
		errs = append(errs, db.write.Close())
	}
	return errors.Join(errs...)
}

// Tx is a transaction with the time it started, so one business operation
// stamps one "now".
type Tx struct {
	*sql.Tx
	db  *DB
	now string
}

// Update runs fn in an immediate write transaction on the single writer and
// commits if fn returns nil.
func (db *DB) Update(ctx context.Context, fn func(tx *Tx) error) error {
	t, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err)
	}
	tx := &Tx{Tx: t, db: db, now: backend.FormatTime(db.Now())}
	db.capture.begin(db.clock.Tick().String(), true)
	err = fn(tx)
	// End capture before the connection goes back to the next writer.
	db.capture.end()
	if err != nil {
		_ = t.Rollback()
		return mapErr(err)
	}
	if err := t.Commit(); err != nil {
		return mapErr(err)
	}
	db.committed()
	return nil
}

// View runs fn in a read-only transaction on the reader pool, so it sees one
// consistent snapshot.
func (db *DB) View(ctx context.Context, fn func(tx *Tx) error) error {
	t, err := db.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return mapErr(err)
	}
	defer t.Rollback()
	return mapErr(fn(&Tx{Tx: t, db: db, now: backend.FormatTime(db.Now())}))
}

// mapErr turns driver errors callers can act on into coded errors.
func mapErr(err error) error {
	var se sqlite3.Error
	if err == nil || !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return &backend.Error{Code: backend.EUNAVAILABLE, Message: "The database is busy; try again in a moment."}
	case sqlite3.ErrFull:
		return &backend.Error{Code: backend.EUNAVAILABLE, Message: "The disk is full; free some space and try again."}
	case sqlite3.ErrReadonly:
		return &backend.Error{Code: backend.EUNAVAILABLE, Message: "The database is read-only; check the data folder's permissions."}
	}
	return err
}

// isConstraint reports whether err is a constraint violation of the given
// extended kind (e.g. sqlite3.ErrConstraintUnique).
func isConstraint(err error, kind sqlite3.ErrNoExtended) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == kind
}
