package server

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"siteward/backend"
	"siteward/backend/demo"
	"siteward/backend/sqlite"
)

func (c *CLI) runDemo(ctx context.Context, args []string) error {
	fs, data := c.flags("demo")
	size := fs.String("size", "small", "small, medium or large (DOMAIN.md dataset sizes)")
	seed := fs.Uint64("seed", 1, "the random seed: the same seed makes the same workspace")
	if err := fs.Parse(args); err != nil {
		return err
	}
	sz, err := demo.ParseSize(*size)
	if err != nil {
		return err
	}
	start := time.Now()
	bar := newProgressBar(c.Stderr)
	logins, err := GenerateDemo(ctx, *data, demo.Options{Size: sz, Seed: *seed, Now: time.Now().UTC(), Progress: bar.update})
	bar.done()
	if err != nil {
		return err
	}
	fmt.Fprintf(c.Stdout, "Demo workspace (%s, seed %d) created in %s in %s.\n", sz, *seed, *data, time.Since(start).Round(100*time.Millisecond))
	printLogins(c.Stdout, logins)
	fmt.Fprintf(c.Stdout, "  (also in %s)\n", filepath.Join(*data, demo.LoginsFile))
	return nil
}

// printLogins lists the demo sign-ins and what each should see.
func printLogins(w io.Writer, l *demo.Logins) {
	fmt.Fprintln(w, "  Demo logins (password for all):", demo.Password)
	for _, lg := range l.Logins {
		sees := ""
		if lg.Scope != nil {
			sees = fmt.Sprintf("%s %q", lg.Scope.Kind, lg.Scope.Name)
			if lg.Sees != nil {
				sees += fmt.Sprintf(", %d properties", lg.Sees.Properties)
			}
		}
		fmt.Fprintf(w, "    %-16s %-42s %s\n", lg.Role, lg.Email, sees)
	}
}

// GenerateDemo creates a demo workspace in a new data folder. It builds the
// database beside its final place and renames it in only when complete, so
// a failure or an interrupt half-way leaves no half-made workspace.
func GenerateDemo(ctx context.Context, dataDir string, opt demo.Options) (*demo.Logins, error) {
	if err := prepareDataDir(dataDir); err != nil {
		return nil, err
	}
	unlock, err := lockDataDir(dataDir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	final := DBPath(dataDir)
	if _, err := os.Stat(final); err == nil {
		return nil, backend.Errorf(backend.ECONFLICT, "%s already holds a workspace; demo data goes only into a new data folder.", dataDir)
	}
	tmp := filepath.Join(dataDir, ".demo-building.db")
	removeDB(tmp)
	defer removeDB(tmp)
	db := sqlite.NewDB(tmp)
	db.Now = func() time.Time { return opt.Now }
	if err := db.Open(ctx); err != nil {
		return nil, err
	}
	files := backend.NewDirFileStore(filepath.Join(dataDir, "files"))
	opt.WriteFile = files.PutFile
	logins, err := demo.Generate(ctx, db, opt)
	if cerr := db.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	if err := demo.WriteLogins(dataDir, logins); err != nil {
		return nil, err
	}
	if err := os.Rename(tmp, final); err != nil {
		return nil, err
	}
	return logins, nil
}

func removeDB(path string) {
	for _, s := range []string{"", "-wal", "-shm", "-journal"} {
		os.Remove(path + s)
	}
}

// progressBar draws "stage [#####     ] 40% 1234/3000 5,678/s" on one line
// when writing to a terminal, and a line per finished stage otherwise.
type progressBar struct {
	w       io.Writer
	tty     bool
	stage   string
	started time.Time
	last    time.Time
	doneN   int
	totalN  int
}

func newProgressBar(w io.Writer) *progressBar {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	return &progressBar{w: w, tty: tty}
}

func (p *progressBar) update(stage string, done, total int) {
	now := time.Now()
	if stage != p.stage {
		p.finishStage()
		p.stage, p.started = stage, now
	}
	if !p.tty || (now.Sub(p.last) < 100*time.Millisecond && done < total) {
		p.lastCounts(done, total)
		return
	}
	p.last = now
	frac := 0.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	n := int(frac * 30)
	rate := float64(done) / max(now.Sub(p.started).Seconds(), 0.001)
	fmt.Fprintf(p.w, "\r%-10s [%s%s] %3.0f%% %d/%d %.0f/s ", stage, strings.Repeat("#", n), strings.Repeat(" ", 30-n), frac*100, done, total, rate)
	p.lastCounts(done, total)
}

func (p *progressBar) lastCounts(done, total int) { p.doneN, p.totalN = done, total }

func (p *progressBar) finishStage() {
	if p.stage == "" {
		return
	}
	el := time.Since(p.started)
	if p.tty {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, "%-10s %d/%d in %s\n", p.stage, p.doneN, p.totalN, el.Round(10*time.Millisecond))
}

func (p *progressBar) done() { p.finishStage(); p.stage = "" }
