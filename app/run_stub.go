//go:build !production && !dev && !bindings

package app

// Run, in a build without the Wails tags, only explains itself: Wails
// compiles a stub there whose Run fails on Linux and crashes on Windows.
func Run(Options) error { return ErrNoDesktop }
