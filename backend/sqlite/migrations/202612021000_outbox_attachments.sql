-- Files a message carries (a report's PDF, the inline logo), by hash into
-- the file store; written with the message, in the same transaction.
CREATE TABLE outbox_attachments (
	outbox_id   TEXT NOT NULL REFERENCES outbox_messages (id),
	position    INTEGER NOT NULL,
	file_sha256 TEXT NOT NULL REFERENCES files (sha256),
	filename    TEXT NOT NULL,
	mime        TEXT NOT NULL,
	content_id  TEXT NOT NULL DEFAULT '', -- set: an inline image the HTML shows as cid:content_id
	PRIMARY KEY (outbox_id, position)
) WITHOUT ROWID;
