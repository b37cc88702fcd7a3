package backend

import (
	"context"
	"time"
)

// Report is a PDF saved against a property: generated from a ReportRequest
// or uploaded. Published reports appear under the portal's Latest reports.
type Report struct {
	ID          string     `json:"id"`
	PropertyID  string     `json:"propertyId"`
	Property    string     `json:"property"` // the property's name
	Kind        ReportKind `json:"kind"`
	Title       string     `json:"title"`
	PeriodStart string     `json:"periodStart"` // YYYY-MM-DD, inclusive
	PeriodEnd   string     `json:"periodEnd"`   // YYYY-MM-DD, inclusive: the period's last day
	FileSHA256  string     `json:"fileSha256"`
	Size        int64      `json:"size"`
	Published   bool       `json:"published"`
	PublishedAt *time.Time `json:"publishedAt"`
	CreatedAt   time.Time  `json:"createdAt"`
}

// ReportFilter selects saved reports; nil fields do not filter. Sorts:
// createdAt (newest first by default), periodStart, title.
type ReportFilter struct {
	PropertyID *string `json:"propertyId"`
	Published  *bool   `json:"published"`
	Page
}

// ReportService saves generated reports and sends them (office only).
type ReportService interface {
	// SaveReport stores the PDF in the file store and r, in one transaction
	// with the file's metadata; it fills ID, FileSHA256, Size and the
	// timestamps. Returns ENOTFOUND for an unknown or inactive property.
	SaveReport(ctx context.Context, r *Report, pdf []byte) error
	// FindReportByID returns ENOTFOUND.
	FindReportByID(ctx context.Context, id string) (*Report, error)
	// FindReports returns a page of reports and the total that match.
	FindReports(ctx context.Context, f ReportFilter) ([]*Report, int, error)
	// ReportFile returns the report and its stored PDF; ENOTFOUND, also for
	// a generated report saved without a file (render it from its Request).
	ReportFile(ctx context.Context, id string) (*Report, []byte, error)
	// FindPortalReports lists the scope's published reports (the portal's
	// Latest reports), newest first; f.Published is ignored.
	FindPortalReports(ctx context.Context, s Scope, f ReportFilter) ([]*Report, int, error)
	// FindPortalReport returns one published report of the scope; anything
	// else, unpublished or outside the scope, is ENOTFOUND.
	FindPortalReport(ctx context.Context, s Scope, id string) (*Report, error)
	// EmailReport queues a message to the client's report recipients (the
	// client's reports address, else its primary contact, and the
	// property's contacts who receive reports) and publishes the report, in
	// one transaction: a report sent to the client is one it may see.
	// Each message carries the stored PDF (ReportMail). Returns ENOTFOUND,
	// or EINVALID when there is nobody to send it to or the PDF is too
	// large to attach.
	EmailReport(ctx context.Context, id string, links MailLinks) ([]*OutboxMessage, error)
}

// Request is the request that generates r again over its period, for a
// generated report saved without a file; ok is false for an uploaded one.
func (r *Report) Request() (req ReportRequest, ok bool) {
	known := false
	for _, k := range ReportKinds {
		known = known || k == r.Kind
	}
	end, err := time.Parse(DateLayout, r.PeriodEnd)
	if !known || err != nil || r.PeriodStart == "" {
		return ReportRequest{}, false
	}
	return ReportRequest{Kind: r.Kind, From: r.PeriodStart, To: end.AddDate(0, 0, 1).Format(DateLayout), PropertyID: r.PropertyID}, true
}
