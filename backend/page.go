package backend

// Page is the paging and sorting part of every list filter.
type Page struct {
	Offset int    `json:"offset"`
	Limit  int    `json:"limit"`
	Sort   string `json:"sort"` // a column name the list allows, "-" prefix for descending
}

// DefaultLimit and MaxLimit bound every list.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Normalize clamps offset and limit to sane values.
func (p *Page) Normalize() {
	if p.Offset < 0 {
		p.Offset = 0
	}
	if p.Limit <= 0 {
		p.Limit = DefaultLimit
	}
	if p.Limit > MaxLimit {
		p.Limit = MaxLimit
	}
}

// SortKey splits Sort into a column and direction, defaulting to def when
// the column is not one of allowed.
func (p Page) SortKey(def string, allowed ...string) (col string, desc bool) {
	s := p.Sort
	if len(s) > 0 && s[0] == '-' {
		desc, s = true, s[1:]
	}
	for _, a := range allowed {
		if a == s {
			return s, desc
		}
	}
	return def, false
}
