-- Every query naming an origin in sync_changes also names a row (served by
-- sync_changes_row) or reads a replica's own unpushed changes, which are the
-- newest rows of its log (a replica logs only its own writes: a seq range).
-- The origin index only cost every captured row a second index insert.
DROP INDEX sync_changes_origin;
