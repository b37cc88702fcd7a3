-- Portal search, scoped inside the index (issue 4: search p95 ≤ 50 ms).
-- Each search_fts row gets a second column, scope, holding three-character
-- codes: its client's and its client's group's, only while the entity is
-- visible to customers and its property and client are active. A search
-- then asks FTS5 for the words in body AND one of the view's codes, newest
-- first with a limit, so a common word never walks rows outside the view
-- and counts stop at a cap ("1,000+").
--
-- Codes are CJK ideographs (U+4E00 block, 256^3 of them) made from a number
-- per client and group in search_codes; tokens are separated by
-- spaces, so no trigram of one code spans two. The body column's text can
-- never match them: the query names the column.
CREATE TABLE search_codes (
	n      INTEGER PRIMARY KEY,
	ref_id TEXT NOT NULL UNIQUE, -- a client or group id
	code   TEXT GENERATED ALWAYS AS (char(19968 + (n / 65536) % 256, 19968 + (n / 256) % 256, 19968 + n % 256)) STORED
);
INSERT INTO search_codes (ref_id) SELECT id FROM client_groups ORDER BY id;
INSERT INTO search_codes (ref_id) SELECT id FROM clients ORDER BY id;
CREATE TRIGGER search_code_group AFTER INSERT ON client_groups BEGIN
	INSERT INTO search_codes (ref_id) VALUES (new.id) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER search_code_client AFTER INSERT ON clients BEGIN
	INSERT INTO search_codes (ref_id) VALUES (new.id) ON CONFLICT DO NOTHING;
END;

DROP TRIGGER search_property_insert;
DROP TRIGGER search_property_update;
DROP TRIGGER search_property_delete;
DROP TRIGGER search_asset_insert;
DROP TRIGGER search_asset_update;
DROP TRIGGER search_asset_delete;
DROP TRIGGER search_report_insert;
DROP TRIGGER search_report_update;
DROP TRIGGER search_report_delete;
DROP TRIGGER search_quote_insert;
DROP TRIGGER search_quote_update;
DROP TRIGGER search_quote_delete;
DROP TRIGGER search_task_insert;
DROP TRIGGER search_task_update;
DROP TRIGGER search_task_delete;
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(body, scope, tokenize = 'trigram remove_diacritics 1');

-- properties
INSERT INTO search_fts (rowid, body, scope)
	SELECT d.doc, x.name || ' ' || x.street || ' ' || x.suburb || ' ' || x.state || ' ' || x.postcode, (COALESCE((SELECT CASE WHEN d.visible THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = d.property_id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), ''))
	FROM search_docs d JOIN properties x ON x.id = d.ref_id;
CREATE TRIGGER search_property_insert AFTER INSERT ON properties BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id, visible) VALUES ('property', new.id, new.id, 1);
	INSERT INTO search_fts (rowid, body, scope) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), new.name || ' ' || new.street || ' ' || new.suburb || ' ' || new.state || ' ' || new.postcode,
		(COALESCE((SELECT CASE WHEN 1 THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = new.id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), '')));
END;
CREATE TRIGGER search_property_update AFTER UPDATE OF name, street, suburb, state, postcode ON properties BEGIN
	UPDATE search_docs SET kind = 'property', property_id = new.id, visible = 1 WHERE ref_id = new.id;
	UPDATE search_fts SET body = new.name || ' ' || new.street || ' ' || new.suburb || ' ' || new.state || ' ' || new.postcode, scope = (COALESCE((SELECT CASE WHEN 1 THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = new.id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), ''))
		WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = new.id);
END;
CREATE TRIGGER search_property_delete AFTER DELETE ON properties BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = old.id);
	DELETE FROM search_docs WHERE ref_id = old.id;
END;

-- assets
INSERT INTO search_fts (rowid, body, scope)
	SELECT d.doc, x.type || ' ' || x.location || ' ' || x.barcode, (COALESCE((SELECT CASE WHEN d.visible THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = d.property_id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), ''))
	FROM search_docs d JOIN assets x ON x.id = d.ref_id;
CREATE TRIGGER search_asset_insert AFTER INSERT ON assets BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id, visible) VALUES ('asset', new.id, new.property_id, new.deleted_at IS NULL);
	INSERT INTO search_fts (rowid, body, scope) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), new.type || ' ' || new.location || ' ' || new.barcode,
		(COALESCE((SELECT CASE WHEN new.deleted_at IS NULL THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = new.property_id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), '')));
END;
CREATE TRIGGER search_asset_update AFTER UPDATE OF type, location, barcode, property_id, deleted_at ON assets BEGIN
	UPDATE search_docs SET kind = 'asset', property_id = new.property_id, visible = new.deleted_at IS NULL WHERE ref_id = new.id;
	UPDATE search_fts SET body = new.type || ' ' || new.location || ' ' || new.barcode, scope = (COALESCE((SELECT CASE WHEN new.deleted_at IS NULL THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = new.property_id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), ''))
		WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = new.id);
END;
CREATE TRIGGER search_asset_delete AFTER DELETE ON assets BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = old.id);
	DELETE FROM search_docs WHERE ref_id = old.id;
END;

-- reports
INSERT INTO search_fts (rowid, body, scope)
	SELECT d.doc, x.title, (COALESCE((SELECT CASE WHEN d.visible THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = d.property_id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), ''))
	FROM search_docs d JOIN reports x ON x.id = d.ref_id;
CREATE TRIGGER search_report_insert AFTER INSERT ON reports BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id, visible) VALUES ('report', new.id, new.property_id, new.published = 1 AND new.deleted_at IS NULL);
	INSERT INTO search_fts (rowid, body, scope) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), new.title,
		(COALESCE((SELECT CASE WHEN new.published = 1 AND new.deleted_at IS NULL THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = new.property_id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), '')));
END;
CREATE TRIGGER search_report_update AFTER UPDATE OF title, property_id, published, deleted_at ON reports BEGIN
	UPDATE search_docs SET kind = 'report', property_id = new.property_id, visible = new.published = 1 AND new.deleted_at IS NULL WHERE ref_id = new.id;
	UPDATE search_fts SET body = new.title, scope = (COALESCE((SELECT CASE WHEN new.published = 1 AND new.deleted_at IS NULL THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = new.property_id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), ''))
		WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = new.id);
END;
CREATE TRIGGER search_report_delete AFTER DELETE ON reports BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = old.id);
	DELETE FROM search_docs WHERE ref_id = old.id;
END;

-- quotes
INSERT INTO search_fts (rowid, body, scope)
	SELECT d.doc, COALESCE('Q-' || x.number, '') || ' ' || x.title, (COALESCE((SELECT CASE WHEN d.visible THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = d.property_id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), ''))
	FROM search_docs d JOIN quotes x ON x.id = d.ref_id;
CREATE TRIGGER search_quote_insert AFTER INSERT ON quotes BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id, visible) VALUES (new.kind || '_quote', new.id, new.property_id, new.deleted_at IS NULL AND new.status IN ('submitted', 'approved', 'declined'));
	INSERT INTO search_fts (rowid, body, scope) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), COALESCE('Q-' || new.number, '') || ' ' || new.title,
		(COALESCE((SELECT CASE WHEN new.deleted_at IS NULL AND new.status IN ('submitted', 'approved', 'declined') THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = new.property_id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), '')));
END;
CREATE TRIGGER search_quote_update AFTER UPDATE OF number, title, kind, status, property_id, deleted_at ON quotes BEGIN
	UPDATE search_docs SET kind = new.kind || '_quote', property_id = new.property_id, visible = new.deleted_at IS NULL AND new.status IN ('submitted', 'approved', 'declined') WHERE ref_id = new.id;
	UPDATE search_fts SET body = COALESCE('Q-' || new.number, '') || ' ' || new.title, scope = (COALESCE((SELECT CASE WHEN new.deleted_at IS NULL AND new.status IN ('submitted', 'approved', 'declined') THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = new.property_id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), ''))
		WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = new.id);
END;
CREATE TRIGGER search_quote_delete AFTER DELETE ON quotes BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = old.id);
	DELETE FROM search_docs WHERE ref_id = old.id;
END;

-- tasks
INSERT INTO search_fts (rowid, body, scope)
	SELECT d.doc, COALESCE('T-' || x.number, '') || ' ' || x.title, (COALESCE((SELECT CASE WHEN d.visible THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = d.property_id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), ''))
	FROM search_docs d JOIN tasks x ON x.id = d.ref_id;
CREATE TRIGGER search_task_insert AFTER INSERT ON tasks BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id, visible) VALUES ('task', new.id, new.property_id, new.deleted_at IS NULL AND new.stage <> 'cancelled');
	INSERT INTO search_fts (rowid, body, scope) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), COALESCE('T-' || new.number, '') || ' ' || new.title,
		(COALESCE((SELECT CASE WHEN new.deleted_at IS NULL AND new.stage <> 'cancelled' THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = new.property_id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), '')));
END;
CREATE TRIGGER search_task_update AFTER UPDATE OF number, title, stage, property_id, deleted_at ON tasks BEGIN
	UPDATE search_docs SET kind = 'task', property_id = new.property_id, visible = new.deleted_at IS NULL AND new.stage <> 'cancelled' WHERE ref_id = new.id;
	UPDATE search_fts SET body = COALESCE('T-' || new.number, '') || ' ' || new.title, scope = (COALESCE((SELECT CASE WHEN new.deleted_at IS NULL AND new.stage <> 'cancelled' THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = new.property_id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), ''))
		WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = new.id);
END;
CREATE TRIGGER search_task_delete AFTER DELETE ON tasks BEGIN
	DELETE FROM search_fts WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = old.id);
	DELETE FROM search_docs WHERE ref_id = old.id;
END;

-- A property or client that changes client, group or activity re-codes its rows.
CREATE TRIGGER search_property_scope AFTER UPDATE OF client_id, active, deleted_at ON properties BEGIN
	UPDATE search_fts SET scope = (SELECT (COALESCE((SELECT CASE WHEN d.visible THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = d.property_id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), '')) FROM search_docs d WHERE d.doc = search_fts.rowid)
		WHERE rowid IN (SELECT doc FROM search_docs WHERE property_id = new.id);
END;
CREATE TRIGGER search_client_scope AFTER UPDATE OF group_id, active, deleted_at ON clients BEGIN
	UPDATE search_fts SET scope = (SELECT (COALESCE((SELECT CASE WHEN d.visible THEN sc.code || ' ' || COALESCE(sg.code, '') ELSE '' END FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id LEFT JOIN search_codes sg ON sg.ref_id = c.group_id WHERE p.id = d.property_id AND p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL), '')) FROM search_docs d WHERE d.doc = search_fts.rowid)
		WHERE rowid IN (SELECT d.doc FROM properties p JOIN search_docs d ON d.property_id = p.id WHERE p.client_id = new.id);
END;

-- One b-tree per term, as a bulk load leaves it (bulk.go): fewer segments to read.
INSERT INTO search_fts (search_fts) VALUES ('optimize');

