package backend

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// Quote kinds and statuses (DOMAIN.md).
const (
	QuoteKindDefect  = "defect"
	QuoteKindService = "service"

	QuoteDraft     = "draft"
	QuoteSubmitted = "submitted" // awaiting the customer's authorisation
	QuoteApproved  = "approved"
	QuoteDeclined  = "declined"
	QuoteExpired   = "expired"
	QuoteVoided    = "voided"
	QuoteDeleted   = "deleted"
)

// QuoteStatuses lists every status in the order of the flow.
var QuoteStatuses = []string{QuoteDraft, QuoteSubmitted, QuoteApproved, QuoteDeclined, QuoteExpired, QuoteVoided, QuoteDeleted}

// quoteFlow is the status flow: where each status may go next.
var quoteFlow = map[string][]string{
	QuoteDraft:     {QuoteSubmitted, QuoteDeleted},
	QuoteSubmitted: {QuoteApproved, QuoteDeclined, QuoteExpired, QuoteVoided},
	QuoteApproved:  {QuoteVoided},
	QuoteDeclined:  {QuoteVoided},
	QuoteExpired:   {QuoteSubmitted, QuoteVoided},
}

// QuoteCanMove returns nil if a quote in status from may move to to, else
// ECONFLICT saying what is possible.
func QuoteCanMove(from, to string) error {
	next := quoteFlow[from]
	if contains(next, to) {
		return nil
	}
	if len(next) == 0 {
		return Errorf(ECONFLICT, "This quote is %s; it cannot change any more.", from)
	}
	return Errorf(ECONFLICT, "A %s quote can be %s, not %s.", from, strings.Join(pastTense(next), " or "), pastTense([]string{to})[0])
}

func pastTense(statuses []string) []string {
	words := map[string]string{QuoteSubmitted: "submitted", QuoteApproved: "approved", QuoteDeclined: "declined",
		QuoteExpired: "marked expired", QuoteVoided: "voided", QuoteDeleted: "deleted", QuoteDraft: "made a draft"}
	out := make([]string, len(statuses))
	for i, s := range statuses {
		out[i] = words[s]
	}
	return out
}

// Quote is a defect quote (lines from remarks) or a service quote.
type Quote struct {
	ID              string      `json:"id"`
	Number          *int        `json:"number"`
	Kind            string      `json:"kind"`
	ClientID        string      `json:"clientId"`
	ClientName      string      `json:"clientName"`
	PropertyID      string      `json:"propertyId"`
	PropertyName    string      `json:"propertyName"`
	Title           string      `json:"title"`
	Status          string      `json:"status"`
	TotalCents      int64       `json:"totalCents"`
	IssuedOn        string      `json:"issuedOn"`  // local date, "" until submitted
	ExpiresOn       string      `json:"expiresOn"` // local date
	DecidedAt       *time.Time  `json:"decidedAt"`
	DecidedByUserID string      `json:"decidedByUserId,omitempty"` // the office user who recorded a manual decision
	DecidedByName   string      `json:"decidedByName"`
	DecidedFor      string      `json:"decidedFor"` // on behalf of whom (a manual decision)
	POReference     string      `json:"poReference"`
	DecisionComment string      `json:"decisionComment"`
	DeclineReason   string      `json:"declineReason"`
	CreatedAt       time.Time   `json:"createdAt"`
	UpdatedAt       time.Time   `json:"updatedAt"`
	Lines           []QuoteLine `json:"lines,omitempty"` // filled by FindQuoteByID
	// NeedsReview: offline sync recorded a conflict on it the office has
	// not reviewed yet (docs/sync.md).
	NeedsReview bool `json:"needsReview"`
}

// QuoteLine is one priced line; a defect quote's lines name their remark.
type QuoteLine struct {
	ID          string  `json:"id"`
	RemarkID    *string `json:"remarkId"`
	RemarkNo    *int    `json:"remarkNumber,omitempty"`
	Description string  `json:"description"`
	Quantity    int64   `json:"quantity"`
	UnitCents   int64   `json:"unitCents"`
}

// ValidateQuoteLines checks lines; field names are "lines.N.field".
func ValidateQuoteLines(lines []QuoteLine) error {
	p := Problems{}
	if len(lines) > 200 {
		p.Add("lines", "Keep a quote under 200 lines.")
	}
	for i := range lines {
		l := &lines[i]
		l.Description = strings.TrimSpace(l.Description)
		key := "lines." + strconv.Itoa(i) + "."
		if l.Description == "" {
			p.Add(key+"description", "Describe the work on this line.")
		}
		if l.Quantity <= 0 || l.Quantity > 100000 {
			p.Add(key+"quantity", "Enter a quantity from 1 to 100,000.")
		}
		if l.UnitCents < 0 || l.UnitCents > 100_000_000_00 {
			p.Add(key+"unitCents", "Enter a price from $0 to $100,000,000.")
		}
	}
	return p.Err()
}

// LinesTotal is what lines add up to, in cents.
func LinesTotal(lines []QuoteLine) int64 {
	var t int64
	for _, l := range lines {
		t += l.Quantity * l.UnitCents
	}
	return t
}

// QuoteFilter selects quotes for the office. Sorts: number (default newest
// first), issuedOn, total, status, property.
type QuoteFilter struct {
	ID         *string
	Kind       *string
	Status     *string
	ClientID   *string
	PropertyID *string
	Query      string // title, property or client name, or Q-number
	Page
}

// Validate checks the filter's enumerations.
func (f *QuoteFilter) Validate() error {
	p := Problems{}
	if f.Kind != nil && *f.Kind != QuoteKindDefect && *f.Kind != QuoteKindService {
		p.Add("kind", "Choose defect or service.")
	}
	if f.Status != nil && !contains(QuoteStatuses, *f.Status) {
		p.Add("status", "Choose a status: "+strings.Join(QuoteStatuses, ", ")+".")
	}
	return p.Err()
}

// QuoteDecision is a decision the office records for a customer: a manual
// approval or a decline (which needs a reason).
type QuoteDecision struct {
	For         string `json:"for"` // the customer contact or name it is recorded for
	POReference string `json:"poReference"`
	Comment     string `json:"comment"`
	Reason      string `json:"reason"`
}

// QuoteService is the office's side of quotes.
type QuoteService interface {
	// FindQuotes returns a page of quotes (without lines) and the total.
	FindQuotes(ctx context.Context, f QuoteFilter) ([]*Quote, int, error)
	// FindQuoteByID returns the quote with its lines; ENOTFOUND.
	FindQuoteByID(ctx context.Context, id string) (*Quote, error)
	// CreateServiceQuote makes a draft service quote on a property with its
	// lines; EINVALID (field-level) for a missing title, property or bad line.
	CreateServiceQuote(ctx context.Context, q *Quote) error
	// CreateDefectQuote makes a draft defect quote with one line per remark
	// (priced later). The remarks must be open and on one property:
	// EINVALID otherwise, ENOTFOUND for an unknown remark.
	CreateDefectQuote(ctx context.Context, title string, remarkIDs []string) (*Quote, error)
	// SetQuoteLines replaces a draft's lines (the old ones are kept, voided);
	// ECONFLICT once it is submitted.
	SetQuoteLines(ctx context.Context, id string, lines []QuoteLine) (*Quote, error)
	// SubmitQuote sends a draft (or an expired quote again) for authorisation:
	// issued today, expiring on expiresOn (default in 30 days). EINVALID
	// without a priced line.
	SubmitQuote(ctx context.Context, id, expiresOn string) (*Quote, error)
	// ApproveQuoteManually records an approval the customer gave outside the
	// portal: by the office user, for d.For. EINVALID without d.For.
	ApproveQuoteManually(ctx context.Context, id string, by *User, d QuoteDecision) (*Quote, error)
	// DeclineQuoteManually records a decline; EINVALID without d.For or d.Reason.
	DeclineQuoteManually(ctx context.Context, id string, by *User, d QuoteDecision) (*Quote, error)
	// MoveQuote expires, voids or deletes a quote along the status flow; ECONFLICT
	// for a move the flow does not allow.
	MoveQuote(ctx context.Context, id, to string) (*Quote, error)
}
