package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"
	"time"

	"siteward/backend"
)

// The portal counts bucket stored UTC times by local month, so they are
// built in one time zone: portal_zone holds its UTC offsets and when each
// takes effect, and portal_counts_zone its name. A service in another zone
// (the workspace's setting changed) rebuilds them first, in one transaction.

// countsZone caches the zone the counts are built in.
type countsZone struct {
	mu   sync.Mutex
	name string
}

// zoneSpan is the range of instants whose offsets portal_zone holds.
var zoneSpan = [2]time.Time{time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)}

// EnsureCountsZone makes the portal counts follow loc: a no-op when they
// already do, else it records loc's offsets and rebuilds every count.
func (db *DB) EnsureCountsZone(ctx context.Context, loc *time.Location) error {
	db.zone.mu.Lock()
	defer db.zone.mu.Unlock()
	if db.zone.name == loc.String() {
		return nil
	}
	var stored string
	err := db.write.QueryRowContext(ctx, `SELECT name FROM portal_counts_zone`).Scan(&stored)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return mapErr(err)
	}
	if stored != loc.String() {
		if err := db.setCountsZone(ctx, loc); err != nil {
			return mapErr(err)
		}
	}
	db.zone.name = loc.String()
	return nil
}

func (db *DB) setCountsZone(ctx context.Context, loc *time.Location) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, s := range []string{`DELETE FROM portal_zone`, `DELETE FROM portal_counts_zone`} {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return err
		}
	}
	st, err := tx.PrepareContext(ctx, `INSERT INTO portal_zone (from_utc, offset_s) VALUES (?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for t := zoneSpan[0]; t.Before(zoneSpan[1]); {
		_, off := t.In(loc).Zone()
		if _, err := st.ExecContext(ctx, backend.FormatTime(t), off); err != nil {
			return err
		}
		_, end := t.In(loc).ZoneBounds()
		if end.IsZero() || !end.After(t) {
			break
		}
		t = end
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO portal_counts_zone (name) VALUES (?)`, loc.String()); err != nil {
		return err
	}
	if err := rebuildCounts(ctx, tx); err != nil {
		return err
	}
	return tx.Commit()
}
