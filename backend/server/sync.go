package server

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"siteward/backend"
	sitesync "siteward/backend/sync"
)

// runSync is `siteward sync` (one round now) and `siteward sync enrol`.
func (c *CLI) runSync(ctx context.Context, args []string) error {
	if len(args) > 0 && args[0] == "enrol" {
		return c.runSyncEnrol(ctx, args[1:])
	}
	fs, data := c.flags("sync")
	if err := fs.Parse(args); err != nil {
		return err
	}
	m, err := c.open(ctx, *data)
	if err != nil {
		return err
	}
	defer m.Close()
	rep, err := (&sitesync.Client{Replica: m.Sync, Files: m.Sync.Files}).Sync(ctx)
	if rep != nil {
		fmt.Fprintf(c.Stdout, "sync: pushed %d (%d conflicts for the office to review, %d refused and kept), pulled %d, %d files downloaded\n",
			rep.Pushed, rep.Conflicts, rep.Quarantined, rep.Pulled, rep.Downloaded)
	}
	if err != nil {
		return err
	}
	st, err := m.Sync.SyncStatus(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(c.Stdout, "sync: %d changes waiting; in step with %s\n", st.Pending, st.HubURL)
	return nil
}

// runSyncEnrol makes a new install from the hub's snapshot.
func (c *CLI) runSyncEnrol(ctx context.Context, args []string) error {
	fs, data := c.flags("sync enrol")
	hub := fs.String("hub", "", "the office hub's address, e.g. https://office-pc:8443")
	code := fs.String("code", "", "the pairing code shown in the hub's workspace")
	pin := fs.String("fingerprint", "", "the hub's certificate SHA-256 fingerprint (printed by `siteward serve`), for https")
	pwStdin := fs.Bool("password-stdin", false, "read a password (one line) for signing in to this install's own `siteward serve` in a browser; kept here, never synced")
	if err := fs.Parse(args); err != nil {
		return err
	}
	password := ""
	if *pwStdin {
		var err error
		if password, err = readPasswordLine(c.Stdin); err != nil {
			return err
		}
	}
	if *hub == "" || *code == "" {
		return backend.Errorf(backend.EINVALID, "Give the hub's address and the pairing code: siteward sync enrol --hub URL --code CODE.")
	}
	if err := prepareDataDir(*data); err != nil {
		return err
	}
	dbPath := DBPath(*data)
	if _, err := os.Stat(dbPath); err == nil {
		return backend.Errorf(backend.ECONFLICT, "%s already holds a workspace; enrol into an empty folder.", *data)
	}
	unlock, err := lockDataDir(*data)
	if err != nil {
		return err
	}
	join, err := sitesync.Enrol(ctx, nil, *hub, *pin, *code, func(r io.Reader) error { return backend.WriteFileAtomicFrom(dbPath, r, 0o600) })
	unlock()
	if err != nil {
		return err
	}
	m, err := c.open(ctx, *data)
	if err != nil {
		os.Remove(dbPath)
		return err
	}
	defer m.Close()
	if err := m.Sync.JoinHub(ctx, *join); err != nil {
		return err
	}
	// After joining: the users watermark is taken from the copy's users, so
	// this local write cannot hide a hub change (sync_users.go keeps it on pulls).
	if password != "" {
		if err := m.Users.SetPassword(ctx, join.UserID, password); err != nil {
			return err
		}
		u, err := m.Users.FindUserByID(ctx, join.UserID)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.Stdout, "%s can sign in to this install's `siteward serve` as %s with the password given.\n", u.Name, u.Email)
	}
	fmt.Fprintf(c.Stdout, "Enrolled with %s as install %s; `siteward sync --data %s` syncs now (the app also syncs by itself).\n",
		join.HubURL, join.SiteID, *data)
	return nil
}

// syncEvery is how often an enrolled install tries its hub in the background.
const syncEvery = time.Minute

// runSyncLoop syncs an enrolled install whenever its hub answers, until
// ctx ends. An install that is not enrolled (the hub itself, or a
// stand-alone office) does nothing.
func (m *Main) runSyncLoop(ctx context.Context) {
	if _, err := m.Sync.Identity(ctx); err != nil {
		return
	}
	client := &sitesync.Client{Replica: m.Sync, Files: m.Sync.Files}
	for {
		if rep, err := client.Sync(ctx); err != nil {
			m.Config.Logger.Debug("sync: hub not reached; will try again", "err", err)
		} else if rep.Pushed+rep.Pulled > 0 {
			m.Config.Logger.Info("sync", "pushed", rep.Pushed, "pulled", rep.Pulled, "conflicts", rep.Conflicts)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(syncEvery):
		}
	}
}

// readPasswordLine reads the local password from the first line of r,
// checked before anything is enrolled.
func readPasswordLine(r io.Reader) (string, error) {
	if r == nil {
		return "", backend.Errorf(backend.EINVALID, "--password-stdin needs the password on standard input.")
	}
	line, err := bufio.NewReader(r).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", err
	}
	pw := strings.TrimRight(line, "\r\n")
	if err := backend.ValidatePassword(pw); err != nil {
		var e *backend.Error
		if errors.As(err, &e) && e.Fields["password"] != "" {
			return "", backend.Errorf(backend.EINVALID, "The password for this install: %s", e.Fields["password"])
		}
		return "", err
	}
	return pw, nil
}
