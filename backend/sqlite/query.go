package sqlite

import "strings"

// where is a list of conditions joined with AND.
type where []string

func (w where) sql() string {
	if len(w) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w, " AND ")
}

func dir(desc bool) string {
	if desc {
		return " DESC"
	}
	return ""
}

// likeArg makes a LIKE pattern that matches s anywhere, with %, _ and \ in
// s taken literally (use with ESCAPE '\').
func likeArg(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// pagedList is how a long list is read a page at a time: counted apart
// from the page, and the page's rowids chosen in the sort order (from an
// index alone, where one covers the filter and the sort) before anything
// is joined to them, so a big view's thousands of rows are each read once
// from the index and only the page's are looked up. from is "FROM table
// alias" with any joins the filter or sort need; ties are broken by the
// alias's rowid. The page subquery takes LIMIT and OFFSET as its last two
// parameters and is joined as pg, its rowids as pg.n.
type pagedList struct {
	with, from, alias, sorted string
	w                         where
}

func (l pagedList) countSQL() string { return l.with + ` SELECT COUNT(*) ` + l.from + l.w.sql() }

func (l pagedList) pageSQL() string {
	return `(SELECT ` + l.alias + `.rowid AS n ` + l.from + l.w.sql() + ` ORDER BY ` + l.sorted + ` LIMIT ? OFFSET ?) pg`
}

// joinIfNamed adds join when the filter or the sort name alias's columns
// (call it after orderBy).
func (l *pagedList) joinIfNamed(alias, join string) {
	if strings.Contains(l.sorted+l.w.sql(), alias+".") {
		l.from += " " + join
	}
}

// orderBy is a list's sort: the column, then the rowid, both in one direction.
func (l *pagedList) orderBy(order string, desc bool) {
	l.sorted = order + dir(desc) + " NULLS LAST, " + l.alias + ".rowid" + dir(desc)
}
