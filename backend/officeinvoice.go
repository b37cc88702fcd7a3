package backend

import (
	"context"
	"strings"
	"time"
)

// Invoice statuses. Overdue is not a status: an issued invoice unpaid past
// its due date (a local date in the workspace's time zone).
const (
	InvoiceDraft  = "draft"
	InvoiceIssued = "issued"
	InvoicePaid   = "paid"
	InvoiceVoided = "voided"
)

// InvoiceStatuses lists every status.
var InvoiceStatuses = []string{InvoiceDraft, InvoiceIssued, InvoicePaid, InvoiceVoided}

// Invoice is a bill on a property (and its client).
type Invoice struct {
	ID           string    `json:"id"`
	Number       *int      `json:"number"`
	ClientID     string    `json:"clientId"`
	ClientName   string    `json:"clientName"`
	PropertyID   string    `json:"propertyId"`
	PropertyName string    `json:"propertyName"`
	TaskID       *string   `json:"taskId"`
	Status       string    `json:"status"`
	IssuedOn     string    `json:"issuedOn"` // local date, "" for a draft
	DueOn        string    `json:"dueOn"`
	TotalCents   int64     `json:"totalCents"`
	PaidCents    int64     `json:"paidCents"`
	Overdue      bool      `json:"overdue"`
	CreatedAt    time.Time `json:"createdAt"`
	UpdatedAt    time.Time `json:"updatedAt"`
	Payments     []Payment `json:"payments,omitempty"` // filled by FindInvoiceByID
	// NeedsReview: offline sync recorded a conflict on it the office has
	// not reviewed yet (docs/sync.md).
	NeedsReview bool `json:"needsReview"`
}

// Payment is one delta row: a payment, or a negative correction.
type Payment struct {
	ID          string    `json:"id"`
	AmountCents int64     `json:"amountCents"`
	PaidOn      string    `json:"paidOn"`
	Reference   string    `json:"reference"`
	CreatedAt   time.Time `json:"createdAt"`
}

// InvoiceFilter selects invoices for the office. Sorts: number (default,
// newest first), issuedOn, dueOn, total, owing, property.
type InvoiceFilter struct {
	ID         *string
	Status     *string
	Overdue    *bool
	ClientID   *string
	PropertyID *string
	Query      string // INV-number, property or client name
	Page
}

// Validate checks the filter's enumerations.
func (f *InvoiceFilter) Validate() error {
	if f.Status != nil && !contains(InvoiceStatuses, *f.Status) {
		return &Error{Code: EINVALID, Message: "Choose a status: " + strings.Join(InvoiceStatuses, ", ") + ".",
			Fields: map[string]string{"status": "Choose draft, issued, paid or voided."}}
	}
	return nil
}

// InvoiceService is the office's side of invoices.
type InvoiceService interface {
	// FindInvoices returns a page of invoices (without payments) and the total.
	FindInvoices(ctx context.Context, f InvoiceFilter) ([]*Invoice, int, error)
	// FindInvoiceByID returns the invoice with its payments; ENOTFOUND.
	FindInvoiceByID(ctx context.Context, id string) (*Invoice, error)
	// CreateInvoice makes a draft on a property; EINVALID (field-level).
	CreateInvoice(ctx context.Context, inv *Invoice) error
	// IssueInvoice issues a draft today, due on dueOn (default in 30 days);
	// ECONFLICT unless it is a draft.
	IssueInvoice(ctx context.Context, id, dueOn string) (*Invoice, error)
	// RecordPayment adds a payment (or, negative, a correction) to an issued
	// or paid invoice; the invoice is paid when nothing is owed. EINVALID if
	// the paid amount would go below 0 or above the total.
	RecordPayment(ctx context.Context, id string, p Payment) (*Invoice, error)
	// VoidInvoice voids an invoice nothing has been paid on; ECONFLICT otherwise.
	VoidInvoice(ctx context.Context, id string) (*Invoice, error)
}
