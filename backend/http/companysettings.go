package http

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"siteward/backend"
)

// Settings > Company: the workspace's name, time zone, portal address,
// contact details and logo. Office only.
func (s *Server) registerCompanyRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /api/settings/company", s.office(s.handleCompanySettings))
	s.handle(mux, "PUT /api/settings/company", s.office(s.handleCompanySettingsSave))
	s.handle(mux, "GET /api/settings/company/logo", s.office(s.handleCompanyLogo))
	s.handle(mux, "PUT /api/settings/company/logo", s.office(s.handleCompanyLogoSave))
	s.handle(mux, "DELETE /api/settings/company/logo", s.office(s.handleCompanyLogoRemove))
}

// companySettings is the page's answer: the settings and the address links
// use while the portal address is empty.
type companySettings struct {
	backend.Settings
	DefaultPortalURL string `json:"defaultPortalUrl"`
}

func (s *Server) writeCompanySettings(w http.ResponseWriter, r *http.Request, p *principal, set backend.Settings) {
	writeJSON(w, http.StatusOK, companySettings{Settings: set, DefaultPortalURL: s.fallbackBaseURL(r, p)})
}

func (s *Server) handleCompanySettings(w http.ResponseWriter, r *http.Request, p *principal) error {
	set, err := s.Settings.GetSettings(r.Context())
	if err != nil {
		return err
	}
	s.writeCompanySettings(w, r, p, set)
	return nil
}

func (s *Server) handleCompanySettingsSave(w http.ResponseWriter, r *http.Request, p *principal) error {
	var in struct {
		CompanyName  string `json:"companyName"`
		TimeZone     string `json:"timeZone"`
		PortalURL    string `json:"portalUrl"`
		ContactPhone string `json:"contactPhone"`
		ContactEmail string `json:"contactEmail"`
		// Echoed back by forms; ignored (the logo has its own route).
		Logo             any    `json:"logo"`
		DefaultPortalURL string `json:"defaultPortalUrl"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	set := backend.Settings{CompanyName: in.CompanyName, TimeZone: in.TimeZone, PortalURL: in.PortalURL,
		ContactPhone: in.ContactPhone, ContactEmail: in.ContactEmail}
	if err := s.Settings.SaveSettings(r.Context(), set); err != nil {
		return err
	}
	return s.handleCompanySettings(w, r, p)
}

// handleCompanyLogoSave takes the image as the request body (any declared
// type: what it is, is read from its bytes).
func (s *Server) handleCompanyLogoSave(w http.ResponseWriter, r *http.Request, p *principal) error {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, backend.MaxLogoBytes+1))
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		b = make([]byte, backend.MaxLogoBytes+1) // CheckLogo words the refusal
	} else if err != nil {
		return backend.Errorf(backend.EINVALID, "The upload did not arrive whole; try again.")
	}
	set, err := s.Settings.SaveLogo(r.Context(), b)
	if err != nil {
		return err
	}
	s.writeCompanySettings(w, r, p, set)
	return nil
}

func (s *Server) handleCompanyLogoRemove(w http.ResponseWriter, r *http.Request, p *principal) error {
	set, err := s.Settings.RemoveLogo(r.Context())
	if err != nil {
		return err
	}
	s.writeCompanySettings(w, r, p, set)
	return nil
}

func (s *Server) handleCompanyLogo(w http.ResponseWriter, r *http.Request, _ *principal) error {
	logo, b, err := s.companyLogo(r.Context())
	if err != nil {
		return err
	}
	if logo == nil {
		return backend.Errorf(backend.ENOTFOUND, "There is no logo.")
	}
	h := w.Header()
	h.Set("Content-Type", logo.MIME)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", `"`+logo.SHA256+`"`)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(b)
	return nil
}

// companyLogo returns the logo and its bytes; nil when there is none, or
// when its file is missing (a report without a logo beats no report).
func (s *Server) companyLogo(ctx context.Context) (*backend.CompanyLogo, []byte, error) {
	set, err := s.Settings.GetSettings(ctx)
	if err != nil || set.Logo == nil || s.Files == nil {
		return nil, nil, err
	}
	b, err := s.Files.ReadFile(set.Logo.SHA256)
	if backend.ErrorCode(err) == backend.ENOTFOUND {
		return nil, nil, nil
	}
	return set.Logo, b, err
}

// inlineImagesAsData makes a message's HTML show its inline images in the
// outbox viewer, whose CSP allows data: images only: each cid: reference
// becomes the image's bytes.
func (s *Server) inlineImagesAsData(m *backend.OutboxMessage) string {
	html := m.HTMLBody
	for _, a := range m.Attachments {
		if !a.Inline() || s.Files == nil {
			continue
		}
		b, err := s.Files.ReadFile(a.SHA256)
		if err != nil {
			continue
		}
		html = strings.ReplaceAll(html, `"cid:`+a.ContentID+`"`, `"data:`+a.MIME+`;base64,`+base64.StdEncoding.EncodeToString(b)+`"`)
	}
	return html
}

// handleOutboxAttachment downloads a message's attachment n (from 0), as
// it was sent.
func (s *Server) handleOutboxAttachment(w http.ResponseWriter, r *http.Request, _ *principal) error {
	m, err := s.Outbox.FindMessageByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 0 || n >= len(m.Attachments) || s.Files == nil {
		return backend.Errorf(backend.ENOTFOUND, "Attachment not found.")
	}
	a := m.Attachments[n]
	f, err := s.Files.OpenFile(a.SHA256)
	if err != nil {
		return err
	}
	defer f.Close()
	w.Header().Set("Content-Type", a.MIME)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Filename}))
	w.Header().Set("Cache-Control", "no-store")
	http.ServeContent(w, r, "", time.Time{}, f)
	return nil
}
