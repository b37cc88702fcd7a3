-- Portal search for nested groups in one FTS5 match (issue 4: search p95
-- ≤ 50 ms on large group views). Each search_fts row's scope column now
-- holds its client's code and the code of every group above the client —
-- its own group, that group's parent, and so on to the root — so a group
-- view asks the index for its one code instead of the OR of every group
-- code in its subtree, and needs no scope join after it.
--
-- Triggers cannot recurse, so the group tree is kept as a closure table:
-- client_group_paths has a row (ancestor, descendant, depth) for every
-- group and each group above it (and itself at depth 0), kept by triggers
-- on client_groups in the same transaction as the change. A group above a
-- soft-deleted group does not see through it (as the scope's view_groups
-- stops there), so a code is on a row only while every group from it down
-- to the client's is not deleted. Re-parenting or (un)deleting a group
-- re-codes every row below it; a client or property moving, or changing
-- activity, re-codes its rows as before.
--
-- Derived data (like the index): never synced, rebuilt by the triggers on
-- a copy's inserts (docs/sync.md).
CREATE TABLE client_group_paths (
	ancestor   TEXT NOT NULL,
	descendant TEXT NOT NULL,
	depth      INTEGER NOT NULL,
	PRIMARY KEY (ancestor, descendant)
) WITHOUT ROWID;
CREATE INDEX client_group_paths_descendant ON client_group_paths (descendant, depth);

INSERT INTO client_group_paths (ancestor, descendant, depth)
	WITH RECURSIVE t(ancestor, descendant, depth) AS (
		SELECT id, id, 0 FROM client_groups
		UNION ALL
		SELECT t.ancestor, g.id, t.depth + 1 FROM t JOIN client_groups g ON g.parent_id = t.descendant WHERE t.depth < 1000)
	SELECT ancestor, descendant, depth FROM t;

-- The scope codes of a property's rows while it and its client are active:
-- the client's code, then the codes of the groups above the client that
-- reach it through groups not deleted.
CREATE VIEW search_scopes (property_id, scope) AS
	SELECT p.id, sc.code || COALESCE(' ' || (
			SELECT group_concat(sg.code, ' ') FROM client_group_paths gp JOIN search_codes sg ON sg.ref_id = gp.ancestor
			WHERE gp.descendant = c.group_id AND NOT EXISTS (
				SELECT 1 FROM client_group_paths up JOIN client_groups x ON x.id = up.ancestor
				WHERE up.descendant = c.group_id AND up.depth <= gp.depth AND x.deleted_at IS NOT NULL)), '')
	FROM properties p JOIN clients c ON c.id = p.client_id JOIN search_codes sc ON sc.ref_id = c.id
	WHERE p.active = 1 AND p.deleted_at IS NULL AND c.active = 1 AND c.deleted_at IS NULL;

-- A new group: itself, the paths of its parent, and (when a copy brings a
-- group after its subgroups) the paths down into subgroups already there,
-- whose rows are then re-coded.
CREATE TRIGGER client_group_paths_insert AFTER INSERT ON client_groups BEGIN
	INSERT INTO client_group_paths (ancestor, descendant, depth) VALUES (new.id, new.id, 0);
	INSERT INTO client_group_paths (ancestor, descendant, depth)
		SELECT ancestor, new.id, depth + 1 FROM client_group_paths WHERE descendant = new.parent_id;
	INSERT INTO client_group_paths (ancestor, descendant, depth)
		SELECT a.ancestor, d.descendant, a.depth + 1 + d.depth
		FROM client_group_paths a JOIN client_groups k ON k.parent_id = new.id JOIN client_group_paths d ON d.ancestor = k.id
		WHERE a.descendant = new.id AND k.id <> new.id;
	INSERT INTO search_codes (ref_id) VALUES (new.id) ON CONFLICT DO NOTHING;
	UPDATE search_fts SET scope = (SELECT CASE WHEN d.visible THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = d.property_id), '') ELSE '' END FROM search_docs d WHERE d.doc = search_fts.rowid)
		WHERE rowid IN (SELECT d.doc FROM client_group_paths gp JOIN clients c ON c.group_id = gp.descendant
			JOIN properties p ON p.client_id = c.id JOIN search_docs d ON d.property_id = p.id WHERE gp.ancestor = new.id);
END;

-- A group re-parented: the paths from above it into its subtree are
-- replaced by the new parent's, and every row below it is re-coded.
CREATE TRIGGER client_group_paths_move AFTER UPDATE OF parent_id ON client_groups
WHEN old.parent_id IS NOT new.parent_id BEGIN
	DELETE FROM client_group_paths
		WHERE descendant IN (SELECT descendant FROM client_group_paths WHERE ancestor = new.id)
		AND ancestor IN (SELECT ancestor FROM client_group_paths WHERE descendant = new.id AND depth > 0);
	INSERT INTO client_group_paths (ancestor, descendant, depth)
		SELECT a.ancestor, d.descendant, a.depth + 1 + d.depth FROM client_group_paths a JOIN client_group_paths d ON d.ancestor = new.id
		WHERE a.descendant = new.parent_id;
	UPDATE search_fts SET scope = (SELECT CASE WHEN d.visible THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = d.property_id), '') ELSE '' END FROM search_docs d WHERE d.doc = search_fts.rowid)
		WHERE rowid IN (SELECT d.doc FROM client_group_paths gp JOIN clients c ON c.group_id = gp.descendant
			JOIN properties p ON p.client_id = c.id JOIN search_docs d ON d.property_id = p.id WHERE gp.ancestor = new.id);
END;

-- A group deleted or brought back: its subtree's rows gain or lose the
-- codes of the groups above the deleted one.
CREATE TRIGGER search_group_scope AFTER UPDATE OF deleted_at ON client_groups
WHEN old.deleted_at IS NOT new.deleted_at BEGIN
	UPDATE search_fts SET scope = (SELECT CASE WHEN d.visible THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = d.property_id), '') ELSE '' END FROM search_docs d WHERE d.doc = search_fts.rowid)
		WHERE rowid IN (SELECT d.doc FROM client_group_paths gp JOIN clients c ON c.group_id = gp.descendant
			JOIN properties p ON p.client_id = c.id JOIN search_docs d ON d.property_id = p.id WHERE gp.ancestor = new.id);
END;

-- A group removed for good (only a leaf without clients can be: the
-- foreign keys): its paths go.
CREATE TRIGGER client_group_paths_delete AFTER DELETE ON client_groups BEGIN
	DELETE FROM client_group_paths
		WHERE ancestor IN (SELECT ancestor FROM client_group_paths WHERE descendant = old.id)
		AND descendant IN (SELECT descendant FROM client_group_paths WHERE ancestor = old.id);
END;

-- Every index trigger takes its scope from search_scopes.

DROP TRIGGER search_property_insert;
CREATE TRIGGER search_property_insert AFTER INSERT ON properties BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id, visible) VALUES ('property', new.id, new.id, 1);
	INSERT INTO search_fts (rowid, body, scope) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), new.name || ' ' || new.street || ' ' || new.suburb || ' ' || new.state || ' ' || new.postcode,
		(CASE WHEN 1 THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = new.id), '') ELSE '' END));
END;

DROP TRIGGER search_property_update;
CREATE TRIGGER search_property_update AFTER UPDATE OF name, street, suburb, state, postcode ON properties BEGIN
	UPDATE search_docs SET kind = 'property', property_id = new.id, visible = 1 WHERE ref_id = new.id;
	UPDATE search_fts SET body = new.name || ' ' || new.street || ' ' || new.suburb || ' ' || new.state || ' ' || new.postcode, scope = (CASE WHEN 1 THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = new.id), '') ELSE '' END)
		WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = new.id);
END;

DROP TRIGGER search_asset_insert;
CREATE TRIGGER search_asset_insert AFTER INSERT ON assets BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id, visible) VALUES ('asset', new.id, new.property_id, new.deleted_at IS NULL);
	INSERT INTO search_fts (rowid, body, scope) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), new.type || ' ' || new.location || ' ' || new.barcode,
		(CASE WHEN new.deleted_at IS NULL THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = new.property_id), '') ELSE '' END));
END;

DROP TRIGGER search_asset_update;
CREATE TRIGGER search_asset_update AFTER UPDATE OF type, location, barcode, property_id, deleted_at ON assets BEGIN
	UPDATE search_docs SET kind = 'asset', property_id = new.property_id, visible = new.deleted_at IS NULL WHERE ref_id = new.id;
	UPDATE search_fts SET body = new.type || ' ' || new.location || ' ' || new.barcode, scope = (CASE WHEN new.deleted_at IS NULL THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = new.property_id), '') ELSE '' END)
		WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = new.id);
END;

DROP TRIGGER search_report_insert;
CREATE TRIGGER search_report_insert AFTER INSERT ON reports BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id, visible) VALUES ('report', new.id, new.property_id, new.published = 1 AND new.deleted_at IS NULL);
	INSERT INTO search_fts (rowid, body, scope) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), new.title,
		(CASE WHEN new.published = 1 AND new.deleted_at IS NULL THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = new.property_id), '') ELSE '' END));
END;

DROP TRIGGER search_report_update;
CREATE TRIGGER search_report_update AFTER UPDATE OF title, property_id, published, deleted_at ON reports BEGIN
	UPDATE search_docs SET kind = 'report', property_id = new.property_id, visible = new.published = 1 AND new.deleted_at IS NULL WHERE ref_id = new.id;
	UPDATE search_fts SET body = new.title, scope = (CASE WHEN new.published = 1 AND new.deleted_at IS NULL THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = new.property_id), '') ELSE '' END)
		WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = new.id);
END;

DROP TRIGGER search_quote_insert;
CREATE TRIGGER search_quote_insert AFTER INSERT ON quotes BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id, visible) VALUES (new.kind || '_quote', new.id, new.property_id, new.deleted_at IS NULL AND new.status IN ('submitted', 'approved', 'declined'));
	INSERT INTO search_fts (rowid, body, scope) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), COALESCE('Q-' || new.number, '') || ' ' || new.title,
		(CASE WHEN new.deleted_at IS NULL AND new.status IN ('submitted', 'approved', 'declined') THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = new.property_id), '') ELSE '' END));
END;

DROP TRIGGER search_quote_update;
CREATE TRIGGER search_quote_update AFTER UPDATE OF number, title, kind, status, property_id, deleted_at ON quotes BEGIN
	UPDATE search_docs SET kind = new.kind || '_quote', property_id = new.property_id, visible = new.deleted_at IS NULL AND new.status IN ('submitted', 'approved', 'declined') WHERE ref_id = new.id;
	UPDATE search_fts SET body = COALESCE('Q-' || new.number, '') || ' ' || new.title, scope = (CASE WHEN new.deleted_at IS NULL AND new.status IN ('submitted', 'approved', 'declined') THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = new.property_id), '') ELSE '' END)
		WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = new.id);
END;

DROP TRIGGER search_task_insert;
CREATE TRIGGER search_task_insert AFTER INSERT ON tasks BEGIN
	INSERT INTO search_docs (kind, ref_id, property_id, visible) VALUES ('task', new.id, new.property_id, new.deleted_at IS NULL AND new.stage <> 'cancelled');
	INSERT INTO search_fts (rowid, body, scope) VALUES ((SELECT doc FROM search_docs WHERE ref_id = new.id), COALESCE('T-' || new.number, '') || ' ' || new.title,
		(CASE WHEN new.deleted_at IS NULL AND new.stage <> 'cancelled' THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = new.property_id), '') ELSE '' END));
END;

DROP TRIGGER search_task_update;
CREATE TRIGGER search_task_update AFTER UPDATE OF number, title, stage, property_id, deleted_at ON tasks BEGIN
	UPDATE search_docs SET kind = 'task', property_id = new.property_id, visible = new.deleted_at IS NULL AND new.stage <> 'cancelled' WHERE ref_id = new.id;
	UPDATE search_fts SET body = COALESCE('T-' || new.number, '') || ' ' || new.title, scope = (CASE WHEN new.deleted_at IS NULL AND new.stage <> 'cancelled' THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = new.property_id), '') ELSE '' END)
		WHERE rowid = (SELECT doc FROM search_docs WHERE ref_id = new.id);
END;

DROP TRIGGER search_property_scope;
CREATE TRIGGER search_property_scope AFTER UPDATE OF client_id, active, deleted_at ON properties
WHEN old.client_id IS NOT new.client_id OR old.active IS NOT new.active OR old.deleted_at IS NOT new.deleted_at BEGIN
	UPDATE search_fts SET scope = (SELECT (CASE WHEN d.visible THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = d.property_id), '') ELSE '' END) FROM search_docs d WHERE d.doc = search_fts.rowid)
		WHERE rowid IN (SELECT doc FROM search_docs WHERE property_id = new.id);
END;

DROP TRIGGER search_client_scope;
CREATE TRIGGER search_client_scope AFTER UPDATE OF group_id, active, deleted_at ON clients
WHEN old.group_id IS NOT new.group_id OR old.active IS NOT new.active OR old.deleted_at IS NOT new.deleted_at BEGIN
	UPDATE search_fts SET scope = (SELECT (CASE WHEN d.visible THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = d.property_id), '') ELSE '' END) FROM search_docs d WHERE d.doc = search_fts.rowid)
		WHERE rowid IN (SELECT d.doc FROM properties p JOIN search_docs d ON d.property_id = p.id WHERE p.client_id = new.id);
END;

-- Every row re-coded once, then merged into one b-tree per term.
UPDATE search_fts SET scope = (SELECT CASE WHEN d.visible THEN COALESCE((SELECT s.scope FROM search_scopes s WHERE s.property_id = d.property_id), '') ELSE '' END FROM search_docs d WHERE d.doc = search_fts.rowid);
INSERT INTO search_fts (search_fts) VALUES ('optimize');
