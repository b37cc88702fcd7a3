package http

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"siteward/backend"
)

// maxJSONBody bounds every JSON request body.
const maxJSONBody = 1 << 20

// statusOf maps each error code to its HTTP status: the only place this is decided.
func statusOf(code string) int {
	switch code {
	case backend.EINVALID:
		return http.StatusBadRequest
	case backend.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case backend.EFORBIDDEN:
		return http.StatusForbidden
	case backend.ENOTFOUND:
		return http.StatusNotFound
	case backend.ECONFLICT:
		return http.StatusConflict
	case backend.ETOOMANY:
		return http.StatusTooManyRequests
	case backend.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// error writes err as {"error": {...}}. Faults of ours are logged with the
// request and shown only as "Internal error."
func (s *Server) error(w http.ResponseWriter, r *http.Request, err error) {
	code := backend.ErrorCode(err)
	body := &backend.Error{Code: code, Message: backend.ErrorMessage(err)}
	var e *backend.Error
	if errors.As(err, &e) {
		body.Fields = e.Fields
	}
	if code == backend.EINTERNAL {
		s.Logger.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeJSON(w, statusOf(code), map[string]any{"error": body})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// list is the shape of every paged list answer.
type list[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

func writeList[T any](w http.ResponseWriter, items []T, total int) {
	if items == nil {
		items = []T{}
	}
	writeJSON(w, http.StatusOK, list[T]{Items: items, Total: total})
}

// decodeJSON reads a size-limited JSON body into v; unknown fields and
// trailing data are refused so typos do not pass silently.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, maxJSONBody+1))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var ute *json.UnmarshalTypeError
		if errors.As(err, &ute) && ute.Field != "" {
			msg := "This field has the wrong type."
			return &backend.Error{Code: backend.EINVALID, Message: "The request has a field of the wrong type.", Fields: map[string]string{ute.Field: msg}}
		}
		return backend.Errorf(backend.EINVALID, "The request body is not valid JSON for this action: %v.", err)
	}
	if dec.More() {
		return backend.Errorf(backend.EINVALID, "The request body has data after the JSON object.")
	}
	return nil
}

// pageFrom reads offset, limit and sort from the query string.
func pageFrom(r *http.Request) (backend.Page, error) {
	q := r.URL.Query()
	p := backend.Page{Sort: q.Get("sort")}
	probs := backend.Problems{}
	for name, dst := range map[string]*int{"offset": &p.Offset, "limit": &p.Limit} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				probs.Add(name, "Use a whole number of 0 or more.")
			}
			*dst = n
		}
	}
	if err := probs.Err(); err != nil {
		return p, err
	}
	p.Normalize()
	return p, nil
}

// boolParam reads an optional true/false query parameter.
func boolParam(r *http.Request, name string) (*bool, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return nil, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return nil, &backend.Error{Code: backend.EINVALID, Message: "Use true or false.", Fields: map[string]string{name: "Use true or false."}}
	}
	return &b, nil
}

// strParam returns a pointer to a non-empty query parameter, or nil.
func strParam(r *http.Request, name string) *string {
	if v, ok := r.URL.Query()[name]; ok && len(v) > 0 {
		return &v[0]
	}
	return nil
}
