package sqlite

import (
	"context"
	"strings"
	"testing"

	"siteward/backend"
)

func TestUpdateClient_SLATargets(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	clients := NewClientService(db)
	c := MustCreateClient(t, db, "Targets Co", nil)

	slas := []backend.ClientSLA{{Priority: "low", ResponseHours: 48, CompletionHours: 240}, {Priority: "URGENT", ResponseHours: 2, CompletionHours: 24}}
	got, err := clients.UpdateClient(ctx, c.ID, backend.ClientUpdate{SLAs: &slas})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.SLAs) != 2 || got.SLAs[0].Priority != "urgent" || got.SLAs[1] != slas[0] {
		t.Fatalf("slas = %+v, want urgent then low", got.SLAs)
	}

	for _, tc := range []struct {
		name  string
		slas  []backend.ClientSLA
		field string
	}{
		{"zero response", []backend.ClientSLA{{Priority: "high", ResponseHours: 0, CompletionHours: 8}}, "slas.high.responseHours"},
		{"over a year", []backend.ClientSLA{{Priority: "normal", ResponseHours: 4, CompletionHours: 9000}}, "slas.normal.completionHours"},
		{"completion before response", []backend.ClientSLA{{Priority: "high", ResponseHours: 8, CompletionHours: 4}}, "slas.high.completionHours"},
		{"unknown priority", []backend.ClientSLA{{Priority: "whenever", ResponseHours: 1, CompletionHours: 2}}, "slas"},
		{"twice the same priority", []backend.ClientSLA{{Priority: "low", ResponseHours: 1, CompletionHours: 2}, {Priority: "low", ResponseHours: 3, CompletionHours: 4}}, "slas"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A bad target with a good name change: neither is written.
			_, err := clients.UpdateClient(ctx, c.ID, backend.ClientUpdate{Name: ptr("Renamed"), SLAs: &tc.slas})
			assertField(t, err, backend.EINVALID, tc.field)
			now, _ := clients.FindClientByID(ctx, c.ID)
			if now.Name != "Targets Co" || len(now.SLAs) != 2 {
				t.Errorf("a refused update wrote: name %q, slas %+v", now.Name, now.SLAs)
			}
		})
	}

	// An empty list removes every target; leaving slas out keeps them.
	none := []backend.ClientSLA{}
	if got, err = clients.UpdateClient(ctx, c.ID, backend.ClientUpdate{SLAs: &none}); err != nil || len(got.SLAs) != 0 {
		t.Fatalf("clearing: %v %+v", err, got)
	}
}

func TestUpdateClient_FieldErrorsWriteNothing(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	clients := NewClientService(db)
	c := MustCreateClientWith(t, db, &backend.Client{Name: "Careful Co", Active: true, EmailQuotes: "quotes@careful.example"})
	_, err := clients.UpdateClient(ctx, c.ID, backend.ClientUpdate{Name: ptr("  "), EmailInvoices: ptr("not an email"), PricingTier: ptr("platinum")})
	e := assertCode(t, err, backend.EINVALID)
	for _, f := range []string{"name", "emailInvoices", "pricingTier"} {
		if e.Fields[f] == "" {
			t.Errorf("no message for %s: %v", f, e.Fields)
		}
	}
	now, _ := clients.FindClientByID(ctx, c.ID)
	if now.Name != "Careful Co" || now.EmailInvoices != "" || now.PricingTier != "standard" {
		t.Errorf("a refused update wrote: %+v", now)
	}
}

func TestClientNotes_TimelineNewestFirstWithAuthor(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	notes := NewClientNoteService(db)
	office := MustCreateUser(t, db, "Olive Office", backend.LicenceOffice)
	c := MustCreateClient(t, db, "Noted Co", nil)
	other := MustCreateClient(t, db, "Other Co", nil)

	for _, body := range []string{"First call: wants quarterly reports.", "  Gate code changed; see access details.  "} {
		n := &backend.ClientNote{ClientID: c.ID, AuthorID: office.ID, Body: body}
		if err := notes.CreateClientNote(ctx, n); err != nil {
			t.Fatal(err)
		}
		if n.AuthorName != "Olive Office" || n.CreatedAt.IsZero() {
			t.Errorf("note = %+v", n)
		}
	}
	MustExec(t, db, `UPDATE client_notes SET created_at = '2026-01-01T00:00:00.000Z' WHERE body LIKE 'First%'`)
	if err := notes.CreateClientNote(ctx, &backend.ClientNote{ClientID: other.ID, Body: "elsewhere"}); err != nil {
		t.Fatal(err)
	}
	got, total, err := notes.FindClientNotes(ctx, c.ID, backend.Page{})
	if err != nil {
		t.Fatal(err)
	}
	if total != 2 || got[0].Body != "Gate code changed; see access details." || got[1].AuthorName != "Olive Office" {
		t.Fatalf("timeline = %d %+v", total, got)
	}

	for _, tc := range []struct {
		note  backend.ClientNote
		code  string
		field string
	}{
		{backend.ClientNote{ClientID: c.ID, Body: "   "}, backend.EINVALID, "body"},
		{backend.ClientNote{ClientID: c.ID, Body: strings.Repeat("x", backend.MaxNoteLength+1)}, backend.EINVALID, "body"},
		{backend.ClientNote{ClientID: backend.NewID(), Body: "lost"}, backend.ENOTFOUND, ""},
	} {
		err := notes.CreateClientNote(ctx, &tc.note)
		if tc.field != "" {
			assertField(t, err, tc.code, tc.field)
		} else {
			assertCode(t, err, tc.code)
		}
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM client_notes`); n != 3 {
		t.Errorf("%d notes stored, want 3: a refused note was written", n)
	}
	_, _, err = notes.FindClientNotes(ctx, backend.NewID(), backend.Page{})
	assertCode(t, err, backend.ENOTFOUND)
}

func TestPortalPanels_DefaultsOverridesAndTheDashboard(t *testing.T) {
	db := MustOpenDB(t)
	ctx := context.Background()
	panels := NewPortalPanelService(db)
	g := MustCreateClientGroup(t, db, "Group", nil)
	c := MustCreateClient(t, db, "Custom Co", g)
	plain := MustCreateClient(t, db, "Plain Co", g)

	d := backend.DefaultPortalPanels()
	d.Spend = false
	if err := panels.SavePortalPanelDefaults(ctx, d); err != nil {
		t.Fatal(err)
	}
	cp, err := panels.SaveClientPortalPanels(ctx, c.ID, backend.PanelOverrides{"spend": true, "map": false})
	if err != nil {
		t.Fatal(err)
	}
	if cp.Defaults.Spend || !cp.Effective.Spend || cp.Effective.Map || !cp.Effective.Defects {
		t.Fatalf("client panels = %+v", cp)
	}

	dash := NewDashboardService(db, nil)
	for _, tc := range []struct {
		view         backend.View
		spend, mapOn bool
	}{
		{backend.View{Kind: backend.ViewClient, ID: c.ID}, true, false},
		{backend.View{Kind: backend.ViewClient, ID: plain.ID}, false, true},
		{backend.View{Kind: backend.ViewGroup, ID: g.ID}, false, true},
	} {
		got, err := dash.PortalDashboard(ctx, backend.Scope{View: tc.view})
		if err != nil {
			t.Fatal(err)
		}
		if got.Panels.Spend != tc.spend || got.Panels.Map != tc.mapOn {
			t.Errorf("%s %s: panels %+v", tc.view.Kind, tc.view.ID, got.Panels)
		}
	}

	_, err = panels.SaveClientPortalPanels(ctx, c.ID, backend.PanelOverrides{"weather": true})
	assertField(t, err, backend.EINVALID, "panels")
	if cp, _ := panels.GetClientPortalPanels(ctx, c.ID); len(cp.Overrides) != 2 {
		t.Errorf("a refused save changed the overrides: %+v", cp.Overrides)
	}
	_, err = panels.GetClientPortalPanels(ctx, backend.NewID())
	assertCode(t, err, backend.ENOTFOUND)
}
