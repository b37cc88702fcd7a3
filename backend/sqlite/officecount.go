package sqlite

import "context"

// countRows counts what a list's filter matches, apart from the page query:
// a window COUNT(*) OVER () would make SQLite read every match before it
// could stop at the page, where a separate count walks an index only.
func countRows(ctx context.Context, tx *Tx, from string, w where, args []any) (int, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+from+w.sql(), args...).Scan(&n)
	return n, err
}
