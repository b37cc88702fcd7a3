-- The access generation (issue 4): a number bumped, in the same
-- transaction, by every change that can alter who a session is or which
-- portal views its user may use — any change to a user (deactivated,
-- licence, name, deleted), a session ended or its view changed, a group or
-- client authorisation added or removed, a group re-parented, renamed or
-- deleted, a client moved, renamed, deactivated or deleted. The HTTP server
-- keeps each session's signed-in user and resolved view for a short time
-- with the generation they were read at and uses them only while the
-- generation is unchanged (backend/http/sessioncache.go), so a request
-- costs one read of this row instead of the session, user and view queries.
--
-- Derived data: never synced (docs/sync.md). Pulled changes are applied
-- as ordinary writes, so these triggers bump it on a replica too.
CREATE TABLE portal_access_generation (
	id INTEGER PRIMARY KEY CHECK (id = 1),
	n  INTEGER NOT NULL
);
INSERT INTO portal_access_generation (id, n) VALUES (1, 1);

CREATE TRIGGER sw_accessgen_user_update AFTER UPDATE ON users BEGIN
	UPDATE portal_access_generation SET n = n + 1;
END;
CREATE TRIGGER sw_accessgen_user_delete AFTER DELETE ON users BEGIN
	UPDATE portal_access_generation SET n = n + 1;
END;
CREATE TRIGGER sw_accessgen_session_update AFTER UPDATE OF user_id, secret_hash, view_kind, view_id, expires_at ON sessions BEGIN
	UPDATE portal_access_generation SET n = n + 1;
END;
CREATE TRIGGER sw_accessgen_session_delete AFTER DELETE ON sessions BEGIN
	UPDATE portal_access_generation SET n = n + 1;
END;
CREATE TRIGGER sw_accessgen_group_account_insert AFTER INSERT ON client_group_accounts BEGIN
	UPDATE portal_access_generation SET n = n + 1;
END;
CREATE TRIGGER sw_accessgen_group_account_update AFTER UPDATE ON client_group_accounts BEGIN
	UPDATE portal_access_generation SET n = n + 1;
END;
CREATE TRIGGER sw_accessgen_group_account_delete AFTER DELETE ON client_group_accounts BEGIN
	UPDATE portal_access_generation SET n = n + 1;
END;
CREATE TRIGGER sw_accessgen_client_user_insert AFTER INSERT ON client_users BEGIN
	UPDATE portal_access_generation SET n = n + 1;
END;
CREATE TRIGGER sw_accessgen_client_user_update AFTER UPDATE ON client_users BEGIN
	UPDATE portal_access_generation SET n = n + 1;
END;
CREATE TRIGGER sw_accessgen_client_user_delete AFTER DELETE ON client_users BEGIN
	UPDATE portal_access_generation SET n = n + 1;
END;
CREATE TRIGGER sw_accessgen_group_update AFTER UPDATE OF name, parent_id, deleted_at ON client_groups
WHEN old.name IS NOT new.name OR old.parent_id IS NOT new.parent_id OR old.deleted_at IS NOT new.deleted_at BEGIN
	UPDATE portal_access_generation SET n = n + 1;
END;
CREATE TRIGGER sw_accessgen_group_delete AFTER DELETE ON client_groups BEGIN
	UPDATE portal_access_generation SET n = n + 1;
END;
CREATE TRIGGER sw_accessgen_client_update AFTER UPDATE OF name, group_id, active, deleted_at ON clients
WHEN old.name IS NOT new.name OR old.group_id IS NOT new.group_id OR old.active IS NOT new.active
	OR old.deleted_at IS NOT new.deleted_at BEGIN
	UPDATE portal_access_generation SET n = n + 1;
END;
CREATE TRIGGER sw_accessgen_client_delete AFTER DELETE ON clients BEGIN
	UPDATE portal_access_generation SET n = n + 1;
END;
