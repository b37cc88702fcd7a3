// Package importer imports clients from CSV or XLSX files: parse → validate
// → plan (against what is stored) → apply, all-or-nothing.
package importer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"

	"siteward/backend"
)

// DefaultShown is how many changes and problems a preview lists.
const DefaultShown = 500

// Importer implements backend.ClientImporter on a store.
type Importer struct {
	Store backend.ClientImportStore
	// Shown caps the changes and problems a preview lists (counts are whole).
	Shown int
}

// New returns an Importer on store.
func New(store backend.ClientImportStore) *Importer {
	return &Importer{Store: store, Shown: DefaultShown}
}

var _ backend.ClientImporter = (*Importer)(nil)

// planned is a file read and checked against the store.
type planned struct {
	preview  backend.ClientImportPreview
	problems []backend.ImportProblem
	changes  []backend.ClientImportChange
}

func (im *Importer) PreviewClientImport(ctx context.Context, f backend.ImportFile) (*backend.ClientImportPreview, error) {
	p, err := im.plan(ctx, f)
	if err != nil {
		return nil, err
	}
	return &p.preview, nil
}

func (im *Importer) ApplyClientImport(ctx context.Context, f backend.ImportFile, by *backend.User) (*backend.ClientImportRecord, error) {
	p, err := im.plan(ctx, f)
	if err != nil {
		return nil, err
	}
	if n := len(p.problems); n > 0 {
		return nil, backend.Errorf(backend.EINVALID, "The file has %d problem(s); nothing was imported. Preview it, fix them and upload it again.", n)
	}
	if prev := p.preview.PreviousImport; prev != nil {
		return nil, alreadyImported(prev)
	}
	rec := backend.ClientImportRecord{Hash: p.preview.Hash, FileName: p.preview.FileName, Format: p.preview.Format,
		Created: p.preview.Creates, Updated: p.preview.Updates, Unchanged: p.preview.Unchanged}
	if by != nil {
		rec.UserID, rec.UserName = by.ID, by.Name
	}
	plan := &backend.ClientImportPlan{Record: rec, Changes: p.changes}
	if err := im.Store.ApplyClientImport(ctx, plan); err != nil {
		return nil, err
	}
	return &plan.Record, nil
}

func alreadyImported(prev *backend.ClientImportRecord) error {
	who := ""
	if prev.UserName != "" {
		who = " by " + prev.UserName
	}
	return backend.Errorf(backend.ECONFLICT, "This file was already imported on %s%s; nothing was imported again.",
		prev.AppliedAt.Format("02/01/2006 15:04 MST"), who)
}

func (im *Importer) plan(ctx context.Context, f backend.ImportFile) (*planned, error) {
	if len(f.Data) == 0 {
		return nil, backend.Errorf(backend.EINVALID, "The file is empty; download the template and fill it in.")
	}
	if len(f.Data) > MaxFileBytes {
		return nil, backend.Errorf(backend.EINVALID, "The file is larger than %d MB; split it into smaller files.", MaxFileBytes>>20)
	}
	sum := sha256.Sum256(f.Data)
	p := &planned{preview: backend.ClientImportPreview{
		FileName: cleanName(f.Name), Hash: hex.EncodeToString(sum[:]), Format: formatOf(f.Data),
	}}
	sr := &sheetReader{}
	var err error
	if p.preview.Format == "xlsx" {
		err = readXLSX(f.Data, sr.add)
	} else {
		err = readCSV(f.Data, sr.add)
	}
	if err != nil {
		return nil, err
	}
	if !sr.header {
		return nil, backend.Errorf(backend.EINVALID, "The file has no header row; download the template and fill it in.")
	}
	p.problems = sr.problems
	p.preview.Rows = len(sr.rows)

	// Check each row alone, and codes against each other.
	checked := make([]*backend.ImportedClient, len(sr.rows))
	firstRow := make(map[string]int, len(sr.rows))
	codes := make([]string, 0, len(sr.rows))
	p.changes = make([]backend.ClientImportChange, 0, len(sr.rows))
	for i := range sr.rows {
		r := &sr.rows[i]
		ic, probs := checkRow(r)
		if ic.Code != "" {
			key := strings.ToLower(ic.Code)
			if first, dup := firstRow[key]; dup {
				probs = append(probs, backend.ImportProblem{Row: r.row, Column: columns[colCode].Header,
					Message: fmt.Sprintf("Client code %s is also on row %d; each client once per file.", ic.Code, first)})
			} else {
				firstRow[key] = r.row
				codes = append(codes, ic.Code)
			}
		}
		if len(probs) > 0 {
			p.problems = append(p.problems, probs...)
			continue
		}
		checked[i] = ic
	}

	state, err := im.Store.ClientImportState(ctx, p.preview.Hash, codes)
	if err != nil {
		return nil, err
	}
	p.preview.PreviousImport = state.Previous

	for i := range sr.rows {
		r := &sr.rows[i]
		ic := checked[i]
		// Every row's group is checked, so a row shows all its problems at once.
		var groupID *string
		if g := r.cells[colGroup]; g != "" {
			ids := state.Groups[strings.ToLower(g)]
			switch len(ids) {
			case 0:
				p.problems = append(p.problems, backend.ImportProblem{Row: r.row, Column: columns[colGroup].Header,
					Message: "There is no client group named " + g + "; create it first or correct the name."})
				continue
			case 1:
				groupID = &ids[0]
			default:
				p.problems = append(p.problems, backend.ImportProblem{Row: r.row, Column: columns[colGroup].Header,
					Message: fmt.Sprintf("%d client groups are named %s; rename one so the import knows which.", len(ids), g)})
				continue
			}
		}
		if ic == nil {
			continue
		}
		ic.Client.GroupID = groupID
		ch := merge(r, ic, state.Existing[strings.ToLower(ic.Code)], &sr.present)
		switch ch.Action {
		case backend.ImportCreate:
			p.preview.Creates++
		case backend.ImportUpdate:
			p.preview.Updates++
		default:
			p.preview.Unchanged++
		}
		p.changes = append(p.changes, ch)
	}
	p.problems = sortedProblems(p.problems)
	p.preview.ProblemCount = len(p.problems)
	p.preview.Problems = capped(p.problems, im.shown())
	p.preview.Changes = capped(p.changes, im.shown())
	return p, nil
}

func (im *Importer) shown() int {
	if im.Shown <= 0 {
		return DefaultShown
	}
	return im.Shown
}

func capped[T any](s []T, n int) []T {
	if s == nil {
		return []T{}
	}
	if len(s) > n {
		return s[:n]
	}
	return s
}

// cleanName keeps the base name of an upload, printable and short.
func cleanName(name string) string {
	name = filepath.Base(strings.ReplaceAll(name, `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	if name == "." || name == "/" || name == "" {
		name = "upload"
	}
	if len(name) > 200 {
		name = name[:200]
	}
	return name
}
