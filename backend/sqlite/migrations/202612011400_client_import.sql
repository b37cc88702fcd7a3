-- Client import: the office's own client code (the stable key an import
-- matches on) and a record of every applied import file, so the same file
-- uploaded twice is recognised by its SHA-256.

ALTER TABLE clients ADD COLUMN code TEXT COLLATE NOCASE;
CREATE UNIQUE INDEX clients_code ON clients (code) WHERE code IS NOT NULL AND deleted_at IS NULL;

CREATE TABLE client_imports (
	id         TEXT PRIMARY KEY,
	sha256     TEXT NOT NULL UNIQUE,
	file_name  TEXT NOT NULL,
	format     TEXT NOT NULL CHECK (format IN ('csv', 'xlsx')),
	user_id    TEXT REFERENCES users (id),
	user_name  TEXT NOT NULL DEFAULT '',
	created    INTEGER NOT NULL CHECK (created >= 0),
	updated    INTEGER NOT NULL CHECK (updated >= 0),
	unchanged  INTEGER NOT NULL CHECK (unchanged >= 0),
	applied_at TEXT NOT NULL
);
