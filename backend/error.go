package backend

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. Each transport maps them once (HTTP status, desktop message).
const (
	ECONFLICT     = "conflict"     // the action conflicts with the current state
	EINTERNAL     = "internal"     // a fault of ours; details are logged, never shown
	EINVALID      = "invalid"      // the input is wrong; Fields says where
	ENOTFOUND     = "not_found"    // no such thing, or not visible to the caller
	EUNAUTHORIZED = "unauthorized" // not signed in, or the credentials are wrong
	EFORBIDDEN    = "forbidden"    // signed in, but this action is not theirs to take
	ETOOMANY      = "too_many"     // throttled; try again later
	EUNAVAILABLE  = "unavailable"  // a dependency (disk, database lock) is not available
)

// Error is the one error type the domain returns to its callers. Message is
// written for the person using Siteward; Fields holds per-field messages for
// forms, keyed by the JSON name of the field.
type Error struct {
	Code    string            `json:"code"`
	Message string            `json:"message"`
	Fields  map[string]string `json:"fields,omitempty"`
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return fmt.Sprintf("siteward: %s: %s", e.Code, e.Message)
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + e.Fields[k]
	}
	return fmt.Sprintf("siteward: %s: %s (%s)", e.Code, e.Message, strings.Join(parts, "; "))
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for
// any other error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err. Errors that are not
// *Error are faults of ours and say only "Internal error."
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// Problems collects field-level validation messages.
type Problems map[string]string

// Add records msg for field unless the field already has a message.
func (p Problems) Add(field, msg string) {
	if _, ok := p[field]; !ok {
		p[field] = msg
	}
}

// Err returns nil when there are no problems, otherwise an EINVALID *Error
// that lists them.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	msg := "Please correct the highlighted field."
	if len(p) > 1 {
		msg = fmt.Sprintf("Please correct the %d highlighted fields.", len(p))
	}
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string(p)}
}
