package backend

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Reports are PDFs a customer downloads to prove compliance and approve
// spend, and the office emails every month. Their data comes from the same
// scoped queries as the portal (DESIGN.md §5): a report shows exactly what
// its view may see, never more.

// ReportKind names a generated report; "uploaded" is a file the office saved.
type ReportKind string

const (
	ReportMonthlyActivity    ReportKind = "monthly_activity"
	ReportMonthlyMaintenance ReportKind = "monthly_maintenance"
	ReportRoutineActivity    ReportKind = "routine_activity"
	ReportYearlyCondition    ReportKind = "yearly_condition"
	ReportUploaded           ReportKind = "uploaded"
)

// ReportKinds lists the kinds Siteward generates.
var ReportKinds = []ReportKind{ReportMonthlyActivity, ReportMonthlyMaintenance, ReportRoutineActivity, ReportYearlyCondition}

// Title is the report's name as printed on it.
func (k ReportKind) Title() string {
	switch k {
	case ReportMonthlyActivity:
		return "Monthly Activity Report"
	case ReportMonthlyMaintenance:
		return "Monthly Maintenance Report"
	case ReportRoutineActivity:
		return "Routine Activity Report"
	case ReportYearlyCondition:
		return "Yearly Condition Report"
	}
	return "Report"
}

// Slug is the kind as it appears in URLs and file names ("monthly-activity").
func (k ReportKind) Slug() string { return strings.ReplaceAll(string(k), "_", "-") }

// ReportKindFromSlug reads a URL's kind; ok is false for anything else.
func ReportKindFromSlug(s string) (ReportKind, bool) {
	for _, k := range ReportKinds {
		if k.Slug() == s {
			return k, true
		}
	}
	return "", false
}

// ReportRequest says which report to generate over which period. The period
// is local calendar dates in the workspace's time zone, From ≤ d < To.
type ReportRequest struct {
	Kind ReportKind `json:"kind"`
	From string     `json:"from"` // YYYY-MM-DD, inclusive
	To   string     `json:"to"`   // YYYY-MM-DD, exclusive
	// PropertyID narrows the report to one property of the scope (the
	// property page; and the Yearly Condition Report, which needs one).
	PropertyID string `json:"propertyId,omitempty"`
}

// MaxReportDays bounds a date range, so one request cannot ask for decades.
const MaxReportDays = 366 * 2

// reportProblem is an EINVALID error naming one field.
func reportProblem(field, msg string) error {
	return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

// MonthPeriod returns the request for kind over the month "YYYY-MM"; an
// empty month is the month holding now in loc.
func MonthPeriod(kind ReportKind, month string, now time.Time, loc *time.Location) (ReportRequest, error) {
	var first time.Time
	if month == "" {
		l := now.In(loc)
		first = time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, time.UTC)
	} else {
		t, err := time.Parse("2006-01", month)
		if err != nil || t.Year() < 2000 || t.Year() > 2100 {
			return ReportRequest{}, reportProblem("month", "Choose a month such as 2026-11 (year and month, between 2000 and 2100).")
		}
		first = t
	}
	return ReportRequest{Kind: kind, From: first.Format(DateLayout), To: first.AddDate(0, 1, 0).Format(DateLayout)}, nil
}

// RangePeriod returns the request for kind from the first to the last day
// given (both inclusive, YYYY-MM-DD); empty dates mean the last 12 months
// up to today in loc.
func RangePeriod(kind ReportKind, from, to string, now time.Time, loc *time.Location) (ReportRequest, error) {
	l := now.In(loc)
	today := time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC)
	p := Problems{}
	parse := func(field, v string, def time.Time) time.Time {
		if v == "" {
			return def
		}
		t, err := time.Parse(DateLayout, v)
		if err != nil || t.Year() < 2000 || t.Year() > 2100 {
			p.Add(field, "Enter a date such as 2026-11-30 (between 2000 and 2100).")
		}
		return t
	}
	start := parse("from", from, today.AddDate(-1, 0, 1))
	last := parse("to", to, today)
	if err := p.Err(); err != nil {
		return ReportRequest{}, err
	}
	if last.Before(start) {
		return ReportRequest{}, reportProblem("to", "The end date is before the start date.")
	}
	end := last.AddDate(0, 0, 1)
	if end.Sub(start) > MaxReportDays*24*time.Hour {
		return ReportRequest{}, reportProblem("to", fmt.Sprintf("Choose at most %d days.", MaxReportDays))
	}
	return ReportRequest{Kind: kind, From: start.Format(DateLayout), To: end.Format(DateLayout)}, nil
}

// YearPeriod returns the request for the calendar year "YYYY" (empty: this
// year in loc).
func YearPeriod(kind ReportKind, year string, now time.Time, loc *time.Location) (ReportRequest, error) {
	y := now.In(loc).Year()
	if year != "" {
		n, err := strconv.Atoi(year)
		if err != nil || n < 2000 || n > 2100 {
			return ReportRequest{}, reportProblem("year", "Choose a year between 2000 and 2100.")
		}
		y = n
	}
	first := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	return ReportRequest{Kind: kind, From: first.Format(DateLayout), To: first.AddDate(1, 0, 0).Format(DateLayout)}, nil
}

// PeriodLabel prints the request's period the Australian way:
// "November 2026", or "01/01/2026 – 31/12/2026".
func (r ReportRequest) PeriodLabel() string {
	from, err1 := time.Parse(DateLayout, r.From)
	to, err2 := time.Parse(DateLayout, r.To)
	if err1 != nil || err2 != nil {
		return r.From + " – " + r.To
	}
	if from.Day() == 1 && to.Equal(from.AddDate(0, 1, 0)) {
		return from.Format("January 2006")
	}
	return from.Format("02/01/2006") + " – " + to.AddDate(0, 0, -1).Format("02/01/2006")
}

// ReportHeader is what every page of a report repeats.
type ReportHeader struct {
	Company     string    // the workspace's name
	Logo        []byte    // PNG or JPEG; nil when none is set
	Title       string    // "Monthly Activity Report"
	Period      string    // "November 2026"
	Scope       string    // the view's name, or the property's
	GeneratedAt time.Time // in the workspace's time zone
}

// ReportQuote is a defect or service quote as a customer may see it.
type ReportQuote struct {
	Number     string `json:"number"` // "Q-1042"
	Property   string `json:"property"`
	Title      string `json:"title"`
	Status     string `json:"status"`
	IssuedOn   string `json:"issuedOn"`
	TotalCents int64  `json:"totalCents"`
}

// ReportInvoice is an invoice as a customer may see it.
type ReportInvoice struct {
	Number     string `json:"number"` // "INV-2210"
	Property   string `json:"property"`
	Status     string `json:"status"` // issued, paid, overdue
	IssuedOn   string `json:"issuedOn"`
	DueOn      string `json:"dueOn"`
	TotalCents int64  `json:"totalCents"`
	PaidCents  int64  `json:"paidCents"`
}

// ActivityReport is the Monthly Activity Report: the period's defect
// quotes, service quotes and invoices. Quotes in draft, voided, deleted or
// expired never appear.
type ActivityReport struct {
	Header        ReportHeader
	DefectQuotes  []ReportQuote
	ServiceQuotes []ReportQuote
	Invoices      []ReportInvoice
}

// ReportRemark is a published remark with its current status.
type ReportRemark struct {
	Number      string   `json:"number"` // "R-1042"
	Property    string   `json:"property"`
	AssetType   string   `json:"assetType"`
	Severity    Severity `json:"severity"`
	Description string   `json:"description"`
	RaisedOn    string   `json:"raisedOn"`
	Status      string   `json:"status"` // open, resolved
	ResolvedOn  string   `json:"resolvedOn"`
	TaskID      string   `json:"-"`
}

// ReportTask is a routine task with how it stands against its tolerance.
type ReportTask struct {
	ID          string          `json:"id"`
	Number      string          `json:"number"` // "T-1042"
	Property    string          `json:"property"`
	Title       string          `json:"title"`
	Stage       string          `json:"stage"`
	DueOn       string          `json:"dueOn"`
	PerformedOn string          `json:"performedOn"` // local date, "" when not done
	Tolerance   ToleranceStatus `json:"tolerance"`
	Remarks     []ReportRemark  `json:"remarks"`
	AssetTypes  []string        `json:"-"` // the asset types its routine covers
}

// MaintenanceReport is the Monthly Maintenance Report: routine tasks
// performed in the period and the published remarks they identified, each
// with its current status (resolved or open).
type MaintenanceReport struct {
	Header ReportHeader
	Tasks  []ReportTask
}

// RoutineActivityReport lists the routine tasks due in the period, by
// tolerance status, with a chart of them by month.
type RoutineActivityReport struct {
	Header ReportHeader
	Tasks  []ReportTask
	Chart  ChartData // months × ToleranceStatuses
}

// AssetTypeSummary is one line of the condition report's assets table.
type AssetTypeSummary struct {
	Type  string
	Count int
	// Visits counts the routine visits of the period whose routine covers
	// the type; LastServiceOn is the latest of them (or of the assets' own
	// last service in the period).
	Visits        int
	LastServiceOn string
	Passed        int // assets whose last service, in the period, passed
	Failed        int // … failed
}

// ServiceVisit is one routine task done in the period.
type ServiceVisit struct {
	Number      string
	Title       string
	DueOn       string
	PerformedOn string
	Tolerance   ToleranceStatus
}

// ConditionReport is the Yearly Condition Report of one property (AS 1851):
// the assets serviced by type, the service dates, the open published
// remarks by severity, and a declaration to sign.
type ConditionReport struct {
	Header      ReportHeader
	Property    string
	Address     string
	Client      string
	Assets      []AssetTypeSummary
	Visits      []ServiceVisit
	OpenRemarks []ReportRemark // worst first
}

// ReportDataService gathers a report's data within a scope, in SQL, with
// the portal's own rules. Each returns EINVALID for a bad request and
// ENOTFOUND for a property outside the scope.
type ReportDataService interface {
	MonthlyActivity(ctx context.Context, s Scope, r ReportRequest) (*ActivityReport, error)
	MonthlyMaintenance(ctx context.Context, s Scope, r ReportRequest) (*MaintenanceReport, error)
	RoutineActivity(ctx context.Context, s Scope, r ReportRequest) (*RoutineActivityReport, error)
	YearlyCondition(ctx context.Context, s Scope, r ReportRequest) (*ConditionReport, error)
}

// ReportRenderer draws reports as PDF documents.
type ReportRenderer interface {
	MonthlyActivity(r *ActivityReport) ([]byte, error)
	MonthlyMaintenance(r *MaintenanceReport) ([]byte, error)
	RoutineActivity(r *RoutineActivityReport) ([]byte, error)
	YearlyCondition(r *ConditionReport) ([]byte, error)
}

// FormatNumber prints a human number with its prefix ("Q-1042"), or
// "pending" while an offline install waits for the hub to assign it.
func FormatNumber(prefix string, n *int64) string {
	if n == nil {
		return "pending"
	}
	return prefix + "-" + strconv.FormatInt(*n, 10)
}

// Validate checks a request's kind and dates.
func (r *ReportRequest) Validate() error {
	p := Problems{}
	known := false
	for _, k := range ReportKinds {
		known = known || k == r.Kind
	}
	if !known {
		p.Add("kind", "Choose a report: monthly activity, monthly maintenance, routine activity or yearly condition.")
	}
	from, err1 := time.Parse(DateLayout, r.From)
	to, err2 := time.Parse(DateLayout, r.To)
	if err1 != nil {
		p.Add("from", "Enter a date such as 2026-11-01.")
	}
	if err2 != nil {
		p.Add("to", "Enter a date such as 2026-11-30.")
	}
	if err1 == nil && err2 == nil && (!to.After(from) || to.Sub(from) > (MaxReportDays+1)*24*time.Hour) {
		p.Add("to", fmt.Sprintf("Choose an end after the start and at most %d days later.", MaxReportDays))
	}
	if r.Kind == ReportYearlyCondition && r.PropertyID == "" {
		p.Add("propertyId", "Choose the property the condition report is for.")
	}
	return p.Err()
}
