package app

import (
	"io"
	"log/slog"
	"sync"
)

// fakePlatform records what the shell asked of the desktop runtime.
type fakePlatform struct {
	mu        sync.Mutex
	opened    []string
	execJS    []string
	quits     int
	saveTo    string // what SaveFileDialog answers
	saveErr   error
	dialogs   []FileDialog
	openedDir string
}

func (p *fakePlatform) OpenURL(url string) {
	p.mu.Lock()
	p.opened = append(p.opened, url)
	p.mu.Unlock()
}
func (p *fakePlatform) ExecJS(js string) { p.mu.Lock(); p.execJS = append(p.execJS, js); p.mu.Unlock() }
func (p *fakePlatform) Quit()            { p.mu.Lock(); p.quits++; p.mu.Unlock() }

func (p *fakePlatform) SaveFileDialog(d FileDialog) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dialogs = append(p.dialogs, d)
	return p.saveTo, p.saveErr
}

func (p *fakePlatform) OpenFileDialog(d FileDialog) (string, error) {
	return p.SaveFileDialog(d)
}

func (p *fakePlatform) OpenDirectoryDialog(d FileDialog) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.dialogs = append(p.dialogs, d)
	return p.openedDir, nil
}

func (p *fakePlatform) quitCount() int { p.mu.Lock(); defer p.mu.Unlock(); return p.quits }

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
