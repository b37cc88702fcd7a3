package backend

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"testing"
)

// FuzzSniffFloorplan feeds the floorplan check arbitrary bytes: it never
// panics, and whatever it accepts is a PNG or JPEG of a sane size.
func FuzzSniffFloorplan(f *testing.F) {
	var p, j bytes.Buffer
	_ = png.Encode(&p, image.NewGray(image.Rect(0, 0, 3, 2)))
	_ = jpeg.Encode(&j, image.NewGray(image.Rect(0, 0, 2, 3)), nil)
	for _, seed := range [][]byte{p.Bytes(), j.Bytes(), []byte("%PDF-1.4"), []byte("\x89PNG\r\n\x1a\n"), []byte("\xff\xd8\xff"), {}} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		mime, w, h, problem := SniffFloorplan(b)
		if problem != "" {
			return
		}
		if (mime != "image/png" && mime != "image/jpeg") || w < 1 || h < 1 || w > maxFloorplanSide || h > maxFloorplanSide {
			t.Fatalf("accepted %q %d×%d", mime, w, h)
		}
	})
}

// FuzzSniffDocument: never a panic, and never HTML or XML accepted.
func FuzzSniffDocument(f *testing.F) {
	for _, seed := range []string{"%PDF-1.4", "<!DOCTYPE html><p>", "<?xml version=\"1.0\"?><svg/>", "plain", "PK\x03\x04"} {
		f.Add("a.pdf", []byte(seed))
	}
	f.Fuzz(func(t *testing.T, name string, b []byte) {
		mime, problem := SniffDocument(name, b, MaxDocumentBytes)
		if problem == "" && !documentTypes[mime] && !isOfficeType(mime) {
			t.Fatalf("accepted %q as %q", b, mime)
		}
	})
}

func isOfficeType(mime string) bool {
	for _, t := range officeTypes {
		if t == mime {
			return true
		}
	}
	return false
}

func TestSniffFloorplan_Size(t *testing.T) {
	var p bytes.Buffer
	_ = png.Encode(&p, image.NewGray(image.Rect(0, 0, 640, 480)))
	if mime, w, h, problem := SniffFloorplan(p.Bytes()); mime != "image/png" || w != 640 || h != 480 || problem != "" {
		t.Errorf("png: %q %d×%d %q", mime, w, h, problem)
	}
	if _, _, _, problem := SniffFloorplan([]byte("GIF89a\x01\x00\x01\x00")); problem != "A floorplan must be a PNG or JPEG image." {
		t.Errorf("gif: %q", problem)
	}
}
