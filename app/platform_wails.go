package app

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/wailsapp/wails/v2/pkg/runtime"
)

// errWindowNotReady is returned when a native call arrives before Wails has
// handed over its context (OnStartup). Calling the runtime with any other
// context would log.Fatalf.
var errWindowNotReady = errors.New("the desktop window is not ready yet")

// wailsPlatform calls the Wails runtime with the context Wails gave OnStartup.
// It compiles in every build (pkg/runtime needs no cgo) but is only ever used
// inside a running window, never in tests.
type wailsPlatform struct {
	ctx atomic.Pointer[context.Context]
}

func (p *wailsPlatform) setContext(ctx context.Context) { p.ctx.Store(&ctx) }

func (p *wailsPlatform) context() (context.Context, bool) {
	c := p.ctx.Load()
	if c == nil {
		return nil, false
	}
	return *c, true
}

func (p *wailsPlatform) OpenURL(url string) {
	if ctx, ok := p.context(); ok {
		runtime.BrowserOpenURL(ctx, url)
	}
}

func (p *wailsPlatform) SaveFileDialog(d FileDialog) (string, error) {
	ctx, ok := p.context()
	if !ok {
		return "", errWindowNotReady
	}
	return runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{
		Title:                d.Title,
		DefaultDirectory:     d.DefaultDirectory,
		DefaultFilename:      d.DefaultFilename,
		Filters:              wailsFilters(d.Filters),
		CanCreateDirectories: true,
	})
}

func (p *wailsPlatform) OpenFileDialog(d FileDialog) (string, error) {
	ctx, ok := p.context()
	if !ok {
		return "", errWindowNotReady
	}
	return runtime.OpenFileDialog(ctx, runtime.OpenDialogOptions{
		Title:            d.Title,
		DefaultDirectory: d.DefaultDirectory,
		DefaultFilename:  d.DefaultFilename,
		Filters:          wailsFilters(d.Filters),
	})
}

func (p *wailsPlatform) OpenDirectoryDialog(d FileDialog) (string, error) {
	ctx, ok := p.context()
	if !ok {
		return "", errWindowNotReady
	}
	return runtime.OpenDirectoryDialog(ctx, runtime.OpenDialogOptions{
		Title:                d.Title,
		DefaultDirectory:     d.DefaultDirectory,
		CanCreateDirectories: true,
	})
}

func (p *wailsPlatform) ExecJS(js string) {
	if ctx, ok := p.context(); ok {
		runtime.WindowExecJS(ctx, js)
	}
}

// Quit asks the window to close. Before OnStartup there is no window yet;
// the shell's quit watchdog covers that case.
func (p *wailsPlatform) Quit() {
	if ctx, ok := p.context(); ok {
		runtime.Quit(ctx)
	}
}

func wailsFilters(in []FileFilter) []runtime.FileFilter {
	out := make([]runtime.FileFilter, 0, len(in))
	for _, f := range in {
		out = append(out, runtime.FileFilter{DisplayName: f.DisplayName, Pattern: f.Pattern})
	}
	return out
}
