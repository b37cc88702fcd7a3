// Package pdf draws Siteward's reports as PDF documents in pure Go
// (go-pdf/fpdf): no external program, no browser. Every page repeats the
// workspace's name and logo, the report's title, period and scope, and
// "Page N of M"; tables break across pages with their header row repeated;
// charts are drawn with PDF primitives in the portal's colours. Text is
// UTF-8 through the Go fonts, embedded in the binary.
package pdf

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"

	"siteward/backend"
)

// Renderer implements backend.ReportRenderer.
type Renderer struct {
	// Palette and Labels give each series key (severity, tolerance status,
	// stage) its colour ("#c62828") and name, the same as the portal's
	// charts and badges; the composition root passes the charts package's.
	Palette map[string]string
	Labels  map[string]string
}

// New returns a Renderer with the given colours and labels.
func New(palette, labels map[string]string) *Renderer {
	return &Renderer{Palette: palette, Labels: labels}
}

var _ backend.ReportRenderer = (*Renderer)(nil)

// Page geometry, in millimetres (A4 portrait).
const (
	pageW, pageH = 210.0, 297.0
	margin       = 14.0
	contentW     = pageW - 2*margin
	headerBottom = 34.0 // where content starts below the page header
	footerTop    = pageH - 14.0
	family       = "go"
)

// doc is one report being drawn.
type doc struct {
	f    *fpdf.Fpdf
	r    *Renderer
	h    backend.ReportHeader
	font fontState
}

func (r *Renderer) newDoc(h backend.ReportHeader) *doc {
	f := fpdf.New("P", "mm", "A4", "")
	d := &doc{f: f, r: r, h: h}
	f.AddUTF8FontFromBytes(family, "", goregular.TTF)
	f.AddUTF8FontFromBytes(family, "B", gobold.TTF)
	f.SetMargins(margin, headerBottom, margin)
	f.SetAutoPageBreak(false, 0)
	f.SetTitle(h.Title+" "+h.Period, true)
	f.SetAuthor(h.Company, true)
	f.SetCreator("Siteward", true)
	f.SetCreationDate(h.GeneratedAt)
	f.SetModificationDate(h.GeneratedAt)
	f.AliasNbPages("{nb}")
	f.SetHeaderFuncMode(d.pageHeader, true)
	f.SetFooterFunc(d.pageFooter)
	f.AddPage()
	return d
}

// bytes finishes the document.
func (d *doc) bytes() ([]byte, error) {
	var buf bytes.Buffer
	if err := d.f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// pageHeader draws the logo and workspace name at the left, the title at
// the right, then the scope and period, on every page.
func (d *doc) pageHeader() {
	f := d.f
	x := margin
	if len(d.h.Logo) > 0 {
		if typ := imageType(d.h.Logo); typ != "" {
			info := f.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(d.h.Logo))
			if f.Ok() && info != nil {
				f.ImageOptions("logo", margin, 9, 0, 12, false, fpdf.ImageOptions{ImageType: typ}, 0, "")
				x += info.Width()*12/info.Height() + 3
			} else {
				f.ClearError() // a broken logo must not cost the report
			}
		}
	}
	d.text(11, "B", "#212121")
	f.SetXY(x, 9)
	f.CellFormat(pageW-margin-x-80, 6, d.h.Company, "", 0, "L", false, 0, "")
	d.text(13, "B", "#0d47a1")
	f.SetXY(pageW-margin-80, 9)
	f.CellFormat(80, 6, d.h.Title, "", 0, "R", false, 0, "")
	d.text(9, "", "#424242")
	f.SetXY(x, 16)
	f.CellFormat(pageW-margin-x-70, 5, "Scope: "+d.h.Scope, "", 0, "L", false, 0, "")
	f.SetXY(pageW-margin-70, 16)
	f.CellFormat(70, 5, "Period: "+d.h.Period, "", 0, "R", false, 0, "")
	d.stroke("#90a4ae", 0.3)
	f.Line(margin, 24, pageW-margin, 24)
	f.SetXY(margin, headerBottom-6)
	// fpdf puts back the font the page broke in after the header: forget ours.
	d.font = fontState{}
}

func (d *doc) pageFooter() {
	f := d.f
	d.stroke("#cfd8dc", 0.2)
	f.Line(margin, footerTop, pageW-margin, footerTop)
	d.text(8, "", "#616161")
	f.SetXY(margin, footerTop+1.5)
	f.CellFormat(contentW/2, 5, "Generated "+d.h.GeneratedAt.Format("02/01/2006 15:04")+" by "+d.h.Company, "", 0, "L", false, 0, "")
	f.SetXY(margin+contentW/2, footerTop+1.5)
	f.CellFormat(contentW/2, 5, "Page "+strconv.Itoa(f.PageNo())+" of {nb}", "", 0, "R", false, 0, "")
}

// imageType names a logo's format for fpdf, "" when it is neither PNG nor JPEG.
func imageType(b []byte) string {
	switch http.DetectContentType(b) {
	case "image/png":
		return "PNG"
	case "image/jpeg":
		return "JPG"
	}
	return ""
}

// text sets the font size, style ("" or "B") and colour, skipping what is
// already set: a large table sets them for every cell.
func (d *doc) text(size float64, style, colour string) {
	if d.font.set && d.font.size == size && d.font.style == style && d.font.colour == colour {
		return
	}
	d.f.SetFont(family, style, size)
	r, g, b := rgb(colour)
	d.f.SetTextColor(r, g, b)
	d.font = fontState{set: true, size: size, style: style, colour: colour}
}

// fontState is the font last set through text.
type fontState struct {
	set           bool
	size          float64
	style, colour string
}

func (d *doc) fill(colour string) {
	r, g, b := rgb(colour)
	d.f.SetFillColor(r, g, b)
}

func (d *doc) stroke(colour string, width float64) {
	r, g, b := rgb(colour)
	d.f.SetDrawColor(r, g, b)
	d.f.SetLineWidth(width)
}

// rgb reads "#rrggbb"; anything else is mid grey.
func rgb(hex string) (int, int, int) {
	if len(hex) != 7 || hex[0] != '#' {
		return 158, 158, 158
	}
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil {
		return 158, 158, 158
	}
	return int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)
}

// colour and label of a series key, from the shared palette.
func (d *doc) colour(key string) string {
	if c, ok := d.r.Palette[key]; ok {
		return c
	}
	return "#9e9e9e"
}

func (d *doc) label(key string) string {
	if l, ok := d.r.Labels[key]; ok {
		return l
	}
	return strings.ReplaceAll(key, "_", " ")
}

// ensure starts a new page unless h millimetres fit above the footer.
func (d *doc) ensure(h float64) {
	if d.f.GetY()+h > footerTop-3 {
		d.f.AddPage()
	}
}

// heading draws a section title.
func (d *doc) heading(title string) {
	d.ensure(22)
	d.f.Ln(3)
	d.text(12, "B", "#0d47a1")
	d.f.SetX(margin)
	d.f.CellFormat(contentW, 7, title, "", 1, "L", false, 0, "")
}

// para draws wrapped text.
func (d *doc) para(size float64, style, colour, s string) {
	d.text(size, style, colour)
	lines := d.f.SplitText(s, contentW)
	lh := size * 0.5
	for _, l := range lines {
		d.ensure(lh)
		d.f.SetX(margin)
		d.f.CellFormat(contentW, lh, l, "", 1, "L", false, 0, "")
	}
}

// swatch draws a small square of a series' colour followed by its label and
// count, so the colour is never the only signal.
func (d *doc) swatches(items []swatch) {
	d.ensure(7)
	d.text(9, "", "#212121")
	x, y := margin, d.f.GetY()+1
	for _, it := range items {
		s := it.label
		if it.value != "" {
			s += ": " + it.value
		}
		w := d.f.GetStringWidth(s) + 8
		if x+w > pageW-margin {
			x, y = margin, y+6
		}
		d.fill(it.colour)
		d.f.Rect(x, y+1, 3.2, 3.2, "F")
		d.f.SetXY(x+4.5, y)
		d.f.CellFormat(w-4.5, 5, s, "", 0, "L", false, 0, "")
		x += w + 2
	}
	d.f.SetXY(margin, y+7)
}

type swatch struct{ colour, label, value string }

// Formats: Australian dates and money (the UI's lib/format.ts rules).

func date(s string) string {
	t, err := time.Parse(backend.DateLayout, s)
	if err != nil {
		return s
	}
	return t.Format("02/01/2006")
}

func money(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	whole := strconv.FormatInt(cents/100, 10)
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	s := fmt.Sprintf("$%s.%02d", b.String(), cents%100)
	if neg {
		return "-" + s
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
