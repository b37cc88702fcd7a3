-- A refused change the office has dealt with (made the change itself, or
-- decided against it) leaves the Sync page's list; the row stays, as
-- everything sync keeps.
ALTER TABLE sync_quarantine ADD COLUMN resolved_at TEXT;
