package sqlite

import (
	"context"
	"database/sql/driver"
	"sync"

	"github.com/mattn/go-sqlite3"
)

// Change capture (docs/sync.md): the triggers on synced tables ask the
// writer connection, through SQL functions registered on it, for the
// current write's clock. DB.Update, BulkLoad and migrations set it for the
// length of their transaction. A connection without the functions (the
// sqlite3 shell, another program) cannot write a synced table at all ("no
// such function"), and the application's own connection outside those three
// paths aborts: no write escapes sync silently.
//
//	sw_capture_hlc()     the write's hybrid logical clock, NULL outside capture
//	sw_capture_origin()  the site the write comes from: this install, or a replica whose change a hub applies
//	sw_capture_base()    how far into the hub's log this install had pulled (0 on a hub)
//	sw_capture_log()     1 to record changes, 0 for snapshot writes (bulk loads, migrations, pulled changes)
type captureState struct {
	mu     sync.Mutex
	site   string // this install
	hlc    string
	origin string
	base   int64
	log    bool
}

// begin opens a capture context for a write of this install; the writer is
// a single connection, so at most one is open at a time.
func (c *captureState) begin(hlc string, log bool) {
	c.mu.Lock()
	c.hlc, c.log, c.origin = hlc, log, c.site
	c.mu.Unlock()
}

// beginRemote opens one for applying another site's change under its own clock.
func (c *captureState) beginRemote(hlc, origin string, log bool) {
	c.mu.Lock()
	c.hlc, c.log, c.origin = hlc, log, origin
	c.mu.Unlock()
}

// end closes it. Callers end before Commit or Rollback hand the connection
// to the next writer, whose begin must not be undone.
func (c *captureState) end() {
	c.mu.Lock()
	c.hlc, c.log, c.origin = "", false, ""
	c.mu.Unlock()
}

// setSite names this install; setBase records its position in the hub's log.
func (c *captureState) setSite(site string) { c.mu.Lock(); c.site = site; c.mu.Unlock() }
func (c *captureState) setBase(base int64)  { c.mu.Lock(); c.base = base; c.mu.Unlock() }

func (c *captureState) currentOrigin() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.origin
}

func (c *captureState) currentHLC() any {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.hlc == "" {
		return nil
	}
	return c.hlc
}

func (c *captureState) currentBase() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base
}

func (c *captureState) logging() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.log {
		return 1
	}
	return 0
}

// register is the writer driver's ConnectHook.
func (c *captureState) register(conn *sqlite3.SQLiteConn) error {
	if err := conn.RegisterFunc("sw_capture_hlc", c.currentHLC, false); err != nil {
		return err
	}
	if err := conn.RegisterFunc("sw_capture_origin", c.currentOrigin, false); err != nil {
		return err
	}
	if err := conn.RegisterFunc("sw_capture_base", c.currentBase, false); err != nil {
		return err
	}
	return conn.RegisterFunc("sw_capture_log", c.logging, false)
}

// connector opens connections of one DSN through a driver with a hook,
// without registering a driver name per database.
type connector struct {
	driver *sqlite3.SQLiteDriver
	dsn    string
}

func (c *connector) Connect(context.Context) (driver.Conn, error) { return c.driver.Open(c.dsn) }
func (c *connector) Driver() driver.Driver                        { return c.driver }
