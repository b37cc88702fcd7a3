-- Portal search (issue 4): one FTS5 trigram index over the text a customer
-- searches — properties, assets, reports, quotes and tasks — kept in step
-- with its tables by triggers, so every write (service, import, sync)
-- updates it in the same transaction.
--
-- search_docs holds one row per indexed entity: its kind (quotes split into
-- defect_quote and service_quote), its property and whether a customer may
-- see it at all (asset not deleted, report published, quote submitted /
-- approved / declined, task not cancelled). A search counts and ranks hits
-- from these rows alone, scoped by property in SQL, and reads the entities
-- only for the few it shows. The property's own visibility (active, in the
-- view) is the scope's (scope.go).
CREATE TABLE search_docs (
	doc         INTEGER PRIMARY KEY, -- the search_fts rowid
	kind        TEXT NOT NULL CHECK (kind IN ('property', 'asset', 'report', 'defect_quote', 'service_quote', 'task')),
	ref_id      TEXT NOT NULL UNIQUE, -- UUIDv7 ids never repeat across tables
	property_id TEXT NOT NULL,
	visible     INTEGER NOT NULL CHECK (visible IN (0, 1))
);
CREATE INDEX search_docs_property ON search_docs (property_id, visible);

CREATE VIRTUAL TABLE search_fts USING fts5(body, tokenize = 'trigram remove_diacritics 1');


-- properties: name || ' ' || street || ' ' || suburb || ' ' || state || ' ' || postcode
INSERT INTO search_docs (kind, ref_id, property_id, visible)
	SELECT 'property', x.id, x.id, 1 FROM properties x;
INSERT INTO search_fts (rowid, body)
	SELECT d.doc, x.name || ' ' || x.street || ' ' || x.suburb || ' ' || x.state || ' ' || x.postcode FROM search_docs d JOIN properties x ON x.id = d.ref_id;
CREATE TRIGGER search_property_insert AFTER INSERT ON properties BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id, visible) VALUES ('property', new.id, new.id, 1);
	INSERT INTO search_fts (rowid, body) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), new.name || ' ' || new.street || ' ' || new.suburb || ' ' || new.state || ' ' || new.postcode);
END;
CREATE TRIGGER search_property_update AFTER UPDATE OF name, street, suburb, state, postcode ON properties BEGIN
	UPDATE search_docs SET kind = 'property', property_id = new.id, visible = 1 WHERE ref_id = new.id;
	UPDATE search_fts SET body = new.name || ' ' || new.street || ' ' || new.suburb || ' ' || new.state || ' ' || new.postcode WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = new.id);
END;
CREATE TRIGGER search_property_delete AFTER DELETE ON properties BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = old.id);
	DELETE FROM search_docs WHERE ref_id = old.id;
END;

-- assets: type || ' ' || location || ' ' || barcode
INSERT INTO search_docs (kind, ref_id, property_id, visible)
	SELECT 'asset', x.id, x.property_id, x.deleted_at IS NULL FROM assets x;
INSERT INTO search_fts (rowid, body)
	SELECT d.doc, x.type || ' ' || x.location || ' ' || x.barcode FROM search_docs d JOIN assets x ON x.id = d.ref_id;
CREATE TRIGGER search_asset_insert AFTER INSERT ON assets BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id, visible) VALUES ('asset', new.id, new.property_id, new.deleted_at IS NULL);
	INSERT INTO search_fts (rowid, body) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), new.type || ' ' || new.location || ' ' || new.barcode);
END;
CREATE TRIGGER search_asset_update AFTER UPDATE OF type, location, barcode, property_id, deleted_at ON assets BEGIN
	UPDATE search_docs SET kind = 'asset', property_id = new.property_id, visible = new.deleted_at IS NULL WHERE ref_id = new.id;
	UPDATE search_fts SET body = new.type || ' ' || new.location || ' ' || new.barcode WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = new.id);
END;
CREATE TRIGGER search_asset_delete AFTER DELETE ON assets BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = old.id);
	DELETE FROM search_docs WHERE ref_id = old.id;
END;

-- reports: title
INSERT INTO search_docs (kind, ref_id, property_id, visible)
	SELECT 'report', x.id, x.property_id, x.published = 1 AND x.deleted_at IS NULL FROM reports x;
INSERT INTO search_fts (rowid, body)
	SELECT d.doc, x.title FROM search_docs d JOIN reports x ON x.id = d.ref_id;
CREATE TRIGGER search_report_insert AFTER INSERT ON reports BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id, visible) VALUES ('report', new.id, new.property_id, new.published = 1 AND new.deleted_at IS NULL);
	INSERT INTO search_fts (rowid, body) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), new.title);
END;
CREATE TRIGGER search_report_update AFTER UPDATE OF title, property_id, published, deleted_at ON reports BEGIN
	UPDATE search_docs SET kind = 'report', property_id = new.property_id, visible = new.published = 1 AND new.deleted_at IS NULL WHERE ref_id = new.id;
	UPDATE search_fts SET body = new.title WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = new.id);
END;
CREATE TRIGGER search_report_delete AFTER DELETE ON reports BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = old.id);
	DELETE FROM search_docs WHERE ref_id = old.id;
END;

-- quotes: COALESCE('Q-' || number, '') || ' ' || title
INSERT INTO search_docs (kind, ref_id, property_id, visible)
	SELECT x.kind || '_quote', x.id, x.property_id, x.deleted_at IS NULL AND x.status IN ('submitted', 'approved', 'declined') FROM quotes x;
INSERT INTO search_fts (rowid, body)
	SELECT d.doc, COALESCE('Q-' || x.number, '') || ' ' || x.title FROM search_docs d JOIN quotes x ON x.id = d.ref_id;
CREATE TRIGGER search_quote_insert AFTER INSERT ON quotes BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id, visible) VALUES (new.kind || '_quote', new.id, new.property_id, new.deleted_at IS NULL AND new.status IN ('submitted', 'approved', 'declined'));
	INSERT INTO search_fts (rowid, body) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), COALESCE('Q-' || new.number, '') || ' ' || new.title);
END;
CREATE TRIGGER search_quote_update AFTER UPDATE OF number, title, kind, status, property_id, deleted_at ON quotes BEGIN
	UPDATE search_docs SET kind = new.kind || '_quote', property_id = new.property_id, visible = new.deleted_at IS NULL AND new.status IN ('submitted', 'approved', 'declined') WHERE ref_id = new.id;
	UPDATE search_fts SET body = COALESCE('Q-' || new.number, '') || ' ' || new.title WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = new.id);
END;
CREATE TRIGGER search_quote_delete AFTER DELETE ON quotes BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = old.id);
	DELETE FROM search_docs WHERE ref_id = old.id;
END;

-- tasks: COALESCE('T-' || number, '') || ' ' || title
INSERT INTO search_docs (kind, ref_id, property_id, visible)
	SELECT 'task', x.id, x.property_id, x.deleted_at IS NULL AND x.stage <> 'cancelled' FROM tasks x;
INSERT INTO search_fts (rowid, body)
	SELECT d.doc, COALESCE('T-' || x.number, '') || ' ' || x.title FROM search_docs d JOIN tasks x ON x.id = d.ref_id;
CREATE TRIGGER search_task_insert AFTER INSERT ON tasks BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id, visible) VALUES ('task', new.id, new.property_id, new.deleted_at IS NULL AND new.stage <> 'cancelled');
	INSERT INTO search_fts (rowid, body) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), COALESCE('T-' || new.number, '') || ' ' || new.title);
END;
CREATE TRIGGER search_task_update AFTER UPDATE OF number, title, stage, property_id, deleted_at ON tasks BEGIN
	UPDATE search_docs SET kind = 'task', property_id = new.property_id, visible = new.deleted_at IS NULL AND new.stage <> 'cancelled' WHERE ref_id = new.id;
	UPDATE search_fts SET body = COALESCE('T-' || new.number, '') || ' ' || new.title WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = new.id);
END;
CREATE TRIGGER search_task_delete AFTER DELETE ON tasks BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = old.id);
	DELETE FROM search_docs WHERE ref_id = old.id;
END;
