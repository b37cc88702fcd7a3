package app

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
)

// Native is the one struct bound into the window. Wails names bindings
// <package>.<struct>, so the page calls window.go.app.Native.<Method>(…),
// each returning a Promise. Only what a browser cannot do belongs here.
type Native struct {
	platform platform
	handler  http.Handler
	selfTest *selfTest // nil unless the shell runs the self-test
	log      *slog.Logger
}

// OpenURL opens an http(s) or mailto link with the user's browser or mail
// program. Other schemes are refused: the page shows links typed by
// customers, and the OS would hand file: or custom schemes to any program.
func (n *Native) OpenURL(rawURL string) error {
	safe, err := externalURL(rawURL)
	if err != nil {
		return err
	}
	n.platform.OpenURL(safe)
	return nil
}

// SaveFileDialog asks where to save a file; "" means the user cancelled.
func (n *Native) SaveFileDialog(d FileDialog) (string, error) {
	return n.platform.SaveFileDialog(d)
}

// OpenFileDialog asks for one existing file; "" means the user cancelled.
func (n *Native) OpenFileDialog(d FileDialog) (string, error) {
	return n.platform.OpenFileDialog(d)
}

// OpenDirectoryDialog asks for a folder (e.g. where backups go); "" means
// the user cancelled.
func (n *Native) OpenDirectoryDialog(d FileDialog) (string, error) {
	return n.platform.OpenDirectoryDialog(d)
}

// SelfTestDone is called by selftest.js with the outcome of the self-test.
// Outside self-test mode it is refused, so a page cannot close the window
// through it.
func (n *Native) SelfTestDone(ok bool, detail string) error {
	if n.selfTest == nil {
		return errors.New("the desktop self-test is not running")
	}
	n.selfTest.finish(ok, detail)
	return nil
}

// shellMetacharacters are the characters Wails' BrowserOpenURL refuses (it
// only logs the refusal), as it does some invisible Unicode. Links with
// parentheses or accents are common, so those characters and all non-ASCII
// ones are percent-encoded instead, which browsers and servers read the same.
const shellMetacharacters = ";|`$\\<>*{}[]()~! "

// externalURL checks that raw is a link the OS may open and returns it in a
// form Wails will pass on.
func externalURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", fmt.Errorf("not a valid link: %w", err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return "", fmt.Errorf("the link %q has no host", raw)
		}
	case "mailto":
		if u.Opaque == "" {
			return "", fmt.Errorf("the link %q has no address", raw)
		}
	default:
		return "", fmt.Errorf("only http, https and mailto links can be opened, not %q", raw)
	}
	s := u.String()
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < 0x20 || r == 0x7f:
			return "", fmt.Errorf("the link %q contains control characters", raw)
		case r >= 0x80 || strings.ContainsRune(shellMetacharacters, r):
			for _, c := range []byte(string(r)) {
				fmt.Fprintf(&b, "%%%02X", c)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), nil
}
