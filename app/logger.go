package app

import (
	"log/slog"
	"os"
	"strings"
)

// wailsLogger sends Wails' own messages to the application's slog logger so
// the desktop writes one log, not two.
type wailsLogger struct{ log *slog.Logger }

func (l wailsLogger) Print(m string)   { l.log.Info(clean(m), "source", "wails") }
func (l wailsLogger) Trace(m string)   { l.log.Debug(clean(m), "source", "wails") }
func (l wailsLogger) Debug(m string)   { l.log.Debug(clean(m), "source", "wails") }
func (l wailsLogger) Info(m string)    { l.log.Info(clean(m), "source", "wails") }
func (l wailsLogger) Warning(m string) { l.log.Warn(clean(m), "source", "wails") }
func (l wailsLogger) Error(m string)   { l.log.Error(clean(m), "source", "wails") }

// Fatal ends the process: Wails calls it for states it cannot continue from.
func (l wailsLogger) Fatal(m string) {
	l.log.Error(clean(m), "source", "wails", "fatal", true)
	os.Exit(1)
}

func clean(m string) string { return strings.TrimSpace(m) }
