package demo

import (
	"encoding/json"
	"fmt"
	"time"

	"siteward/backend"
)

// generator holds the planned directory (groups, clients, properties,
// users) in memory; sites are generated one at a time from their own
// random stream and written as they go.
type generator struct {
	opt    Options
	counts Counts
	now    time.Time
	r      *rng // the directory's stream
	geo    *geography
	files  *fileSet

	groups    []*group
	clients   []*client
	props     []*prop
	office    *user
	techs     []*user
	staff     []*user
	customers []*user
	hashes    map[string]string // password hash by login role ("" for everyone else)
	logins    *Logins

	// Human numbers by dataset-wide index, in order of creation.
	taskNo, remarkNo, quoteNo, invoiceNo []int32

	clock idClock

	w *writer
	t *tables
}

// idClock hands out ids in the order records are generated, as an import
// would: each table's primary key (and the foreign keys, which follow the
// same order) is inserted in ascending order, which keeps a large load fast.
// The ids' time is a few seconds before Now; created_at holds the history.
type idClock struct {
	ms  int64
	seq int
}

func (g *generator) nextID(r *rng) string {
	id := r.uuid7(g.clock.ms, g.clock.seq)
	if g.clock.seq++; g.clock.seq == 4096 {
		g.clock.ms, g.clock.seq = g.clock.ms+1, 0
	}
	return id
}

// firstNumber is where every human number sequence starts (Q-1000, INV-1000).
const firstNumber = 1000

func newGenerator(opt Options, c Counts) *generator {
	now := opt.Now.UTC().Truncate(time.Millisecond)
	return &generator{opt: opt, counts: c, now: now, r: newRNG(opt.Seed, 0), geo: newGeography(),
		clock: idClock{ms: now.Add(-10 * time.Minute).UnixMilli()}}
}

// plan builds the directory and chooses the logins; nothing is written yet.
func (g *generator) plan() error {
	g.files = makeFiles(g.r)
	if err := g.planGroups(); err != nil {
		return err
	}
	if len(g.groups) != g.counts.ClientGroups {
		return fmt.Errorf("demo: planned %d client groups, want %d", len(g.groups), g.counts.ClientGroups)
	}
	g.planClients()
	g.planProperties()
	g.planQuotas()
	g.planStaff()
	plans, err := g.chooseLogins()
	if err != nil {
		return err
	}
	g.planCustomers(plans)
	g.logins = &Logins{Size: g.opt.Size, Seed: g.opt.Seed, GeneratedAt: ts(g.now), Counts: g.counts}
	for _, u := range g.staff {
		if u.role != "" {
			g.logins.Logins = append(g.logins.Logins, Login{Role: u.role, Email: u.email, Password: Password, Name: u.name, Licence: u.licence})
		}
	}
	for i, pl := range plans {
		u := g.customers[i]
		l := Login{Role: pl.role, Email: u.email, Password: Password, Name: u.name, Licence: u.licence}
		sees := pl.sees
		l.Sees = &sees
		if pl.group >= 0 {
			grp := g.groups[pl.group]
			l.Scope = &LoginScope{Kind: "group", ID: grp.id, Name: grp.name}
			if grp.parent >= 0 {
				l.Scope.Parent = &Ref{g.groups[grp.parent].id, g.groups[grp.parent].name}
				l.Scope.Root = &Ref{g.groups[grp.root].id, g.groups[grp.root].name}
			}
		} else {
			c := g.clients[pl.client]
			l.Scope = &LoginScope{Kind: "client", ID: c.id, Name: c.name}
		}
		g.logins.Logins = append(g.logins.Logins, l)
	}
	return nil
}

// hashPasswords hashes the demo password once per login and once for every
// other demo user (they share it; demo data, not a secret).
func (g *generator) hashPasswords(l Loader) error {
	g.hashes = map[string]string{}
	roles := []string{""}
	for _, lg := range g.logins.Logins {
		roles = append(roles, lg.Role)
	}
	for _, role := range roles {
		h, err := l.HashPassword(Password)
		if err != nil {
			return fmt.Errorf("demo: hash password: %w", err)
		}
		g.hashes[role] = h
	}
	return nil
}

// load writes everything: the directory, then the sites in two passes (the
// first only to number tasks, remarks, quotes and invoices in order of
// creation), then the counters.
func (g *generator) load() error {
	g.t = declareTables(g.w)
	if err := g.writeDirectory(); err != nil {
		return err
	}
	clock := g.clock
	if err := g.numberRecords(); err != nil {
		return err
	}
	g.clock = clock // the second pass hands out the same ids
	total := g.counts.Assets + g.counts.Tasks + g.counts.Remarks + g.counts.Quotes + g.counts.Invoices
	done := 0
	for i, p := range g.props {
		s := g.generateSite(p)
		s.write()
		if err := g.w.maybeFlush(); err != nil {
			return err
		}
		done += p.nAssets + p.nTasks + p.nRemarks + p.nQuotes + p.nInvoices
		if i%64 == 63 || i == len(g.props)-1 {
			g.progress("sites", done, total)
		}
	}
	g.progress("finishing", 0, 1)
	for _, c := range []struct {
		name string
		n    int
	}{{"task", g.counts.Tasks}, {"remark", g.counts.Remarks}, {"quote", g.counts.Quotes}, {"invoice", g.counts.Invoices}} {
		g.w.add(g.t.counters, c.name, firstNumber+c.n)
	}
	// The workspace is the demo contractor's; the dataset row says what was
	// generated and comes last, so only a finished run has it.
	ws := backend.DefaultSettings()
	ws.CompanyName = ContractorName
	wsJSON, _ := json.Marshal(ws)
	g.w.add(g.t.settings, "workspace", string(wsJSON), ts(g.now))
	info, _ := json.Marshal(map[string]any{"size": g.opt.Size, "seed": g.opt.Seed, "generatedAt": ts(g.now), "counts": g.counts})
	g.w.add(g.t.settings, "demo_dataset", string(info), ts(g.now))
	if err := g.w.flush(); err != nil {
		return err
	}
	if err := g.w.exec("ANALYZE"); err != nil {
		return fmt.Errorf("demo: analyze: %w", err)
	}
	g.progress("finishing", 1, 1)
	return nil
}
