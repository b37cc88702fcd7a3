package server

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"siteward/backend"
	"siteward/backend/demo"
)

// Version is set at build time (-ldflags "-X siteward/backend/server.Version=…").
var Version = "dev"

// CLI runs Siteward's commands. Desktop is supplied by main.go, the only
// place (with app/) that knows Wails.
type CLI struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader // `sync enrol --password-stdin` reads the local password here
	Assets         fs.FS
	// Desktop opens the window on handler and blocks until it closes.
	Desktop func(handler http.Handler, selfTest bool, logger *slog.Logger) error
}

const usage = `Siteward — workspace and customer portal for fire-protection contractors.

Usage:
  siteward [--data DIR] [--selftest]          open the desktop app
  siteward serve [--data DIR] [--addr HOST:PORT] [--tls auto|off|CERT,KEY]
                                              serve the workspace and portal on the LAN
  siteward demo --data DIR --size small|medium|large [--seed N]
                                              create a demo workspace
  siteward backup [--data DIR] [--to FILE]    write a consistent copy of the database
  siteward restore --data DIR --from FILE     replace the database with a backup (Siteward must be stopped)
  siteward sync enrol --data DIR --hub URL --code CODE [--fingerprint SHA256] [--password-stdin]
                                              make this computer an install that syncs with the office hub
                                              (--password-stdin: a password to sign in here in a browser, kept on this computer)
  siteward sync [--data DIR]                  sync with the hub now (the app also syncs by itself)
  siteward version                            print the version

The data folder defaults to %s.
`

// Run runs the command in args (without the program name) and returns the
// process exit code. Errors are one line on stderr.
func (c *CLI) Run(args []string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cmd := ""
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	var err error
	switch cmd {
	case "":
		err = c.runDesktop(ctx, args)
	case "serve":
		err = c.runServe(ctx, args)
	case "demo":
		err = c.runDemo(ctx, args)
	case "backup":
		err = c.runBackup(ctx, args)
	case "restore":
		err = c.runRestore(ctx, args)
	case "sync":
		err = c.runSync(ctx, args)
	case "version":
		fmt.Fprintln(c.Stdout, "siteward", Version)
	case "help":
		fmt.Fprintf(c.Stdout, usage, DefaultDataDir())
	default:
		err = fmt.Errorf("unknown command %q; run `siteward help`", cmd)
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	} else if err != nil {
		fmt.Fprintln(c.Stderr, "siteward:", oneLine(err))
		return 1
	}
	return 0
}

// oneLine returns the message a person should read: the coded message for
// our errors, the error text otherwise.
func oneLine(err error) string {
	var e *backend.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return strings.ReplaceAll(err.Error(), "\n", " ")
}

func (c *CLI) flags(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("siteward "+name, flag.ContinueOnError)
	fs.SetOutput(c.Stderr)
	data := fs.String("data", DefaultDataDir(), "the data folder")
	return fs, data
}

func (c *CLI) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(c.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
}

func (c *CLI) open(ctx context.Context, dataDir string) (*Main, error) {
	return Open(ctx, Config{DataDir: dataDir, Assets: c.Assets, Logger: c.logger()})
}

func (c *CLI) runDesktop(ctx context.Context, args []string) error {
	fs, data := c.flags("")
	selfTest := fs.Bool("selftest", false, "load the workspace, check an API round trip through the window, and exit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	m, err := c.open(ctx, *data)
	if err != nil {
		return err
	}
	defer m.Close()
	local, err := m.LocalUser(ctx)
	if err != nil {
		return err
	}
	defer m.StartWorkers(ctx)()
	return c.Desktop(m.HTTP.DesktopHandler(local), *selfTest, m.Config.Logger)
}

func (c *CLI) runServe(ctx context.Context, args []string) error {
	fs, data := c.flags("serve")
	addr := fs.String("addr", "127.0.0.1:8080", "the address to listen on (0.0.0.0:8443 for the whole LAN)")
	tlsMode := fs.String("tls", "", "auto, off, or CERT.pem,KEY.pem (default: off on loopback, auto otherwise)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	m, err := c.open(ctx, *data)
	if err != nil {
		return err
	}
	defer m.Close()
	defer m.StartWorkers(ctx)()
	return m.Serve(ctx, ServeOptions{Addr: *addr, TLS: *tlsMode}, func(l Listening) {
		c.printBanner(l, *data)
	})
}

func (c *CLI) printBanner(l Listening, dataDir string) {
	w := c.Stdout
	fmt.Fprintf(w, "Siteward %s is serving %s\n", Version, dataDir)
	fmt.Fprintf(w, "  Open %s/ in a browser (workspace for the office, portal for customers).\n", l.URL)
	if l.Fingerprint != "" {
		fmt.Fprintf(w, "  Certificate SHA-256 fingerprint: %s\n", l.Fingerprint)
	}
	if logins, err := demo.ReadLogins(dataDir); err == nil {
		printLogins(w, logins)
	}
	fmt.Fprintln(w, "  Press Ctrl+C to stop.")
}

func (c *CLI) runBackup(ctx context.Context, args []string) error {
	fs, data := c.flags("backup")
	to := fs.String("to", "", "the file to write (default: a dated file in the data folder's backups/)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	m, err := c.open(ctx, *data)
	if err != nil {
		return err
	}
	defer m.Close()
	path, err := m.DB.Backup(ctx, "manual")
	if err != nil {
		return err
	}
	if *to != "" {
		if err := os.Rename(path, *to); err != nil {
			return fmt.Errorf("move the backup to %s: %w", *to, err)
		}
		path = *to
	}
	fmt.Fprintln(c.Stdout, "Backup written to", path)
	return nil
}
