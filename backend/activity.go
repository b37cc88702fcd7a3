package backend

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// The portal's activity report (seeds 002/003): the view's defect quotes,
// service quotes and invoices, and the customer's approve / decline of a
// quote awaiting their authorisation.

// Draft, expired, voided and deleted quotes never reach the portal
// (DESIGN.md §5); the kinds and statuses are in officequote.go.

// PortalQuoteStatuses are the statuses a customer can see.
var PortalQuoteStatuses = []string{QuoteSubmitted, QuoteApproved, QuoteDeclined}

// PortalQuote is a quote as the portal shows it. Lines are filled
// only when one quote is asked for.
type PortalQuote struct {
	ID           string            `json:"id"`
	Number       *int              `json:"number"` // nil until the hub assigns it
	Kind         string            `json:"kind"`
	ClientID     string            `json:"clientId"`
	ClientName   string            `json:"clientName"`
	PropertyID   string            `json:"propertyId"`
	PropertyName string            `json:"propertyName"`
	Title        string            `json:"title"`
	Status       string            `json:"status"`
	TotalCents   int64             `json:"totalCents"`
	IssuedOn     *string           `json:"issuedOn"`  // local date
	ExpiresOn    *string           `json:"expiresOn"` // local date
	Decision     *Decision         `json:"decision"`  // nil until approved or declined
	Lines        []PortalQuoteLine `json:"lines,omitempty"`
	UpdatedAt    time.Time         `json:"updatedAt"`
}

// Decision is who approved or declined a quote, and when.
type Decision struct {
	At          time.Time `json:"at"`
	ByUserID    string    `json:"byUserId,omitempty"`
	ByName      string    `json:"byName"`
	POReference string    `json:"poReference"`
	Comment     string    `json:"comment"`
	Reason      string    `json:"reason"` // why it was declined
}

// PortalQuoteLine is one priced line of a quote.
type PortalQuoteLine struct {
	Position    int    `json:"position"`
	Description string `json:"description"`
	Quantity    int    `json:"quantity"`
	UnitCents   int64  `json:"unitCents"`
	RemarkID    string `json:"remarkId,omitempty"`
}

// PortalQuoteFilter selects quotes within a scope.
type PortalQuoteFilter struct {
	ID         *string
	PropertyID *string
	Kind       *string // QuoteKindDefect or QuoteKindService
	Status     *string // one of PortalQuoteStatuses
	Query      string  // number, title or property
	Page
}

// Validate checks the filter's values.
func (f *PortalQuoteFilter) Validate() error {
	p := Problems{}
	if f.Kind != nil && *f.Kind != QuoteKindDefect && *f.Kind != QuoteKindService {
		p.Add("kind", "Choose defect or service.")
	}
	if f.Status != nil && !slices.Contains(PortalQuoteStatuses, *f.Status) {
		p.Add("status", "Choose submitted, approved or declined.")
	}
	return p.Err()
}

// QuoteApproval is what a customer gives when approving a quote.
type QuoteApproval struct {
	Name        string `json:"name"`
	POReference string `json:"poReference"`
	Comment     string `json:"comment"`
}

// Normalize trims the fields.
func (a *QuoteApproval) Normalize() {
	a.Name, a.POReference, a.Comment = strings.TrimSpace(a.Name), strings.TrimSpace(a.POReference), strings.TrimSpace(a.Comment)
}

// Validate requires the approver's name and bounds every field.
func (a *QuoteApproval) Validate() error {
	p := Problems{}
	if a.Name == "" {
		p.Add("name", "Enter the name of the person approving.")
	}
	checkLen(p, "name", a.Name, 200)
	checkLen(p, "poReference", a.POReference, 100)
	checkLen(p, "comment", a.Comment, 2000)
	return p.Err()
}

// QuoteDecline is what a customer gives when declining a quote.
type QuoteDecline struct {
	Reason string `json:"reason"`
}

// Validate requires a reason.
func (d *QuoteDecline) Validate() error {
	d.Reason = strings.TrimSpace(d.Reason)
	p := Problems{}
	if d.Reason == "" {
		p.Add("reason", "Say why you are declining, so your contractor can respond.")
	}
	checkLen(p, "reason", d.Reason, 2000)
	return p.Err()
}

func checkLen(p Problems, field, v string, n int) {
	if utf8.RuneCountInString(v) > n {
		p.Add(field, "Keep this under "+strconv.Itoa(n)+" characters.")
	}
}

// PortalInvoice is an invoice as the portal sees it: issued or paid (drafts and
// voided invoices never reach the portal).
type PortalInvoice struct {
	ID           string  `json:"id"`
	Number       *int    `json:"number"`
	ClientID     string  `json:"clientId"`
	ClientName   string  `json:"clientName"`
	PropertyID   string  `json:"propertyId"`
	PropertyName string  `json:"propertyName"`
	Status       string  `json:"status"`
	IssuedOn     *string `json:"issuedOn"`
	DueOn        *string `json:"dueOn"`
	TotalCents   int64   `json:"totalCents"`
	PaidCents    int64   `json:"paidCents"`
	// Overdue: issued, not fully paid and past its due date in the
	// workspace's time zone.
	Overdue bool `json:"overdue"`
}

// PortalInvoiceFilter selects invoices within a scope.
type PortalInvoiceFilter struct {
	PropertyID  *string
	Status      *string // issued or paid
	Overdue     *bool
	IssuedMonth *string // "YYYY-MM", by issue date
	Query       string  // number or property
	Page
}

// Validate checks the filter's values.
func (f *PortalInvoiceFilter) Validate() error {
	p := Problems{}
	if f.Status != nil && *f.Status != "issued" && *f.Status != "paid" {
		p.Add("status", "Choose issued or paid.")
	}
	if f.IssuedMonth != nil && !ValidMonth(*f.IssuedMonth) {
		p.Add("issuedMonth", "Use a month such as 2026-01.")
	}
	return p.Err()
}

// ActivityService answers the portal's activity report. Every method limits
// what it reads and writes to the scope in SQL; a quote outside it is
// ENOTFOUND, exactly like one that does not exist.
type ActivityService interface {
	// FindPortalQuotes lists the scope's quotes a customer may see. EINVALID for a bad filter.
	FindPortalQuotes(ctx context.Context, s Scope, f PortalQuoteFilter) ([]*PortalQuote, int, error)
	// FindPortalQuote returns one such quote with its lines; ENOTFOUND outside the scope.
	FindPortalQuote(ctx context.Context, s Scope, id string) (*PortalQuote, error)
	// ApproveQuote approves a submitted quote as the scope's user, recording
	// who and when in the same transaction. EINVALID (nothing written) for a
	// missing name, ENOTFOUND outside the scope, ECONFLICT unless submitted.
	ApproveQuote(ctx context.Context, s Scope, id string, a QuoteApproval) (*PortalQuote, error)
	// DeclineQuote declines a submitted quote; EINVALID without a reason,
	// ENOTFOUND outside the scope, ECONFLICT unless submitted.
	DeclineQuote(ctx context.Context, s Scope, id string, d QuoteDecline) (*PortalQuote, error)
	// FindPortalInvoices lists the scope's issued and paid invoices.
	FindPortalInvoices(ctx context.Context, s Scope, f PortalInvoiceFilter) ([]*PortalInvoice, int, error)
}

// ValidMonth reports whether s is a "YYYY-MM" month between 2000 and 2100.
func ValidMonth(s string) bool {
	t, err := time.Parse("2006-01", s)
	return err == nil && len(s) == 7 && t.Year() >= 2000 && t.Year() <= 2100
}
