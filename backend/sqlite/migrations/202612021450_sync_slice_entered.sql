-- Where in the hub's log a row came whole into a replica's slice: log entries
-- of it up to there are already in what it received, so they are not sent.
ALTER TABLE sync_slice ADD COLUMN entered_at INTEGER NOT NULL DEFAULT 0;
