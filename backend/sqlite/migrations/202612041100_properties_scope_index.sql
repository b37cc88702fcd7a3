-- Every portal query starts from the view's properties (scopeCTE): the
-- properties of the view's clients that are active and not deleted. The
-- index on (client_id, active) held neither the property's id nor what the
-- map shows, so a national view read 5,108 property rows at random from
-- the table for the ids alone — seconds when the file is not in the OS
-- cache (9.2 s for the large demo's national map after a cache drop; 0.7–
-- 1.3 s with this index). This index covers the scope and the map's
-- columns, and replaces the narrower one (a prefix of it).
CREATE INDEX properties_scope ON properties (client_id, active, id, name, street, suburb, state, postcode, lat, lng)
	WHERE deleted_at IS NULL;
DROP INDEX properties_client;
