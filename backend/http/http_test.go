package http_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
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

// world is a real database with a nested portfolio, a server over it, and
// a signed-in client for each kind of user the authz matrix names.
type world struct {
	t     testing.TB
	db    *sqlite.DB
	srv   *sitehttp.Server
	ts    *httptest.Server
	ids   map[string]string // fixture name → id
	users map[string]*backend.User
	now   time.Time
}

const testPassword = "correct horse battery"

func newWorld(t testing.TB) *world {
	t.Helper()
	w := &world{t: t, ids: map[string]string{}, users: map[string]*backend.User{},
		now: time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)}
	w.db = sqlite.NewDB(filepath.Join(t.TempDir(), "siteward.db"))
	w.db.Now = func() time.Time { return w.now }
	if err := w.db.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.db.Close() })
	syd, _ := time.LoadLocation("Australia/Sydney")
	outbox, emailSetup := sqlite.NewOutboxService(w.db), sqlite.NewEmailSettingsService(w.db, "")
	files := backend.NewDirFileStore(filepath.Join(t.TempDir(), "files"))
	settings := sqlite.NewSettingsService(w.db)
	settings.Files = files
	w.srv = &sitehttp.Server{
		Users: sqlite.NewUserService(w.db), Sessions: sqlite.NewSessionService(w.db),
		ClientGroups: sqlite.NewClientGroupService(w.db), Clients: sqlite.NewClientService(w.db),
		Contacts: sqlite.NewContactService(w.db), Properties: sqlite.NewPropertyService(w.db),
		Portal: sqlite.NewPortalService(w.db, syd), Settings: settings, Now: func() time.Time { return w.now },
		Dashboard: sqlite.NewDashboardService(w.db, syd), Charts: charts.New(), Sync: sqlite.NewSyncService(w.db), SyncReplica: sqlite.NewSyncService(w.db),
		Exporter:    export.Exporter{},
		ClientNotes: sqlite.NewClientNoteService(w.db), PortalPanels: sqlite.NewPortalPanelService(w.db),
		PortalUsage: sqlite.NewPortalUsageService(w.db),
		ReportData:  sqlite.NewReportDataService(w.db, syd), ReportRenderer: pdf.New(charts.Palette, charts.Labels),
		Reports:    sqlite.NewReportService(w.db, files),
		EmailSetup: emailSetup, Outbox: outbox, Invitations: sqlite.NewInvitationService(w.db, syd),
		Reminders: sqlite.NewReminderService(w.db, syd), DefectAlerts: sqlite.NewDefectAlertService(w.db, syd),
		TestEmail:    backend.NewMailSender(outbox, emailSetup, smtp.NewMailer()),
		ClientImport: importer.New(sqlite.NewClientImportStore(w.db)), Remarks: sqlite.NewRemarkService(w.db),
		Quotes: sqlite.NewQuoteService(w.db, syd), Invoices: sqlite.NewInvoiceService(w.db, syd),
		CustomerData: sqlite.NewCustomerDataService(w.db, syd), PropertyContacts: sqlite.NewPropertyContactService(w.db),
		OfficeDashboard: sqlite.NewOfficeDashboardService(w.db, syd), OfficeCharts: charts.New(),
		Activity: sqlite.NewActivityService(w.db, syd), Lists: sqlite.NewPortalListService(w.db, syd),
		PropertyPage: sqlite.NewPortalPageService(w.db, syd), Files: files,
		Search: sqlite.NewSearchService(w.db), ReportJobs: sqlite.NewReportJobStore(w.db, files),
		Assets: fstest.MapFS{
			"index.html":    {Data: []byte("<!doctype html><title>Workspace</title>")},
			"portal.html":   {Data: []byte("<!doctype html><title>Portal</title>")},
			"assets/app.js": {Data: []byte("console.log(1)")},
		},
	}
	w.srv.Documents, w.srv.Floorplans, w.srv.Signoffs = sqlite.NewDocumentService(w.db, files), sqlite.NewFloorplanService(w.db, files), sqlite.NewSignoffService(w.db)
	w.srv.Routines = sqlite.NewRoutineService(w.db, syd)
	tasks := sqlite.NewTaskService(w.db, syd)
	w.srv.Tasks, w.srv.RemarkPhotos, w.srv.RecordConflicts = tasks, sqlite.NewRemarkService(w.db), sqlite.NewRecordConflictService(w.db, tasks)
	w.srv.RemarkEdits, w.srv.AssetEdits = sqlite.NewRemarkEditService(w.db, files), sqlite.NewAssetEditService(w.db)
	w.ts = httptest.NewServer(w.srv.Handler())
	t.Cleanup(w.ts.Close)
	w.build()
	return w
}

func (w *world) must(err error) {
	w.t.Helper()
	if err != nil {
		w.t.Fatal(err)
	}
}

func (w *world) group(name, parent string) {
	g := &backend.ClientGroup{Name: name}
	if parent != "" {
		p := w.ids[parent]
		g.ParentID = &p
	}
	w.must(sqlite.NewClientGroupService(w.db).CreateClientGroup(context.Background(), g))
	w.ids[name] = g.ID
}

func (w *world) client(name, group string) {
	c := &backend.Client{Name: name, Active: true}
	if group != "" {
		g := w.ids[group]
		c.GroupID = &g
	}
	w.must(sqlite.NewClientService(w.db).CreateClient(context.Background(), c))
	w.ids[name] = c.ID
}

func (w *world) property(name, client string, active bool) {
	p := &backend.Property{Name: name, ClientID: w.ids[client], Active: active, Street: "1 " + name + " St",
		Suburb: "Sydney", State: "NSW", Postcode: "2000", AccessDetails: "door code 4321 for " + name}
	w.must(sqlite.NewPropertyService(w.db).CreateProperty(context.Background(), p))
	w.ids[name] = p.ID
}

func (w *world) user(name string, lic backend.Licence) *backend.User {
	u := &backend.User{Email: name + "@example.com", Name: name, Licence: lic, Active: true}
	w.must(sqlite.NewUserService(w.db).CreateUser(context.Background(), u, testPassword))
	w.users[name] = u
	w.ids[name] = u.ID
	return u
}

func (w *world) exec(q string, args ...any) {
	w.t.Helper()
	w.must(w.db.Update(context.Background(), func(tx *sqlite.Tx) error {
		_, err := tx.ExecContext(context.Background(), q, args...)
		return err
	}))
}

// build makes: National → {NSW → {SydneyNorth, SydneySouth}, VIC} and an
// unrelated root group Other, with clients, properties and one customer per
// scope level.
func (w *world) build() {
	ctx := context.Background()
	w.group("National", "")
	w.group("NSW", "National")
	w.group("SydneyNorth", "NSW")
	w.group("SydneySouth", "NSW")
	w.group("VIC", "National")
	w.group("Other", "")
	w.client("NorthClient", "SydneyNorth")
	w.client("SouthClient", "SydneySouth")
	w.client("VicClient", "VIC")
	w.client("OtherClient", "Other")
	w.property("NorthTower", "NorthClient", true)
	w.property("NorthAnnex", "NorthClient", true)
	w.property("NorthClosed", "NorthClient", false)
	w.property("SouthPlaza", "SouthClient", true)
	w.property("VicHouse", "VicClient", true)
	w.property("OtherCourt", "OtherClient", true)

	w.user("office", backend.LicenceOffice)
	groups := sqlite.NewClientGroupService(w.db)
	for _, c := range []struct{ user, group string }{
		{"national", "National"}, {"nsw", "NSW"}, {"north", "SydneyNorth"}, {"other", "Other"}, {"limited", "NSW"},
	} {
		u := w.user(c.user, backend.LicenceCustomer)
		w.must(groups.SetClientGroupAccounts(ctx, w.ids[c.group], append(w.accounts(c.group), u.ID)))
	}
	w.exec(`INSERT INTO user_property_limits (user_id, property_id) VALUES (?, ?)`, w.ids["limited"], w.ids["SouthPlaza"])
}

func (w *world) accounts(group string) []string {
	us, err := sqlite.NewClientGroupService(w.db).FindClientGroupAccounts(context.Background(), w.ids[group])
	w.must(err)
	var ids []string
	for _, u := range us {
		ids = append(ids, u.ID)
	}
	return ids
}

// agent is a browser-like client with its own cookie jar.
type agent struct {
	w   *world
	c   *http.Client
	who string
}

func (w *world) agent(who string) *agent {
	jar, _ := cookiejar.New(nil)
	a := &agent{w: w, c: &http.Client{Jar: jar}, who: who}
	if who != "guest" {
		status, body := a.do("POST", "/api/auth/login", `{"email":"`+who+`@example.com","password":"`+testPassword+`"}`)
		if status != 200 {
			w.t.Fatalf("login %s: %d %s", who, status, body)
		}
	}
	return a
}

// expand replaces {Name} with the fixture's id.
func (w *world) expand(s string) string {
	for name, id := range w.ids {
		s = strings.ReplaceAll(s, "{"+name+"}", id)
	}
	return s
}

func (a *agent) do(method, path, body string) (int, string) {
	a.w.t.Helper()
	req, err := http.NewRequest(method, a.w.ts.URL+a.w.expand(path), strings.NewReader(a.w.expand(body)))
	a.w.must(err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := a.c.Do(req)
	a.w.must(err)
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// chooseView sets a customer's view as the portal's menu would.
func (a *agent) chooseView(kind, name string) {
	a.w.t.Helper()
	status, body := a.do("POST", "/api/portal/view", `{"kind":"`+kind+`","id":"{`+name+`}"}`)
	if status != 200 {
		a.w.t.Fatalf("%s choose view %s: %d %s", a.who, name, status, body)
	}
}

func decode[T any](t testing.TB, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("decode %q: %v", body, err)
	}
	return v
}

func (a *agent) cookie() string {
	u, _ := url.Parse(a.w.ts.URL)
	for _, c := range a.c.Jar.Cookies(u) {
		if c.Name == "siteward_session" {
			return c.Value
		}
	}
	return ""
}

// agentWithCookie is a client that presents a given session token.
func (w *world) agentWithCookie(token string) *agent {
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(w.ts.URL)
	jar.SetCookies(u, []*http.Cookie{{Name: "siteward_session", Value: token, Path: "/"}})
	return &agent{w: w, c: &http.Client{Jar: jar}, who: "cookie"}
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
