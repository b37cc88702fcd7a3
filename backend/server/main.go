// Package server is the composition root: it opens the data folder, builds
// every service on SQLite and hands them to the HTTP server. The desktop app
// and `siteward serve` both start here.
package server

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"siteward/backend"
	"siteward/backend/charts"
	sitehttp "siteward/backend/http"
	"siteward/backend/smtp"
	"siteward/backend/sqlite"
)

// Config says where the data lives and how to reach the outside world.
type Config struct {
	DataDir string
	Assets  fs.FS // the built UI
	Logger  *slog.Logger
	Now     backend.Clock
}

// Main is one running Siteward: its data folder, database and services.
type Main struct {
	Config Config
	DB     *sqlite.DB
	HTTP   *sitehttp.Server

	Users        *sqlite.UserService
	Sessions     *sqlite.SessionService
	ClientGroups *sqlite.ClientGroupService
	Clients      *sqlite.ClientService
	Contacts     *sqlite.ContactService
	Properties   *sqlite.PropertyService
	Portal       *sqlite.PortalService
	Settings     *sqlite.SettingsService
	Dashboard    *sqlite.DashboardService
	Activity     *sqlite.ActivityService
	Lists        *sqlite.PortalListService
	Outbox       *sqlite.OutboxService
	EmailSetup   *sqlite.EmailSettingsService
	MailSender   *backend.MailSender

	unlock func()
}

// DefaultDataDir is os.UserConfigDir()/Siteward.
func DefaultDataDir() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "Siteward"
	}
	return filepath.Join(dir, "Siteward")
}

// DBPath is where the database lives in a data folder.
func DBPath(dataDir string) string { return filepath.Join(dataDir, "siteward.db") }

// Open prepares the data folder (creating it, checking it is writable,
// taking its lock), opens and migrates the database and builds the services.
func Open(ctx context.Context, cfg Config) (*Main, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = backend.SystemClock
	}
	if err := prepareDataDir(cfg.DataDir); err != nil {
		return nil, err
	}
	unlock, err := lockDataDir(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	m := &Main{Config: cfg, unlock: unlock}
	m.DB = sqlite.NewDB(DBPath(cfg.DataDir))
	m.DB.BackupDir = filepath.Join(cfg.DataDir, "backups")
	m.DB.Now = cfg.Now
	if err := m.DB.Open(ctx); err != nil {
		unlock()
		return nil, err
	}
	m.Settings = sqlite.NewSettingsService(m.DB)
	settings, err := m.Settings.GetSettings(ctx)
	if err != nil {
		m.Close()
		return nil, err
	}
	m.Users = sqlite.NewUserService(m.DB)
	m.Sessions = sqlite.NewSessionService(m.DB)
	m.ClientGroups = sqlite.NewClientGroupService(m.DB)
	m.Clients = sqlite.NewClientService(m.DB)
	m.Contacts = sqlite.NewContactService(m.DB)
	m.Properties = sqlite.NewPropertyService(m.DB)
	m.Portal = sqlite.NewPortalService(m.DB, settings.Location())
	m.Dashboard = sqlite.NewDashboardService(m.DB, settings.Location())
	m.Activity = sqlite.NewActivityService(m.DB, settings.Location())
	m.Lists = sqlite.NewPortalListService(m.DB, settings.Location())
	m.Outbox = sqlite.NewOutboxService(m.DB)
	m.EmailSetup = sqlite.NewEmailSettingsService(m.DB, filepath.Join(cfg.DataDir, "secret.key"))
	m.MailSender = backend.NewMailSender(m.Outbox, m.EmailSetup, smtp.NewMailer())
	m.MailSender.Logger = cfg.Logger
	m.Outbox.SetWake(m.MailSender.Wake)
	m.HTTP = &sitehttp.Server{
		Users: m.Users, Sessions: m.Sessions, ClientGroups: m.ClientGroups, Clients: m.Clients,
		Contacts: m.Contacts, Properties: m.Properties, Portal: m.Portal, Settings: m.Settings,
		Dashboard: m.Dashboard, Charts: charts.New(),
		Activity: m.Activity, Quotes: m.Activity, Lists: m.Lists,
		PropertyPage: sqlite.NewPortalPageService(m.DB, settings.Location()), Files: &fileStore{dir: filepath.Join(cfg.DataDir, "files")},
		Search: sqlite.NewSearchService(m.DB),
		Assets: cfg.Assets, Logger: cfg.Logger, Now: cfg.Now,
	}
	return m, nil
}

// StartWorkers runs the background workers (the outbox sender) until ctx
// ends or the returned stop is called; stop cancels them and blocks until
// they have stopped, which must happen before Close so a send in progress
// can record its result.
func (m *Main) StartWorkers(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := m.MailSender.Run(ctx); err != nil && ctx.Err() == nil {
			m.Config.Logger.Error("outbox sender stopped", "err", err)
		}
	}()
	return func() { cancel(); <-done }
}

// Close closes the database and releases the data folder.
func (m *Main) Close() error {
	err := m.DB.Close()
	if m.unlock != nil {
		m.unlock()
	}
	return err
}

// prepareDataDir creates the folder and proves it is writable, so a bad
// --data fails at once with a message, not on the first save.
func prepareDataDir(dir string) error {
	if dir == "" {
		return backend.Errorf(backend.EINVALID, "No data folder given.")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return backend.Errorf(backend.EUNAVAILABLE, "Cannot create the data folder %s: %v.", dir, pathErr(err))
	}
	probe, err := os.CreateTemp(dir, ".write-check-*")
	if err != nil {
		return backend.Errorf(backend.EUNAVAILABLE, "The data folder %s is not writable: %v.", dir, pathErr(err))
	}
	probe.Close()
	return os.Remove(probe.Name())
}

func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// EnsureLocalOfficeUser returns the user the desktop window acts as: the
// first active office user, or a new "Office" user when there is none.
func (m *Main) EnsureLocalOfficeUser(ctx context.Context) (*backend.User, error) {
	lic, active := backend.LicenceOffice, true
	users, _, err := m.Users.FindUsers(ctx, backend.UserFilter{Licence: &lic, Active: &active,
		Page: backend.Page{Limit: 1, Sort: "createdAt"}})
	if err != nil {
		return nil, err
	}
	if len(users) > 0 {
		return users[0], nil
	}
	u := &backend.User{Email: "office@localhost.localdomain", Name: "Office", Licence: backend.LicenceOffice, Active: true}
	if err := m.Users.CreateUser(ctx, u, ""); err != nil {
		return nil, fmt.Errorf("create the local office user: %w", err)
	}
	return u, nil
}
