package demo

import (
	"context"
	"fmt"
	"strings"
)

// statementRows is how many rows one multi-row INSERT carries; every full
// batch of a table reuses one prepared statement.
const statementRows = 64

// flushRows and commitRows bound what is buffered in memory and what one
// transaction holds (so the WAL stays small).
const (
	flushRows  = 4096
	commitRows = 500_000
)

// table buffers rows for one table. Tables flush in the order they were
// declared, which is the order of their foreign keys.
type table struct {
	name  string
	cols  []string
	args  []any
	rows  int
	full  string // the INSERT for statementRows rows
	count int    // rows written so far
}

// writer batches rows into multi-row INSERTs through a Loader's exec.
type writer struct {
	ctx         context.Context
	exec        func(string, ...any) error
	commit      func() error
	tables      []*table
	buffered    int
	sinceCommit int
}

func newWriter(ctx context.Context, exec func(string, ...any) error, commit func() error) *writer {
	return &writer{ctx: ctx, exec: exec, commit: commit}
}

// table declares a table; declare parents before children.
func (w *writer) table(name string, cols ...string) *table {
	t := &table{name: name, cols: cols}
	t.full = insertSQL(name, cols, statementRows)
	w.tables = append(w.tables, t)
	return t
}

func insertSQL(name string, cols []string, rows int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + name + " (" + strings.Join(cols, ", ") + ") VALUES ")
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// add buffers one row; vals follow the table's columns.
func (w *writer) add(t *table, vals ...any) {
	if len(vals) != len(t.cols) {
		panic(fmt.Sprintf("demo: %s: %d values for %d columns", t.name, len(vals), len(t.cols)))
	}
	t.args = append(t.args, vals...)
	t.rows++
	w.buffered++
}

// maybeFlush writes the buffers once enough rows wait, and commits once the
// transaction is big enough. Call it between whole units (a site), so a
// row's parents are always buffered with it or written before.
func (w *writer) maybeFlush() error {
	if w.buffered < flushRows {
		return nil
	}
	if err := w.flush(); err != nil {
		return err
	}
	if w.sinceCommit >= commitRows {
		w.sinceCommit = 0
		return w.commit()
	}
	return nil
}

// flush writes every buffered row, parents first.
func (w *writer) flush() error {
	if err := w.ctx.Err(); err != nil {
		return err
	}
	for _, t := range w.tables {
		n, off := len(t.cols), 0
		for t.rows > 0 {
			k := min(t.rows, statementRows)
			q := t.full
			if k < statementRows {
				q = insertSQL(t.name, t.cols, k)
			}
			if err := w.exec(q, t.args[off:off+k*n]...); err != nil {
				return fmt.Errorf("demo: insert into %s: %w", t.name, err)
			}
			off += k * n
			t.rows -= k
			t.count += k
		}
		clear(t.args) // let the strings go
		t.args = t.args[:0]
	}
	w.sinceCommit += w.buffered
	w.buffered = 0
	return nil
}
