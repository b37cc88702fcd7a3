package sqlite

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"time"

	"siteward/backend"
)

// Slices (docs/sync.md "Slices"): a technician's install holds the
// properties of their tasks from yesterday to 14 days ahead (and of their
// open tasks with no date), plus the
// clients the office chose for it (sync_peer_clients), with those
// properties' assets, routines, tasks, remarks, quotes, floorplans,
// documents and signoffs, and what they stand on (their clients, groups
// and files). Office installs hold everything. The hub works out the slice
// whenever a pull reaches the end of its log; rows that entered it since
// the generation the install names come whole, rows that left it come as
// a leave (not a delete: the hub keeps them).

// sliceWindow is how far around today a technician's tasks bring their
// properties into the slice.
const (
	sliceDaysBefore = 1
	sliceDaysAhead  = 14
)

// slicePropsSQL names the slice's properties: those of the technician's
// tasks in the window and of the chosen clients, with their parent sites.
const slicePropsSQL = `WITH RECURSIVE
	p0(id) AS (
		SELECT property_id FROM tasks WHERE technician_id = :user AND deleted_at IS NULL
			AND (COALESCE(scheduled_on, due_on) BETWEEN :from AND :to
				OR (scheduled_on IS NULL AND due_on IS NULL AND stage NOT IN ('complete', 'cancelled')))
		UNION SELECT id FROM properties WHERE client_id IN (SELECT client_id FROM sync_peer_clients WHERE site_id = :site)),
	p(id) AS (SELECT id FROM p0 UNION SELECT pr.parent_id FROM properties pr JOIN p ON pr.id = p.id WHERE pr.parent_id IS NOT NULL)
	SELECT json_group_array(id) FROM p`

// sliceCTE names, from the properties worked out once (:props, a JSON
// array), the slice's properties (p), clients (c), groups (g), remarks (r)
// and quotes (q).
const sliceCTE = `WITH RECURSIVE
	p(id) AS (SELECT value FROM json_each(:props)),
	c(id) AS (SELECT client_id FROM properties WHERE id IN p),
	g(id) AS (SELECT group_id FROM clients WHERE id IN c AND group_id IS NOT NULL
		UNION SELECT cg.parent_id FROM client_groups cg JOIN g ON cg.id = g.id WHERE cg.parent_id IS NOT NULL),
	r(id) AS (SELECT id FROM remarks WHERE property_id IN p AND deleted_at IS NULL),
	q(id) AS (SELECT id FROM quotes WHERE property_id IN p AND deleted_at IS NULL)
`

// sliceRows selects, per synced table in the registry's order (parents
// first), the ids of a technician's slice. Tables not listed are never in
// one (the client's money, portal users, SLAs and reports are the
// office's). Rows with a tombstone are not (so each query can use its
// table's index of live rows): a row the office deletes leaves the slice,
// and the laptop drops it.
var sliceRows = []struct{ table, ids string }{
	{"client_groups", `SELECT id FROM g`},
	{"clients", `SELECT id FROM c`},
	{"client_contacts", `SELECT id FROM client_contacts WHERE client_id IN c AND deleted_at IS NULL`},
	{"properties", `SELECT id FROM p`},
	{"property_contacts", `SELECT id FROM property_contacts WHERE property_id IN p AND deleted_at IS NULL`},
	{"files", `SELECT file_sha256 FROM floorplans WHERE property_id IN p
		UNION SELECT file_sha256 FROM remark_photos WHERE remark_id IN r
		UNION SELECT file_sha256 FROM documents WHERE property_id IN p OR client_id IN c`},
	{"floorplans", `SELECT id FROM floorplans WHERE property_id IN p`},
	{"assets", `SELECT id FROM assets WHERE property_id IN p AND deleted_at IS NULL`},
	{"routines", `SELECT id FROM routines WHERE property_id IN p AND deleted_at IS NULL`},
	{"tasks", `SELECT id FROM tasks WHERE property_id IN p AND deleted_at IS NULL`},
	{"remarks", `SELECT id FROM r`},
	{"remark_photos", `SELECT id FROM remark_photos WHERE remark_id IN r`},
	{"quotes", `SELECT id FROM q`},
	{"quote_lines", `SELECT id FROM quote_lines WHERE quote_id IN q`},
	// A client's documents too: its properties' signoffs may name one.
	{"documents", `SELECT id FROM documents WHERE property_id IN p OR client_id IN c`},
	{"document_folders", `SELECT id FROM document_folders WHERE (property_id IN p OR client_id IN c) AND deleted_at IS NULL`},
	{"signoffs", `SELECT id FROM signoffs WHERE property_id IN p`},
	// The client's notes timeline: what the office and other technicians
	// noted is what a technician on site needs, and their notes come back.
	{"client_notes", `SELECT id FROM client_notes WHERE client_id IN c AND deleted_at IS NULL`},
}

// sliceSet is a set of rows by table, each with the hub log position it
// came whole into the install's slice at (0: with the snapshot).
type sliceSet map[string]map[string]int64

func (s sliceSet) add(table, id string) { s.enter(table, id, 0) }

func (s sliceSet) enter(table, id string, at int64) {
	if s[table] == nil {
		s[table] = map[string]int64{}
	}
	s[table][id] = at
}

func (s sliceSet) has(table, id string) bool {
	_, ok := s[table][id]
	return ok
}

func (s sliceSet) entered(table, id string) int64 { return s[table][id] }

func (s sliceSet) clone() sliceSet {
	out := sliceSet{}
	for t, ids := range s {
		for id, at := range ids {
			out.enter(t, id, at)
		}
	}
	return out
}

// sliced reports whether peer holds a slice rather than everything.
func (p *syncPeer) sliced() bool { return p.licence == backend.LicenceTechnician }

// computeSlice works out peer's slice now.
func computeSlice(ctx context.Context, q queryer, peer *syncPeer, today time.Time) (sliceSet, error) {
	var props string
	rows, err := q.QueryContext(ctx, slicePropsSQL, sql.Named("site", peer.siteID), sql.Named("user", peer.userID),
		sql.Named("from", today.AddDate(0, 0, -sliceDaysBefore).Format(time.DateOnly)),
		sql.Named("to", today.AddDate(0, 0, sliceDaysAhead).Format(time.DateOnly)))
	if err != nil {
		return nil, err
	}
	if rows.Next() {
		err = rows.Scan(&props)
	}
	rows.Close()
	if err != nil {
		return nil, err
	}
	set := sliceSet{}
	for _, r := range sliceRows {
		rows, err := q.QueryContext(ctx, sliceCTE+r.ids, sql.Named("props", props))
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id sql.NullString
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			if id.Valid {
				set.add(r.table, id.String)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return set, nil
}

// queryer is a transaction or a connection.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// heldSlice is what the install holds at generation gen. Generation 0 (an
// install made from a whole copy) or one the hub no longer knows counts as
// holding every row the hub has — except those first added after cursor by
// another install or the hub, which it has never seen (a row logged whole
// again later, after a refused delete, it did see) — so the rows outside
// the slice leave.
func heldSlice(ctx context.Context, tx *Tx, tables syncTables, siteID string, gen, cursor int64) (sliceSet, bool, error) {
	set := sliceSet{}
	found := false
	if gen > 0 {
		rows, err := tx.QueryContext(ctx, `SELECT tbl, row_id, entered_at FROM sync_slice WHERE site_id = ? AND gen = ?`, siteID, gen)
		if err != nil {
			return nil, false, err
		}
		for rows.Next() {
			var tbl, id string
			var at int64
			if err := rows.Scan(&tbl, &id, &at); err != nil {
				rows.Close()
				return nil, false, err
			}
			found = true // the generation's marker row, at least
			if tbl != "" {
				set.enter(tbl, id, at)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, false, err
		}
	}
	if found {
		return set, true, nil
	}
	for _, table := range syncedTables {
		t, err := tables.get(ctx, tx, table)
		if err != nil {
			return nil, false, err
		}
		// Composite keys (tags, portal users, group accounts) are never in
		// a slice: a whole copy's rows of them leave too, named as the log does.
		rows, err := tx.QueryContext(ctx, `SELECT `+rowKey("r", t.key)+` AS k FROM `+quoteIdent(table)+` AS r
			WHERE k NOT IN (SELECT row_id FROM (SELECT row_id, MIN(seq) AS first, origin FROM sync_changes
				WHERE tbl = ? AND op = 'insert' GROUP BY row_id) WHERE first > ? AND origin <> ?)`, table, cursor, siteID)
		if err != nil {
			return nil, false, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, false, err
			}
			set.add(table, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, false, err
		}
	}
	// Rows deleted after cursor are gone from the hub's tables but may be
	// the install's still: held, so their deletes reach it.
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT tbl, row_id FROM sync_changes WHERE op = 'delete' AND seq > ?`, cursor)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var tbl, id string
		if err := rows.Scan(&tbl, &id); err != nil {
			return nil, false, err
		}
		set.add(tbl, id)
	}
	return set, false, rows.Err()
}

// storeSlice records set as the site's next generation. An empty slice
// still gets a marker row, so the generation is known.
func storeSlice(ctx context.Context, q queryer, siteID string, set sliceSet) (int64, error) {
	var gen int64
	rows, err := q.QueryContext(ctx, `SELECT COALESCE(MAX(gen), 0) + 1 FROM sync_slice WHERE site_id = ?`, siteID)
	if err != nil {
		return 0, err
	}
	if rows.Next() {
		err = rows.Scan(&gen)
	}
	rows.Close()
	if err != nil {
		return 0, err
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO sync_slice (site_id, gen, tbl, row_id) VALUES (?, ?, '', '')`, siteID, gen); err != nil {
		return 0, err
	}
	for table, ids := range set {
		for id, at := range ids {
			if _, err := q.ExecContext(ctx, `INSERT INTO sync_slice (site_id, gen, tbl, row_id, entered_at) VALUES (?, ?, ?, ?, ?)`, siteID, gen, table, id, at); err != nil {
				return 0, err
			}
		}
	}
	return gen, nil
}

// sliceEnters returns the rows of now the install does not hold, whole
// (parents first), at log position head, and records them in held as
// entered there.
func (s *SyncService) sliceEnters(ctx context.Context, tx *Tx, tables syncTables, held, now sliceSet, head int64) ([]backend.Change, error) {
	hlc := s.db.clock.Last().String()
	var enters []backend.Change
	for _, r := range sliceRows {
		t, err := tables.get(ctx, tx, r.table)
		if err != nil {
			return nil, err
		}
		ids := make([]string, 0)
		for id := range now[r.table] {
			if !held.has(r.table, id) {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		if r.table == "properties" {
			if ids, err = parentsFirst(ctx, tx, ids); err != nil {
				return nil, err
			}
		}
		for _, id := range ids {
			cols, err := t.current(ctx, tx, id, t.cols)
			if err != nil {
				return nil, err
			}
			enters = append(enters, backend.Change{Seq: head, Table: r.table, RowID: id, Op: backend.OpInsert, Cols: cols, HLC: hlc, Origin: s.db.siteID})
			held.enter(r.table, id, head)
		}
	}
	return enters, nil
}

// sliceLeaves returns a leave for every row held that is not in now
// (children first), at log position head.
func (s *SyncService) sliceLeaves(ctx context.Context, tx *Tx, held, now sliceSet, head int64) ([]backend.Change, error) {
	hlc := s.db.clock.Last().String()
	var leaves []backend.Change
	for i := len(syncedTables) - 1; i >= 0; i-- {
		table := syncedTables[i]
		ids := make([]string, 0)
		for id := range held[table] {
			if !now.has(table, id) {
				ids = append(ids, id)
			}
		}
		slices.Sort(ids)
		if table == "properties" {
			var err error
			if ids, err = parentsFirst(ctx, tx, ids); err != nil {
				return nil, err
			}
			slices.Reverse(ids)
		}
		for _, id := range ids {
			leaves = append(leaves, backend.Change{Seq: head, Table: table, RowID: id, Op: backend.OpLeave, HLC: hlc, Origin: s.db.siteID})
		}
	}
	return leaves, nil
}

// parentsFirst orders property ids so that a site comes after the site it
// is part of.
func parentsFirst(ctx context.Context, tx *Tx, ids []string) ([]string, error) {
	parent := map[string]string{}
	for _, id := range ids {
		var p sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT parent_id FROM properties WHERE id = ?`, id).Scan(&p); err != nil && err != sql.ErrNoRows {
			return nil, err
		}
		parent[id] = p.String
	}
	out := make([]string, 0, len(ids))
	done := map[string]bool{}
	var visit func(id string)
	visit = func(id string) {
		if done[id] {
			return
		}
		done[id] = true
		if p, ok := parent[id]; ok && p != "" {
			if _, in := parent[p]; in {
				visit(p)
			}
		}
		out = append(out, id)
	}
	for _, id := range ids {
		visit(id)
	}
	return out, nil
}

// SetSiteClients chooses the clients an install holds whatever its tasks.
func (s *SyncService) SetSiteClients(ctx context.Context, siteID string, clientIDs []string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sync_peers WHERE site_id = ? AND retired_at IS NULL`, siteID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return backend.Errorf(backend.ENOTFOUND, "There is no such enrolled install.")
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_peer_clients WHERE site_id = ?`, siteID); err != nil {
			return err
		}
		for i, id := range clientIDs {
			var ok int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM clients WHERE id = ? AND deleted_at IS NULL`, id).Scan(&ok); err != nil {
				return err
			}
			if ok == 0 {
				return backend.Problems{"clientIds": "Choose existing clients (" + ordinal(i) + " is not one)."}.Err()
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_peer_clients (site_id, client_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, siteID, id); err != nil {
				return err
			}
		}
		return nil
	})
}

func ordinal(i int) string { return "number " + strconv.Itoa(i+1) }
