//go:build production || dev || bindings

package app

import (
	"fmt"
	"time"

	"github.com/wailsapp/wails/v2"
)

// Run opens the desktop window and blocks until it closes. It must be called
// from the main goroutine: GTK stays on the thread that initialised it. In
// self-test mode it returns nil only if the self-test passed.
func Run(opts Options) error {
	start := time.Now()
	opts, err := opts.withDefaults()
	if err != nil {
		return err
	}
	s := newShell(opts, &wailsPlatform{}, start)
	s.begin()
	err = wails.Run(s.wailsOptions())
	s.end()
	if err != nil {
		return fmt.Errorf("desktop window: %w", err)
	}
	return s.outcome()
}
