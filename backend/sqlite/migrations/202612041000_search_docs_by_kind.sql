-- Search rows numbered by kind (issue 4: search p95 ≤ 50 ms, results
-- grouped by kind). Each kind's search_docs (and so search_fts) rowids now
-- lie in their own range, (kind + 1) × 2^40 − n for its n-th row —
-- property 1, asset 2, report 3, defect quote 4, service quote 5, task 6 —
-- so a search reads each kind's newest hits and its capped count from the
-- index by rowid range, with no join to search_docs: one kind's many rows
-- no longer hide another's, and a common word no longer reads thousands of
-- rows to rank them by kind. Numbers count down, so the newest come first
-- in rowid order: FTS5 seeks forward through a long doclist with its
-- doclist index, but walks backward entry by entry.
--
-- New rows take the next lower number in their kind's range (the insert
-- triggers below); a quote whose kind changes moves to the other range
-- (search_docs_kind). Derived data, as before: never synced.
CREATE TEMP TABLE search_renumber (old INTEGER PRIMARY KEY, new INTEGER NOT NULL);
INSERT INTO search_renumber (old, new)
	SELECT doc, (CASE kind WHEN 'property' THEN 1 WHEN 'asset' THEN 2 WHEN 'report' THEN 3 WHEN 'defect_quote' THEN 4
		WHEN 'service_quote' THEN 5 ELSE 6 END + 1) * 1099511627776 - ROW_NUMBER() OVER (PARTITION BY kind ORDER BY doc)
	FROM search_docs;
UPDATE search_docs SET doc = (SELECT r.new FROM search_renumber r WHERE r.old = search_docs.doc);
CREATE TEMP TABLE search_copy AS
	SELECT r.new AS doc, f.body, f.scope FROM search_fts f JOIN search_renumber r ON r.old = f.rowid;
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(body, scope, tokenize = 'trigram remove_diacritics 1');
INSERT INTO search_fts (rowid, body, scope) SELECT doc, body, scope FROM search_copy ORDER BY doc;
INSERT INTO search_fts (search_fts) VALUES ('optimize');
DROP TABLE search_copy;
DROP TABLE search_renumber;

DROP TRIGGER search_property_insert;
CREATE TRIGGER search_property_insert AFTER INSERT ON properties BEGIN
	INSERT INTO search_docs (doc, kind, ref_id, property_id, visible) VALUES (
		COALESCE((SELECT doc FROM search_docs WHERE doc > 1 * 1099511627776 AND doc < (1 + 1) * 1099511627776 ORDER BY doc LIMIT 1), (1 + 1) * 1099511627776) - 1,
		'property', new.id, new.id, 1);
	INSERT INTO search_fts (rowid, body, scope) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), new.name || ' ' || new.street || ' ' || new.suburb || ' ' || new.state || ' ' || new.postcode,
		(CASE WHEN 1 THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = new.id), '') ELSE '' END));
END;

DROP TRIGGER search_asset_insert;
CREATE TRIGGER search_asset_insert AFTER INSERT ON assets BEGIN
	INSERT INTO search_docs (doc, kind, ref_id, property_id, visible) VALUES (
		COALESCE((SELECT doc FROM search_docs WHERE doc > 2 * 1099511627776 AND doc < (2 + 1) * 1099511627776 ORDER BY doc LIMIT 1), (2 + 1) * 1099511627776) - 1,
		'asset', new.id, new.property_id, new.deleted_at IS NULL);
	INSERT INTO search_fts (rowid, body, scope) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), new.type || ' ' || new.location || ' ' || new.barcode,
		(CASE WHEN new.deleted_at IS NULL THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = new.property_id), '') ELSE '' END));
END;

DROP TRIGGER search_report_insert;
CREATE TRIGGER search_report_insert AFTER INSERT ON reports BEGIN
	INSERT INTO search_docs (doc, kind, ref_id, property_id, visible) VALUES (
		COALESCE((SELECT doc FROM search_docs WHERE doc > 3 * 1099511627776 AND doc < (3 + 1) * 1099511627776 ORDER BY doc LIMIT 1), (3 + 1) * 1099511627776) - 1,
		'report', new.id, new.property_id, new.published = 1 AND new.deleted_at IS NULL);
	INSERT INTO search_fts (rowid, body, scope) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), new.title,
		(CASE WHEN new.published = 1 AND new.deleted_at IS NULL THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = new.property_id), '') ELSE '' END));
END;

DROP TRIGGER search_quote_insert;
CREATE TRIGGER search_quote_insert AFTER INSERT ON quotes BEGIN
	INSERT INTO search_docs (doc, kind, ref_id, property_id, visible) VALUES (
		COALESCE((SELECT doc FROM search_docs WHERE doc > (CASE new.kind WHEN 'defect' THEN 4 ELSE 5 END) * 1099511627776 AND doc < ((CASE new.kind WHEN 'defect' THEN 4 ELSE 5 END) + 1) * 1099511627776 ORDER BY doc LIMIT 1), ((CASE new.kind WHEN 'defect' THEN 4 ELSE 5 END) + 1) * 1099511627776) - 1,
		new.kind || '_quote', new.id, new.property_id, new.deleted_at IS NULL AND new.status IN ('submitted', 'approved', 'declined'));
	INSERT INTO search_fts (rowid, body, scope) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), COALESCE('Q-' || new.number, '') || ' ' || new.title,
		(CASE WHEN new.deleted_at IS NULL AND new.status IN ('submitted', 'approved', 'declined') THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = new.property_id), '') ELSE '' END));
END;

DROP TRIGGER search_task_insert;
CREATE TRIGGER search_task_insert AFTER INSERT ON tasks BEGIN
	INSERT INTO search_docs (doc, kind, ref_id, property_id, visible) VALUES (
		COALESCE((SELECT doc FROM search_docs WHERE doc > 6 * 1099511627776 AND doc < (6 + 1) * 1099511627776 ORDER BY doc LIMIT 1), (6 + 1) * 1099511627776) - 1,
		'task', new.id, new.property_id, new.deleted_at IS NULL AND new.stage <> 'cancelled');
	INSERT INTO search_fts (rowid, body, scope) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), COALESCE('T-' || new.number, '') || ' ' || new.title,
		(CASE WHEN new.deleted_at IS NULL AND new.stage <> 'cancelled' THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = new.property_id), '') ELSE '' END));
END;

-- A quote that changes kind moves to the other kind's range, with its index row.
CREATE TRIGGER search_docs_kind AFTER UPDATE OF kind ON search_docs
WHEN new.doc / 1099511627776 <> (CASE new.kind WHEN 'property' THEN 1 WHEN 'asset' THEN 2 WHEN 'report' THEN 3 WHEN 'defect_quote' THEN 4
	WHEN 'service_quote' THEN 5 ELSE 6 END) BEGIN
	UPDATE search_docs SET doc = COALESCE((SELECT doc FROM search_docs WHERE doc > (CASE new.kind WHEN 'property' THEN 1 WHEN 'asset' THEN 2 WHEN 'report' THEN 3 WHEN 'defect_quote' THEN 4 WHEN 'service_quote' THEN 5 ELSE 6 END) * 1099511627776 AND doc < ((CASE new.kind WHEN 'property' THEN 1 WHEN 'asset' THEN 2 WHEN 'report' THEN 3 WHEN 'defect_quote' THEN 4 WHEN 'service_quote' THEN 5 ELSE 6 END) + 1) * 1099511627776 ORDER BY doc LIMIT 1), ((CASE new.kind WHEN 'property' THEN 1 WHEN 'asset' THEN 2 WHEN 'report' THEN 3 WHEN 'defect_quote' THEN 4 WHEN 'service_quote' THEN 5 ELSE 6 END) + 1) * 1099511627776) - 1
		WHERE doc = new.doc;
	UPDATE search_fts SET rowid = (SELECT doc FROM search_docs WHERE ref_id = new.ref_id) WHERE rowid = new.doc;
END;
