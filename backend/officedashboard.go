package backend

import (
	"context"
	"encoding/json"
)

// Money is a count of items and what they add up to.
type Money struct {
	Count       int   `json:"count"`
	AmountCents int64 `json:"amountCents"`
}

// OfficeDashboard is what needs the office's attention today.
type OfficeDashboard struct {
	QuotesAwaiting           Money `json:"quotesAwaiting"`           // submitted, awaiting the customer
	OverdueInvoices          Money `json:"overdueInvoices"`          // issued, unpaid past due (what is still owed)
	OpenCriticalDefects      int   `json:"openCriticalDefects"`      // open critical remarks
	UnpublishedCritical      int   `json:"unpublishedCritical"`      // … of which not yet published to the portal
	RoutinesOutsideTolerance int   `json:"routinesOutsideTolerance"` // routine tasks whose window closed unperformed
	FailedEmails             int   `json:"failedEmails"`             // outbox messages failed or uncertain
}

// DefectAgeBuckets are the categories of OpenDefectsByAge, youngest first.
var DefectAgeBuckets = []string{"0–30 days", "31–90 days", "91–365 days", "Over a year"}

// OfficeDashboardService answers the office's landing page (every client).
type OfficeDashboardService interface {
	OfficeDashboard(ctx context.Context) (*OfficeDashboard, error)
	// OpenDefectsByAge counts open remarks (published or not) by how long ago
	// they were raised (DefectAgeBuckets) and severity.
	OpenDefectsByAge(ctx context.Context) (*ChartData, error)
}

// OfficeChartBuilder builds the office dashboard's charts.
type OfficeChartBuilder interface {
	OpenDefectsByAge(d *ChartData) (json.RawMessage, error)
}
