// Package charts builds the ECharts options of the portal's charts with
// go-echarts, so every chart has the same title, tooltip, legend and
// colours. The frontend renders the JSON as it is.
package charts

import "siteward/backend"

// Palette is the one place a series' colour is decided. The severity
// colours match frontend/src/lib/severity.ts (a test holds them together);
// stages and tolerance statuses are the same in every chart, PDF and badge.
var Palette = map[string]string{
	string(backend.SeverityCritical):       "#c62828",
	string(backend.SeverityNonCritical):    "#ef6c00",
	string(backend.SeverityNonConformance): "#f9a825",
	string(backend.SeverityRecommendation): "#1565c0",
	string(backend.SeverityInformation):    "#607d8b",
	backend.SeriesResolved:                 "#2e7d32",
	backend.SeriesNoOpenDefects:            "#81c784",

	"onhold":     "#8d6e63",
	"ready":      "#5c6bc0",
	"inprogress": "#29b6f6",
	"performed":  "#26a69a",
	"complete":   "#2e7d32",

	string(backend.ToleranceCompleted):        "#2e7d32",
	string(backend.ToleranceCompletedOutside): "#9e9d24",
	string(backend.TolerancePending):          "#90a4ae",
	string(backend.TolerancePendingOutside):   "#c62828",

	backend.SeriesInvoiced: "#00695c",
}

// Labels name each series in legends and tooltips.
var Labels = map[string]string{
	string(backend.SeverityCritical):       "Critical",
	string(backend.SeverityNonCritical):    "Non-critical",
	string(backend.SeverityNonConformance): "Non-conformance",
	string(backend.SeverityRecommendation): "Recommendation",
	string(backend.SeverityInformation):    "Information",
	backend.SeriesResolved:                 "Resolved",
	backend.SeriesNoOpenDefects:            "No open defects",

	"onhold":     "On hold",
	"ready":      "Ready",
	"inprogress": "In progress",
	"performed":  "Performed",
	"complete":   "Complete",

	string(backend.ToleranceCompleted):        "Completed",
	string(backend.ToleranceCompletedOutside): "Completed outside tolerance",
	string(backend.TolerancePending):          "Pending",
	string(backend.TolerancePendingOutside):   "Pending outside tolerance",

	backend.SeriesInvoiced: "Invoiced",
}

// colour returns the series' colour, a neutral grey for an unknown key.
func colour(key string) string {
	if c, ok := Palette[key]; ok {
		return c
	}
	return "#9e9e9e"
}

// label returns the series' label, the key itself for an unknown one.
func label(key string) string {
	if l, ok := Labels[key]; ok {
		return l
	}
	return key
}
