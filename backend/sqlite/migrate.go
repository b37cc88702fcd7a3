package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mattn/go-sqlite3"

	"siteward/backend"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrationNames lists the embedded migrations in the order they apply.
func migrationNames(fsys fs.FS) ([]string, error) {
	names, err := fs.Glob(fsys, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	for i, n := range names {
		names[i] = strings.TrimSuffix(strings.TrimPrefix(n, "migrations/"), ".sql")
	}
	return names, nil
}

// migrate applies pending migrations, each in its own transaction. A
// database that has a migration this binary does not know was written by a
// newer Siteward and is refused. Before an existing database is changed, a
// copy is written to the backup folder (Backup).
func (db *DB) migrate(ctx context.Context) error {
	if db.migrations != nil {
		return db.migrateFrom(ctx, db.migrations)
	}
	return db.migrateFrom(ctx, migrationFS)
}

func (db *DB) migrateFrom(ctx context.Context, fsys fs.FS) error {
	// A database with tables but no migrations table is someone else's: never
	// write our schema into it.
	var ours, others int
	if err := db.write.QueryRowContext(ctx, `SELECT COUNT(*) FILTER (WHERE name = 'schema_migrations'),
		COUNT(*) FILTER (WHERE name <> 'schema_migrations' AND name NOT LIKE 'sqlite_%')
		FROM sqlite_master WHERE type = 'table'`).Scan(&ours, &others); err != nil {
		return openError(db.Path, err)
	}
	if ours == 0 && others > 0 {
		return backend.Errorf(backend.EINVALID, "%s is not a Siteward database; choose an empty folder or a Siteward data folder.", db.Path)
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return openError(db.Path, err)
	}
	known, err := migrationNames(fsys)
	if err != nil {
		return err
	}
	applied, err := db.appliedMigrations(ctx)
	if err != nil {
		return err
	}
	isKnown := make(map[string]bool, len(known))
	for _, n := range known {
		isKnown[n] = true
	}
	for n := range applied {
		if !isKnown[n] {
			return backend.Errorf(backend.ECONFLICT,
				"The database %s was written by a newer version of Siteward (it has migration %s); install that version or newer.", db.Path, n)
		}
	}
	var pending []string
	for _, n := range known {
		if !applied[n] {
			pending = append(pending, n)
		}
	}
	if len(pending) == 0 {
		return nil
	}
	if len(applied) > 0 {
		if _, err := db.Backup(ctx, "pre-migrate"); err != nil {
			return fmt.Errorf("backup before migrating: %w", err)
		}
	}
	for _, n := range pending {
		if err := db.applyMigration(ctx, fsys, n); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) appliedMigrations(ctx context.Context) (map[string]bool, error) {
	rows, err := db.write.QueryContext(ctx, `SELECT name FROM schema_migrations`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	applied := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		applied[n] = true
	}
	return applied, rows.Err()
}

func (db *DB) applyMigration(ctx context.Context, fsys fs.FS, name string) error {
	body, err := fs.ReadFile(fsys, "migrations/"+name+".sql")
	if err != nil {
		return err
	}
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	// Every install applies the same migration itself: its data changes are
	// snapshot writes, never synced. The capture triggers name the tables a
	// migration may change, so they go first; Open puts them back.
	db.capture.begin(db.clock.Tick().String(), false)
	defer db.capture.end()
	if err := dropCaptureTriggers(ctx, tx); err != nil {
		return fmt.Errorf("migration %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("migration %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`,
		name, backend.FormatTime(db.Now())); err != nil {
		return fmt.Errorf("migration %s: %w", name, err)
	}
	return tx.Commit()
}

// Backup writes a consistent copy of the database to the backup folder
// and returns its path: SQLite's online backup, page by page from a
// snapshot, so writes go on meanwhile. Copying pages is several
// times faster than VACUUM INTO's rebuild of every table and index (a
// 6.6 GB folder: docs/benchmarks.md). The copy is written beside its final
// name and renamed when whole, so a backup cut short never looks like one.
func (db *DB) Backup(ctx context.Context, label string) (string, error) {
	dir := db.BackupDir
	if dir == "" {
		dir = filepath.Join(filepath.Dir(db.Path), "backups")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", err
	}
	name := fmt.Sprintf("siteward-%s-%s.db", db.Now().UTC().Format("20060102T150405"), label)
	dst := filepath.Join(dir, name)
	for i := 2; ; i++ {
		if _, err := os.Stat(dst); os.IsNotExist(err) {
			break
		}
		dst = filepath.Join(dir, fmt.Sprintf("%s-%d.db", strings.TrimSuffix(name, ".db"), i))
	}
	part := dst + ".part"
	os.Remove(part)
	if err := db.copyTo(ctx, part); err != nil {
		os.Remove(part)
		return "", fmt.Errorf("backup to %s: %w", dst, err)
	}
	if err := os.Rename(part, dst); err != nil {
		os.Remove(part)
		return "", fmt.Errorf("backup to %s: %w", dst, err)
	}
	return dst, nil
}

// copyTo copies every page of the database into a new file at path, a
// single file in rollback-journal mode.
func (db *DB) copyTo(ctx context.Context, path string) error {
	dest, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath())
	if err != nil {
		return err
	}
	defer dest.Close()
	to, err := dest.Conn(ctx)
	if err != nil {
		return err
	}
	defer to.Close()
	// A reader's snapshot, so writes go on; before the readers are open
	// (the backup ahead of migrating) the writer's, with nothing else writing.
	src := db.read
	if src == nil {
		src = db.write
	}
	from, err := src.Conn(ctx)
	if err != nil {
		return err
	}
	defer from.Close()
	err = from.Raw(func(src any) error {
		return to.Raw(func(dst any) error {
			b, err := dst.(*sqlite3.SQLiteConn).Backup("main", src.(*sqlite3.SQLiteConn), "main")
			if err != nil {
				return err
			}
			if _, err := b.Step(-1); err != nil {
				b.Finish()
				return err
			}
			return b.Finish()
		})
	})
	if err != nil {
		return err
	}
	// The pages say write-ahead log, as the live file's do; a backup is one
	// file, so it goes back to a rollback journal (as VACUUM INTO leaves it).
	_, err = to.ExecContext(ctx, `PRAGMA journal_mode = DELETE`)
	return err
}

// SchemaVersion returns the newest applied migration, which sync requests
// carry so installs of different versions can tell each other apart.
func (db *DB) SchemaVersion(ctx context.Context) (string, error) {
	var v sql.NullString
	err := db.read.QueryRowContext(ctx, `SELECT MAX(name) FROM schema_migrations`).Scan(&v)
	return v.String, err
}

// CheckBackup reports whether the file at path is a Siteward database in
// one piece: a SQLite file that passes quick_check and has our migrations
// table. Restores check a backup with it before anything is replaced.
func CheckBackup(ctx context.Context, path string) error {
	notOurs := backend.Errorf(backend.EINVALID, "%s is not a Siteward database (or it is damaged); choose another backup.", path)
	h, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro")
	if err != nil {
		return notOurs
	}
	defer h.Close()
	var ok string
	if err := h.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&ok); err != nil || ok != "ok" {
		return notOurs
	}
	var n int
	if err := h.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n == 0 {
		return notOurs
	}
	return nil
}
