package charts

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"siteward/backend"
)

// Builder implements backend.ChartBuilder.
type Builder struct{}

// New returns a Builder.
func New() *Builder { return &Builder{} }

var _ backend.ChartBuilder = (*Builder)(nil)

// DefectsMonthly: remarks raised per month, open ones by severity and
// resolved ones in green.
func (*Builder) DefectsMonthly(d *backend.ChartData) (json.RawMessage, error) {
	return stacked(d, spec{title: "Defects raised per month", categories: monthLabels(d.Categories, true), whole: true})
}

// AssetsByType: assets by type, each under its worst open defect; bars run
// sideways so long type names stay readable at phone width.
func (*Builder) AssetsByType(d *backend.ChartData) (json.RawMessage, error) {
	return stacked(d, spec{title: "Assets and ESMs by type", categories: d.Categories, whole: true, sideways: true})
}

// Routines: the year's routine tasks by due month and tolerance status.
func (*Builder) Routines(d *backend.ChartData, year int) (json.RawMessage, error) {
	return stacked(d, spec{title: fmt.Sprintf("Routine tasks due in %d", year), categories: monthLabels(d.Categories, false), whole: true})
}

// ServiceCalls: service calls by created month and stage.
func (*Builder) ServiceCalls(d *backend.ChartData) (json.RawMessage, error) {
	return stacked(d, spec{title: "Service calls by month created", categories: monthLabels(d.Categories, true), whole: true})
}

// Spend: dollars invoiced per month.
func (*Builder) Spend(d *backend.ChartData) (json.RawMessage, error) {
	return stacked(d, spec{title: "Invoiced per month (AUD)", categories: monthLabels(d.Categories, true)})
}

// spec is what differs between the charts.
type spec struct {
	title      string
	categories []string
	whole      bool // counts: no fractional ticks
	sideways   bool // horizontal bars, categories down the side
}

// stacked builds a stacked bar chart with one series per data series, in
// the data's order, each in its palette colour.
func stacked(d *backend.ChartData, sp spec) (json.RawMessage, error) {
	bar := charts.NewBar()
	colours := make([]string, len(d.Series))
	for i, s := range d.Series {
		colours[i] = colour(s.Key)
	}
	minInterval := 0.0
	if sp.whole {
		minInterval = 1
	}
	category := opts.XAxis{Type: "category", AxisTick: &opts.AxisTick{Show: opts.Bool(false)}}
	value := opts.YAxis{Type: "value", MinInterval: minInterval,
		SplitLine: &opts.SplitLine{Show: opts.Bool(true), LineStyle: &opts.LineStyle{Color: "#e6e9ed"}}}
	bar.SetGlobalOptions(
		charts.WithTitleOpts(opts.Title{Title: sp.title, Left: "0", Top: "0",
			TitleStyle: &opts.TextStyle{FontSize: 14, Color: "#1c2733"}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis", AxisPointer: &opts.AxisPointer{Type: "shadow"}}),
		// A plain legend wraps onto more rows when narrow (a scrolling one
		// would hide series); the UI makes room for the rows at phone width.
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(true), Bottom: "0", Left: "0",
			ItemWidth: 12, ItemHeight: 12, TextStyle: &opts.TextStyle{Color: "#5b6878"}}),
		charts.WithToolboxOpts(opts.Toolbox{Show: opts.Bool(false)}),
		charts.WithColorsOpts(opts.Colors(colours)),
		charts.WithGridOpts(opts.Grid{Left: "8", Right: "24", Top: "40", Bottom: "36", ContainLabel: opts.Bool(true)}),
		charts.WithAnimation(true),
	)
	if sp.sideways {
		// XYReversal puts the categories on the y axis; the x axis counts.
		bar.SetGlobalOptions(
			charts.WithXAxisOpts(opts.XAxis{Type: "value", MinInterval: value.MinInterval, SplitLine: value.SplitLine}),
			charts.WithYAxisOpts(opts.YAxis{Type: "category", Inverse: opts.Bool(true)}),
		)
		bar.XYReversal()
	} else {
		bar.SetGlobalOptions(charts.WithXAxisOpts(category), charts.WithYAxisOpts(value))
	}
	bar.SetXAxis(sp.categories)
	for _, s := range d.Series {
		data := make([]opts.BarData, len(s.Values))
		for i, v := range s.Values {
			data[i] = opts.BarData{Value: round(v, sp.whole)}
		}
		bar.AddSeries(label(s.Key), data,
			charts.WithBarChartOpts(opts.BarChart{Stack: "total", BarCategoryGap: "35%"}),
			charts.WithItemStyleOpts(opts.ItemStyle{Color: colour(s.Key)}),
			charts.WithEmphasisOpts(opts.Emphasis{Focus: "series"}),
		)
	}
	bar.Validate()
	out := bytes.TrimSpace([]byte(bar.JSONNotEscaped()))
	if !json.Valid(out) {
		return nil, fmt.Errorf("charts: %s: go-echarts produced invalid JSON", sp.title)
	}
	return json.RawMessage(out), nil
}

// round keeps counts whole and money to the cent.
func round(v float64, whole bool) float64 {
	if whole {
		return math.Round(v)
	}
	return math.Round(v*100) / 100
}

// monthLabels turns "2026-01" into "Jan 2026" (withYear) or "Jan".
func monthLabels(months []string, withYear bool) []string {
	out := make([]string, len(months))
	for i, m := range months {
		t, err := time.Parse("2006-01", m)
		switch {
		case err != nil:
			out[i] = m
		case withYear:
			out[i] = t.Format("Jan 2006")
		default:
			out[i] = t.Format("Jan")
		}
	}
	return out
}
