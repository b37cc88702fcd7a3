package pdf

import "math"

// column is one column of a table: its title, width in millimetres and
// alignment ("L" or "R"). A fit column (numbers, dates, severities) is
// made as wide as its widest cell, so it never wraps; the other columns
// share what is left in proportion to their widths.
type column struct {
	title string
	width float64
	align string
	fit   bool
}

// cell is one table cell. A cell with a swatch colour starts with a small
// square of that colour (severity, tolerance status) before its text.
type cell struct {
	text   string
	swatch string
	bold   bool
}

func txt(s string) cell { return cell{text: s} }

const (
	cellPad  = 1.2
	lineH    = 4.2
	tableFnt = 8.5
)

// table draws rows under a header row, wrapping text inside each cell. A row
// that does not fit above the footer goes to a new page, where the header
// row is drawn again. empty is printed instead when there are no rows.
func (d *doc) table(cols []column, rows [][]cell, empty string) {
	if len(rows) == 0 {
		d.para(9, "", "#616161", empty)
		return
	}
	cols = d.fitColumns(cols, rows)
	// The header and at least one row stay together.
	d.ensure(2*lineH + 4*cellPad + lineH)
	d.tableHeader(cols)
	for i, row := range rows {
		lines := make([][]string, len(cols))
		n := 1
		d.text(tableFnt, "", "#212121")
		for j, c := range row {
			w := cols[j].width - 2*cellPad
			if c.swatch != "" {
				w -= 4.5
			}
			if c.bold {
				d.text(tableFnt, "B", "#212121")
			}
			lines[j] = d.f.SplitText(c.text, w)
			if c.bold {
				d.text(tableFnt, "", "#212121")
			}
			if len(lines[j]) == 0 {
				lines[j] = []string{""}
			}
			n = max(n, len(lines[j]))
		}
		// A row taller than a page is cut rather than overrunning the footer.
		maxLines := int(math.Floor((footerTop - 3 - headerBottom - 2*lineH - 4*cellPad) / lineH))
		if n > maxLines {
			n = maxLines
		}
		h := float64(n)*lineH + 2*cellPad
		if d.f.GetY()+h > footerTop-3 {
			d.f.AddPage()
			d.tableHeader(cols)
		}
		y := d.f.GetY()
		if i%2 == 1 {
			d.fill("#f5f7f8")
			d.f.Rect(margin, y, contentW, h, "F")
		}
		x := margin
		for j, c := range row {
			cx := x + cellPad
			cw := cols[j].width - 2*cellPad
			if c.swatch != "" {
				d.fill(c.swatch)
				d.f.Rect(cx, y+cellPad+0.6, 3, 3, "F")
				cx += 4.5
				cw -= 4.5
			}
			style := ""
			if c.bold {
				style = "B"
			}
			d.text(tableFnt, style, "#212121")
			for k, l := range lines[j] {
				if k >= n {
					break
				}
				d.f.SetXY(cx, y+cellPad+float64(k)*lineH)
				d.f.CellFormat(cw, lineH, l, "", 0, cols[j].align, false, 0, "")
			}
			x += cols[j].width
		}
		d.stroke("#e0e0e0", 0.15)
		d.f.Line(margin, y+h, pageW-margin, y+h)
		d.f.SetXY(margin, y+h)
	}
	d.f.Ln(2)
}

func (d *doc) tableHeader(cols []column) {
	y := d.f.GetY()
	h := lineH + 2*cellPad
	d.fill("#eceff1")
	d.f.Rect(margin, y, contentW, h, "F")
	d.text(tableFnt, "B", "#263238")
	x := margin
	for _, c := range cols {
		d.f.SetXY(x+cellPad, y+cellPad)
		d.f.CellFormat(c.width-2*cellPad, lineH, c.title, "", 0, c.align, false, 0, "")
		x += c.width
	}
	d.stroke("#90a4ae", 0.25)
	d.f.Line(margin, y+h, pageW-margin, y+h)
	d.f.SetXY(margin, y+h)
}

// fitColumns sizes the fit columns to their widest text and gives the rest
// of the page's width to the others, in proportion to their given widths.
// Fit columns never take more than 70% of the width: past that they shrink
// alike (and wrap).
func (d *doc) fitColumns(cols []column, rows [][]cell) []column {
	out := make([]column, len(cols))
	copy(out, cols)
	var fitW, flexW float64
	for j, c := range out {
		if !c.fit {
			flexW += c.width
			continue
		}
		d.text(tableFnt, "B", "#212121")
		w := d.f.GetStringWidth(c.title)
		for _, row := range rows {
			if j >= len(row) {
				continue
			}
			style := ""
			if row[j].bold {
				style = "B"
			}
			d.text(tableFnt, style, "#212121")
			cw := d.f.GetStringWidth(row[j].text)
			if row[j].swatch != "" {
				cw += 4.5
			}
			w = max(w, cw)
		}
		// SplitText and CellFormat keep fpdf's own cell margin on both sides too.
		out[j].width = w + 2*cellPad + 2*d.f.GetCellMargin() + 0.5
		fitW += out[j].width
	}
	if flexW == 0 {
		return out
	}
	if limit := contentW * 0.7; fitW > limit {
		for j := range out {
			if out[j].fit {
				out[j].width *= limit / fitW
			}
		}
		fitW = limit
	}
	for j := range out {
		if !out[j].fit {
			out[j].width *= (contentW - fitW) / flexW
		}
	}
	return out
}
