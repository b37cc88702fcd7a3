package sqlite

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/png"
	"math"
	"path/filepath"
	"testing"

	"siteward/backend"
)

// testPNG draws a w × h image.
func testPNG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, image.NewGray(image.Rect(0, 0, w, h))); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// MustCreateAsset adds an asset of type typ to p.
func MustCreateAsset(tb testing.TB, db *DB, p *backend.Property, typ, location string) string {
	tb.Helper()
	id := backend.NewID()
	MustExec(tb, db, `INSERT INTO assets (id, property_id, type, location, created_at, updated_at) VALUES (?, ?, ?, ?, 'x', 'x')`, id, p.ID, typ, location)
	return id
}

func TestFloorplans_UploadPinAndDelete(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	c := MustCreateClient(t, db, "Harbour Strata", nil)
	p := MustCreateProperty(t, db, c, "Harbour Tower")
	other := MustCreateProperty(t, db, c, "Other Block")
	s := NewFloorplanService(db, backend.NewDirFileStore(filepath.Join(t.TempDir(), "files")))
	ext := MustCreateAsset(t, db, p, "Extinguisher", "Lobby")

	// Not an image, or not PNG/JPEG: refused, nothing written.
	for name, content := range map[string][]byte{"pdf": []byte(testPDF), "gif": []byte("GIF89a\x01\x00\x01\x00"), "broken png": []byte("\x89PNG\r\n\x1a\nbroken")} {
		_, err := s.CreateFloorplan(ctx, &backend.FloorplanUpload{PropertyID: p.ID, Name: "Ground", Content: content})
		var e *backend.Error
		if !errors.As(err, &e) || e.Fields["file"] == "" {
			t.Errorf("%s: %v, want a file message", name, err)
		}
	}
	if _, err := s.CreateFloorplan(ctx, &backend.FloorplanUpload{PropertyID: p.ID, Name: " ", Content: testPNG(t, 4, 3)}); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("no name: %v", err)
	}
	if n := MustCount(t, db, `SELECT (SELECT COUNT(*) FROM floorplans) + (SELECT COUNT(*) FROM files)`); n != 0 {
		t.Fatalf("refused uploads wrote %d rows", n)
	}

	f, err := s.CreateFloorplan(ctx, &backend.FloorplanUpload{PropertyID: p.ID, Name: "Ground floor", Content: testPNG(t, 640, 480)})
	if err != nil {
		t.Fatal(err)
	}
	if f.Width != 640 || f.Height != 480 {
		t.Errorf("size read from the image: %d × %d", f.Width, f.Height)
	}
	otherPlan, err := s.CreateFloorplan(ctx, &backend.FloorplanUpload{PropertyID: other.ID, Name: "Other", Content: testPNG(t, 10, 10)})
	if err != nil {
		t.Fatal(err)
	}

	// Pins are fractions of the plan, on a plan of the asset's own property.
	for _, bad := range []backend.AssetPin{{FloorplanID: f.ID, X: -0.01, Y: 0.5}, {FloorplanID: f.ID, X: 0.5, Y: 1.01},
		{FloorplanID: f.ID, X: math.NaN(), Y: 0.5}, {FloorplanID: otherPlan.ID, X: 0.5, Y: 0.5}, {FloorplanID: backend.NewID(), X: 0.5, Y: 0.5}} {
		if _, err := s.PinAsset(ctx, ext, bad); backend.ErrorCode(err) != backend.EINVALID {
			t.Errorf("pin %+v: %v, want invalid", bad, err)
		}
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM assets WHERE pin_x IS NOT NULL`); n != 0 {
		t.Fatalf("refused pins were stored")
	}
	a, err := s.PinAsset(ctx, ext, backend.AssetPin{FloorplanID: f.ID, X: 0.25, Y: 1})
	if err != nil || *a.PinX != 0.25 || *a.PinY != 1 || *a.FloorplanID != f.ID {
		t.Fatalf("pin: %+v %v", a, err)
	}
	pf, err := s.FindPropertyFloorplans(ctx, p.ID)
	if err != nil || len(pf.Floorplans) != 1 || pf.Floorplans[0].Pins != 1 || len(pf.Assets) != 1 {
		t.Fatalf("plans: %+v %v", pf, err)
	}
	if a, err = s.UnpinAsset(ctx, ext); err != nil || a.PinX != nil {
		t.Errorf("unpin: %+v %v", a, err)
	}
	if _, err := s.PinAsset(ctx, ext, backend.AssetPin{FloorplanID: f.ID, X: 0.5, Y: 0.5}); err != nil {
		t.Fatal(err)
	}
	// Deleting the plan takes its pins off with it.
	if err := s.DeleteFloorplan(ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM assets WHERE floorplan_id IS NOT NULL OR pin_x IS NOT NULL`); n != 0 {
		t.Errorf("pins left on a deleted plan: %d", n)
	}
	if _, err := s.FindFloorplanFile(ctx, f.ID); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("deleted plan's image: %v", err)
	}
}

func TestSignoffs(t *testing.T) {
	ctx := context.Background()
	db, docs, _, p := newDocumentFixture(t)
	other := MustCreateProperty(t, db, MustCreateClient(t, db, "Other Strata", nil), "Elsewhere")
	s := NewSignoffService(db)
	owner := backend.DocumentOwner{PropertyID: p.ID}
	if _, err := docs.CreateFolder(ctx, owner, "Certificates"); err != nil {
		t.Fatal(err)
	}
	d, err := docs.UploadDocument(ctx, &backend.DocumentUpload{Owner: owner, Folder: "Certificates", Name: "Cert.pdf", Content: []byte(testPDF)})
	if err != nil {
		t.Fatal(err)
	}
	elsewhere := MustCreateAsset(t, db, other, "Hydrant", "Street")
	_, err = s.CreateSignoff(ctx, &backend.SignoffInput{PropertyID: p.ID, SignedOn: "2999-01-01", AssetID: &elsewhere})
	var e *backend.Error
	if !errors.As(err, &e) || e.Fields["contractor"] == "" || e.Fields["signedBy"] == "" || e.Fields["signedOn"] == "" {
		t.Errorf("empty signoff: %v", err)
	}
	_, err = s.CreateSignoff(ctx, &backend.SignoffInput{PropertyID: p.ID, Contractor: "Acme", SignedBy: "Pat", SignedOn: "2025-10-01", AssetID: &elsewhere})
	if !errors.As(err, &e) || e.Fields["assetId"] == "" {
		t.Errorf("another property's asset: %v", err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM signoffs`); n != 0 {
		t.Fatalf("refused signoffs stored: %d", n)
	}
	so, err := s.CreateSignoff(ctx, &backend.SignoffInput{PropertyID: p.ID, Contractor: " Acme Hydraulics ", SignedBy: "Pat Plumber", SignedOn: "2025-10-01", DocumentID: &d.ID})
	if err != nil || so.Contractor != "Acme Hydraulics" || so.DocumentName != "Cert.pdf" {
		t.Fatalf("signoff: %+v %v", so, err)
	}
	if err := s.DeleteSignoff(ctx, so.ID); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.FindSignoffs(ctx, p.ID); len(l) != 0 {
		t.Errorf("deleted signoff still listed")
	}
	if err := s.DeleteSignoff(ctx, so.ID); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("delete twice: %v", err)
	}
}
