package sqlite

import (
	"context"
	"database/sql"
	"fmt"
)

// BulkLoad runs fn on the writer connection to load many rows into a fresh
// database fast (the demo and benchmark generator, backend/demo).
//
// exec runs one statement inside the current write transaction; statements
// are prepared once per transaction and reused, so callers should repeat the
// same query text (multi-row INSERTs of a fixed row count). commit ends the
// current transaction and begins the next, so a long load keeps the WAL
// small. If fn returns an error the open transaction is rolled back; what
// earlier commits wrote stays, so callers load into a new file they discard
// on failure.
//
// For the load the connection uses synchronous=NORMAL (safe in WAL mode: a
// power cut can lose the last commits, never corrupt the file) and a larger
// page cache; both are put back afterwards.
//
// The portal counts' triggers are dropped for the load and the counts
// rebuilt once at its end (portalcounts.go): cheaper than a trigger per row.
// The search index, written a batch at a time, is merged into one b-tree
// at the end, as a migration's rebuild leaves it: a search then reads one
// segment per term instead of dozens.
func (db *DB) BulkLoad(ctx context.Context, fn func(exec func(query string, args ...any) error, commit func() error) error) error {
	if err := db.dropCounts(ctx); err != nil {
		return mapErr(err)
	}
	err := db.bulkLoad(ctx, fn)
	if ierr := db.installCounts(context.WithoutCancel(ctx), true); err == nil && ierr != nil {
		err = mapErr(ierr)
	}
	if err == nil {
		_, err = db.write.ExecContext(ctx, `INSERT INTO search_fts (search_fts) VALUES ('optimize')`)
		err = mapErr(err)
	}
	return err
}

func (db *DB) bulkLoad(ctx context.Context, fn func(exec func(query string, args ...any) error, commit func() error) error) (err error) {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return mapErr(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `PRAGMA synchronous = NORMAL; PRAGMA cache_size = -262144`); err != nil {
		return mapErr(err)
	}
	defer func() {
		// Back to the DSN's settings; a failure here is the first error only if
		// nothing else went wrong.
		_, rerr := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA synchronous = FULL; PRAGMA cache_size = -32000`)
		if err == nil && rerr != nil {
			err = mapErr(rerr)
		}
	}()

	// A bulk load is a snapshot: rows reach other installs by enrolment,
	// not one change at a time (docs/sync.md). The writer connection is held
	// for the whole load, so no other write can see this context.
	db.capture.begin(db.clock.Tick().String(), false)
	defer db.capture.end()

	b := &bulkTx{ctx: ctx, conn: conn, db: db}
	if err := b.begin(); err != nil {
		return mapErr(err)
	}
	defer b.rollback()
	if err := fn(b.exec, func() error { return b.commit(true) }); err != nil {
		return mapErr(err)
	}
	return mapErr(b.commit(false))
}

// bulkTx is the current transaction of a BulkLoad with its prepared statements.
type bulkTx struct {
	ctx   context.Context
	conn  *sql.Conn
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	db    *DB
}

func (b *bulkTx) begin() error {
	tx, err := b.conn.BeginTx(b.ctx, nil)
	if err != nil {
		return err
	}
	b.tx, b.stmts = tx, map[string]*sql.Stmt{}
	return nil
}

func (b *bulkTx) exec(query string, args ...any) error {
	if b.tx == nil {
		return fmt.Errorf("sqlite: bulk load: exec after a failed commit")
	}
	st, ok := b.stmts[query]
	if !ok {
		var err error
		if st, err = b.tx.PrepareContext(b.ctx, query); err != nil {
			return err
		}
		b.stmts[query] = st
	}
	_, err := st.ExecContext(b.ctx, args...)
	return err
}

// commit commits the current transaction and, if next, begins the next.
func (b *bulkTx) commit(next bool) error {
	if b.tx == nil {
		return fmt.Errorf("sqlite: bulk load: commit after a failed commit")
	}
	for _, st := range b.stmts {
		st.Close()
	}
	tx := b.tx
	b.tx, b.stmts = nil, nil
	if err := tx.Commit(); err != nil {
		return err
	}
	b.db.committed()
	if !next {
		return nil
	}
	return b.begin()
}

func (b *bulkTx) rollback() {
	if b.tx != nil {
		for _, st := range b.stmts {
			st.Close()
		}
		_ = b.tx.Rollback()
		b.tx = nil
	}
}

// QueryInt runs a query that answers one integer (a count), on the writer
// connection so it sees everything a BulkLoad committed.
func (db *DB) QueryInt(ctx context.Context, query string, args ...any) (int64, error) {
	var n sql.NullInt64
	if err := db.write.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, mapErr(err)
	}
	return n.Int64, nil
}

// HashPassword hashes pw the way every stored password is hashed (argon2id,
// DESIGN.md §6), for loaders that write users directly.
func (db *DB) HashPassword(pw string) (string, error) { return hashPassword(pw) }

// ScanRow scans one row of a read query into dest (sql.ErrNoRows when
// there is none), like QueryInt for more than one column.
func (db *DB) ScanRow(ctx context.Context, query string, args []any, dest ...any) error {
	return db.read.QueryRowContext(ctx, query, args...).Scan(dest...)
}
