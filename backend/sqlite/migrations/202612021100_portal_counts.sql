-- Portal counts (issue 4, DESIGN.md §7): what the portal's main-page panels
-- count, kept per property by triggers in the same transaction as each
-- change (portalcounts.go generates the triggers and rebuilds the rows), so
-- a panel sums a few rows per property of the scope instead of scanning its
-- history. Per property, not per client: the scope (scope.go) resolves to
-- properties, and a property-limited user must see exactly theirs.
--
-- Derived data: never synced (docs/sync.md), every install keeps its own.
--
--   metric           bucket              key                      n, amount
--   open_defects     ''                  severity                 open published remarks
--   defects          local month raised  severity | 'resolved'    published remarks
--   quotes_awaiting  ''                  kind                     submitted quotes
--   unpaid           due date            ''                       issued, unpaid invoices; amount owed
--   spend            issue month         'invoiced'               issued or paid invoices; amount invoiced
--   service_calls    local month created stage                    service calls, not cancelled
--   routines         due month           completed | completed_outside | pending:<last day in tolerance>
--   assets           type                worst open severity rank (0–4) | 'none'
CREATE TABLE portal_counts (
	property_id TEXT NOT NULL,
	metric      TEXT NOT NULL,
	bucket      TEXT NOT NULL,
	key         TEXT NOT NULL,
	n           INTEGER NOT NULL,
	amount      INTEGER NOT NULL,
	PRIMARY KEY (property_id, metric, bucket, key)
) WITHOUT ROWID;

-- The workspace time zone's UTC offsets, from each instant they take effect
-- (stored-time layout), so triggers can find a stored time's local month
-- and day. portal_counts_zone names the zone the counts were built in.
CREATE TABLE portal_zone (
	from_utc TEXT PRIMARY KEY,
	offset_s INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE portal_counts_zone (name TEXT NOT NULL);

-- The worst open published remark of each asset that has one (the assets
-- chart colours each asset by it).
CREATE TABLE portal_asset_worst (
	asset_id TEXT PRIMARY KEY,
	worst    INTEGER NOT NULL
) WITHOUT ROWID;
