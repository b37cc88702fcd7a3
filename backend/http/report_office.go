package http

import (
	"net/http"
	"net/url"

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
	// The report shows what the client's own portal shows for the property.
	sc := backend.Scope{UserID: p.user.ID, View: backend.View{Kind: backend.ViewClient, ID: client.ID, Name: client.Name}}
	b, err := s.renderReport(ctx, sc, req)
	if err != nil {
		return err
	}
	title := body.Title
	if title == "" {
		title = kind.Title() + " " + req.PeriodLabel()
	}
	rep := &backend.Report{PropertyID: prop.ID, Kind: kind, Title: title, PeriodStart: req.From, PeriodEnd: req.To,
		Published: body.Published}
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

func (s *Server) handleSavedReportPDF(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if err := s.reportServiceReady(); err != nil {
		return err
	}
	rep, b, err := s.Reports.ReportFile(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writePDF(w, r, rep.Kind.Slug()+"-"+rep.PeriodStart+".pdf", b)
	return nil
}

func (s *Server) handleEmailReport(w http.ResponseWriter, r *http.Request, _ *principal) error {
	if err := s.reportServiceReady(); err != nil {
		return err
	}
	ms, err := s.Reports.EmailReport(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeList(w, ms, len(ms))
	return nil
}
