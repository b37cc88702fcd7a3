package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"

	"siteward/backend"
)

// mimePart is one leaf of a delivered message, decoded.
type mimePart struct {
	Type, ContentID, Disposition, Filename string
	Body                                   []byte
}

// mimeLeaves walks a message's multipart tree and returns its leaves and
// the chain of multipart types above them, outermost first.
func mimeLeaves(t *testing.T, raw []byte) (leaves []mimePart, tree []string) {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(h map[string][]string, body io.Reader)
	walk = func(h map[string][]string, body io.Reader) {
		get := func(k string) string {
			if v := h[k]; len(v) > 0 {
				return v[0]
			}
			return ""
		}
		mt, params, err := mime.ParseMediaType(get("Content-Type"))
		if err != nil {
			t.Fatalf("content type %q: %v", get("Content-Type"), err)
		}
		if strings.HasPrefix(mt, "multipart/") {
			tree = append(tree, mt)
			r := multipart.NewReader(body, params["boundary"])
			for {
				p, err := r.NextPart()
				if err == io.EOF {
					return
				} else if err != nil {
					t.Fatal(err)
				}
				walk(p.Header, p)
			}
		}
		switch strings.ToLower(get("Content-Transfer-Encoding")) {
		case "quoted-printable":
			body = quotedprintable.NewReader(body)
		case "base64":
			body = base64.NewDecoder(base64.StdEncoding, body)
		}
		b, err := io.ReadAll(body)
		if err != nil {
			t.Fatal(err)
		}
		disp, dparams, _ := mime.ParseMediaType(get("Content-Disposition"))
		leaves = append(leaves, mimePart{Type: mt, ContentID: get("Content-Id"), Disposition: disp, Filename: dparams["filename"], Body: b})
	}
	walk(msg.Header, msg.Body)
	return leaves, tree
}

func companyTestLogo(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 90, 30))
	for x := range 90 {
		for y := range 30 {
			img.Set(x, y, color.RGBA{R: 15, G: 107, B: 115, A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// Every message carries the company's logo as an inline image the HTML part
// shows by its Content-ID, and its name and contacts in the footer; a
// report's email carries the stored PDF itself. Both go through the outbox
// worker to a real SMTP server.
func TestMessagesCarryTheLogoAndTheReport(t *testing.T) {
	ctx := context.Background()
	m, err := Open(ctx, Config{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	box, port := startCapture(t)
	if _, err := m.EmailSetup.SaveEmailSettings(ctx, backend.EmailSettingsUpdate{EmailSettings: backend.EmailSettings{
		Host: "127.0.0.1", Port: port, Security: backend.SecurityNone, Auth: backend.AuthNone,
		FromName: "Sentinel Fire", FromAddress: "office@sentinel.example.com"}}); err != nil {
		t.Fatal(err)
	}
	set := backend.DefaultSettings()
	set.CompanyName, set.ContactPhone, set.ContactEmail = "Sentinel Fire", "02 9000 1234", "help@sentinel.example.com"
	set.PortalURL = "https://portal.example.com"
	if err := m.Settings.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	logo := companyTestLogo(t)
	if set, err = m.Settings.SaveLogo(ctx, logo); err != nil {
		t.Fatal(err)
	}
	links := set.MailLinks("")

	c := &backend.Client{Name: "Harbour Strata", Active: true, EmailReports: "reports@harbour.example.com"}
	if err := m.Clients.CreateClient(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := m.Contacts.CreateContact(ctx, &backend.Contact{ClientID: c.ID, Name: "Zoe", Email: "zoe@example.com", Primary: true}); err != nil {
		t.Fatal(err)
	}
	p := &backend.Property{ClientID: c.ID, Name: "Harbour Tower", Active: true}
	if err := m.Properties.CreateProperty(ctx, p); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Invitations.InviteClients(ctx, backend.InviteRequest{ClientIDs: []string{c.ID}, Links: links}); err != nil {
		t.Fatal(err)
	}
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0, 1, 2, 0xff, '\r', '\n'}, 5000)...)
	rep := &backend.Report{PropertyID: p.ID, Kind: backend.ReportMonthlyActivity, Title: "Monthly Activity Report",
		PeriodStart: "2026-11-01", PeriodEnd: "2026-11-30"}
	if err := m.Reports.SaveReport(ctx, rep, pdf); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Reports.EmailReport(ctx, rep.ID, links); err != nil {
		t.Fatal(err)
	}
	stop := m.StartWorkers(ctx)
	got := box.wait(t, 2)
	stop()

	for i, raw := range got {
		leaves, tree := mimeLeaves(t, raw)
		byType := map[string]mimePart{}
		for _, l := range leaves {
			byType[l.Type] = l
		}
		text, html, img := byType["text/plain"], byType["text/html"], byType["image/png"]
		text.Body = bytes.ReplaceAll(text.Body, []byte("\r\n"), []byte("\n"))
		if !strings.Contains(string(text.Body), "Sentinel Fire\nPhone 02 9000 1234\nEmail help@sentinel.example.com") {
			t.Errorf("message %d: the text part lacks the footer:\n%s", i, text.Body)
		}
		if !bytes.Equal(img.Body, logo) || img.ContentID != "<"+backend.LogoContentID+">" || img.Disposition != "inline" {
			t.Errorf("message %d: inline logo %q %q, %d bytes (tree %v)", i, img.ContentID, img.Disposition, len(img.Body), tree)
		}
		if !strings.Contains(string(html.Body), `src="cid:`+backend.LogoContentID+`"`) || strings.Contains(string(html.Body), "http://") {
			t.Errorf("message %d: the HTML does not show the inline logo:\n%s", i, html.Body)
		}
		if !strings.Contains(strings.Join(tree, " "), "multipart/related") {
			t.Errorf("message %d: the logo is not in multipart/related: %v", i, tree)
		}
		if strings.Contains(string(text.Body), "Monthly Activity Report") {
			att := byType["application/pdf"]
			if sha256.Sum256(att.Body) != sha256.Sum256(pdf) || att.Disposition != "attachment" ||
				att.Filename != "Monthly Activity Report - Harbour Tower - November 2026.pdf" {
				t.Errorf("report attachment %q %q, %d bytes; want the stored PDF (%d bytes)", att.Disposition, att.Filename, len(att.Body), len(pdf))
			}
			if !strings.Contains(string(text.Body), "Latest reports") || !strings.Contains(string(text.Body), "https://portal.example.com/portal.html") {
				t.Errorf("the report email lacks the portal link:\n%s", text.Body)
			}
		}
	}
}
