package sqlite

import (
	"context"
	"testing"
	"time"

	"siteward/backend"
)

// BenchmarkWorkers times the periodic mail jobs on the medium dataset: the
// first run (which writes every due reminder and alert) and the steady
// state, when a run finds nothing new — what the workers do every hour
// (reminders) and every minute (alerts). It writes to the dataset.
//
//	go test -tags sqlite_fts5 -run '^$' -bench Workers -benchtime 20x ./backend/sqlite
func BenchmarkWorkers(b *testing.B) {
	db, _ := openBenchData(b)
	ctx := context.Background()
	syd, _ := time.LoadLocation("Australia/Sydney")
	reminders, alerts := NewReminderService(db, syd), NewDefectAlertService(db, syd)
	set := backend.DefaultReminderSettings()
	set.Enabled = true
	if err := reminders.SaveReminderSettings(ctx, set); err != nil {
		b.Fatal(err)
	}
	links := backend.MailLinks{BaseURL: "https://portal.example.com"}
	for _, job := range []struct {
		name string
		run  func() (int, error)
	}{
		{"reminders", func() (int, error) { return reminders.SendDueReminders(ctx, links) }},
		{"alerts", func() (int, error) { return alerts.SendCriticalAlerts(ctx, links) }},
	} {
		start := time.Now()
		n, err := job.run()
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%s first run: %d messages in %v", job.name, n, time.Since(start))
		b.Run(job.name+"/steady", func(b *testing.B) {
			for b.Loop() {
				if n, err := job.run(); err != nil || n != 0 {
					b.Fatalf("steady run wrote %d, %v", n, err)
				}
			}
		})
	}
}
