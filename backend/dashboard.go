package backend

import (
	"context"
	"encoding/json"
)

// The portal main page's panels (DOMAIN.md "The customer portal"): a tally
// strip, the map, and stacked bar charts of defects, routine activities,
// service calls and spend. Every number is limited to a Scope in SQL.

// PortalDashboard is the tally strip above the panels.
type PortalDashboard struct {
	// OpenDefects counts open published remarks by severity (every severity
	// is present, zero or not); OpenDefectsTotal is their sum.
	OpenDefects      map[Severity]int `json:"openDefects"`
	OpenDefectsTotal int              `json:"openDefectsTotal"`
	// QuotesAwaiting counts submitted quotes: awaiting the customer's authorisation.
	QuotesAwaiting QuoteTally `json:"quotesAwaiting"`
	// OverdueInvoices are issued, not fully paid and past their due date in
	// the workspace's time zone; AmountCents is what is still owed on them.
	OverdueInvoices InvoiceTally `json:"overdueInvoices"`
	Panels          PortalPanels `json:"panels"`
}

// QuoteTally counts quotes by kind.
type QuoteTally struct {
	Defect  int `json:"defect"`
	Service int `json:"service"`
}

// InvoiceTally counts invoices and what is owed on them.
type InvoiceTally struct {
	Count       int   `json:"count"`
	AmountCents int64 `json:"amountCents"`
}

// PortalPanels says which main-page panels the view shows (Control Panel >
// Customer Portal, and per client with "Customise").
type PortalPanels struct {
	Map          bool `json:"map"`
	Activity     bool `json:"activity"`
	Defects      bool `json:"defects"`
	Routines     bool `json:"routines"`
	ServiceCalls bool `json:"serviceCalls"`
	Spend        bool `json:"spend"`
}

// DefaultPortalPanels shows every panel.
func DefaultPortalPanels() PortalPanels {
	return PortalPanels{Map: true, Activity: true, Defects: true, Routines: true, ServiceCalls: true, Spend: true}
}

// ChartData is what a stacked bar chart shows: categories along the axis and
// one value per category in each series, series in the order they stack.
type ChartData struct {
	// Categories are months ("2026-01", oldest first) or asset types.
	Categories []string `json:"categories"`
	Series     []Series `json:"series"`
}

// Series is one stack of a chart. Key names what it counts: a Severity,
// SeriesResolved, SeriesNoOpenDefects, a stage in ServiceCallStages, a
// ToleranceStatus or SeriesInvoiced.
type Series struct {
	Key    string    `json:"key"`
	Values []float64 `json:"values"`
}

// Total sums every value of every series.
func (d *ChartData) Total() float64 {
	var t float64
	for _, s := range d.Series {
		for _, v := range s.Values {
			t += v
		}
	}
	return t
}

// Series keys besides severities, stages and tolerance statuses.
const (
	SeriesResolved      = "resolved"        // remarks resolved since they were raised
	SeriesNoOpenDefects = "no_open_defects" // assets without an open published remark
	SeriesInvoiced      = "invoiced"        // invoiced dollars
)

// ServiceCallStages are the stages the service-calls chart stacks, in
// workflow order; cancelled calls are left out.
var ServiceCallStages = []string{"onhold", "ready", "inprogress", "performed", "complete"}

// ToleranceStatus is how a routine task stands against its window: due date
// ± the routine's tolerance days, judged by local date in the workspace's
// time zone (AS 1851 tolerances are either side of the due date).
type ToleranceStatus string

const (
	// ToleranceCompleted: performed inside the window.
	ToleranceCompleted ToleranceStatus = "completed"
	// ToleranceCompletedOutside: performed before or after the window.
	ToleranceCompletedOutside ToleranceStatus = "completed_outside"
	// TolerancePending: not performed, and the window has not closed.
	TolerancePending ToleranceStatus = "pending"
	// TolerancePendingOutside: not performed, and the window has closed (overdue).
	TolerancePendingOutside ToleranceStatus = "pending_outside"
)

// ToleranceStatuses lists the statuses in the order the chart stacks them.
var ToleranceStatuses = []ToleranceStatus{ToleranceCompleted, ToleranceCompletedOutside, TolerancePending, TolerancePendingOutside}

// MapPin is a property on the portal map, coloured by its worst open
// published defect.
type MapPin struct {
	ID            string    `json:"id"`
	Name          string    `json:"name"`
	Address       string    `json:"address"`
	Lat           float64   `json:"lat"`
	Lng           float64   `json:"lng"`
	WorstSeverity *Severity `json:"worstSeverity"`
}

// PortalMap is the pins of every property of the scope that has
// coordinates, and how many have none; the map panel is sent clustered
// (ClusterMap, mapclusters.go).
type PortalMap struct {
	Pins     []*MapPin `json:"pins"`
	Unmapped int       `json:"unmapped"`
	// Generation is the map generation the pins were read at (see
	// MapGeneration); not sent.
	Generation int64 `json:"-"`
}

// DashboardService answers the portal's main-page panels. Every method
// limits its results to the scope in SQL; months follow the workspace's
// time zone.
type DashboardService interface {
	// PortalDashboard returns the tally strip and which panels show.
	PortalDashboard(ctx context.Context, s Scope) (*PortalDashboard, error)
	// DefectsMonthly counts published remarks raised in each of the 12 months
	// ending this month: open ones by severity, resolved ones as SeriesResolved.
	DefectsMonthly(ctx context.Context, s Scope) (*ChartData, error)
	// AssetsByType counts assets by type, each under its worst open published
	// remark's severity or SeriesNoOpenDefects.
	AssetsByType(ctx context.Context, s Scope) (*ChartData, error)
	// RoutinesByMonth counts the routine tasks due in each month of year by
	// ToleranceStatus (year 0: this year); EINVALID for a year outside 2000–2100.
	RoutinesByMonth(ctx context.Context, s Scope, year int) (*ChartData, error)
	// ServiceCallsMonthly counts service calls created in each of the 12
	// months ending this month, by stage (cancelled ones left out).
	ServiceCallsMonthly(ctx context.Context, s Scope) (*ChartData, error)
	// SpendMonthly sums the dollars invoiced (issued or paid) in each of the
	// 12 months ending this month, by issue date, as SeriesInvoiced.
	SpendMonthly(ctx context.Context, s Scope) (*ChartData, error)
	// PortalMap returns the pins of the scope's properties.
	PortalMap(ctx context.Context, s Scope) (*PortalMap, error)
	// MapGeneration returns a number that changes whenever any view's map
	// pins may change (kept by triggers in the same transaction as each
	// change): a map read at generation g is still exact while it is g.
	MapGeneration(ctx context.Context) (int64, error)
}

// ChartBuilder turns chart data into ECharts options (JSON objects), so
// every chart has the same titles, tooltips and colours.
type ChartBuilder interface {
	DefectsMonthly(d *ChartData) (json.RawMessage, error)
	AssetsByType(d *ChartData) (json.RawMessage, error)
	Routines(d *ChartData, year int) (json.RawMessage, error)
	ServiceCalls(d *ChartData) (json.RawMessage, error)
	Spend(d *ChartData) (json.RawMessage, error)
}
