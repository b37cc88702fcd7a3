package demo

import (
	"fmt"
	"strings"
	"time"
)

// tables are the insert buffers, declared parents first.
type tables struct {
	files, users, groups, groupAccounts, clients, clientTags, clientSLAs, clientUsers, clientContacts,
	clientNotes, properties, limits, propertyContacts, floorplans, assets, routines, tasks, remarks,
	remarkPhotos, quotes, quoteLines, invoices, payments, reports, documents, signoffs, invitations,
	signIns, counters, settings *table
}

func declareTables(w *writer) *tables {
	return &tables{
		files:          w.table("files", "sha256", "size", "mime", "created_at"),
		users:          w.table("users", "id", "email", "name", "licence", "active", "password_hash", "last_login_at", "created_at", "updated_at"),
		groups:         w.table("client_groups", "id", "name", "parent_id", "created_at", "updated_at"),
		groupAccounts:  w.table("client_group_accounts", "group_id", "user_id", "created_at"),
		clients:        w.table("clients", "id", "name", "group_id", "email_reports", "email_quotes", "email_correspondence", "email_invoices", "pricing_tier", "active", "reminders_opt_out", "created_at", "updated_at"),
		clientTags:     w.table("client_tags", "client_id", "tag"),
		clientSLAs:     w.table("client_slas", "client_id", "priority", "response_hours", "completion_hours"),
		clientUsers:    w.table("client_users", "client_id", "user_id", "created_at"),
		clientContacts: w.table("client_contacts", "id", "client_id", "name", "email", "phone", "address", "is_primary", "created_at", "updated_at"),
		clientNotes:    w.table("client_notes", "id", "client_id", "author_id", "body", "created_at"),
		properties: w.table("properties", "id", "client_id", "parent_id", "name", "street", "suburb", "state", "postcode", "lat", "lng", "active",
			"access_details", "access_procedure", "internal_notes", "created_at", "updated_at"),
		limits: w.table("user_property_limits", "user_id", "property_id"),
		propertyContacts: w.table("property_contacts", "id", "property_id", "role", "name", "email", "phone",
			"receive_reports", "receive_quotes", "receive_invoices", "receive_notifications", "created_at", "updated_at"),
		floorplans: w.table("floorplans", "id", "property_id", "name", "file_sha256", "width", "height", "created_at", "updated_at"),
		assets: w.table("assets", "id", "property_id", "type", "esm", "location", "barcode", "floorplan_id", "pin_x", "pin_y",
			"last_service_on", "last_result", "created_at", "updated_at"),
		routines: w.table("routines", "id", "property_id", "name", "standard", "frequency_months", "asset_types", "tolerance_days",
			"starts_on", "active", "created_at", "updated_at"),
		tasks: w.table("tasks", "id", "number", "property_id", "routine_id", "kind", "priority", "stage", "title", "description",
			"technician_id", "scheduled_on", "due_on", "tolerance_days", "performed_at", "completed_at", "created_at", "updated_at"),
		remarks: w.table("remarks", "id", "number", "property_id", "asset_id", "task_id", "severity", "status", "description",
			"raised_at", "resolved_at", "published", "published_at", "created_at", "updated_at"),
		remarkPhotos: w.table("remark_photos", "id", "remark_id", "file_sha256", "caption", "created_at"),
		quotes: w.table("quotes", "id", "number", "kind", "client_id", "property_id", "title", "status", "total_cents", "issued_on",
			"expires_on", "decided_at", "decided_by_user", "decided_by_name", "decided_for", "po_reference", "decision_comment",
			"decline_reason", "created_at", "updated_at"),
		quoteLines: w.table("quote_lines", "id", "quote_id", "remark_id", "position", "description", "quantity", "unit_cents", "created_at"),
		invoices: w.table("invoices", "id", "number", "client_id", "property_id", "task_id", "status", "issued_on", "due_on",
			"total_cents", "paid_cents", "created_at", "updated_at"),
		payments: w.table("invoice_payments", "id", "invoice_id", "amount_cents", "paid_on", "reference", "created_at"),
		reports: w.table("reports", "id", "property_id", "task_id", "kind", "title", "period_start", "period_end", "file_sha256",
			"published", "published_at", "created_at", "updated_at"),
		documents:   w.table("documents", "id", "client_id", "property_id", "folder", "name", "file_sha256", "uploaded_by", "created_at", "updated_at"),
		signoffs:    w.table("signoffs", "id", "property_id", "asset_id", "contractor", "signed_by", "signed_on", "comment", "created_at"),
		invitations: w.table("invitations", "id", "user_id", "client_id", "group_id", "purpose", "token_hash", "expires_at", "sent_at", "created_by", "created_at"),
		signIns:     w.table("sign_ins", "id", "user_id", "view_kind", "view_id", "at"),
		counters:    w.table("counters", "name", "next"),
		settings:    w.table("settings", "key", "value", "updated_at"),
	}
}

var clientTagList = []string{"Strata", "Commercial", "Key account", "Monthly billing", "Government", "Retail",
	"Residential", "Priority response", "Net 14", "Net 30", "AFSS due", "New client", "After-hours access"}

var clientNoteList = []string{
	"Prefers quotes by email; a PO is required for any work over $2,000.",
	"Call the building manager before attending — tenants must be notified 48 hours ahead.",
	"Account was on stop in March until overdue invoices were cleared; now paid up.",
	"Annual review meeting booked with the portfolio manager.",
	"Owners corporation committee meets monthly; defect quotes go to the next meeting.",
	"Keys are held at the strata manager's office, sign out at reception.",
	"Asked for the routine activity report to be sent with every invoice.",
	"New portfolio manager took over the account; update contacts.",
	"Insurance certificate of currency renewed and filed.",
	"Disputed invoice resolved with a credit for the second call-out.",
}

var slaHours = []struct {
	priority           string
	response, complete int
}{{"urgent", 4, 24}, {"high", 24, 72}, {"normal", 72, 240}, {"low", 168, 720}}

// writeDirectory writes files, users, groups, clients with their contacts,
// tags, SLAs, notes and documents, and properties.
func (g *generator) writeDirectory() error {
	t, w := g.t, g.w
	total := len(g.files.all) + len(g.staff) + len(g.customers) + len(g.groups) + len(g.clients) + len(g.props)
	for _, f := range g.files.all {
		if g.opt.WriteFile != nil {
			if err := g.opt.WriteFile(f.sha, f.mime, f.content); err != nil {
				return fmt.Errorf("demo: write file: %w", err)
			}
		}
		w.add(t.files, f.sha, len(f.content), f.mime, ts(g.now.Add(-1900*day)))
	}
	for _, grp := range g.groups {
		var parent any
		if grp.parent >= 0 {
			parent = g.groups[grp.parent].id
		}
		w.add(t.groups, grp.id, grp.name, parent, ts(grp.created), ts(grp.created))
	}
	g.writeUsers()
	done := len(g.files.all) + len(g.staff) + len(g.customers) + len(g.groups)
	g.progress("directory", done, total)
	for _, c := range g.clients {
		g.writeClient(c)
		if err := w.maybeFlush(); err != nil {
			return err
		}
	}
	done += len(g.clients)
	g.progress("directory", done, total)
	for _, p := range g.props {
		g.writeProperty(p)
		if err := w.maybeFlush(); err != nil {
			return err
		}
	}
	g.writeUserLinks()
	if err := w.flush(); err != nil {
		return err
	}
	g.progress("directory", total, total)
	return nil
}

func (g *generator) writeClient(c *client) {
	t, w, r := g.t, g.w, g.r
	var groupID any
	if c.group >= 0 {
		groupID = g.groups[c.group].id
	}
	var reports, quotes, corr, invoices string
	if r.chance(0.35) {
		invoices = "accounts@" + c.domain
	}
	if r.chance(0.15) {
		reports = "compliance@" + c.domain
	}
	if r.chance(0.1) {
		quotes = "approvals@" + c.domain
	}
	if r.chance(0.05) {
		corr = "admin@" + c.domain
	}
	tier := []string{"standard", "preferred", "strata", "government"}[r.weighted([]float64{55, 20, 18, 7})]
	updated := c.created.Add(r.duration(0, g.now.Sub(c.created)))
	w.add(t.clients, c.id, c.name, groupID, reports, quotes, corr, invoices, tier, boolInt(c.active),
		boolInt(r.chance(0.05)), ts(c.created), ts(updated))
	tags := append([]string(nil), clientTagList...)
	r.Shuffle(len(tags), func(i, j int) { tags[i], tags[j] = tags[j], tags[i] })
	for _, tag := range tags[:r.weighted([]float64{30, 35, 25, 10})] {
		w.add(t.clientTags, c.id, tag)
	}
	if r.chance(0.6) {
		for _, s := range slaHours {
			w.add(t.clientSLAs, c.id, s.priority, s.response, s.complete)
		}
	}
	// Contacts: the manager in the client's name is the primary.
	s := suburbs[g.geo.suburbFor(r, c.state, c.region)]
	address := fmt.Sprintf("Level %d, %d %s %s, %s %s %s", r.between(1, 20), g.streetNumber(), pick(r, streetNames), pick(r, streetTypes), s.name, s.state, s.postcode)
	people := []person{c.person}
	for range r.weighted([]float64{30, 45, 25}) {
		people = append(people, r.person())
	}
	for i, p := range people {
		email := emailPart(p.first) + "." + emailPart(p.last) + "@" + c.domain
		name := p.name()
		if i == 1 && r.chance(0.4) {
			name, email = "Accounts Payable", "accounts@"+c.domain
		}
		at := c.created.Add(time.Duration(i) * r.duration(day, 300*day))
		w.add(t.clientContacts, g.nextID(r), c.id, name, email, r.phone(c.state), address, boolInt(i == 0), ts(at), ts(at))
	}
	for range r.weighted([]float64{40, 30, 20, 10}) {
		at := c.created.Add(r.duration(day, g.now.Sub(c.created)))
		w.add(t.clientNotes, g.nextID(r), c.id, g.office.id, pick(r, clientNoteList), ts(at))
	}
	if r.chance(0.4) {
		for _, d := range []struct{ folder, title, name string }{
			{"public", "Service Agreement", "Service agreement %d.pdf"},
			{"public", "Schedule of Rates", "Schedule of rates %d.pdf"},
			{"Internal", "Credit Application", "Credit application.pdf"},
			{"Internal", "Certificate of Currency", "Certificate of currency %d.pdf"},
		}[:r.between(1, 4)] {
			at := c.created.Add(r.duration(day, g.now.Sub(c.created)))
			name := d.name
			if strings.Contains(name, "%d") {
				name = fmt.Sprintf(name, at.Year())
			}
			w.add(t.documents, g.nextID(r), c.id, nil, d.folder, name, g.files.pdf[d.title].sha, g.office.id, ts(at), ts(at))
		}
	}
}

var accessDetails = []string{
	"Key safe at the main entry, code %d.", "Collect keys from the building manager's office on the ground floor.",
	"Fire control room keys in the FIP key box (003 key).", "Swipe card held at concierge; sign in required.",
	"Master key in the lock box beside the booster, code %d.", "Call the caretaker on arrival; keys in the plant room.",
}
var accessProcedures = []string{
	"Sign in at concierge and complete the site induction before starting.",
	"Notify the building manager 24 hours before attending; isolate the panel with the monitoring company first.",
	"Retail tenancies: after-hours access only (before 9am or after 6pm).",
	"Park in visitor bays on B1; loading dock closed 7–9am for deliveries.",
	"Residents must be notified 48 hours before alarm testing.",
}

func (g *generator) writeProperty(p *prop) {
	t, w, r := g.t, g.w, g.r
	s := suburbs[p.suburb]
	var parent any
	if p.parent >= 0 {
		parent = g.props[p.parent].id
	}
	access := pick(r, accessDetails)
	if strings.Contains(access, "%d") {
		access = fmt.Sprintf(access, r.between(1000, 9999))
	}
	notes := ""
	if r.chance(0.15) {
		notes = pick(r, []string{"Owners corporation slow to approve quotes; follow up after 14 days.",
			"Panel replacement due within 2 years — budget flagged with the strata manager.",
			"Building is heritage listed; fire door upgrades need council approval."})
	}
	updated := maxTime(p.created, p.end.Add(-r.duration(0, 30*day)))
	w.add(t.properties, p.id, g.clients[p.client].id, parent, p.name, p.street, s.name, s.state, s.postcode, p.lat, p.lng,
		boolInt(p.active), access, pick(r, accessProcedures), notes, ts(p.created), ts(updated))
}
