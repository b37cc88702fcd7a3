package pdf

import (
	"math"
	"strconv"
	"time"

	"siteward/backend"
)

// barChart draws a stacked bar chart of data (one bar per category, the
// series stacked in order) with a title, a value axis with gridlines and a
// legend that names every series, all with PDF primitives.
func (d *doc) barChart(title string, data backend.ChartData) {
	const plotH, axisW = 52.0, 10.0
	d.ensure(plotH + 32)
	f := d.f
	d.text(10, "B", "#212121")
	f.SetX(margin)
	f.CellFormat(contentW, 6, title, "", 1, "L", false, 0, "")

	totals := make([]float64, len(data.Categories))
	for _, s := range data.Series {
		for i, v := range s.Values {
			totals[i] += v
		}
	}
	top := 0.0
	for _, t := range totals {
		top = math.Max(top, t)
	}
	step := niceStep(top)
	top = math.Max(step, math.Ceil(top/step)*step)

	y0 := f.GetY() + 2
	x0 := margin + axisW
	plotW := contentW - axisW
	base := y0 + plotH
	// Gridlines and axis labels.
	d.text(7, "", "#616161")
	for v := 0.0; v <= top+step/2; v += step {
		y := base - v/top*plotH
		d.stroke("#e0e0e0", 0.15)
		f.Line(x0, y, x0+plotW, y)
		f.SetXY(margin, y-2)
		f.CellFormat(axisW-1.5, 4, strconv.FormatFloat(v, 'f', -1, 64), "", 0, "R", false, 0, "")
	}
	n := max(1, len(data.Categories))
	slot := plotW / float64(n)
	barW := math.Min(slot*0.65, 14)
	for i, cat := range data.Categories {
		x := x0 + float64(i)*slot + (slot-barW)/2
		y := base
		for _, s := range data.Series {
			if i >= len(s.Values) || s.Values[i] <= 0 {
				continue
			}
			h := s.Values[i] / top * plotH
			d.fill(d.colour(s.Key))
			f.Rect(x, y-h, barW, h, "F")
			y -= h
		}
		if totals[i] > 0 {
			d.text(6.5, "", "#424242")
			f.SetXY(x-2, y-3.5)
			f.CellFormat(barW+4, 3.5, strconv.FormatFloat(totals[i], 'f', -1, 64), "", 0, "C", false, 0, "")
		}
		d.text(6.5, "", "#424242")
		f.SetXY(x0+float64(i)*slot, base+0.8)
		f.CellFormat(slot, 3.5, categoryLabel(cat), "", 0, "C", false, 0, "")
	}
	d.stroke("#90a4ae", 0.3)
	f.Line(x0, base, x0+plotW, base)
	f.SetXY(margin, base+6)
	items := make([]swatch, 0, len(data.Series))
	for _, s := range data.Series {
		sum := 0.0
		for _, v := range s.Values {
			sum += v
		}
		items = append(items, swatch{colour: d.colour(s.Key), label: d.label(s.Key), value: strconv.FormatFloat(sum, 'f', -1, 64)})
	}
	d.swatches(items)
}

// niceStep picks a gridline step of 1, 2 or 5 × 10ⁿ giving about five lines.
func niceStep(top float64) float64 {
	if top <= 5 {
		return 1
	}
	raw := top / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*mag {
			return m * mag
		}
	}
	return 10 * mag
}

// categoryLabel prints a "2026-11" month as "Nov 26"; other categories as they are.
func categoryLabel(c string) string {
	if t, err := time.Parse("2006-01", c); err == nil {
		return t.Format("Jan 06")
	}
	return c
}
