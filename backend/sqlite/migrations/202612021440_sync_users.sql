-- Users are the hub's (not captured), yet synced rows name them (a task's
-- technician, a note's author, a customer's approval): every pull brings the
-- users changed since the newest one the replica has, without their
-- passwords, before the batch's changes.
ALTER TABLE sync_state ADD COLUMN users_since TEXT NOT NULL DEFAULT '';
