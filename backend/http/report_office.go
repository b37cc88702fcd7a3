package http

import (
	"net/http"
	"net/url"
	"time"

	"siteward/backend"
)

// Saved reports, for the office: generate a report for a property, save it
// against the property (published or not), list, download and email it.

type saveReportBody struct {
	Kind      string `json:"kind"` // monthly-activity, monthly-maintenance, routine-activity, yearly-condition
	Month     string `json:"month"`
	From      string `json:"from"`
	To        string `json:"to"`
	Year      string `json:"year"`
	Title     string `json:"title"`
	Published bool   `json:"published"`
}

func (s *Server) reportServiceReady() error {
	if s.Reports == nil {
		return errNoReports
	}
	return s.reportsReady()
}

func (s *Server) handleSaveReport(w http.ResponseWriter, r *http.Request, p *principal) error {
	if err := s.reportServiceReady(); err != nil {
		return err
	}
	var body saveReportBody
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	kind, ok := backend.ReportKindFromSlug(body.Kind)
	if !ok {
		msg := "Choose a report: monthly-activity, monthly-maintenance, routine-activity or yearly-condition."
		return &backend.Error{Code: backend.EINVALID, Message: msg, Fields: map[string]string{"kind": msg}}
	}
	ctx := r.Context()
	prop, err := s.Properties.FindPropertyByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	client, err := s.Clients.FindClientByID(ctx, prop.ClientID)
	if err != nil {
		return err
	}
	q := url.Values{"month": {body.Month}, "from": {body.From}, "to": {body.To}, "year": {body.Year}, "property": {prop.ID}}
	req, err := s.reportRequest(ctx, kind, q)
	if err != nil {
		return err
	}
	b, err := s.renderReport(ctx, propertyScope(p, client), req)
	if err != nil {
		return err
	}
	title := body.Title
	if title == "" {
		title = kind.Title() + " " + req.PeriodLabel()
	}
	end, _ := time.Parse(backend.DateLayout, req.To)
	rep := &backend.Report{PropertyID: prop.ID, Kind: kind, Title: title, PeriodStart: req.From,
		PeriodEnd: end.AddDate(0, 0, -1).Format(backend.DateLayout), Published: body.Published}
	if err := s.Reports.SaveReport(ctx, rep, b); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, rep)
	return nil
}

func (s *Server) handlePropertyReports(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if err := s.reportServiceReady(); err != nil {
		return err
	}
	pg, err := pageFrom(r)
	if err != nil {
		return err
	}
	published, err := boolParam(r, "published")
	if err != nil {
		return err
	}
	prop, err := s.Properties.FindPropertyByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	rs, total, err := s.Reports.FindReports(r.Context(), backend.ReportFilter{PropertyID: &prop.ID, Published: published, Page: pg})
	if err != nil {
		return err
	}
	writeList(w, rs, total)
	return nil
}

// propertyScope is what the client's own portal shows: the report of one
// of its properties is generated within it.
func propertyScope(p *principal, c *backend.Client) backend.Scope {
	return backend.Scope{UserID: p.user.ID, View: backend.View{Kind: backend.ViewClient, ID: c.ID, Name: c.Name}}
}

// handleSavedReportPDF answers the stored PDF; a generated report saved
// without one (the demo's, say) is drawn again from its period.
func (s *Server) handleSavedReportPDF(w http.ResponseWriter, r *http.Request, p *principal) error {
	if err := s.reportServiceReady(); err != nil {
		return err
	}
	ctx := r.Context()
	rep, err := s.Reports.FindReportByID(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	name := rep.Kind.Slug() + "-" + rep.PeriodStart + ".pdf"
	if rep.FileSHA256 != "" {
		_, b, err := s.Reports.ReportFile(ctx, rep.ID)
		if err != nil {
			return err
		}
		writePDF(w, r, name, b)
		return nil
	}
	req, ok := rep.Request()
	if !ok {
		return backend.Errorf(backend.ENOTFOUND, "This report has no file.")
	}
	prop, err := s.Properties.FindPropertyByID(ctx, rep.PropertyID)
	if err != nil {
		return err
	}
	client, err := s.Clients.FindClientByID(ctx, prop.ClientID)
	if err != nil {
		return err
	}
	b, err := s.renderReport(ctx, propertyScope(p, client), req)
	if err != nil {
		return err
	}
	writePDF(w, r, name, b)
	return nil
}

func (s *Server) handleEmailReport(w http.ResponseWriter, r *http.Request, p *principal) error {
	if err := s.reportServiceReady(); err != nil {
		return err
	}
	links, err := s.mailLinks(r, p)
	if err != nil {
		return err
	}
	ms, err := s.Reports.EmailReport(r.Context(), r.PathValue("id"), links)
	if err != nil {
		return err
	}
	writeList(w, ms, len(ms))
	return nil
}
