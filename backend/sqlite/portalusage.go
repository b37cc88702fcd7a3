package sqlite

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"siteward/backend"
)

// PortalUsageService implements backend.PortalUsageService.
type PortalUsageService struct{ db *DB }

// NewPortalUsageService returns a PortalUsageService on db.
func NewPortalUsageService(db *DB) *PortalUsageService { return &PortalUsageService{db: db} }

var _ backend.PortalUsageService = (*PortalUsageService)(nil)

func (s *PortalUsageService) FindPortalUsage(ctx context.Context, f backend.PortalUsageFilter) (out []*backend.PortalUsage, total int, err error) {
	f.Normalize()
	var table, users string
	switch f.Kind {
	case backend.ViewClient:
		table = "clients"
		users = `SELECT COUNT(*) FROM client_users a CROSS JOIN users u ON u.id = a.user_id
			WHERE a.client_id = e.id AND u.active = 1 AND u.licence = 'customer' AND u.deleted_at IS NULL`
	case backend.ViewGroup:
		table = "client_groups"
		users = `SELECT COUNT(*) FROM client_group_accounts a CROSS JOIN users u ON u.id = a.user_id
			WHERE a.group_id = e.id AND u.active = 1 AND u.licence = 'customer' AND u.deleted_at IS NULL`
	default:
		msg := "Choose client or group."
		return nil, 0, &backend.Error{Code: backend.EINVALID, Message: msg, Fields: map[string]string{"kind": msg}}
	}
	since := backend.FormatTime(s.db.Now().Add(-30 * 24 * time.Hour))
	w := where{"e.deleted_at IS NULL"}
	args := []any{string(f.Kind), since}
	if q := strings.TrimSpace(f.Query); q != "" {
		w, args = append(w, `e.name LIKE ? ESCAPE '\'`), append(args, likeArg(q))
	}
	col, desc := f.SortKey("name", "name", "users", "lastSignIn", "signIns30d")
	order := map[string]string{"name": "e.name COLLATE NOCASE", "users": "users", "lastSignIn": "COALESCE(last_at, '')",
		"signIns30d": "recent"}[col]
	err = s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT e.id, e.name, (`+users+`) AS users,
			(SELECT MAX(si.at) FROM sign_ins si WHERE si.view_kind = ?1 AND si.view_id = e.id) AS last_at,
			(SELECT COUNT(*) FROM sign_ins si WHERE si.view_kind = ?1 AND si.view_id = e.id AND si.at >= ?2) AS recent,
			COUNT(*) OVER ()
			FROM `+table+` e`+w.sql()+` ORDER BY `+order+dir(desc)+`, e.name COLLATE NOCASE, e.id LIMIT ? OFFSET ?`,
			append(args, f.Limit, f.Offset)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			u := backend.PortalUsage{Kind: f.Kind}
			var last sql.NullString
			if err := rows.Scan(&u.ID, &u.Name, &u.Users, &last, &u.SignIns30d, &total); err != nil {
				return err
			}
			if last.Valid {
				t, _ := backend.ParseTime(last.String)
				u.LastSignInAt = &t
			}
			out = append(out, &u)
		}
		return rows.Err()
	})
	return out, total, err
}
