package demo

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
)

// storedFile is one distinct file the dataset refers to. Many rows share
// each one: the store is content-addressed.
type storedFile struct {
	sha, mime     string
	content       []byte
	width, height int // images only
}

// fileSet holds the dataset's files by purpose.
type fileSet struct {
	all        []*storedFile
	pdf        map[string]*storedFile // by document title
	floorplans []*storedFile
	photos     []*storedFile
}

func (fs *fileSet) add(mime string, content []byte, w, h int) *storedFile {
	sum := sha256.Sum256(content)
	f := &storedFile{sha: hex.EncodeToString(sum[:]), mime: mime, content: content, width: w, height: h}
	fs.all = append(fs.all, f)
	return f
}

// pdfTitles are the documents and uploaded reports the demo has content for.
var pdfTitles = []string{
	"Annual Fire Safety Statement", "Essential Safety Measures Report", "Fire Safety Certificate",
	"Evacuation Diagram", "Block Plan", "Fire Safety Schedule", "Service Agreement", "Schedule of Rates",
	"Certificate of Currency", "Credit Application", "Key Register", "Site Induction",
	"Supplier Quote", "Fire Engineering Report",
}

func makeFiles(r *rng) *fileSet {
	fs := &fileSet{pdf: map[string]*storedFile{}}
	for _, t := range pdfTitles {
		fs.pdf[t] = fs.add("application/pdf", makePDF(t, []string{
			"Siteward demo document - sample content only.",
			"This file stands in for the " + strings.ToLower(t) + " a contractor would keep",
			"for a property or a client. It is generated, not a real record.",
		}), 0, 0)
	}
	for i, size := range [][2]int{{1200, 800}, {1000, 1000}, {1400, 700}} {
		fs.floorplans = append(fs.floorplans, fs.add("image/png", makeFloorplan(r, size[0], size[1], i), size[0], size[1]))
	}
	for _, c := range []color.RGBA{{0xb0, 0x3a, 0x2e, 255}, {0x8a, 0x8d, 0x91, 255}, {0x2e, 0x6d, 0xb4, 255}, {0xd9, 0xa4, 0x41, 255}} {
		fs.photos = append(fs.photos, fs.add("image/png", makePhoto(r, c), 480, 360))
	}
	return fs
}

// makePDF writes a one-page PDF with a title and a few lines of Helvetica.
func makePDF(title string, lines []string) []byte {
	esc := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
	var content bytes.Buffer
	fmt.Fprintf(&content, "BT /F1 20 Tf 56 770 Td (%s) Tj ET\n", esc.Replace(title))
	for i, l := range lines {
		fmt.Fprintf(&content, "BT /F1 11 Tf 56 %d Td (%s) Tj ET\n", 730-18*i, esc.Replace(l))
	}
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", content.Len(), content.String()),
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

var (
	white = color.RGBA{255, 255, 255, 255}
	ink   = color.RGBA{0x33, 0x3a, 0x44, 255}
	grey  = color.RGBA{0xd8, 0xdc, 0xe0, 255}
)

// makeFloorplan draws a plan of rooms off a corridor.
func makeFloorplan(r *rng, w, h, variant int) []byte {
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{white, ink, grey})
	rect := func(x0, y0, x1, y1 int, c uint8, fill bool) {
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				if fill || x <= x0+2 || x >= x1-2 || y <= y0+2 || y >= y1-2 {
					img.SetColorIndex(x, y, c)
				}
			}
		}
	}
	m := 40
	rect(m, m, w-m, h-m, 1, false)
	cy0, cy1 := h/2-40, h/2+40
	rect(m, cy0, w-m, cy1, 2, true) // corridor
	for _, band := range [][2]int{{m, cy0}, {cy1, h - m}} {
		x := m
		for x < w-m-80 {
			rw := 120 + r.IntN(160) + 20*variant
			x1 := min(x+rw, w-m)
			rect(x, band[0], x1, band[1], 1, false)
			// a door onto the corridor
			wy := cy0 - 2 // the top band's wall on the corridor
			if band[0] == cy1 {
				wy = cy1
			}
			for y := wy; y <= wy+2; y++ {
				for xx := x + rw/2 - 18; xx <= x+rw/2+18 && xx < x1-3; xx++ {
					img.SetColorIndex(xx, y, 2)
				}
			}
			x = x1
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}

// makePhoto draws a stand-in for a defect photo: a wall, a fixture and a tag.
func makePhoto(r *rng, c color.RGBA) []byte {
	w, h := 480, 360
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{grey, c, ink, white})
	fx, fy := 140+r.IntN(120), 80+r.IntN(80)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			switch {
			case x > fx && x < fx+110 && y > fy && y < fy+190:
				img.SetColorIndex(x, y, 1)
			case x > fx+120 && x < fx+200 && y > fy+40 && y < fy+80:
				img.SetColorIndex(x, y, 3)
			case y > 300:
				img.SetColorIndex(x, y, 2)
			}
		}
	}
	var b bytes.Buffer
	_ = png.Encode(&b, img)
	return b.Bytes()
}
