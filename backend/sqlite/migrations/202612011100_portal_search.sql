-- Portal search (issue 4): one FTS5 trigram index over the text a customer
-- searches — properties, assets, reports, quotes and tasks — kept in step
-- with its tables by triggers, so every write (service, import, sync) updates
-- it in the same transaction. What a customer may see (active, published,
-- visible statuses, not deleted, in their view) is decided when searching,
-- by joining the entity's own row: the index holds text only.

-- One row per indexed entity; doc is the FTS rowid, so a change finds its
-- index row by (kind, ref_id) in one seek.
CREATE TABLE search_docs (
	doc         INTEGER PRIMARY KEY,
	kind        TEXT NOT NULL CHECK (kind IN ('property', 'asset', 'report', 'quote', 'task')),
	ref_id      TEXT NOT NULL,
	property_id TEXT NOT NULL,
	UNIQUE (kind, ref_id)
);
CREATE INDEX search_docs_property ON search_docs (property_id);

CREATE VIRTUAL TABLE search_fts USING fts5(body, tokenize = 'trigram remove_diacritics 1');

-- The text of each kind.
--   property: name, street, suburb, state, postcode
--   asset:    type, location, barcode
--   report:   title
--   quote:    Q-number, title
--   task:     T-number, title

INSERT INTO search_docs (kind, ref_id, property_id) SELECT 'property', id, id FROM properties;
INSERT INTO search_docs (kind, ref_id, property_id) SELECT 'asset', id, property_id FROM assets;
INSERT INTO search_docs (kind, ref_id, property_id) SELECT 'report', id, property_id FROM reports;
INSERT INTO search_docs (kind, ref_id, property_id) SELECT 'quote', id, property_id FROM quotes;
INSERT INTO search_docs (kind, ref_id, property_id) SELECT 'task', id, property_id FROM tasks;
INSERT INTO search_fts (rowid, body)
	SELECT d.doc, p.name || ' ' || p.street || ' ' || p.suburb || ' ' || p.state || ' ' || p.postcode
	FROM search_docs d JOIN properties p ON p.id = d.ref_id WHERE d.kind = 'property';
INSERT INTO search_fts (rowid, body)
	SELECT d.doc, a.type || ' ' || a.location || ' ' || a.barcode FROM search_docs d JOIN assets a ON a.id = d.ref_id WHERE d.kind = 'asset';
INSERT INTO search_fts (rowid, body)
	SELECT d.doc, r.title FROM search_docs d JOIN reports r ON r.id = d.ref_id WHERE d.kind = 'report';
INSERT INTO search_fts (rowid, body)
	SELECT d.doc, COALESCE('Q-' || q.number, '') || ' ' || q.title FROM search_docs d JOIN quotes q ON q.id = d.ref_id WHERE d.kind = 'quote';
INSERT INTO search_fts (rowid, body)
	SELECT d.doc, COALESCE('T-' || t.number, '') || ' ' || t.title FROM search_docs d JOIN tasks t ON t.id = d.ref_id WHERE d.kind = 'task';

-- Properties.
CREATE TRIGGER search_property_insert AFTER INSERT ON properties BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id) VALUES ('property', new.id, new.id);
	INSERT INTO search_fts (rowid, body) VALUES ((SELECT doc FROM search_docs WHERE kind = 'property' AND ref_id = new.id),
		new.name || ' ' || new.street || ' ' || new.suburb || ' ' || new.state || ' ' || new.postcode);
END;
CREATE TRIGGER search_property_update AFTER UPDATE OF name, street, suburb, state, postcode ON properties BEGIN
	UPDATE search_fts SET body = new.name || ' ' || new.street || ' ' || new.suburb || ' ' || new.state || ' ' || new.postcode
		WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'property' AND ref_id = new.id);
END;
CREATE TRIGGER search_property_delete AFTER DELETE ON properties BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'property' AND ref_id = old.id);
	DELETE FROM search_docs WHERE kind = 'property' AND ref_id = old.id;
END;

-- Assets.
CREATE TRIGGER search_asset_insert AFTER INSERT ON assets BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id) VALUES ('asset', new.id, new.property_id);
	INSERT INTO search_fts (rowid, body) VALUES ((SELECT doc FROM search_docs WHERE kind = 'asset' AND ref_id = new.id),
		new.type || ' ' || new.location || ' ' || new.barcode);
END;
CREATE TRIGGER search_asset_update AFTER UPDATE OF type, location, barcode, property_id ON assets BEGIN
	UPDATE search_docs SET property_id = new.property_id WHERE kind = 'asset' AND ref_id = new.id;
	UPDATE search_fts SET body = new.type || ' ' || new.location || ' ' || new.barcode
		WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'asset' AND ref_id = new.id);
END;
CREATE TRIGGER search_asset_delete AFTER DELETE ON assets BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'asset' AND ref_id = old.id);
	DELETE FROM search_docs WHERE kind = 'asset' AND ref_id = old.id;
END;

-- Reports.
CREATE TRIGGER search_report_insert AFTER INSERT ON reports BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id) VALUES ('report', new.id, new.property_id);
	INSERT INTO search_fts (rowid, body) VALUES ((SELECT doc FROM search_docs WHERE kind = 'report' AND ref_id = new.id), new.title);
END;
CREATE TRIGGER search_report_update AFTER UPDATE OF title, property_id ON reports BEGIN
	UPDATE search_docs SET property_id = new.property_id WHERE kind = 'report' AND ref_id = new.id;
	UPDATE search_fts SET body = new.title WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'report' AND ref_id = new.id);
END;
CREATE TRIGGER search_report_delete AFTER DELETE ON reports BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'report' AND ref_id = old.id);
	DELETE FROM search_docs WHERE kind = 'report' AND ref_id = old.id;
END;

-- Quotes.
CREATE TRIGGER search_quote_insert AFTER INSERT ON quotes BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id) VALUES ('quote', new.id, new.property_id);
	INSERT INTO search_fts (rowid, body) VALUES ((SELECT doc FROM search_docs WHERE kind = 'quote' AND ref_id = new.id),
		COALESCE('Q-' || new.number, '') || ' ' || new.title);
END;
CREATE TRIGGER search_quote_update AFTER UPDATE OF number, title, property_id ON quotes BEGIN
	UPDATE search_docs SET property_id = new.property_id WHERE kind = 'quote' AND ref_id = new.id;
	UPDATE search_fts SET body = COALESCE('Q-' || new.number, '') || ' ' || new.title
		WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'quote' AND ref_id = new.id);
END;
CREATE TRIGGER search_quote_delete AFTER DELETE ON quotes BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'quote' AND ref_id = old.id);
	DELETE FROM search_docs WHERE kind = 'quote' AND ref_id = old.id;
END;

-- Tasks.
CREATE TRIGGER search_task_insert AFTER INSERT ON tasks BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id) VALUES ('task', new.id, new.property_id);
	INSERT INTO search_fts (rowid, body) VALUES ((SELECT doc FROM search_docs WHERE kind = 'task' AND ref_id = new.id),
		COALESCE('T-' || new.number, '') || ' ' || new.title);
END;
CREATE TRIGGER search_task_update AFTER UPDATE OF number, title, property_id ON tasks BEGIN
	UPDATE search_docs SET property_id = new.property_id WHERE kind = 'task' AND ref_id = new.id;
	UPDATE search_fts SET body = COALESCE('T-' || new.number, '') || ' ' || new.title
		WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'task' AND ref_id = new.id);
END;
CREATE TRIGGER search_task_delete AFTER DELETE ON tasks BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE kind = 'task' AND ref_id = old.id);
	DELETE FROM search_docs WHERE kind = 'task' AND ref_id = old.id;
END;
