package sqlite

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/mattn/go-sqlite3"
)

// Change capture (docs/sync.md): the triggers on synced tables ask the
// writer connection, through one SQL function registered on it, about the
// current write. DB.Update, BulkLoad and migrations set it for the length
// of their transaction. A connection without the function (the sqlite3
// shell, another program) cannot write a synced table at all ("no such
// function"), and the application's own connection outside those three
// paths aborts: no write escapes sync silently.
//
//	sw_capture(table)  an error outside capture; NULL for a write that is not
//	                   logged (bulk loads, migrations, pulled changes); else
//	                   the JSON array [hlc, origin, base] the trigger records:
//	                   the write's hybrid logical clock, the site it comes from
//	                   (this install, or a replica whose change a hub applies),
//	                   and how far into the hub's log this install had pulled
//	                   (0 on a hub).
//
// One call per written row: the function is the cost capture adds to every
// row of a bulk write (each call crosses from C into Go).
type captureState struct {
	mu     sync.Mutex
	site   string // this install
	hlc    string
	origin string
	base   int64
	log    bool
	// answer is what sw_capture returns while a logged write is open,
	// built once per begin rather than once per row.
	answer string
	// calls counts sw_capture's calls (a test holds it to one per row).
	calls atomic.Int64
	// paused is a table whose rows Tx.insertLogged logs itself, and
	// pausedRows how many rows were written to it meanwhile.
	paused     string
	pausedRows int64
}

// begin opens a capture context for a write of this install; the writer is
// a single connection, so at most one is open at a time.
func (c *captureState) begin(hlc string, log bool) {
	c.mu.Lock()
	c.hlc, c.log, c.origin = hlc, log, c.site
	c.answer = c.encode()
	c.mu.Unlock()
}

// beginRemote opens one for applying another site's change under its own clock.
func (c *captureState) beginRemote(hlc, origin string, log bool) {
	c.mu.Lock()
	c.hlc, c.log, c.origin = hlc, log, origin
	c.answer = c.encode()
	c.mu.Unlock()
}

// end closes it. Callers end before Commit or Rollback hand the connection
// to the next writer, whose begin must not be undone.
func (c *captureState) end() {
	c.mu.Lock()
	c.hlc, c.log, c.origin, c.answer = "", false, "", ""
	c.mu.Unlock()
}

// setSite names this install; setBase records its position in the hub's log.
func (c *captureState) setSite(site string) { c.mu.Lock(); c.site = site; c.mu.Unlock() }
func (c *captureState) setBase(base int64) {
	c.mu.Lock()
	c.base = base
	c.answer = c.encode()
	c.mu.Unlock()
}

// encode builds sw_capture's answer; callers hold mu.
func (c *captureState) encode() string {
	if c.hlc == "" || !c.log {
		return ""
	}
	b, _ := json.Marshal([]any{c.hlc, c.origin, c.base})
	return string(b)
}

// call is sw_capture(table).
func (c *captureState) call(table string) (any, error) {
	c.calls.Add(1)
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.hlc == "":
		return nil, fmt.Errorf("siteward: write to %s outside change capture", table)
	case c.answer == "":
		return nil, nil
	case table == c.paused:
		c.pausedRows++
		return nil, nil
	}
	return c.answer, nil
}

// insertLogged runs write, which inserts rows into table, without a change
// row per inserted row, then logs them all in one statement exactly as the
// insert trigger would have (the same columns, in the order written): a
// trigger firing per row is most of what capture costs a bulk insert. The
// rows are those whose by column holds one of keys. Every row written to
// table meanwhile must be among them — counted by the triggers' calls — or
// the write fails, so nothing escapes the log.
func (tx *Tx) insertLogged(ctx context.Context, table, by string, keys []string, write func() error) error {
	c := &tx.db.capture
	c.mu.Lock()
	if c.paused != "" {
		c.mu.Unlock()
		return fmt.Errorf("capture: %s is already being logged in bulk", c.paused)
	}
	answer := c.answer
	c.paused, c.pausedRows = table, 0
	c.mu.Unlock()
	err := write()
	c.mu.Lock()
	written := c.pausedRows
	c.paused, c.pausedRows = "", 0
	c.mu.Unlock()
	if err != nil || answer == "" {
		return err
	}
	logs := tx.db.insertLogs.Load()
	q, ok := (*logs)[table]
	if !ok {
		return fmt.Errorf("capture: %s is not a synced table", table)
	}
	js, err := json.Marshal(keys)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, fmt.Sprintf(q, quoteIdent(by)), answer, string(js))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != written {
		return fmt.Errorf("capture: %d rows written to %s, %d logged", written, table, n)
	}
	return nil
}

// register is the writer driver's ConnectHook.
// It also turns the writer's automatic checkpoints off (checkpoint.go).
func (c *captureState) register(conn *sqlite3.SQLiteConn) error {
	if _, err := conn.Exec(`PRAGMA wal_autocheckpoint = 0`, nil); err != nil {
		return err
	}
	return conn.RegisterFunc("sw_capture", c.call, false)
}

// connector opens connections of one DSN through a driver with a hook,
// without registering a driver name per database.
type connector struct {
	driver *sqlite3.SQLiteDriver
	dsn    string
}

func (c *connector) Connect(context.Context) (driver.Conn, error) { return c.driver.Open(c.dsn) }
func (c *connector) Driver() driver.Driver                        { return c.driver }
