package sqlite

import (
	"context"

	"siteward/backend"
)

// ClientNoteService implements backend.ClientNoteService.
type ClientNoteService struct{ db *DB }

// NewClientNoteService returns a ClientNoteService on db.
func NewClientNoteService(db *DB) *ClientNoteService { return &ClientNoteService{db: db} }

var _ backend.ClientNoteService = (*ClientNoteService)(nil)

func (s *ClientNoteService) FindClientNotes(ctx context.Context, clientID string, pg backend.Page) (out []*backend.ClientNote, total int, err error) {
	pg.Normalize()
	err = s.db.View(ctx, func(tx *Tx) error {
		if _, err := findClientByID(ctx, tx, clientID); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT n.id, n.client_id, COALESCE(n.author_id, ''), COALESCE(u.name, ''), n.body, n.created_at,
			COUNT(*) OVER () FROM client_notes n LEFT JOIN users u ON u.id = n.author_id
			WHERE n.client_id = ? AND n.deleted_at IS NULL ORDER BY n.created_at DESC, n.id DESC LIMIT ? OFFSET ?`,
			clientID, pg.Limit, pg.Offset)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var n backend.ClientNote
			var created string
			if err := rows.Scan(&n.ID, &n.ClientID, &n.AuthorID, &n.AuthorName, &n.Body, &created, &total); err != nil {
				return err
			}
			n.CreatedAt, _ = backend.ParseTime(created)
			out = append(out, &n)
		}
		return rows.Err()
	})
	return out, total, err
}

func (s *ClientNoteService) CreateClientNote(ctx context.Context, n *backend.ClientNote) error {
	if err := n.Validate(); err != nil {
		return err
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		if _, err := findClientByID(ctx, tx, n.ClientID); err != nil {
			return err
		}
		var author any
		if n.AuthorID != "" {
			u, err := findUserByID(ctx, tx, n.AuthorID)
			if err != nil {
				return err
			}
			author, n.AuthorName = u.ID, u.Name
		}
		n.ID = backend.NewID()
		if _, err := tx.ExecContext(ctx, `INSERT INTO client_notes (id, client_id, author_id, body, created_at) VALUES (?, ?, ?, ?, ?)`,
			n.ID, n.ClientID, author, n.Body, tx.now); err != nil {
			return err
		}
		n.CreatedAt, _ = backend.ParseTime(tx.now)
		return nil
	})
}
