-- The whole domain model of DOMAIN.md. Conventions (DESIGN.md §4, §9):
-- ids are UUIDv7 TEXT made where the row is created; times are UTC RFC 3339
-- TEXT, dates YYYY-MM-DD; money is integer cents; synced business records
-- carry deleted_at (a tombstone) instead of being erased; human numbers are
-- their own columns, NULL while an offline install waits for the hub.

CREATE TABLE settings (
	key        TEXT PRIMARY KEY,
	value      TEXT NOT NULL,
	updated_at TEXT NOT NULL
);

-- Human number sequences (Q-1042, INV-2210), assigned by the hub.
CREATE TABLE counters (
	name TEXT PRIMARY KEY,
	next INTEGER NOT NULL CHECK (next > 0)
);

CREATE TABLE users (
	id            TEXT PRIMARY KEY,
	email         TEXT NOT NULL COLLATE NOCASE,
	name          TEXT NOT NULL,
	licence       TEXT NOT NULL CHECK (licence IN ('office', 'technician', 'customer')),
	active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	password_hash TEXT NOT NULL DEFAULT '',
	last_login_at TEXT,
	created_at    TEXT NOT NULL,
	updated_at    TEXT NOT NULL,
	deleted_at    TEXT
);
CREATE UNIQUE INDEX users_email ON users (email) WHERE deleted_at IS NULL;
CREATE INDEX users_licence ON users (licence, active);

CREATE TABLE client_groups (
	id         TEXT PRIMARY KEY,
	name       TEXT NOT NULL,
	parent_id  TEXT REFERENCES client_groups (id),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT,
	CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX client_groups_parent ON client_groups (parent_id) WHERE deleted_at IS NULL;
CREATE INDEX client_groups_name ON client_groups (name COLLATE NOCASE);

-- Customer users authorised for a group's portal (many per group).
CREATE TABLE client_group_accounts (
	group_id   TEXT NOT NULL REFERENCES client_groups (id),
	user_id    TEXT NOT NULL REFERENCES users (id),
	created_at TEXT NOT NULL,
	PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX client_group_accounts_user ON client_group_accounts (user_id);

CREATE TABLE clients (
	id                   TEXT PRIMARY KEY,
	name                 TEXT NOT NULL,
	group_id             TEXT REFERENCES client_groups (id),
	email_reports        TEXT NOT NULL DEFAULT '',
	email_quotes         TEXT NOT NULL DEFAULT '',
	email_correspondence TEXT NOT NULL DEFAULT '',
	email_invoices       TEXT NOT NULL DEFAULT '',
	pricing_tier         TEXT NOT NULL DEFAULT 'standard',
	active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	portal_panels        TEXT NOT NULL DEFAULT '{}', -- per-client overrides of the portal defaults (JSON)
	reminders_opt_out    INTEGER NOT NULL DEFAULT 0 CHECK (reminders_opt_out IN (0, 1)),
	created_at           TEXT NOT NULL,
	updated_at           TEXT NOT NULL,
	deleted_at           TEXT
);
CREATE INDEX clients_group ON clients (group_id) WHERE deleted_at IS NULL;
CREATE INDEX clients_name ON clients (name COLLATE NOCASE);

CREATE TABLE client_tags (
	client_id TEXT NOT NULL REFERENCES clients (id),
	tag       TEXT NOT NULL COLLATE NOCASE,
	PRIMARY KEY (client_id, tag)
) WITHOUT ROWID;
CREATE INDEX client_tags_tag ON client_tags (tag);

-- SLA targets per priority.
CREATE TABLE client_slas (
	client_id        TEXT NOT NULL REFERENCES clients (id),
	priority         TEXT NOT NULL CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
	response_hours   INTEGER NOT NULL CHECK (response_hours > 0),
	completion_hours INTEGER NOT NULL CHECK (completion_hours > 0),
	PRIMARY KEY (client_id, priority)
) WITHOUT ROWID;

-- Customer users linked to a client's portal (we allow many).
CREATE TABLE client_users (
	client_id  TEXT NOT NULL REFERENCES clients (id),
	user_id    TEXT NOT NULL REFERENCES users (id),
	created_at TEXT NOT NULL,
	PRIMARY KEY (client_id, user_id)
) WITHOUT ROWID;
CREATE INDEX client_users_user ON client_users (user_id);

CREATE TABLE client_contacts (
	id         TEXT PRIMARY KEY,
	client_id  TEXT NOT NULL REFERENCES clients (id),
	name       TEXT NOT NULL,
	email      TEXT NOT NULL DEFAULT '',
	phone      TEXT NOT NULL DEFAULT '',
	address    TEXT NOT NULL DEFAULT '',
	is_primary INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	deleted_at TEXT
);
CREATE INDEX client_contacts_client ON client_contacts (client_id) WHERE deleted_at IS NULL;
-- At most one primary per client; the store keeps "at least one".
CREATE UNIQUE INDEX client_contacts_one_primary ON client_contacts (client_id)
	WHERE is_primary = 1 AND deleted_at IS NULL;

-- The internal notes timeline (office only).
CREATE TABLE client_notes (
	id         TEXT PRIMARY KEY,
	client_id  TEXT NOT NULL REFERENCES clients (id),
	author_id  TEXT REFERENCES users (id),
	body       TEXT NOT NULL,
	created_at TEXT NOT NULL,
	deleted_at TEXT
);
CREATE INDEX client_notes_client ON client_notes (client_id, created_at);

CREATE TABLE properties (
	id               TEXT PRIMARY KEY,
	client_id        TEXT NOT NULL REFERENCES clients (id),
	parent_id        TEXT REFERENCES properties (id),
	name             TEXT NOT NULL,
	street           TEXT NOT NULL DEFAULT '',
	suburb           TEXT NOT NULL DEFAULT '',
	state            TEXT NOT NULL DEFAULT '',
	postcode         TEXT NOT NULL DEFAULT '',
	lat              REAL,
	lng              REAL,
	active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	access_details   TEXT NOT NULL DEFAULT '', -- office only: door codes, keys
	access_procedure TEXT NOT NULL DEFAULT '', -- office only
	internal_notes   TEXT NOT NULL DEFAULT '', -- office only
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL,
	deleted_at       TEXT,
	CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX properties_client ON properties (client_id, active) WHERE deleted_at IS NULL;
CREATE INDEX properties_parent ON properties (parent_id) WHERE parent_id IS NOT NULL;

-- Customer users limited to chosen properties (intersects their view).
CREATE TABLE user_property_limits (
	user_id     TEXT NOT NULL REFERENCES users (id),
	property_id TEXT NOT NULL REFERENCES properties (id),
	PRIMARY KEY (user_id, property_id)
) WITHOUT ROWID;

CREATE TABLE property_contacts (
	id                    TEXT PRIMARY KEY,
	property_id           TEXT NOT NULL REFERENCES properties (id),
	role                  TEXT NOT NULL DEFAULT 'building_manager',
	name                  TEXT NOT NULL,
	email                 TEXT NOT NULL DEFAULT '',
	phone                 TEXT NOT NULL DEFAULT '',
	receive_reports       INTEGER NOT NULL DEFAULT 0 CHECK (receive_reports IN (0, 1)),
	receive_quotes        INTEGER NOT NULL DEFAULT 0 CHECK (receive_quotes IN (0, 1)),
	receive_invoices      INTEGER NOT NULL DEFAULT 0 CHECK (receive_invoices IN (0, 1)),
	receive_notifications INTEGER NOT NULL DEFAULT 0 CHECK (receive_notifications IN (0, 1)),
	created_at            TEXT NOT NULL,
	updated_at            TEXT NOT NULL,
	deleted_at            TEXT
);
CREATE INDEX property_contacts_property ON property_contacts (property_id) WHERE deleted_at IS NULL;

-- Stored files (documents, photos, floorplans, reports): content-addressed
-- under files/, the database keeps metadata.
CREATE TABLE files (
	sha256     TEXT PRIMARY KEY,
	size       INTEGER NOT NULL CHECK (size >= 0),
	mime       TEXT NOT NULL,
	created_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE floorplans (
	id          TEXT PRIMARY KEY,
	property_id TEXT NOT NULL REFERENCES properties (id),
	name        TEXT NOT NULL,
	file_sha256 TEXT NOT NULL REFERENCES files (sha256),
	width       INTEGER NOT NULL CHECK (width > 0),
	height      INTEGER NOT NULL CHECK (height > 0),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	deleted_at  TEXT
);
CREATE INDEX floorplans_property ON floorplans (property_id);

CREATE TABLE assets (
	id              TEXT PRIMARY KEY,
	property_id     TEXT NOT NULL REFERENCES properties (id),
	type            TEXT NOT NULL,
	esm             INTEGER NOT NULL DEFAULT 0 CHECK (esm IN (0, 1)),
	location        TEXT NOT NULL DEFAULT '',
	barcode         TEXT NOT NULL DEFAULT '',
	floorplan_id    TEXT REFERENCES floorplans (id),
	pin_x           REAL CHECK (pin_x IS NULL OR pin_x BETWEEN 0 AND 1),
	pin_y           REAL CHECK (pin_y IS NULL OR pin_y BETWEEN 0 AND 1),
	last_service_on TEXT,
	last_result     TEXT NOT NULL DEFAULT '' CHECK (last_result IN ('', 'pass', 'fail', 'not_tested')),
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL,
	deleted_at      TEXT
);
CREATE INDEX assets_property ON assets (property_id, type) WHERE deleted_at IS NULL;
CREATE INDEX assets_barcode ON assets (barcode) WHERE barcode <> '';

CREATE TABLE routines (
	id               TEXT PRIMARY KEY,
	property_id      TEXT NOT NULL REFERENCES properties (id),
	name             TEXT NOT NULL,
	standard         TEXT NOT NULL DEFAULT 'AS 1851',
	frequency_months INTEGER NOT NULL CHECK (frequency_months BETWEEN 1 AND 120),
	asset_types      TEXT NOT NULL DEFAULT '[]', -- JSON array of asset types covered
	tolerance_days   INTEGER NOT NULL DEFAULT 0 CHECK (tolerance_days >= 0),
	starts_on        TEXT NOT NULL,
	active           INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL,
	deleted_at       TEXT
);
CREATE INDEX routines_property ON routines (property_id) WHERE deleted_at IS NULL;

CREATE TABLE tasks (
	id             TEXT PRIMARY KEY,
	number         INTEGER UNIQUE,            -- NULL until the hub assigns it
	property_id    TEXT NOT NULL REFERENCES properties (id),
	routine_id     TEXT REFERENCES routines (id),
	kind           TEXT NOT NULL CHECK (kind IN ('routine', 'service_call', 'other')),
	priority       TEXT NOT NULL DEFAULT 'normal' CHECK (priority IN ('urgent', 'high', 'normal', 'low')),
	stage          TEXT NOT NULL CHECK (stage IN ('onhold', 'ready', 'inprogress', 'performed', 'complete', 'cancelled')),
	title          TEXT NOT NULL,
	description    TEXT NOT NULL DEFAULT '',
	technician_id  TEXT REFERENCES users (id),
	scheduled_on   TEXT,
	due_on         TEXT,
	tolerance_days INTEGER NOT NULL DEFAULT 0 CHECK (tolerance_days >= 0),
	performed_at   TEXT,
	completed_at   TEXT,
	created_at     TEXT NOT NULL,
	updated_at     TEXT NOT NULL,
	deleted_at     TEXT,
	CHECK (kind <> 'routine' OR routine_id IS NOT NULL)
);
-- The portal panels read tasks, remarks, invoices and quotes through covering
-- indexes that start with property_id (DESIGN.md §7; BenchmarkDashboard).
CREATE INDEX tasks_property ON tasks (property_id, kind, created_at, stage) WHERE deleted_at IS NULL;
CREATE INDEX tasks_due ON tasks (kind, due_on) WHERE deleted_at IS NULL;
CREATE INDEX tasks_technician ON tasks (technician_id, stage) WHERE technician_id IS NOT NULL;
CREATE INDEX tasks_routine ON tasks (routine_id) WHERE routine_id IS NOT NULL;
CREATE INDEX tasks_routine_due ON tasks (property_id, due_on, stage, tolerance_days, performed_at, completed_at)
	WHERE kind = 'routine' AND deleted_at IS NULL;

CREATE TABLE remarks (
	id           TEXT PRIMARY KEY,
	number       INTEGER UNIQUE,
	property_id  TEXT NOT NULL REFERENCES properties (id),
	asset_id     TEXT REFERENCES assets (id),
	task_id      TEXT REFERENCES tasks (id),
	severity     TEXT NOT NULL CHECK (severity IN ('critical', 'non_critical', 'non_conformance', 'recommendation', 'information')),
	status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
	description  TEXT NOT NULL,
	raised_at    TEXT NOT NULL,
	resolved_at  TEXT,
	published    INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
	published_at TEXT,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	deleted_at   TEXT,
	CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
	CHECK (published = 0 OR published_at IS NOT NULL)
);
CREATE INDEX remarks_property ON remarks (property_id, status, published, severity, asset_id) WHERE deleted_at IS NULL;
CREATE INDEX remarks_asset ON remarks (asset_id) WHERE asset_id IS NOT NULL;
CREATE INDEX remarks_task ON remarks (task_id) WHERE task_id IS NOT NULL;
CREATE INDEX remarks_raised ON remarks (property_id, raised_at, status, severity) WHERE published = 1 AND deleted_at IS NULL;

CREATE TABLE remark_photos (
	id          TEXT PRIMARY KEY,
	remark_id   TEXT NOT NULL REFERENCES remarks (id),
	file_sha256 TEXT NOT NULL REFERENCES files (sha256),
	caption     TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	deleted_at  TEXT
);
CREATE INDEX remark_photos_remark ON remark_photos (remark_id);

CREATE TABLE quotes (
	id               TEXT PRIMARY KEY,
	number           INTEGER UNIQUE,
	kind             TEXT NOT NULL CHECK (kind IN ('defect', 'service')),
	client_id        TEXT NOT NULL REFERENCES clients (id),
	property_id      TEXT NOT NULL REFERENCES properties (id),
	title            TEXT NOT NULL,
	status           TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'approved', 'declined', 'expired', 'voided', 'deleted')),
	total_cents      INTEGER NOT NULL DEFAULT 0 CHECK (total_cents >= 0),
	issued_on        TEXT,
	expires_on       TEXT,
	decided_at       TEXT,
	decided_by_user  TEXT REFERENCES users (id),
	decided_by_name  TEXT NOT NULL DEFAULT '',
	decided_for      TEXT NOT NULL DEFAULT '', -- "manually approved" by the office, on behalf of whom
	po_reference     TEXT NOT NULL DEFAULT '',
	decision_comment TEXT NOT NULL DEFAULT '',
	decline_reason   TEXT NOT NULL DEFAULT '',
	created_at       TEXT NOT NULL,
	updated_at       TEXT NOT NULL,
	deleted_at       TEXT,
	CHECK (status <> 'declined' OR decline_reason <> '')
);
CREATE INDEX quotes_property ON quotes (property_id, status, kind) WHERE deleted_at IS NULL;
CREATE INDEX quotes_client ON quotes (client_id, status, issued_on);

CREATE TABLE quote_lines (
	id          TEXT PRIMARY KEY,
	quote_id    TEXT NOT NULL REFERENCES quotes (id),
	remark_id   TEXT REFERENCES remarks (id),
	position    INTEGER NOT NULL,
	description TEXT NOT NULL,
	quantity    INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
	unit_cents  INTEGER NOT NULL CHECK (unit_cents >= 0),
	created_at  TEXT NOT NULL,
	deleted_at  TEXT
);
CREATE INDEX quote_lines_quote ON quote_lines (quote_id, position);
CREATE INDEX quote_lines_remark ON quote_lines (remark_id) WHERE remark_id IS NOT NULL;

CREATE TABLE invoices (
	id          TEXT PRIMARY KEY,
	number      INTEGER UNIQUE,
	client_id   TEXT NOT NULL REFERENCES clients (id),
	property_id TEXT NOT NULL REFERENCES properties (id),
	task_id     TEXT REFERENCES tasks (id),
	status      TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'paid', 'voided')),
	issued_on   TEXT,
	due_on      TEXT,
	total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
	paid_cents  INTEGER NOT NULL DEFAULT 0 CHECK (paid_cents >= 0), -- derived from invoice_payments, kept in the same transaction
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	deleted_at  TEXT
);
CREATE INDEX invoices_property ON invoices (property_id, status, due_on, total_cents, paid_cents) WHERE deleted_at IS NULL;
CREATE INDEX invoices_issued ON invoices (property_id, status, issued_on, total_cents) WHERE deleted_at IS NULL;
CREATE INDEX invoices_client ON invoices (client_id, issued_on);

-- Payments are delta rows, so two installs recording payments both survive.
CREATE TABLE invoice_payments (
	id           TEXT PRIMARY KEY,
	invoice_id   TEXT NOT NULL REFERENCES invoices (id),
	amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
	paid_on      TEXT NOT NULL,
	reference    TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	deleted_at   TEXT
);
CREATE INDEX invoice_payments_invoice ON invoice_payments (invoice_id);

CREATE TABLE reports (
	id           TEXT PRIMARY KEY,
	property_id  TEXT NOT NULL REFERENCES properties (id),
	task_id      TEXT REFERENCES tasks (id),
	kind         TEXT NOT NULL, -- monthly_activity, monthly_maintenance, routine_activity, yearly_condition, uploaded
	title        TEXT NOT NULL,
	period_start TEXT,
	period_end   TEXT,
	file_sha256  TEXT REFERENCES files (sha256),
	published    INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1)),
	published_at TEXT,
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL,
	deleted_at   TEXT
);
CREATE INDEX reports_property ON reports (property_id, published, created_at) WHERE deleted_at IS NULL;

-- Documents live in a folder on a client or a property; only the folder
-- named "public" reaches the portal.
CREATE TABLE documents (
	id          TEXT PRIMARY KEY,
	client_id   TEXT REFERENCES clients (id),
	property_id TEXT REFERENCES properties (id),
	folder      TEXT NOT NULL DEFAULT '',
	name        TEXT NOT NULL,
	file_sha256 TEXT NOT NULL REFERENCES files (sha256),
	uploaded_by TEXT REFERENCES users (id),
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	deleted_at  TEXT,
	CHECK ((client_id IS NULL) <> (property_id IS NULL))
);
CREATE INDEX documents_client ON documents (client_id, folder) WHERE client_id IS NOT NULL;
CREATE INDEX documents_property ON documents (property_id, folder) WHERE property_id IS NOT NULL;

CREATE TABLE signoffs (
	id          TEXT PRIMARY KEY,
	property_id TEXT NOT NULL REFERENCES properties (id),
	asset_id    TEXT REFERENCES assets (id),
	contractor  TEXT NOT NULL,
	signed_by   TEXT NOT NULL,
	signed_on   TEXT NOT NULL,
	comment     TEXT NOT NULL DEFAULT '',
	created_at  TEXT NOT NULL,
	deleted_at  TEXT
);
CREATE INDEX signoffs_property ON signoffs (property_id, signed_on);

CREATE TABLE invitations (
	id          TEXT PRIMARY KEY,
	user_id     TEXT NOT NULL REFERENCES users (id),
	client_id   TEXT REFERENCES clients (id),
	group_id    TEXT REFERENCES client_groups (id),
	purpose     TEXT NOT NULL CHECK (purpose IN ('invite', 'welcome', 'reset')),
	token_hash  TEXT NOT NULL UNIQUE,
	expires_at  TEXT NOT NULL,
	sent_at     TEXT,
	accepted_at TEXT,
	revoked_at  TEXT,
	created_by  TEXT REFERENCES users (id),
	created_at  TEXT NOT NULL
);
CREATE INDEX invitations_user ON invitations (user_id, created_at);
CREATE INDEX invitations_client ON invitations (client_id) WHERE client_id IS NOT NULL;

-- Every email the product sends, written in the same transaction as the
-- action that causes it.
CREATE TABLE outbox_messages (
	id              TEXT PRIMARY KEY,
	message_id      TEXT NOT NULL UNIQUE, -- stable Message-ID decided at enqueue
	kind            TEXT NOT NULL,
	client_id       TEXT REFERENCES clients (id),
	property_id     TEXT REFERENCES properties (id),
	to_addr         TEXT NOT NULL,
	to_name         TEXT NOT NULL DEFAULT '',
	subject         TEXT NOT NULL,
	text_body       TEXT NOT NULL,
	html_body       TEXT NOT NULL DEFAULT '',
	status          TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'uncertain', 'cancelled')),
	attempts        INTEGER NOT NULL DEFAULT 0,
	last_error      TEXT NOT NULL DEFAULT '',
	next_attempt_at TEXT NOT NULL,
	sent_at         TEXT,
	created_at      TEXT NOT NULL,
	updated_at      TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox_messages (status, next_attempt_at);
CREATE INDEX outbox_client ON outbox_messages (client_id, created_at) WHERE client_id IS NOT NULL;

-- Critical-defect alerts and their acknowledgement.
CREATE TABLE defect_alerts (
	id              TEXT PRIMARY KEY,
	remark_id       TEXT NOT NULL REFERENCES remarks (id),
	contact_id      TEXT REFERENCES property_contacts (id),
	token_hash      TEXT NOT NULL UNIQUE,
	acknowledged_at TEXT,
	acknowledged_by TEXT NOT NULL DEFAULT '',
	created_at      TEXT NOT NULL
);
CREATE INDEX defect_alerts_remark ON defect_alerts (remark_id);

-- Sessions and audit are local to an install; never synced.
CREATE TABLE sessions (
	id           TEXT PRIMARY KEY,
	user_id      TEXT NOT NULL REFERENCES users (id),
	secret_hash  TEXT NOT NULL,
	view_kind    TEXT CHECK (view_kind IS NULL OR view_kind IN ('client', 'group')),
	view_id      TEXT,
	ip           TEXT NOT NULL DEFAULT '',
	user_agent   TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	last_seen_at TEXT NOT NULL,
	expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit_log (
	id        TEXT PRIMARY KEY,
	user_id   TEXT REFERENCES users (id),
	action    TEXT NOT NULL,
	entity    TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	detail    TEXT NOT NULL DEFAULT '',
	at        TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, at);
CREATE INDEX audit_log_user ON audit_log (user_id, at);

-- Portal sign-ins, for Control Panel > Customer Portal usage.
CREATE TABLE sign_ins (
	id         TEXT PRIMARY KEY,
	user_id    TEXT NOT NULL REFERENCES users (id),
	view_kind  TEXT,
	view_id    TEXT,
	at         TEXT NOT NULL
);
CREATE INDEX sign_ins_user ON sign_ins (user_id, at);
