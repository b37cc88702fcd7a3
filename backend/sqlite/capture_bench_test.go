package sqlite

import (
	"context"
	"testing"

	"siteward/backend"
)

// BenchmarkCaptureCost is the price of change capture per write (docs/sync.md):
// the same one-row insert and one-column update, each its own transaction,
// with the capture triggers installed and with them dropped.
//
//	go test -tags sqlite_fts5 -run '^$' -bench CaptureCost -benchtime 2000x ./backend/sqlite
func BenchmarkCaptureCost(b *testing.B) {
	for _, mode := range []string{"captured", "plain"} {
		b.Run(mode, func(b *testing.B) {
			db := MustOpenDB(b)
			ctx := context.Background()
			if mode == "plain" {
				err := db.Update(ctx, func(tx *Tx) error { return dropCaptureTriggers(ctx, tx.Tx) })
				if err != nil {
					b.Fatal(err)
				}
			}
			c := MustCreateClient(b, db, "Bench Client", nil)
			b.Run("insert-note", func(b *testing.B) {
				for b.Loop() {
					err := db.Update(ctx, func(tx *Tx) error {
						_, err := tx.Exec(`INSERT INTO client_notes (id, client_id, author_id, body, created_at) VALUES (?, ?, NULL, 'Called about the fire doors on level 2.', ?)`,
							backend.NewID(), c.ID, tx.now)
						return err
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("update-one-column", func(b *testing.B) {
				i := 0
				for b.Loop() {
					i++
					err := db.Update(ctx, func(tx *Tx) error {
						_, err := tx.Exec(`UPDATE clients SET pricing_tier = ? WHERE id = ?`, []string{"standard", "preferred"}[i%2], c.ID)
						return err
					})
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
