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
