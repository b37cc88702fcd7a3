package backend

import (
	"strconv"
	"strings"
	"time"
)

// The Customer Data lists' export columns, in list order: each export holds
// exactly the rows its list shows for the same filters and sort.

// Cents is an amount of money as an export cell: 1234.50 in CSV, a number
// with two decimals in XLSX.
type Cents int64

// words names the enumerations an export shows ("non_critical" → "Non-critical").
var words = map[string]string{
	"critical": "Critical", "non_critical": "Non-critical", "non_conformance": "Non-conformance",
	"recommendation": "Recommendation", "information": "Information",
	"open": "Open", "resolved": "Resolved",
	"onhold": "On hold", "ready": "Ready", "inprogress": "In progress", "performed": "Performed", "complete": "Complete",
	"cancelled": "Cancelled",
	"routine":   "Routine", "service_call": "Service call", "other": "Other", "defect": "Defect quote", "service": "Service quote",
	"draft": "Draft", "submitted": "Awaiting approval", "approved": "Approved", "declined": "Declined", "expired": "Expired",
	"voided": "Voided", "deleted": "Deleted", "issued": "Issued", "paid": "Paid",
	"urgent": "Urgent", "high": "High", "normal": "Normal", "low": "Low",
	"pass": "Pass", "fail": "Fail", "not_tested": "Not tested",
}

func word(s string) string {
	if w, ok := words[s]; ok {
		return w
	}
	return s
}

// dateCell is a stored local date ("2026-11-05") as a Date cell, "" for none.
func dateCell(s string) any {
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return ""
	}
	return Date{t}
}

func timeCell(t *time.Time, loc *time.Location) any {
	if t == nil || t.IsZero() {
		return ""
	}
	return Date{t.In(loc)}
}

func numberCell(prefix string, n *int) any {
	if n == nil {
		return "pending"
	}
	return prefix + strconv.Itoa(*n)
}

var RemarkExportColumns = []ExportColumn[*Remark]{
	{"number", "Remark", func(r *Remark, _ *time.Location) any { return numberCell("R-", r.Number) }},
	{"description", "Description", func(r *Remark, _ *time.Location) any { return r.Description }},
	{"severity", "Severity", func(r *Remark, _ *time.Location) any { return word(string(r.Severity)) }},
	{"status", "Status", func(r *Remark, _ *time.Location) any { return word(r.Status) }},
	{"published", "Published", func(r *Remark, _ *time.Location) any { return r.Published }},
	{"asset", "Asset", func(r *Remark, _ *time.Location) any { return r.AssetType }},
	{"property", "Property", func(r *Remark, _ *time.Location) any { return r.PropertyName }},
	{"client", "Client", func(r *Remark, _ *time.Location) any { return r.ClientName }},
	{"raisedAt", "Raised", func(r *Remark, loc *time.Location) any { return timeCell(&r.RaisedAt, loc) }},
	{"resolvedAt", "Resolved", func(r *Remark, loc *time.Location) any { return timeCell(r.ResolvedAt, loc) }},
}

var QuoteExportColumns = []ExportColumn[*Quote]{
	{"number", "Quote", func(q *Quote, _ *time.Location) any { return numberCell("Q-", q.Number) }},
	{"title", "Title", func(q *Quote, _ *time.Location) any { return q.Title }},
	{"kind", "Kind", func(q *Quote, _ *time.Location) any { return word(q.Kind) }},
	{"status", "Status", func(q *Quote, _ *time.Location) any { return word(q.Status) }},
	{"property", "Property", func(q *Quote, _ *time.Location) any { return q.PropertyName }},
	{"client", "Client", func(q *Quote, _ *time.Location) any { return q.ClientName }},
	{"total", "Total (AUD)", func(q *Quote, _ *time.Location) any { return Cents(q.TotalCents) }},
	{"issuedOn", "Issued", func(q *Quote, _ *time.Location) any { return dateCell(q.IssuedOn) }},
	{"expiresOn", "Expires", func(q *Quote, _ *time.Location) any { return dateCell(q.ExpiresOn) }},
	{"decidedAt", "Decided", func(q *Quote, loc *time.Location) any { return timeCell(q.DecidedAt, loc) }},
	{"decidedBy", "Decided by", func(q *Quote, _ *time.Location) any { return q.DecidedByName }},
	{"poReference", "PO / reference", func(q *Quote, _ *time.Location) any { return q.POReference }},
}

var InvoiceExportColumns = []ExportColumn[*Invoice]{
	{"number", "Invoice", func(i *Invoice, _ *time.Location) any { return numberCell("INV-", i.Number) }},
	{"status", "Status", func(i *Invoice, _ *time.Location) any {
		if i.Overdue {
			return "Overdue"
		}
		return word(i.Status)
	}},
	{"property", "Property", func(i *Invoice, _ *time.Location) any { return i.PropertyName }},
	{"client", "Client", func(i *Invoice, _ *time.Location) any { return i.ClientName }},
	{"issuedOn", "Issued", func(i *Invoice, _ *time.Location) any { return dateCell(i.IssuedOn) }},
	{"dueOn", "Due", func(i *Invoice, _ *time.Location) any { return dateCell(i.DueOn) }},
	{"total", "Total (AUD)", func(i *Invoice, _ *time.Location) any { return Cents(i.TotalCents) }},
	{"paid", "Paid (AUD)", func(i *Invoice, _ *time.Location) any { return Cents(i.PaidCents) }},
	{"owing", "Owing (AUD)", func(i *Invoice, _ *time.Location) any { return Cents(i.TotalCents - i.PaidCents) }},
}

// PropertyExportColumns leave out access details: an export travels.
var PropertyExportColumns = []ExportColumn[*Property]{
	{"name", "Property", func(p *Property, _ *time.Location) any { return p.Name }},
	{"client", "Client", func(p *Property, _ *time.Location) any { return p.ClientName }},
	{"street", "Street", func(p *Property, _ *time.Location) any { return p.Street }},
	{"suburb", "Suburb", func(p *Property, _ *time.Location) any { return p.Suburb }},
	{"state", "State", func(p *Property, _ *time.Location) any { return p.State }},
	{"postcode", "Postcode", func(p *Property, _ *time.Location) any { return p.Postcode }},
	{"tenancy", "Tenancy", func(p *Property, _ *time.Location) any { return p.ParentID != nil }},
	{"active", "Active", func(p *Property, _ *time.Location) any { return p.Active }},
}

var AssetExportColumns = []ExportColumn[*AssetRow]{
	{"type", "Asset", func(a *AssetRow, _ *time.Location) any { return a.Type }},
	{"esm", "ESM", func(a *AssetRow, _ *time.Location) any { return a.ESM }},
	{"location", "Location", func(a *AssetRow, _ *time.Location) any { return a.Location }},
	{"barcode", "Barcode", func(a *AssetRow, _ *time.Location) any { return a.Barcode }},
	{"property", "Property", func(a *AssetRow, _ *time.Location) any { return a.PropertyName }},
	{"client", "Client", func(a *AssetRow, _ *time.Location) any { return a.ClientName }},
	{"lastServiceOn", "Last service", func(a *AssetRow, _ *time.Location) any { return dateCell(a.LastServiceOn) }},
	{"lastResult", "Last result", func(a *AssetRow, _ *time.Location) any { return word(a.LastResult) }},
}

var TaskExportColumns = []ExportColumn[*TaskRow]{
	{"number", "Task", func(t *TaskRow, _ *time.Location) any { return numberCell("T-", t.Number) }},
	{"title", "Title", func(t *TaskRow, _ *time.Location) any { return t.Title }},
	{"kind", "Kind", func(t *TaskRow, _ *time.Location) any { return word(t.Kind) }},
	{"property", "Property", func(t *TaskRow, _ *time.Location) any { return t.PropertyName }},
	{"client", "Client", func(t *TaskRow, _ *time.Location) any { return t.ClientName }},
	{"priority", "Priority", func(t *TaskRow, _ *time.Location) any { return word(t.Priority) }},
	{"stage", "Stage", func(t *TaskRow, _ *time.Location) any { return word(t.Stage) }},
	{"scheduledOn", "Scheduled", func(t *TaskRow, _ *time.Location) any { return dateCell(t.ScheduledOn) }},
	{"dueOn", "Due", func(t *TaskRow, _ *time.Location) any { return dateCell(t.DueOn) }},
	{"toleranceDays", "Tolerance (± days)", func(t *TaskRow, _ *time.Location) any { return t.ToleranceDays }},
}

var RoutineExportColumns = []ExportColumn[*Routine]{
	{"name", "Routine", func(r *Routine, _ *time.Location) any { return r.Name }},
	{"standard", "Standard", func(r *Routine, _ *time.Location) any { return r.Standard }},
	{"frequency", "Frequency", func(r *Routine, _ *time.Location) any { return FrequencyLabel(r.FrequencyMonths) }},
	{"toleranceDays", "Tolerance (± days)", func(r *Routine, _ *time.Location) any { return r.ToleranceDays }},
	{"assetTypes", "Covers", func(r *Routine, _ *time.Location) any { return strings.Join(r.AssetTypes, ", ") }},
	{"property", "Property", func(r *Routine, _ *time.Location) any { return r.PropertyName }},
	{"client", "Client", func(r *Routine, _ *time.Location) any { return r.ClientName }},
	{"nextDueOn", "Next due", func(r *Routine, _ *time.Location) any { return dateCell(r.NextDueOn) }},
	{"overdueTasks", "Overdue visits", func(r *Routine, _ *time.Location) any { return r.OverdueTasks }},
	{"active", "Active", func(r *Routine, _ *time.Location) any { return r.Active }},
}
