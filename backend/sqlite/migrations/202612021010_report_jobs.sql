-- Finished background reports (the portal's "prepare, then download"), so a
-- restart does not lose one. Local to an install, never synced.
CREATE TABLE report_jobs (
	id          TEXT PRIMARY KEY,
	user_id     TEXT NOT NULL REFERENCES users (id),
	view_kind   TEXT NOT NULL,
	view_id     TEXT NOT NULL,
	kind        TEXT NOT NULL,
	name        TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('done', 'failed')),
	error       TEXT NOT NULL DEFAULT '',
	file_sha256 TEXT REFERENCES files (sha256),
	created_at  TEXT NOT NULL
);
CREATE INDEX report_jobs_created ON report_jobs (created_at);
