-- The portal map's generation (issue 4): a number bumped, in the same
-- transaction, by every change that can alter any view's map pins — a
-- property's name, address, coordinates, client or activity; a client's
-- group or activity; a group's parent or deletion; a user's property
-- limits; and a property's worst open published defect (an open_defects
-- count becoming zero or non-zero). The HTTP server keeps each view's
-- encoded map with the generation it was read at and serves it while the
-- generation is unchanged (backend/http/mapcache.go), so a big view's pins
-- are read, sorted and encoded once per change, not once per request.
--
-- Derived data: never synced (docs/sync.md). Pulled changes are applied
-- as ordinary writes, so these triggers bump it on a replica too.
CREATE TABLE portal_map_generation (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);
INSERT INTO portal_map_generation (id, n) VALUES (1, 1);

CREATE TRIGGER sw_mapgen_property_insert AFTER INSERT ON properties BEGIN
	UPDATE portal_map_generation SET n = n + 1;
END;
CREATE TRIGGER sw_mapgen_property_update AFTER UPDATE OF name, street, suburb, state, postcode, lat, lng, client_id, active, deleted_at ON properties BEGIN
	UPDATE portal_map_generation SET n = n + 1;
END;
CREATE TRIGGER sw_mapgen_property_delete AFTER DELETE ON properties BEGIN
	UPDATE portal_map_generation SET n = n + 1;
END;
CREATE TRIGGER sw_mapgen_client_update AFTER UPDATE OF group_id, active, deleted_at ON clients BEGIN
	UPDATE portal_map_generation SET n = n + 1;
END;
CREATE TRIGGER sw_mapgen_client_delete AFTER DELETE ON clients BEGIN
	UPDATE portal_map_generation SET n = n + 1;
END;
CREATE TRIGGER sw_mapgen_group_update AFTER UPDATE OF parent_id, deleted_at ON client_groups BEGIN
	UPDATE portal_map_generation SET n = n + 1;
END;
CREATE TRIGGER sw_mapgen_group_delete AFTER DELETE ON client_groups BEGIN
	UPDATE portal_map_generation SET n = n + 1;
END;
CREATE TRIGGER sw_mapgen_limit_insert AFTER INSERT ON user_property_limits BEGIN
	UPDATE portal_map_generation SET n = n + 1;
END;
CREATE TRIGGER sw_mapgen_limit_update AFTER UPDATE ON user_property_limits BEGIN
	UPDATE portal_map_generation SET n = n + 1;
END;
CREATE TRIGGER sw_mapgen_limit_delete AFTER DELETE ON user_property_limits BEGIN
	UPDATE portal_map_generation SET n = n + 1;
END;
CREATE TRIGGER sw_mapgen_worst_insert AFTER INSERT ON portal_counts
WHEN NEW.metric = 'open_defects' AND NEW.bucket = '' AND NEW.n > 0 BEGIN
	UPDATE portal_map_generation SET n = n + 1;
END;
CREATE TRIGGER sw_mapgen_worst_update AFTER UPDATE OF n ON portal_counts
WHEN NEW.metric = 'open_defects' AND NEW.bucket = '' AND (OLD.n > 0) <> (NEW.n > 0) BEGIN
	UPDATE portal_map_generation SET n = n + 1;
END;
CREATE TRIGGER sw_mapgen_worst_delete AFTER DELETE ON portal_counts
WHEN OLD.metric = 'open_defects' AND OLD.bucket = '' AND OLD.n > 0 BEGIN
	UPDATE portal_map_generation SET n = n + 1;
END;
