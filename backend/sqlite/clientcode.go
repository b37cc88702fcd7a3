package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/mattn/go-sqlite3"

	"siteward/backend"
)

// checkClientCode refuses a code another live client already has (codes are
// unique, case-insensitively: imports match on them), naming that client.
func checkClientCode(ctx context.Context, tx *Tx, id, code string) error {
	if code == "" {
		return nil
	}
	var other string
	err := tx.QueryRowContext(ctx, `SELECT name FROM clients WHERE code = ? AND id <> ? AND deleted_at IS NULL`, code, id).Scan(&other)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	msg := "Client code " + code + " is already used by " + other + ". Each client needs its own code."
	return &backend.Error{Code: backend.EINVALID, Message: msg, Fields: map[string]string{"code": msg}}
}

// clientCodeErr turns the unique index's refusal (a race the check above
// lost) into the same field error.
func clientCodeErr(err error, code string) error {
	if isConstraint(err, sqlite3.ErrConstraintUnique) {
		msg := "Client code " + code + " is already used by another client. Each client needs its own code."
		return &backend.Error{Code: backend.EINVALID, Message: msg, Fields: map[string]string{"code": msg}}
	}
	return err
}

// nullIfEmpty stores "" as NULL (no code), so the unique index ignores it.
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
