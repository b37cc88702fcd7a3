-- The user an install was enrolled for (a replica's own user: the desktop
-- window acts for them, and a technician may do field work only on the
-- install enrolled for them). Empty on a hub or a lone install.
ALTER TABLE sync_state ADD COLUMN site_user TEXT NOT NULL DEFAULT '';
