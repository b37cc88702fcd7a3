package sqlite

import (
	"context"

	"siteward/backend"
)

func (s *OutboxService) CountMessages(ctx context.Context) (map[backend.OutboxStatus]int, error) {
	out := map[backend.OutboxStatus]int{}
	for _, st := range backend.OutboxStatuses {
		out[st] = 0
	}
	rows, err := s.db.read.QueryContext(ctx, `SELECT status, COUNT(*) FROM outbox_messages GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var st backend.OutboxStatus
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, err
		}
		out[st] = n
	}
	return out, rows.Err()
}
