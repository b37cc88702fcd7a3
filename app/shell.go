package app

import (
	"context"
	"fmt"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wailsapp/wails/v2/pkg/logger"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
)

// quitGrace is how long the self-test waits for the window to close after
// asking; past it the process exits so CI sees a failure, not a hang.
const quitGrace = 10 * time.Second

// shell is one run of the desktop window: the Wails options and callbacks,
// the bound Native struct and, in self-test mode, the test's state. It is
// built in every build so tests can check it without GTK.
type shell struct {
	opts     Options
	start    time.Time // when Run was called, for the cold-start log
	platform platform
	native   *Native
	selfTest *selfTest // nil unless opts.SelfTest

	exit      func(code int) // os.Exit, replaced in tests
	quitGrace time.Duration

	domReady sync.Once
	returned atomic.Bool // wails.Run has returned

	timerMu sync.Mutex
	timers  []*time.Timer
}

func newShell(opts Options, p platform, start time.Time) *shell {
	s := &shell{opts: opts, start: start, platform: p, exit: os.Exit, quitGrace: quitGrace}
	s.native = &Native{platform: p, handler: opts.Handler, log: opts.Logger}
	if opts.SelfTest {
		s.selfTest = &selfTest{log: opts.Logger, quit: s.quit, hold: opts.SelfTestHold, after: s.after}
		s.native.selfTest = s.selfTest
	}
	return s
}

// begin arms the self-test timeout; call it just before wails.Run.
func (s *shell) begin() {
	if s.selfTest == nil {
		return
	}
	timeout := s.opts.SelfTestTimeout
	s.after(timeout, func() {
		s.selfTest.finish(false, fmt.Sprintf(
			"no result within %s (did the page load, and is window.go.app.Native bound?)", timeout))
	})
}

// end is called once wails.Run has returned; it disarms the timers.
func (s *shell) end() {
	s.returned.Store(true)
	s.timerMu.Lock()
	defer s.timerMu.Unlock()
	for _, t := range s.timers {
		t.Stop()
	}
}

// outcome is Run's result after the window has closed.
func (s *shell) outcome() error {
	if s.selfTest == nil {
		return nil
	}
	return s.selfTest.err()
}

func (s *shell) after(d time.Duration, f func()) {
	s.timerMu.Lock()
	defer s.timerMu.Unlock()
	if s.returned.Load() {
		return
	}
	s.timers = append(s.timers, time.AfterFunc(d, f))
}

// quit closes the window and makes sure the process ends even if the window
// cannot be reached (it never started, or hangs while closing).
func (s *shell) quit() {
	s.platform.Quit()
	s.after(s.quitGrace, func() {
		if s.returned.Load() {
			return
		}
		s.opts.Logger.Error("desktop window did not close; exiting", "waited", s.quitGrace)
		s.exit(1)
	})
}

// onStartup hands Wails' context to the platform: its runtime calls only
// work with that context.
func (s *shell) onStartup(ctx context.Context) {
	s.adoptContext(ctx)
	s.opts.Logger.Debug("desktop window starting", "sinceStart", s.sinceStart())
}

// onDomReady fires on every page load (reloads included); the cold-start log
// and the self-test belong to the first.
func (s *shell) onDomReady(ctx context.Context) {
	// OnStartup runs on its own goroutine and may not have finished yet.
	s.adoptContext(ctx)
	s.domReady.Do(func() {
		s.opts.Logger.Info("desktop window ready", "sinceStart", s.sinceStart())
		if s.selfTest != nil {
			s.platform.ExecJS(selfTestJS)
		}
	})
}

func (s *shell) adoptContext(ctx context.Context) {
	if p, ok := s.platform.(interface{ setContext(context.Context) }); ok {
		p.setContext(ctx)
	}
}

func (s *shell) sinceStart() time.Duration {
	return time.Since(s.start).Round(time.Millisecond)
}

// wailsOptions describes the window. There is no Assets FS: the Handler
// serves index.html and the API alike, so the desktop and the LAN portal
// run exactly the same code.
func (s *shell) wailsOptions() *options.App {
	return &options.App{
		Title:            s.opts.Title,
		Width:            windowWidth,
		Height:           windowHeight,
		MinWidth:         windowMinWidth,
		MinHeight:        windowMinHeight,
		BackgroundColour: &options.RGBA{R: 255, G: 255, B: 255, A: 255},
		AssetServer:      &assetserver.Options{Handler: s.opts.Handler},
		OnStartup:        s.onStartup,
		OnDomReady:       s.onDomReady,
		Bind:             []any{s.native},
		// Office users paste into fields with the mouse; without this the
		// production webview has no context menu at all.
		EnableDefaultContextMenu: true,
		Logger:                   wailsLogger{log: s.opts.Logger},
		LogLevel:                 logger.INFO,
		LogLevelProduction:       logger.WARNING,
		Linux: &linux.Options{
			Icon: appIcon,
			// GTK's program name. The window's WM_CLASS, which
			// build/linux/siteward.desktop matches, comes from the binary's
			// name instead, so the binary must stay "siteward".
			ProgramName: "siteward",
		},
	}
}
