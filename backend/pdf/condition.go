package pdf

import (
	"strconv"

	"siteward/backend"
)

// YearlyCondition draws one property's AS 1851 condition report: the
// property and period, assets serviced by type, service dates, open
// remarks by severity, and a declaration block with signature lines.
func (r *Renderer) YearlyCondition(c *backend.ConditionReport) ([]byte, error) {
	d := r.newDoc(c.Header)
	d.heading("Property")
	d.keyValues([][2]string{{"Property", c.Property}, {"Address", c.Address}, {"Client", c.Client},
		{"Period", c.Header.Period}, {"Standard", "AS 1851 — Routine service of fire protection systems and equipment"}})

	d.heading("Assets serviced by type")
	cols := []column{{"Asset type", 58, "L", false}, {"Assets", 22, "R", true}, {"Routine visits", 24, "R", true},
		{"Last service", 34, "L", true}, {"Passed", 22, "R", true}, {"Failed", 22, "R", true}}
	rows := make([][]cell, 0, len(c.Assets)+1)
	var total, passed, failed int
	for _, a := range c.Assets {
		total += a.Count
		passed += a.Passed
		failed += a.Failed
		last := date(a.LastServiceOn)
		if last == "" {
			last = "—"
		}
		rows = append(rows, []cell{txt(a.Type), txt(strconv.Itoa(a.Count)), txt(strconv.Itoa(a.Visits)), txt(last),
			txt(strconv.Itoa(a.Passed)), txt(strconv.Itoa(a.Failed))})
	}
	if len(rows) > 0 {
		rows = append(rows, []cell{{text: "Total", bold: true}, {text: strconv.Itoa(total), bold: true}, txt(""), txt(""),
			{text: strconv.Itoa(passed), bold: true}, {text: strconv.Itoa(failed), bold: true}})
	}
	d.table(cols, rows, "No assets are recorded at this property.")

	d.heading("Service dates")
	vcols := []column{{"Task", 20, "L", true}, {"Routine", 74, "L", false}, {"Due", 24, "L", true}, {"Performed", 24, "L", true}, {"Tolerance", 40, "L", true}}
	vrows := make([][]cell, 0, len(c.Visits))
	for _, v := range c.Visits {
		vrows = append(vrows, []cell{txt(v.Number), txt(v.Title), txt(date(v.DueOn)), txt(date(v.PerformedOn)),
			{text: d.label(string(v.Tolerance)), swatch: d.colour(string(v.Tolerance))}})
	}
	d.table(vcols, vrows, "No routine service was performed in this period.")

	d.heading("Open remarks by severity")
	d.severitySwatches(c.OpenRemarks)
	d.remarkTable(c.OpenRemarks, nil, "No remarks are open at this property.")
	d.declaration(c)
	return d.bytes()
}

// keyValues draws label: value lines.
func (d *doc) keyValues(kv [][2]string) {
	for _, p := range kv {
		d.ensure(5.5)
		d.text(9, "B", "#424242")
		d.f.SetX(margin)
		d.f.CellFormat(28, 5.5, p[0], "", 0, "L", false, 0, "")
		d.text(9, "", "#212121")
		d.f.CellFormat(contentW-28, 5.5, p[1], "", 1, "L", false, 0, "")
	}
}

// declaration is kept on one page: the statement and two signature blocks.
func (d *doc) declaration(c *backend.ConditionReport) {
	d.ensure(80)
	d.heading("Declaration")
	d.para(9, "", "#212121", "I declare that the fire protection systems and equipment at "+c.Property+
		" listed in this report were inspected, tested and maintained during the period "+c.Header.Period+
		" in accordance with AS 1851, and that the open remarks above are a true record of their condition at the date of signing.")
	d.f.Ln(4)
	for _, who := range []string{"Service contractor (" + c.Header.Company + ")", "Owner or owner's agent (" + c.Client + ")"} {
		d.text(9.5, "B", "#212121")
		d.f.SetX(margin)
		d.f.CellFormat(contentW, 6, who, "", 1, "L", false, 0, "")
		y := d.f.GetY() + 9
		d.stroke("#424242", 0.3)
		d.text(8, "", "#616161")
		for i, l := range []string{"Name", "Signature", "Date"} {
			x := margin + float64(i)*(contentW/3)
			d.f.Line(x, y, x+contentW/3-6, y)
			d.f.SetXY(x, y+0.8)
			d.f.CellFormat(contentW/3-6, 4, l, "", 0, "L", false, 0, "")
		}
		d.f.SetXY(margin, y+9)
	}
}
