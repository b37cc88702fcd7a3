package backend

import (
	"context"
	"fmt"
	"log/slog"
	"time"
)

// Periodic runs a job now and then until its context ends: the reminders
// every hour, critical-defect alerts every minute. A failed run is logged
// and tried again at the next interval.
type Periodic struct {
	Name          string
	Every         time.Duration
	FirstRunAfter time.Duration
	Job           func(ctx context.Context) (int, error) // returns how many messages it wrote
	Logger        *slog.Logger
}

// Run works until ctx ends, then returns nil.
func (p *Periodic) Run(ctx context.Context) error {
	logger := p.Logger
	if logger == nil {
		logger = slog.Default()
	}
	wait := p.FirstRunAfter
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
		wait = max(p.Every, time.Second)
		n, err := p.Job(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			logger.Error(p.Name+": run failed; trying again later", "err", err)
		} else if n > 0 {
			logger.Info(fmt.Sprintf("%s: %d messages written to the outbox", p.Name, n))
		}
	}
}
