package backend

import (
	"context"
	"strings"
	"unicode/utf8"
)

// Portal search (seed 002): properties, assets, reports, defect quotes,
// service quotes and tasks across the view, grouped by kind.

// Search result kinds, in the order the portal shows them.
const (
	SearchProperty     = "property"
	SearchAsset        = "asset"
	SearchReport       = "report"
	SearchDefectQuote  = "defect_quote"
	SearchServiceQuote = "service_quote"
	SearchTask         = "task"
)

// SearchKinds lists every kind in display order.
var SearchKinds = []string{SearchProperty, SearchAsset, SearchReport, SearchDefectQuote, SearchServiceQuote, SearchTask}

// SearchHit is one thing found.
type SearchHit struct {
	ID           string `json:"id"`
	Title        string `json:"title"`
	Detail       string `json:"detail"`
	PropertyID   string `json:"propertyId"`
	PropertyName string `json:"propertyName"`
}

// SearchGroup is the hits of one kind: the first few and how many there
// are; More says there are more than Total (a count stops at SearchCap).
type SearchGroup struct {
	Kind  string       `json:"kind"`
	Total int          `json:"total"`
	More  bool         `json:"more"`
	Hits  []*SearchHit `json:"hits"`
}

// SearchResult is every kind's group, each present even when empty.
type SearchResult struct {
	Query  string         `json:"q"`
	Groups []*SearchGroup `json:"groups"`
}

// SearchPerKind is how many hits of each kind a search returns.
const SearchPerKind = 8

// SearchCap is where a kind's count stops ("1,000+"), so a common word
// costs the same as a rare one.
const SearchCap = 1000

// SearchMinLength is the shortest word the trigram index can look for.
const SearchMinLength = 3

// SearchWords splits a query into the words searched for: those of at
// least SearchMinLength characters; EINVALID when there is none.
func SearchWords(q string) ([]string, error) {
	var words []string
	for _, w := range strings.Fields(q) {
		if utf8.RuneCountInString(w) >= SearchMinLength {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		msg := "Type at least 3 letters or digits to search."
		return nil, &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"q": msg}}
	}
	if len(words) > 8 {
		words = words[:8]
	}
	return words, nil
}

// SearchService searches a portal scope; every hit is something the scope's
// user may see, decided in SQL.
type SearchService interface {
	// Search finds q (every word, anywhere in the text) in the scope.
	Search(ctx context.Context, s Scope, q string) (*SearchResult, error)
}
