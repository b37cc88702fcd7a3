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
	"sync"
	"sync/atomic"
	"time"

	"siteward/backend"
	"siteward/backend/charts"
	"siteward/backend/export"
	sitehttp "siteward/backend/http"
	"siteward/backend/importer"
	"siteward/backend/pdf"
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
	Sync         *sqlite.SyncService
	ClientNotes  *sqlite.ClientNoteService
	PortalPanels *sqlite.PortalPanelService
	PortalUsage  *sqlite.PortalUsageService
	Activity     *sqlite.ActivityService
	Lists        *sqlite.PortalListService
	Outbox       *sqlite.OutboxService
	EmailSetup   *sqlite.EmailSettingsService
	MailSender   *backend.MailSender
	ReportData   *sqlite.ReportDataService
	Reports      *sqlite.ReportService
	Invitations  *sqlite.InvitationService
	Reminders    *sqlite.ReminderService
	DefectAlerts *sqlite.DefectAlertService

	unlock    func()
	listenURL atomic.Value // string: where serve listens, for workers' links
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
	files := backend.NewDirFileStore(filepath.Join(cfg.DataDir, "files"))
	m.Settings = sqlite.NewSettingsService(m.DB)
	m.Settings.Files = files
	settings, err := m.Settings.GetSettings(ctx)
	if err != nil {
		m.Close()
		return nil, err
	}
	// The portal counts follow the workspace's time zone: rebuilt here, not
	// in a customer's first request, when it changed.
	if err := m.DB.EnsureCountsZone(ctx, settings.Location()); err != nil {
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
	m.Sync = sqlite.NewSyncService(m.DB)
	m.Sync.Files = backend.NewDirFileStore(filepath.Join(cfg.DataDir, "files"))
	m.Activity = sqlite.NewActivityService(m.DB, settings.Location())
	m.Lists = sqlite.NewPortalListService(m.DB, settings.Location())
	m.Outbox = sqlite.NewOutboxService(m.DB)
	m.ClientNotes = sqlite.NewClientNoteService(m.DB)
	m.PortalPanels = sqlite.NewPortalPanelService(m.DB)
	m.PortalUsage = sqlite.NewPortalUsageService(m.DB)
	m.EmailSetup = sqlite.NewEmailSettingsService(m.DB, filepath.Join(cfg.DataDir, "secret.key"))
	m.MailSender = backend.NewMailSender(m.Outbox, m.EmailSetup, smtp.NewMailer())
	m.MailSender.Logger = cfg.Logger
	m.MailSender.Files = files
	m.Outbox.SetWake(m.MailSender.Wake)
	m.ReportData = sqlite.NewReportDataService(m.DB, settings.Location())
	m.Reports = sqlite.NewReportService(m.DB, files)
	m.Invitations = sqlite.NewInvitationService(m.DB, settings.Location())
	m.Reminders = sqlite.NewReminderService(m.DB, settings.Location())
	m.DefectAlerts = sqlite.NewDefectAlertService(m.DB, settings.Location())
	m.HTTP = &sitehttp.Server{
		Users: m.Users, Sessions: m.Sessions, ClientGroups: m.ClientGroups, Clients: m.Clients,
		Contacts: m.Contacts, Properties: m.Properties, Portal: m.Portal, Settings: m.Settings,
		Dashboard: m.Dashboard, Charts: charts.New(), Sync: m.Sync, SyncReplica: m.Sync, Exporter: export.Exporter{},
		ClientNotes: m.ClientNotes, PortalPanels: m.PortalPanels, PortalUsage: m.PortalUsage,
		ReportData: m.ReportData, ReportRenderer: pdf.New(charts.Palette, charts.Labels), Reports: m.Reports,
		EmailSetup: m.EmailSetup, Outbox: m.Outbox, TestEmail: m.MailSender, Invitations: m.Invitations,
		Reminders: m.Reminders, DefectAlerts: m.DefectAlerts,
		ClientImport: importer.New(sqlite.NewClientImportStore(m.DB)), Remarks: sqlite.NewRemarkService(m.DB),
		Quotes:       sqlite.NewQuoteService(m.DB, settings.Location()),
		Invoices:     sqlite.NewInvoiceService(m.DB, settings.Location()),
		CustomerData: sqlite.NewCustomerDataService(m.DB, settings.Location()), PropertyContacts: sqlite.NewPropertyContactService(m.DB),
		OfficeDashboard: sqlite.NewOfficeDashboardService(m.DB, settings.Location()), OfficeCharts: charts.New(),
		Activity: m.Activity, Lists: m.Lists,
		PropertyPage: sqlite.NewPortalPageService(m.DB, settings.Location()), Files: files,
		Search: sqlite.NewSearchService(m.DB), ReportJobs: sqlite.NewReportJobStore(m.DB, files),
		Documents: sqlite.NewDocumentService(m.DB, files), Floorplans: sqlite.NewFloorplanService(m.DB, files),
		Signoffs: sqlite.NewSignoffService(m.DB),
		Assets:   cfg.Assets, Logger: cfg.Logger, Now: cfg.Now,
	}
	m.HTTP.Routines = sqlite.NewRoutineService(m.DB, settings.Location())
	tasks := sqlite.NewTaskService(m.DB, settings.Location())
	m.HTTP.Tasks, m.HTTP.RemarkPhotos, m.HTTP.RecordConflicts = tasks, sqlite.NewRemarkService(m.DB), sqlite.NewRecordConflictService(m.DB, tasks)
	m.HTTP.RemarkEdits, m.HTTP.AssetEdits = sqlite.NewRemarkEditService(m.DB, files), sqlite.NewAssetEditService(m.DB)
	return m, nil
}

// StartWorkers runs the background workers — the outbox sender, reminders,
// critical-defect alerts, and sync with the hub on an enrolled install —
// until ctx ends or the returned stop is called; stop cancels them and
// blocks until they have stopped, which must happen before Close so work
// in progress can record its result.
func (m *Main) StartWorkers(ctx context.Context) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := m.MailSender.Run(ctx); err != nil && ctx.Err() == nil {
			m.Config.Logger.Error("outbox sender stopped", "err", err)
		}
	})
	wg.Go(func() { m.runSyncLoop(ctx) })
	// Reminders hourly, critical-defect alerts every minute; the first runs
	// wait a little so start-up stays quick and serve has found its address.
	periodic := []*backend.Periodic{
		{Name: "reminders", Every: time.Hour, FirstRunAfter: time.Minute, Logger: m.Config.Logger,
			Job: func(ctx context.Context) (int, error) { return m.Reminders.SendDueReminders(ctx, m.mailLinks(ctx)) }},
		{Name: "critical-defect alerts", Every: time.Minute, FirstRunAfter: 5 * time.Second, Logger: m.Config.Logger,
			Job: func(ctx context.Context) (int, error) {
				return m.DefectAlerts.SendCriticalAlerts(ctx, m.mailLinks(ctx))
			}},
		{Name: "routine tasks", Every: 6 * time.Hour, FirstRunAfter: 10 * time.Minute, Logger: m.Config.Logger, Job: m.topUpRoutines},
	}
	for _, p := range periodic {
		wg.Go(func() { _ = p.Run(ctx) })
	}
	return func() { cancel(); wg.Wait() }
}

// topUpRoutines keeps routines' tasks twelve months ahead. Only the hub (or
// a lone install) makes them: a replica's tasks come from the hub, so two
// installs never generate the same visit twice.
func (m *Main) topUpRoutines(ctx context.Context) (int, error) {
	if _, err := m.Sync.Identity(ctx); err == nil {
		return 0, nil // enrolled as a replica
	}
	n, err := m.HTTP.Routines.TopUpRoutineTasks(ctx)
	if n > 0 {
		m.Config.Logger.Info("routine tasks: generated the visits now within twelve months", "created", n)
	}
	return 0, err // no messages written
}

// mailLinks is where links in workers' messages point: the portal address
// in Settings, else the address serve listens on.
func (m *Main) mailLinks(ctx context.Context) backend.MailLinks {
	listen, _ := m.listenURL.Load().(string)
	set, err := m.Settings.GetSettings(ctx)
	if err != nil {
		return backend.MailLinks{BaseURL: listen}
	}
	return set.MailLinks(listen)
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

// LocalUser returns the user the desktop window acts as: on an enrolled
// install the user it was enrolled for; otherwise the first active office
// user, or a new "Office" user when there is none.
func (m *Main) LocalUser(ctx context.Context) (*backend.User, error) {
	// An enrolled install acts for the user it was enrolled for (a
	// technician's laptop is that technician's, never an office user's).
	if site, err := m.Sync.SiteUser(ctx); err != nil {
		return nil, err
	} else if site != "" {
		return m.Users.FindUserByID(ctx, site)
	}
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
