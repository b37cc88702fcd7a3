package app

import (
	_ "embed"
	"errors"
	"log/slog"
	"sync"
	"time"
)

// selfTestJS is the browser half of the self-test; see the file's comment.
//
//go:embed selftest.js
var selfTestJS string

// selfTest holds the outcome of the desktop self-test. The first report wins:
// the page's SelfTestDone, the timeout, or the window closing early.
type selfTest struct {
	log  *slog.Logger
	quit func() // closes the window once there is an outcome
	// hold delays quit after a pass (for a screenshot); after runs a
	// function later, through the shell's disarmable timers.
	hold  time.Duration
	after func(time.Duration, func())

	mu       sync.Mutex
	reported bool
	ok       bool
	detail   string
}

// finish records the outcome (if none yet), logs it and closes the window.
// It reports whether this call decided the outcome.
func (s *selfTest) finish(ok bool, detail string) bool {
	s.mu.Lock()
	if s.reported {
		s.mu.Unlock()
		return false
	}
	s.reported, s.ok, s.detail = true, ok, detail
	s.mu.Unlock()

	if !ok {
		s.log.Error("desktop self-test failed", "detail", detail)
		s.quit()
		return true
	}
	s.log.Info("desktop self-test passed", "detail", detail)
	if s.hold > 0 && s.after != nil {
		s.log.Info("desktop self-test: holding the window open", "for", s.hold)
		s.after(s.hold, s.quit)
		return true
	}
	s.quit()
	return true
}

// err is the self-test's verdict once the window has closed: nil only if the
// page reported success.
func (s *selfTest) err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case !s.reported:
		return errors.New("desktop self-test: the window closed before the test reported")
	case !s.ok:
		return errors.New("desktop self-test failed: " + s.detail)
	}
	return nil
}
