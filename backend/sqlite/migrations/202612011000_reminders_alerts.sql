-- Automatic reminders: which item was reminded of on which (local) day, so a
-- run is idempotent per day and an item is reminded at most every N days.
CREATE TABLE reminder_log (
	kind       TEXT NOT NULL,
	item_id    TEXT NOT NULL,
	client_id  TEXT NOT NULL REFERENCES clients (id),
	sent_on    TEXT NOT NULL, -- the workspace's local date
	outbox_id  TEXT NOT NULL REFERENCES outbox_messages (id),
	created_at TEXT NOT NULL,
	PRIMARY KEY (kind, item_id, sent_on)
) WITHOUT ROWID;
CREATE INDEX reminder_log_client ON reminder_log (client_id, sent_on);

-- Critical-defect alerts: the message that carries each alert, and a cheap
-- way to find critical remarks that were published and not yet alerted.
ALTER TABLE defect_alerts ADD COLUMN outbox_id TEXT REFERENCES outbox_messages (id);
ALTER TABLE defect_alerts ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE defect_alerts ADD COLUMN name TEXT NOT NULL DEFAULT '';
CREATE INDEX remarks_critical_published ON remarks (published_at)
	WHERE severity = 'critical' AND published = 1 AND deleted_at IS NULL;
