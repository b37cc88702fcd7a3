-- The office's document folders. A folder exists while it has a row here
-- or documents in it (documents.folder holds its name), so an empty folder
-- can be made, and two installs creating the same folder offline merge into
-- one by name instead of colliding on a unique key.
CREATE TABLE document_folders (
	id          TEXT PRIMARY KEY,
	client_id   TEXT REFERENCES clients (id),
	property_id TEXT REFERENCES properties (id),
	name        TEXT NOT NULL,
	created_at  TEXT NOT NULL,
	updated_at  TEXT NOT NULL,
	deleted_at  TEXT,
	CHECK ((client_id IS NULL) <> (property_id IS NULL))
);
CREATE INDEX document_folders_client ON document_folders (client_id) WHERE client_id IS NOT NULL;
CREATE INDEX document_folders_property ON document_folders (property_id) WHERE property_id IS NOT NULL;

-- A signoff may carry a document as its evidence.
ALTER TABLE signoffs ADD COLUMN document_id TEXT REFERENCES documents (id);
