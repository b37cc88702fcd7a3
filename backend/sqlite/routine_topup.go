package sqlite

import (
	"context"

	"siteward/backend"
)

// TopUpRoutineTasks keeps every active routine's tasks twelve months ahead
// as days pass: each routine is brought in line with its schedule
// (syncRoutineTasks) in a transaction of its own, so a long run never holds
// the writer for long. An unchanged routine only gains the visits that came
// into the horizon. It returns how many tasks were created.
func (s *RoutineService) TopUpRoutineTasks(ctx context.Context) (int, error) {
	var ids []string
	err := s.db.View(ctx, func(tx *Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT r.id FROM routines r JOIN properties p ON p.id = r.property_id
			WHERE r.active = 1 AND r.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY r.id`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	if err != nil {
		return 0, err
	}
	created := 0
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return created, err
		}
		err := s.db.Update(ctx, func(tx *Tx) error {
			today := s.today()
			r, err := findRoutineByID(ctx, tx, id, today)
			if backend.ErrorCode(err) == backend.ENOTFOUND {
				return nil // removed meanwhile
			} else if err != nil {
				return err
			}
			change, err := syncRoutineTasks(ctx, tx, r, today)
			if err == nil {
				created += change.Created
			}
			return err
		})
		if err != nil {
			return created, err
		}
	}
	return created, nil
}
