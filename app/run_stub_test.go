//go:build !production && !dev && !bindings

package app

import (
	"errors"
	"testing"
)

func TestRunWithoutDesktopTags(t *testing.T) {
	if err := Run(Options{Handler: okHandler}); !errors.Is(err, ErrNoDesktop) {
		t.Fatalf("Run = %v, want ErrNoDesktop", err)
	}
}
