package charts_test

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"testing"

	"siteward/backend"
	"siteward/backend/charts"
)

// option is the part of an ECharts option the tests look at.
type option struct {
	Title   struct{ Text string } `json:"title"`
	Tooltip struct {
		Trigger     string                `json:"trigger"`
		AxisPointer struct{ Type string } `json:"axisPointer"`
	} `json:"tooltip"`
	Legend  struct{ Show bool }  `json:"legend"`
	Toolbox struct{ Show *bool } `json:"toolbox"`
	Color   []string             `json:"color"`
	XAxis   []axis               `json:"xAxis"`
	YAxis   []axis               `json:"yAxis"`
	Series  []struct {
		Name      string                    `json:"name"`
		Type      string                    `json:"type"`
		Stack     string                    `json:"stack"`
		ItemStyle struct{ Color string }    `json:"itemStyle"`
		Data      []struct{ Value float64 } `json:"data"`
	} `json:"series"`
}

type axis struct {
	Type string   `json:"type"`
	Data []string `json:"data"`
}

func months12() []string {
	out := make([]string, 12)
	for i := range out {
		out[i] = fmt.Sprintf("2026-%02d", i+1)
	}
	return out
}

func data(categories []string, keys ...string) *backend.ChartData {
	d := &backend.ChartData{Categories: categories}
	for k, key := range keys {
		vals := make([]float64, len(categories))
		for i := range vals {
			vals[i] = float64(k + i)
		}
		d.Series = append(d.Series, backend.Series{Key: key, Values: vals})
	}
	return d
}

// decoder returns a function that checks and decodes a builder's answer.
func decoder(t *testing.T) func(json.RawMessage, error) option {
	return func(raw json.RawMessage, err error) option {
		t.Helper()
		return decodeOption(t, raw, err)
	}
}

func decodeOption(t *testing.T, raw json.RawMessage, err error) option {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	var o option
	if err := json.Unmarshal(raw, &o); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	if o.Tooltip.Trigger != "axis" || o.Tooltip.AxisPointer.Type != "shadow" || !o.Legend.Show ||
		o.Toolbox.Show == nil || *o.Toolbox.Show {
		t.Errorf("tooltip/legend/toolbox = %+v %+v %+v", o.Tooltip, o.Legend, o.Toolbox)
	}
	return o
}

func TestDefectsMonthly(t *testing.T) {
	keys := []string{"critical", "non_critical", "non_conformance", "recommendation", "information", "resolved"}
	o := decoder(t)(charts.New().DefectsMonthly(data(months12(), keys...)))
	if o.Title.Text != "Defects raised per month" {
		t.Errorf("title = %q", o.Title.Text)
	}
	if len(o.XAxis) != 1 || o.XAxis[0].Type != "category" || len(o.XAxis[0].Data) != 12 ||
		o.XAxis[0].Data[0] != "Jan 2026" || o.XAxis[0].Data[11] != "Dec 2026" {
		t.Errorf("x axis = %+v", o.XAxis)
	}
	wantNames := []string{"Critical", "Non-critical", "Non-conformance", "Recommendation", "Information", "Resolved"}
	wantColours := []string{"#c62828", "#ef6c00", "#f9a825", "#1565c0", "#607d8b", "#2e7d32"}
	if len(o.Series) != len(wantNames) {
		t.Fatalf("%d series", len(o.Series))
	}
	for i, s := range o.Series {
		if s.Name != wantNames[i] || s.ItemStyle.Color != wantColours[i] || o.Color[i] != wantColours[i] ||
			s.Type != "bar" || s.Stack != "total" || len(s.Data) != 12 || s.Data[3].Value != float64(i+3) {
			t.Errorf("series %d = %+v (palette %s)", i, s, o.Color[i])
		}
	}
}

func TestOtherCharts(t *testing.T) {
	b, decode := charts.New(), decoder(t)
	stages := decode(b.ServiceCalls(data(months12(), backend.ServiceCallStages...)))
	routines := decode(b.Routines(data(months12(), "completed", "completed_outside", "pending", "pending_outside"), 2026))
	spend := decode(b.Spend(&backend.ChartData{Categories: months12(), Series: []backend.Series{
		{Key: "invoiced", Values: []float64{1234.567, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}}}}))
	assets := decode(b.AssetsByType(data([]string{"Extinguisher", "Hydrant"}, "critical", "no_open_defects")))

	for _, c := range []struct {
		o       option
		title   string
		names   []string
		colours []string
	}{
		{stages, "Service calls by month created", []string{"On hold", "Ready", "In progress", "Performed", "Complete"},
			[]string{"#8d6e63", "#5c6bc0", "#29b6f6", "#26a69a", "#2e7d32"}},
		{routines, "Routine tasks due in 2026", []string{"Completed", "Completed outside tolerance", "Pending", "Pending outside tolerance"},
			[]string{"#2e7d32", "#9e9d24", "#90a4ae", "#c62828"}},
		{spend, "Invoiced per month (AUD)", []string{"Invoiced"}, []string{"#00695c"}},
		{assets, "Assets and ESMs by type", []string{"Critical", "No open defects"}, []string{"#c62828", "#81c784"}},
	} {
		if c.o.Title.Text != c.title || len(c.o.Series) != len(c.names) {
			t.Errorf("%q: %d series", c.o.Title.Text, len(c.o.Series))
			continue
		}
		for i, s := range c.o.Series {
			if s.Name != c.names[i] || s.ItemStyle.Color != c.colours[i] {
				t.Errorf("%s series %d = %s %s, want %s %s", c.title, i, s.Name, s.ItemStyle.Color, c.names[i], c.colours[i])
			}
		}
	}
	if got := routines.XAxis[0].Data; len(got) != 12 || got[0] != "Jan" || got[11] != "Dec" {
		t.Errorf("routine months = %v", got)
	}
	if v := spend.Series[0].Data[0].Value; v != 1234.57 {
		t.Errorf("spend is rounded to the cent: %v", v)
	}
	// Asset types run down the side.
	if len(assets.YAxis) != 1 || assets.YAxis[0].Type != "category" || len(assets.YAxis[0].Data) != 2 || assets.XAxis[0].Type != "value" {
		t.Errorf("assets axes = %+v / %+v", assets.XAxis, assets.YAxis)
	}
}

// An empty chart is still a valid option with no categories.
func TestEmpty(t *testing.T) {
	o := decoder(t)(charts.New().AssetsByType(data(nil, "critical", "no_open_defects")))
	if len(o.Series) != 2 || len(o.Series[0].Data) != 0 {
		t.Errorf("series = %+v", o.Series)
	}
}

// The severity colours are the frontend's (frontend/src/lib/severity.ts):
// badges, map pins and charts must agree.
func TestPaletteMatchesFrontend(t *testing.T) {
	src, err := os.ReadFile("../../frontend/src/lib/severity.ts")
	if err != nil {
		t.Skipf("frontend source not found: %v", err)
	}
	re := regexp.MustCompile(`(?m)^\s+(\w+): '(#[0-9a-f]{6})',`)
	found := 0
	for _, m := range re.FindAllStringSubmatch(string(src), -1) {
		if got := charts.Palette[m[1]]; got != m[2] {
			t.Errorf("%s is %s in severity.ts but %s in the palette", m[1], m[2], got)
		}
		found++
	}
	if found != 6 {
		t.Errorf("found %d colours in severity.ts, want 6 (five severities and resolved)", found)
	}
}
