package sqlite

import (
	"context"
	"database/sql"
	"strings"

	"github.com/mattn/go-sqlite3"

	"siteward/backend"
)

// UserService implements backend.UserService.
type UserService struct{ db *DB }

// NewUserService returns a UserService on db.
func NewUserService(db *DB) *UserService { return &UserService{db: db} }

var _ backend.UserService = (*UserService)(nil)

const userColumns = `id, email, name, licence, active, last_login_at, created_at, updated_at`

func (s *UserService) FindUserByID(ctx context.Context, id string) (u *backend.User, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		u, err = findUserByID(ctx, tx, id)
		return err
	})
	return u, err
}

func findUserByID(ctx context.Context, tx *Tx, id string) (*backend.User, error) {
	users, _, err := findUsers(ctx, tx, backend.UserFilter{ID: &id, Page: backend.Page{Limit: 1}})
	if err != nil {
		return nil, err
	} else if len(users) == 0 {
		return nil, backend.Errorf(backend.ENOTFOUND, "User not found.")
	}
	return users[0], nil
}

func (s *UserService) FindUsers(ctx context.Context, f backend.UserFilter) (users []*backend.User, n int, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		users, n, err = findUsers(ctx, tx, f)
		return err
	})
	return users, n, err
}

func findUsers(ctx context.Context, tx *Tx, f backend.UserFilter) ([]*backend.User, int, error) {
	f.Normalize()
	w := where{"deleted_at IS NULL"}
	var args []any
	if f.ID != nil {
		w, args = append(w, "id = ?"), append(args, *f.ID)
	}
	if f.Email != nil {
		w, args = append(w, "email = ?"), append(args, backend.NormalizeEmail(*f.Email))
	}
	if f.Licence != nil {
		w, args = append(w, "licence = ?"), append(args, *f.Licence)
	}
	if f.Active != nil {
		w, args = append(w, "active = ?"), append(args, *f.Active)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w, args = append(w, "(name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')"), append(args, likeArg(q), likeArg(q))
	}
	col, desc := f.SortKey("name", "name", "email", "licence", "createdAt", "lastLoginAt")
	order := map[string]string{"name": "name COLLATE NOCASE", "email": "email", "licence": "licence",
		"createdAt": "created_at", "lastLoginAt": "last_login_at"}[col]
	rows, err := tx.QueryContext(ctx, `SELECT `+userColumns+`, COUNT(*) OVER () FROM users`+w.sql()+
		` ORDER BY `+order+dir(desc)+`, id LIMIT ? OFFSET ?`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var users []*backend.User
	var total int
	for rows.Next() {
		var u backend.User
		var lastLogin sql.NullString
		var created, updated string
		if err := rows.Scan(&u.ID, &u.Email, &u.Name, &u.Licence, &u.Active, &lastLogin, &created, &updated, &total); err != nil {
			return nil, 0, err
		}
		u.CreatedAt, _ = backend.ParseTime(created)
		u.UpdatedAt, _ = backend.ParseTime(updated)
		if lastLogin.Valid {
			t, _ := backend.ParseTime(lastLogin.String)
			u.LastLoginAt = &t
		}
		users = append(users, &u)
	}
	return users, total, rows.Err()
}

func (s *UserService) CreateUser(ctx context.Context, u *backend.User, password string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	hash := ""
	if password != "" {
		if err := backend.ValidatePassword(password); err != nil {
			return err
		}
		var err error
		if hash, err = hashPassword(password); err != nil {
			return err
		}
	}
	return s.db.Update(ctx, func(tx *Tx) error { return createUser(ctx, tx, u, hash) })
}

func createUser(ctx context.Context, tx *Tx, u *backend.User, passwordHash string) error {
	if u.ID == "" {
		u.ID = backend.NewID()
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO users (id, email, name, licence, active, password_hash, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, u.ID, u.Email, u.Name, u.Licence, u.Active, passwordHash, tx.now, tx.now)
	if isConstraint(err, sqlite3.ErrConstraintUnique) {
		return &backend.Error{Code: backend.ECONFLICT, Message: "That email address is already in use.",
			Fields: map[string]string{"email": "Another user has this email address."}}
	} else if err != nil {
		return err
	}
	u.CreatedAt, _ = backend.ParseTime(tx.now)
	u.UpdatedAt = u.CreatedAt
	return nil
}

func (s *UserService) UpdateUser(ctx context.Context, id string, upd backend.UserUpdate) (u *backend.User, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		if u, err = findUserByID(ctx, tx, id); err != nil {
			return err
		}
		wasActive, oldLicence := u.Active, u.Licence
		if upd.Name != nil {
			u.Name = *upd.Name
		}
		if upd.Email != nil {
			u.Email = *upd.Email
		}
		if upd.Licence != nil {
			u.Licence = *upd.Licence
		}
		if upd.Active != nil {
			u.Active = *upd.Active
		}
		if err := u.Validate(); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE users SET name = ?, email = ?, licence = ?, active = ?, updated_at = ? WHERE id = ?`,
			u.Name, u.Email, u.Licence, u.Active, tx.now, id)
		if isConstraint(err, sqlite3.ErrConstraintUnique) {
			return &backend.Error{Code: backend.ECONFLICT, Message: "That email address is already in use.",
				Fields: map[string]string{"email": "Another user has this email address."}}
		} else if err != nil {
			return err
		}
		// Access ends at once: no session outlives a deactivation or a licence change.
		if (wasActive && !u.Active) || oldLicence != u.Licence {
			if err := deleteUserSessions(ctx, tx, id); err != nil {
				return err
			}
		}
		u.UpdatedAt, _ = backend.ParseTime(tx.now)
		return nil
	})
	return u, err
}

func (s *UserService) SetPassword(ctx context.Context, id, password string) error {
	if err := backend.ValidatePassword(password); err != nil {
		return err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL`, hash, tx.now, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return backend.Errorf(backend.ENOTFOUND, "User not found.")
		}
		return deleteUserSessions(ctx, tx, id)
	})
}

func (s *UserService) Authenticate(ctx context.Context, email, password string) (*backend.User, error) {
	email = backend.NormalizeEmail(email)
	var id, hash string
	var active bool
	err := s.db.read.QueryRowContext(ctx, `SELECT id, password_hash, active FROM users WHERE email = ? AND deleted_at IS NULL`, email).
		Scan(&id, &hash, &active)
	if err == sql.ErrNoRows {
		checkPassword(dummyHash, password)
		return nil, errBadLogin
	} else if err != nil {
		return nil, err
	}
	if hash == "" {
		checkPassword(dummyHash, password)
		return nil, errBadLogin
	}
	if !checkPassword(hash, password) || !active {
		return nil, errBadLogin
	}
	var u *backend.User
	err = s.db.Update(ctx, func(tx *Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET last_login_at = ? WHERE id = ?`, tx.now, id); err != nil {
			return err
		}
		u, err = findUserByID(ctx, tx, id)
		return err
	})
	return u, err
}

var errBadLogin = backend.Errorf(backend.EUNAUTHORIZED, "That email and password do not match an active account.")
