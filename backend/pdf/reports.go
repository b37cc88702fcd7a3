package pdf

import (
	"strconv"

	"siteward/backend"
)

// The four generated reports. Each draws what its data holds and nothing
// else: the data layer has already limited it to the view.

var quoteStatus = map[string]string{"submitted": "Awaiting authorisation", "approved": "Approved", "declined": "Declined"}

var invoiceStatus = map[string]string{"issued": "Issued", "paid": "Paid", "overdue": "Overdue"}

func statusLabel(m map[string]string, s string) string {
	if l, ok := m[s]; ok {
		return l
	}
	return s
}

// MonthlyActivity draws the defect quotes, service quotes and invoices of
// the period, each with totals by status.
func (r *Renderer) MonthlyActivity(a *backend.ActivityReport) ([]byte, error) {
	d := r.newDoc(a.Header)
	d.heading("Summary")
	var qTotal, iTotal, owed int64
	for _, q := range append(append([]backend.ReportQuote{}, a.DefectQuotes...), a.ServiceQuotes...) {
		qTotal += q.TotalCents
	}
	for _, i := range a.Invoices {
		iTotal += i.TotalCents
		owed += i.TotalCents - i.PaidCents
	}
	d.para(9.5, "", "#212121", plural(len(a.DefectQuotes), "defect quote", "defect quotes")+", "+
		plural(len(a.ServiceQuotes), "service quote", "service quotes")+" ("+money(qTotal)+" quoted); "+
		plural(len(a.Invoices), "invoice", "invoices")+" ("+money(iTotal)+" invoiced, "+money(owed)+" still owed).")
	d.quotes("Defect quotes", a.DefectQuotes, "No defect quotes were issued or decided in this period.")
	d.quotes("Service quotes", a.ServiceQuotes, "No service quotes were issued or decided in this period.")

	d.heading("Invoices")
	cols := []column{{"Invoice", 22, "L", true}, {"Property", 50, "L", false}, {"Issued", 20, "L", true}, {"Due", 20, "L", true},
		{"Status", 20, "L", true}, {"Total", 25, "R", true}, {"Paid", 25, "R", true}}
	rows := make([][]cell, 0, len(a.Invoices)+1)
	var paid int64
	for _, i := range a.Invoices {
		paid += i.PaidCents
		rows = append(rows, []cell{txt(i.Number), txt(i.Property), txt(date(i.IssuedOn)), txt(date(i.DueOn)),
			txt(statusLabel(invoiceStatus, i.Status)), txt(money(i.TotalCents)), txt(money(i.PaidCents))})
	}
	if len(rows) > 0 {
		rows = append(rows, []cell{{text: "Total", bold: true}, txt(""), txt(""), txt(""), txt(""),
			{text: money(iTotal), bold: true}, {text: money(paid), bold: true}})
	}
	d.table(cols, rows, "No invoices were issued in this period.")
	return d.bytes()
}

func (d *doc) quotes(title string, qs []backend.ReportQuote, empty string) {
	d.heading(title)
	byStatus := map[string]int64{}
	count := map[string]int{}
	var total int64
	for _, q := range qs {
		byStatus[q.Status] += q.TotalCents
		count[q.Status]++
		total += q.TotalCents
	}
	if len(qs) > 0 {
		var items []swatch
		for _, st := range []string{"submitted", "approved", "declined"} {
			if count[st] > 0 {
				items = append(items, swatch{colour: statusColour[st], label: quoteStatus[st],
					value: strconv.Itoa(count[st]) + " · " + money(byStatus[st])})
			}
		}
		d.swatches(items)
	}
	cols := []column{{"Quote", 18, "L", true}, {"Property", 40, "L", false}, {"Description", 46, "L", false}, {"Issued", 20, "L", true},
		{"Status", 36, "L", true}, {"Total", 22, "R", true}}
	rows := make([][]cell, 0, len(qs)+1)
	for _, q := range qs {
		rows = append(rows, []cell{txt(q.Number), txt(q.Property), txt(q.Title), txt(date(q.IssuedOn)),
			{text: statusLabel(quoteStatus, q.Status), swatch: statusColour[q.Status]}, txt(money(q.TotalCents))})
	}
	if len(rows) > 0 {
		rows = append(rows, []cell{{text: "Total", bold: true}, txt(""), txt(""), txt(""), txt(""), {text: money(total), bold: true}})
	}
	d.table(cols, rows, empty)
}

// statusColour marks quote decisions; the label beside it says the same.
var statusColour = map[string]string{"submitted": "#f9a825", "approved": "#2e7d32", "declined": "#757575"}

// MonthlyMaintenance draws the routines performed in the period and the
// remarks they identified, each with its current status.
func (r *Renderer) MonthlyMaintenance(m *backend.MaintenanceReport) ([]byte, error) {
	d := r.newDoc(m.Header)
	var remarks []backend.ReportRemark
	for _, t := range m.Tasks {
		remarks = append(remarks, t.Remarks...)
	}
	open := 0
	for _, x := range remarks {
		if x.Status == "open" {
			open++
		}
	}
	d.heading("Summary")
	d.para(9.5, "", "#212121", plural(len(m.Tasks), "routine", "routines")+" performed; "+
		plural(len(remarks), "remark", "remarks")+" identified: "+strconv.Itoa(open)+" open, "+
		strconv.Itoa(len(remarks)-open)+" resolved since.")
	if len(remarks) > 0 {
		d.severitySwatches(remarks)
	}
	d.heading("Routines performed")
	d.taskTable(m.Tasks, "No routine maintenance was performed in this period.")
	d.heading("Remarks identified")
	num := map[string]string{}
	for _, t := range m.Tasks {
		num[t.ID] = t.Number
	}
	d.remarkTable(remarks, num, "The routines of this period identified no remarks.")
	return d.bytes()
}

func (d *doc) taskTable(ts []backend.ReportTask, empty string) {
	cols := []column{{"Task", 18, "L", true}, {"Property", 40, "L", false}, {"Routine", 48, "L", false}, {"Due", 21, "L", true},
		{"Performed", 21, "L", true}, {"Tolerance", 34, "L", true}}
	rows := make([][]cell, 0, len(ts))
	for _, t := range ts {
		performed := date(t.PerformedOn)
		if performed == "" {
			performed = "—"
		}
		rows = append(rows, []cell{txt(t.Number), txt(t.Property), txt(t.Title), txt(date(t.DueOn)), txt(performed),
			{text: d.label(string(t.Tolerance)), swatch: d.colour(string(t.Tolerance))}})
	}
	d.table(cols, rows, empty)
}

// remarkTable lists remarks with their severity (colour and name) and
// status; taskNumbers, when given, adds the task that found each.
func (d *doc) remarkTable(rs []backend.ReportRemark, taskNumbers map[string]string, empty string) {
	// Numbers and severity names fit on one line; descriptions take the rest.
	cols := []column{{"Remark", 18, "L", true}, {"Property", 32, "L", false}, {"Asset", 24, "L", false}, {"Severity", 32, "L", true},
		{"Description", 44, "L", false}, {"Status", 32, "L", true}}
	if taskNumbers != nil {
		cols = []column{{"Remark", 17, "L", true}, {"Task", 17, "L", true}, {"Property", 25, "L", false}, {"Asset", 21, "L", false},
			{"Severity", 31, "L", true}, {"Description", 37, "L", false}, {"Status", 34, "L", true}}
	}
	rows := make([][]cell, 0, len(rs))
	for _, x := range rs {
		status := "Open"
		if x.Status == "resolved" {
			status = "Resolved " + date(x.ResolvedOn)
		}
		row := []cell{txt(x.Number)}
		if taskNumbers != nil {
			row = append(row, txt(taskNumbers[x.TaskID]))
		}
		row = append(row, txt(x.Property), txt(x.AssetType),
			cell{text: d.label(string(x.Severity)), swatch: d.colour(string(x.Severity))}, txt(x.Description),
			cell{text: status, bold: x.Status == "open"})
		rows = append(rows, row)
	}
	d.table(cols, rows, empty)
}

// RoutineActivity draws the routine tasks due in the period by tolerance
// status: totals, a chart by month, and the list.
func (r *Renderer) RoutineActivity(a *backend.RoutineActivityReport) ([]byte, error) {
	d := r.newDoc(a.Header)
	d.heading("Summary")
	d.para(9.5, "", "#212121", plural(len(a.Tasks), "routine task was", "routine tasks were")+" due in this period.")
	d.barChart("Routine tasks by due month and tolerance status", a.Chart)
	d.heading("Routine tasks")
	d.taskTable(a.Tasks, "No routine tasks were due in this period.")
	return d.bytes()
}

// severitySwatches counts remarks by severity, each with its colour and name.
func (d *doc) severitySwatches(rs []backend.ReportRemark) {
	count := map[backend.Severity]int{}
	for _, x := range rs {
		count[x.Severity]++
	}
	items := make([]swatch, 0, len(backend.Severities))
	for _, s := range backend.Severities {
		items = append(items, swatch{colour: d.colour(string(s)), label: d.label(string(s)), value: strconv.Itoa(count[s])})
	}
	d.swatches(items)
}
