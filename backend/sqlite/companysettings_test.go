package sqlite

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"siteward/backend"
)

func testJPEGLogo(tb testing.TB, w, h int) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{R: 15, G: 107, B: 115, A: 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

func fieldsOf(err error) map[string]string {
	if e, ok := err.(*backend.Error); ok {
		return e.Fields
	}
	return nil
}

func TestCompanySettingsValidation(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	s := NewSettingsService(db)
	bad := backend.Settings{CompanyName: "", TimeZone: "Local", PortalURL: "portal.example.com/x?y", ContactPhone: "ring ring",
		ContactEmail: "not-an-address"}
	err := s.SaveSettings(ctx, bad)
	f := fieldsOf(err)
	for _, k := range []string{"companyName", "timeZone", "portalUrl", "contactPhone", "contactEmail"} {
		if f[k] == "" {
			t.Errorf("no error for %s: %v", k, err)
		}
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM settings`); n != 0 {
		t.Fatalf("a refused save wrote %d rows", n)
	}
	good := backend.Settings{CompanyName: " Harbour Fire ", TimeZone: "Australia/Perth", PortalURL: "https://portal.example.com/",
		ContactPhone: "+61 (2) 9000-0000", ContactEmail: " Office@Example.COM "}
	if err := s.SaveSettings(ctx, good); err != nil {
		t.Fatal(err)
	}
	got, _ := s.GetSettings(ctx)
	if got.CompanyName != "Harbour Fire" || got.PortalURL != "https://portal.example.com" || got.ContactEmail != "office@example.com" ||
		got.Location().String() != "Australia/Perth" {
		t.Fatalf("saved %+v", got)
	}
	links := got.MailLinks("http://127.0.0.1:8080")
	if links.BaseURL != "https://portal.example.com" || links.Phone != "+61 (2) 9000-0000" {
		t.Errorf("links %+v", links)
	}
	got.PortalURL = ""
	if err := s.SaveSettings(ctx, got); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.GetSettings(ctx); got.MailLinks("http://127.0.0.1:8080").BaseURL != "http://127.0.0.1:8080" {
		t.Errorf("an empty portal address does not fall back: %+v", got)
	}
}

// A bad logo writes nothing: no file, no files row, the settings as they
// were. A good one is stored content-addressed with its files row; saving
// the other settings keeps it; removing it keeps the file.
func TestCompanyLogo(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	dir := filepath.Join(t.TempDir(), "files")
	s := NewSettingsService(db)
	s.Files = backend.NewDirFileStore(dir)
	if err := s.SaveSettings(ctx, backend.Settings{CompanyName: "Harbour Fire", TimeZone: "Australia/Sydney"}); err != nil {
		t.Fatal(err)
	}
	good := testJPEGLogo(t, 200, 80)
	for name, b := range map[string][]byte{
		"empty":        nil,
		"gif":          []byte("GIF89a\x01\x00\x01\x00"),
		"truncated":    good[:len(good)/2],
		"tiny":         testJPEGLogo(t, 10, 40),
		"huge":         testJPEGLogo(t, 2100, 20),
		"over 1 MB":    append(append([]byte{}, good...), make([]byte, backend.MaxLogoBytes)...),
		"text as .png": []byte("\x89PNG\r\n\x1a\nnot really"),
	} {
		_, err := s.SaveLogo(ctx, b)
		if backend.ErrorCode(err) != backend.EINVALID || fieldsOf(err)["logo"] == "" {
			t.Errorf("%s: %v", name, err)
		}
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM files`); n != 0 {
		t.Errorf("bad logos wrote %d files rows", n)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("bad logos wrote to the file store: %v", err)
	}
	if got, _ := s.GetSettings(ctx); got.Logo != nil || got.CompanyName != "Harbour Fire" {
		t.Errorf("settings after bad logos: %+v", got)
	}

	set, err := s.SaveLogo(ctx, good)
	if err != nil {
		t.Fatal(err)
	}
	l := set.Logo
	if l == nil || l.MIME != "image/jpeg" || l.Width != 200 || l.Height != 80 || l.Size != int64(len(good)) || set.CompanyName != "Harbour Fire" {
		t.Fatalf("logo %+v", l)
	}
	if b, err := s.Files.ReadFile(l.SHA256); err != nil || !bytes.Equal(b, good) {
		t.Fatalf("stored logo: %v", err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM files WHERE sha256 = ? AND mime = 'image/jpeg' AND size = ?`, l.SHA256, len(good)); n != 1 {
		t.Errorf("files row: %d", n)
	}
	set.Logo, set.ContactPhone = nil, "02 9000 0000" // a form cannot drop the logo
	if err := s.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.GetSettings(ctx); got.Logo == nil || got.Logo.SHA256 != l.SHA256 || got.ContactPhone != "02 9000 0000" {
		t.Errorf("SaveSettings changed the logo: %+v", got)
	}
	if set, err = s.RemoveLogo(ctx); err != nil || set.Logo != nil {
		t.Fatalf("remove: %+v %v", set, err)
	}
	if _, err := s.Files.ReadFile(l.SHA256); err != nil {
		t.Errorf("removing the logo deleted the file that sent messages show: %v", err)
	}
}

// Attachments must be stored files, and together stay under the limit: a
// report too large to attach queues nothing and stays unpublished.
func TestOutboxAttachmentsLimits(t *testing.T) {
	ctx := context.Background()
	db := MustOpenDB(t)
	files := backend.NewDirFileStore(filepath.Join(t.TempDir(), "files"))
	out := NewOutboxService(db)
	m := &backend.OutboxMessage{Kind: "test", To: "a@example.com", Subject: "Hi", TextBody: "Hi",
		Attachments: []backend.OutboxAttachment{{SHA256: strings.Repeat("ab", 32), Filename: "x.pdf", MIME: "application/pdf"}}}
	if err := out.EnqueueMessage(ctx, m); backend.ErrorCode(err) != backend.ENOTFOUND {
		t.Errorf("unknown file: %v", err)
	}
	m.Attachments[0].Filename = "../etc/passwd"
	if err := out.EnqueueMessage(ctx, m); backend.ErrorCode(err) != backend.EINVALID {
		t.Errorf("bad file name: %v", err)
	}

	c := MustCreateClientWith(t, db, &backend.Client{Name: "Harbour Strata", Active: true, EmailReports: "reports@example.com"})
	p := MustCreateProperty(t, db, c, "Harbour Tower")
	reports := NewReportService(db, files)
	big := &backend.Report{PropertyID: p.ID, Kind: backend.ReportUploaded, Title: "Floor plans"}
	if err := reports.SaveReport(ctx, big, append([]byte("%PDF-1.4\n"), make([]byte, backend.MaxAttachmentBytes)...)); err != nil {
		t.Fatal(err)
	}
	_, err := reports.EmailReport(ctx, big.ID, backend.MailLinks{Company: "Harbour Fire", BaseURL: "https://portal.example.com"})
	if backend.ErrorCode(err) != backend.EINVALID || !strings.Contains(backend.ErrorMessage(err), "at most 15 MB") {
		t.Fatalf("too large: %v", err)
	}
	if n := MustCount(t, db, `SELECT COUNT(*) FROM outbox_messages`); n != 0 {
		t.Errorf("a refused report email queued %d messages", n)
	}
	if r, _ := reports.FindReportByID(ctx, big.ID); r.Published {
		t.Error("a refused report email published the report")
	}

	small := &backend.Report{PropertyID: p.ID, Kind: backend.ReportUploaded, Title: "Certificate"}
	pdf := []byte("%PDF-1.4 certificate")
	if err := reports.SaveReport(ctx, small, pdf); err != nil {
		t.Fatal(err)
	}
	ms, err := reports.EmailReport(ctx, small.ID, backend.MailLinks{Company: "Harbour Fire"})
	if err != nil || len(ms) != 1 {
		t.Fatal(ms, err)
	}
	got, _ := out.FindMessageByID(ctx, ms[0].ID)
	if len(got.Attachments) != 1 || got.Attachments[0].SHA256 != small.FileSHA256 || got.Attachments[0].Size != int64(len(pdf)) ||
		got.Attachments[0].Filename != "Certificate - Harbour Tower.pdf" || got.Attachments[0].Inline() {
		t.Errorf("attachments %+v", got.Attachments)
	}
}
