// Package http serves the one JSON API and the embedded UIs, to browsers on
// the LAN (real logins) and to the desktop window (the local office user).
package http

import (
	"io/fs"
	"log/slog"
	"net/http"
	"slices"

	"siteward/backend"
)

// Server holds the services the API is written against. Fields are set by
// the composition root before Handler or DesktopHandler is called.
type Server struct {
	Users        backend.UserService
	Sessions     backend.SessionService
	ClientGroups backend.ClientGroupService
	Clients      backend.ClientService
	Contacts     backend.ContactService
	Properties   backend.PropertyService
	Portal       backend.PortalService
	Settings     backend.SettingsService
	Dashboard    backend.DashboardService // the portal's panels (dashboard.go)
	Charts       backend.ChartBuilder
	Sync         backend.SyncHub     // offline sync with other installs (sync.go)
	SyncReplica  backend.SyncReplica // this install's own side of sync: the status line
	Exporter     backend.Exporter    // list exports (CSV, XLSX)
	ClientNotes  backend.ClientNoteService
	PortalPanels backend.PortalPanelService
	PortalUsage  backend.PortalUsageService
	// Reports as PDFs (report.go): data, drawing, and saved reports.
	ReportData     backend.ReportDataService
	ReportRenderer backend.ReportRenderer
	Reports        backend.ReportService
	EmailSetup     backend.EmailSettingsService // Settings > Email (email.go)
	Outbox         backend.OutboxService
	TestEmail      backend.TestEmailSender
	Invitations    backend.InvitationService
	Reminders      backend.ReminderService
	DefectAlerts   backend.DefectAlertService
	// ListenURL is where this server listens, for links in emails when
	// Settings has no portal address.
	ListenURL string

	// Customer Data and the office dashboard (clientimport.go, remark.go,
	// officequote.go, officeinvoice.go, customerdata.go, officedashboard.go).
	ClientImport     backend.ClientImporter
	Remarks          backend.RemarkService
	Quotes           backend.QuoteService
	Invoices         backend.InvoiceService
	CustomerData     backend.CustomerDataService
	PropertyContacts backend.PropertyContactService
	OfficeDashboard  backend.OfficeDashboardService
	OfficeCharts     backend.OfficeChartBuilder
	Activity         backend.ActivityService   // quotes and invoices in the portal (activity.go)
	Lists            backend.PortalListService // the portal's overlays' lists (lists.go)
	PropertyPage     backend.PortalPageService // the portal's property page (portalpage.go)
	Files            backend.FileStore         // stored files (floorplans, documents, reports)
	Search           backend.SearchService     // the portal's search (search.go)
	Routines         backend.RoutineService    // routines and their upcoming tasks (routine.go)
	ReportJobs       backend.ReportJobStore    // finished background reports, kept across restarts (report_jobs.go)
	// The task and remark detail, and sync conflicts kept from the record (taskdetail.go).
	Tasks           backend.TaskService
	RemarkPhotos    backend.RemarkPhotoService
	RecordConflicts backend.RecordConflictService
	RemarkEdits     backend.RemarkEditService // raising and editing remarks, their photos (fieldwork.go)
	AssetEdits      backend.AssetEditService  // adding and editing assets (fieldwork.go)

	// The office's documents, floorplans and signoffs (document.go,
	// floorplan.go, signoff.go); their files are in Files.
	Documents  backend.DocumentService
	Floorplans backend.FloorplanService
	Signoffs   backend.SignoffService

	// Assets is the built frontend (index.html, portal.html, assets/…).
	Assets fs.FS
	Logger *slog.Logger
	Now    backend.Clock
	// SecureCookies marks the session cookie Secure (serving over TLS).
	SecureCookies bool

	throttle *loginThrottle
	jobs     *reportJobs  // reports drawn in the background (report_jobs.go)
	maps     mapCache     // big views' encoded maps (mapcache.go)
	charts   chartCache   // chart answers by their data (chartcache.go)
	access   sessionCache // sessions, their users and views, per access generation (sessioncache.go)
	routes   []string
}

// Handler returns the LAN handler: sessions from cookies, CSRF protection
// for every state change, security headers on every response.
func (s *Server) Handler() http.Handler {
	s.init()
	mux := http.NewServeMux()
	s.registerRoutes(mux)
	csrf := http.NewCrossOriginProtection()
	return s.withRecover(securityHeaders(csrf.Handler(s.withSession(mux))))
}

// DesktopHandler returns the handler behind the desktop window's
// AssetServer: no network port reaches it, so every request is the local
// office user and needs no cookie.
func (s *Server) DesktopHandler(local *backend.User) http.Handler {
	s.init()
	mux := http.NewServeMux()
	s.registerRoutes(mux)
	return s.withRecover(securityHeaders(s.withLocalUser(local, mux)))
}

func (s *Server) init() {
	if s.Logger == nil {
		s.Logger = slog.Default()
	}
	if s.Now == nil {
		s.Now = backend.SystemClock
	}
	if s.throttle == nil {
		s.throttle = newLoginThrottle(s.Now)
	}
}

// handle registers an API route and records its pattern, so the authz
// scenario test can prove it covers every route.
func (s *Server) handle(mux *http.ServeMux, pattern string, h http.HandlerFunc) {
	mux.HandleFunc(pattern, h)
	if !slices.Contains(s.routes, pattern) {
		s.routes = append(s.routes, pattern)
	}
}

// Routes lists the API route patterns ("GET /api/clients", …).
func (s *Server) Routes() []string { return slices.Clone(s.routes) }

func (s *Server) registerRoutes(mux *http.ServeMux) {
	s.registerAuthRoutes(mux)
	s.registerClientRoutes(mux)
	s.registerClientPageRoutes(mux)
	s.registerUserRoutes(mux)
	s.registerClientGroupRoutes(mux)
	s.registerPropertyRoutes(mux)
	s.registerPortalRoutes(mux)
	s.registerDashboardRoutes(mux)
	s.registerSyncRoutes(mux)
	s.registerReportRoutes(mux)
	s.registerEmailRoutes(mux)
	s.registerClientImportRoutes(mux)
	s.registerRemarkRoutes(mux)
	s.registerQuoteRoutes(mux)
	s.registerInvoiceRoutes(mux)
	s.registerCustomerDataRoutes(mux)
	s.registerOfficeDashboardRoutes(mux)
	s.registerActivityRoutes(mux)
	s.registerListRoutes(mux)
	s.registerPortalPageRoutes(mux)
	s.registerSearchRoutes(mux)
	s.registerDocumentRoutes(mux)
	s.registerFloorplanRoutes(mux)
	s.registerSignoffRoutes(mux)
	s.registerCompanyRoutes(mux)
	s.registerRoutineRoutes(mux)
	s.registerTaskDetailRoutes(mux)
	s.registerOfficeExportRoutes(mux)
	s.registerFieldWorkRoutes(mux)
	mux.Handle("/api/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.error(w, r, backend.Errorf(backend.ENOTFOUND, "No such API route."))
	}))
	s.registerStaticRoutes(mux)
}
