// Package demo generates the deterministic demo and benchmark datasets
// (DOMAIN.md "Dataset sizes"): a contractor's whole book of work — nested
// client groups, clients, properties with Australian addresses, assets,
// routines and years of tasks, remarks, quotes, invoices, documents and the
// customer users that sign in to the portal.
//
// The same size, seed and Now give the same database, row for row; only the
// password hashes differ (their salts are random). Ids are UUIDv7-shaped,
// made from the seed, and ordered the way the rows are generated, as an
// import would make them (their time part is just before Now; created_at
// and the other dates carry the history). The generator writes through a
// Loader, which backend/sqlite implements; this package imports only the
// domain package and the standard library.
//
// A run commits in batches, so a failure half-way leaves a partial database:
// generate into a new file and rename it into place only when Generate
// returns nil (the CLI does this). Generate refuses a database that already
// holds data, and writes the "demo_dataset" settings row last.
package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"siteward/backend"
)

// Loader is the store side of Generate: a freshly migrated database that
// takes rows in bulk. *sqlite.DB implements it.
type Loader interface {
	// BulkLoad runs fn in write transactions: exec runs one statement in the
	// current transaction (the same query text reuses its prepared
	// statement), commit ends it and begins the next.
	BulkLoad(ctx context.Context, fn func(exec func(query string, args ...any) error, commit func() error) error) error
	// QueryInt runs a query that answers one integer.
	QueryInt(ctx context.Context, query string, args ...any) (int64, error)
	// HashPassword hashes a password as the store does.
	HashPassword(password string) (string, error)
}

// Size names a dataset size.
type Size string

const (
	Small  Size = "small"
	Medium Size = "medium"
	Large  Size = "large"
)

// Sizes lists the sizes, smallest first.
var Sizes = []Size{Small, Medium, Large}

// ParseSize reads a size name.
func ParseSize(s string) (Size, error) {
	for _, z := range Sizes {
		if strings.EqualFold(strings.TrimSpace(s), string(z)) {
			return z, nil
		}
	}
	return "", backend.Errorf(backend.EINVALID, "Unknown dataset size %q: choose small, medium or large.", s)
}

// Counts is how many of each record a dataset holds.
type Counts struct {
	ClientGroups  int `json:"clientGroups"`
	Clients       int `json:"clients"`
	Properties    int `json:"properties"`
	Assets        int `json:"assets"`
	Tasks         int `json:"tasks"`
	Remarks       int `json:"remarks"`
	Quotes        int `json:"quotes"`
	Invoices      int `json:"invoices"`
	CustomerUsers int `json:"customerUsers"`
}

// CountsFor returns the DOMAIN.md table's row for a size.
func CountsFor(s Size) (Counts, error) {
	switch s {
	case Small:
		return Counts{20, 150, 400, 12_000, 9_000, 4_500, 1_800, 7_500, 50}, nil
	case Medium:
		return Counts{200, 1_500, 4_000, 150_000, 175_000, 100_000, 30_000, 125_000, 500}, nil
	case Large:
		return Counts{1_500, 10_000, 40_000, 1_500_000, 1_750_000, 1_000_000, 300_000, 1_250_000, 5_000}, nil
	}
	return Counts{}, backend.Errorf(backend.EINVALID, "Unknown dataset size %q: choose small, medium or large.", s)
}

// Password is the password of every demo user.
const Password = "siteward-demo"

// OfficeEmail is the demo office user's sign-in.
const OfficeEmail = "office@siteward.demo"

// Options control Generate.
type Options struct {
	Size Size
	Seed uint64
	// Now is the moment the dataset is "as of": history runs up to it and
	// upcoming work after it. Required; the generator never reads the clock.
	Now time.Time
	// Progress, if set, is called as work advances, for a progress bar:
	// "directory" counts files, users, groups, clients and properties
	// written; "numbering" counts properties (a first pass that orders the
	// human numbers); "sites" counts assets, tasks, remarks, quotes and
	// invoices written (the long stage); "finishing" goes 0/1 then 1/1.
	Progress func(stage string, done, total int)
	// WriteFile, if set, receives each distinct stored file (PDFs, floorplan
	// and photo PNGs) the rows reference, so the caller can put it in the
	// file store. Without it the files rows exist but their content does not.
	WriteFile func(sha256, mime string, content []byte) error
}

// Generate fills an empty, freshly migrated database with the dataset and
// returns the demo logins. It returns ECONFLICT if the database already has
// users, clients or properties.
func Generate(ctx context.Context, l Loader, opt Options) (*Logins, error) {
	counts, err := CountsFor(opt.Size)
	if err != nil {
		return nil, err
	}
	if opt.Now.IsZero() {
		return nil, backend.Errorf(backend.EINVALID, "demo: Options.Now is required.")
	}
	n, err := l.QueryInt(ctx, `SELECT (SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM client_groups)
		+ (SELECT COUNT(*) FROM clients) + (SELECT COUNT(*) FROM properties)`)
	if err != nil {
		return nil, fmt.Errorf("demo: check the database is empty: %w", err)
	}
	if n > 0 {
		return nil, backend.Errorf(backend.ECONFLICT,
			"The database already has data; demo data can only be generated into a new, empty data folder.")
	}
	g := newGenerator(opt, counts)
	if err := g.plan(); err != nil {
		return nil, err
	}
	if err := g.hashPasswords(l); err != nil {
		return nil, err
	}
	err = l.BulkLoad(ctx, func(exec func(string, ...any) error, commit func() error) error {
		g.w = newWriter(ctx, exec, commit)
		return g.load()
	})
	if err != nil {
		return nil, err
	}
	return g.logins, nil
}

func (g *generator) progress(stage string, done, total int) {
	if g.opt.Progress != nil {
		g.opt.Progress(stage, done, total)
	}
}
