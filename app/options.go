// Package app is Siteward's desktop shell: one Wails window whose pages and
// API calls all go to the same http.Handler the LAN portal uses. It holds
// only what a browser cannot do (native dialogs, opening URLs with the OS, the
// desktop self-test); everything else lives behind the Handler.
//
// Only main.go and this package import Wails. The Wails runtime is reached
// through the small platform interface so the rest of the package runs and
// tests headless.
package app

import (
	"errors"
	"log/slog"
	"net/http"
	"time"
)

// Window geometry: the workspace is designed for 1280×800 and still works at
// 1024×700 (DESIGN §10).
const (
	windowWidth     = 1280
	windowHeight    = 800
	windowMinWidth  = 1024
	windowMinHeight = 700
)

// defaultSelfTestTimeout is generous: a cold WebKit start under Xvfb on a
// loaded 2-core CI machine takes a few seconds, and a hung self-test must
// still end the process.
const defaultSelfTestTimeout = 30 * time.Second

// Options is what main.go hands to Run.
type Options struct {
	// Handler serves the embedded UI (index.html at "/") and the JSON API.
	// It must already treat every request as the local office user: the
	// window has no login.
	Handler http.Handler

	// Title is the window title, e.g. "Siteward".
	Title string

	// SelfTest loads the workspace, checks an API round trip through the
	// window, reports and quits (see selftest.js).
	SelfTest bool

	// SelfTestTimeout bounds the whole self-test; 0 means 30 s.
	SelfTestTimeout time.Duration

	// SelfTestHold keeps the window open this long after a passing
	// self-test, so CI can take a screenshot of the real window.
	SelfTestHold time.Duration

	// Logger receives the shell's and Wails' messages; nil means slog.Default().
	Logger *slog.Logger
}

// withDefaults fills the zero fields and refuses options Run cannot use.
func (o Options) withDefaults() (Options, error) {
	if o.Handler == nil {
		return o, errors.New("app: Options.Handler is nil; the window would have nothing to show")
	}
	if o.Title == "" {
		o.Title = "Siteward"
	}
	if o.SelfTestTimeout <= 0 {
		o.SelfTestTimeout = defaultSelfTestTimeout
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o, nil
}

// ErrNoDesktop is Run's answer in a binary built without the desktop tags.
var ErrNoDesktop = errors.New("this binary was built without the desktop app; use `siteward serve`, or build with `make desktop`")
