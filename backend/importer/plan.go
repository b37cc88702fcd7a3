package importer

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"siteward/backend"
)

// checkRow validates one row on its own (no stored data needed) and
// returns the client it describes, or its problems.
func checkRow(r *fileRow) (*backend.ImportedClient, []backend.ImportProblem) {
	var probs []backend.ImportProblem
	add := func(col int, msg string) {
		probs = append(probs, backend.ImportProblem{Row: r.row, Column: columns[col].Header, Message: msg})
	}
	c := r.cells
	code := c[colCode]
	switch {
	case code == "":
		add(colCode, "Enter the client code: it is how a later import finds this client.")
	case len(code) > backend.ClientCodeMax:
		add(colCode, fmt.Sprintf("Keep the client code under %d characters.", backend.ClientCodeMax))
	case strings.IndexFunc(code, unicode.IsControl) >= 0:
		add(colCode, "Remove the line break or control character from the client code.")
	}
	ic := &backend.ImportedClient{Code: code}
	cl := &ic.Client
	cl.Name = c[colName]
	cl.EmailReports, cl.EmailQuotes = c[colEmailReports], c[colEmailQuotes]
	cl.EmailCorrespondence, cl.EmailInvoices = c[colEmailCorrespondence], c[colEmailInvoices]
	cl.PricingTier = strings.ToLower(c[colPricingTier])
	cl.Tags = splitTags(c[colTags])
	active, ok := parseYesNo(c[colActive])
	if !ok {
		add(colActive, "Use yes or no (or leave it empty for yes).")
	}
	cl.Active = active
	if err := cl.Validate(); err != nil {
		if e, ok := err.(*backend.Error); ok {
			for f, msg := range e.Fields {
				if col, ok := clientFieldColumn[f]; ok {
					add(col, msg)
				}
			}
		}
	}
	k := &ic.Contact
	k.Name, k.Email, k.Phone, k.Address = c[colContactName], c[colContactEmail], c[colContactPhone], c[colContactAddress]
	if k.Name != "" || k.Email != "" || k.Phone != "" || k.Address != "" {
		k.Primary = true
		if err := k.Validate(); err != nil {
			if e, ok := err.(*backend.Error); ok {
				for f, msg := range e.Fields {
					if f == "name" {
						msg = "Enter the primary contact's name, or clear the other primary contact cells."
					}
					if col, ok := contactFieldColumn[f]; ok {
						add(col, msg)
					}
				}
			}
		}
	}
	return ic, probs
}

func splitTags(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == ',' })
}

func parseYesNo(s string) (v, ok bool) {
	switch strings.ToLower(s) {
	case "", "yes", "y", "true", "1", "active":
		return true, true
	case "no", "n", "false", "0", "inactive":
		return false, true
	}
	return true, false
}

// merge lays the file's row (only the columns the file has) over the stored
// client and says what changes.
func merge(row *fileRow, in *backend.ImportedClient, old *backend.ImportedClient, present *[numColumns]bool) backend.ClientImportChange {
	ch := backend.ClientImportChange{Row: row.row, Code: in.Code, Name: in.Client.Name}
	if old == nil {
		ch.Action = backend.ImportCreate
		ch.Client = *in
		ch.WriteTags = len(in.Client.Tags) > 0
		ch.WriteContact = in.Contact.Name != ""
		return ch
	}
	out := *old
	out.Client.Tags = slices.Clone(old.Client.Tags)
	var changed []string
	set := func(col int, dst *string, v string) {
		if present[col] && *dst != v {
			*dst = v
			changed = append(changed, columns[col].Header)
		}
	}
	n, o := &in.Client, &out.Client
	set(colName, &o.Name, n.Name)
	if present[colGroup] && !sameID(o.GroupID, n.GroupID) {
		o.GroupID = n.GroupID
		changed = append(changed, columns[colGroup].Header)
	}
	set(colEmailReports, &o.EmailReports, n.EmailReports)
	set(colEmailQuotes, &o.EmailQuotes, n.EmailQuotes)
	set(colEmailCorrespondence, &o.EmailCorrespondence, n.EmailCorrespondence)
	set(colEmailInvoices, &o.EmailInvoices, n.EmailInvoices)
	set(colPricingTier, &o.PricingTier, n.PricingTier)
	if present[colActive] && o.Active != n.Active {
		o.Active = n.Active
		changed = append(changed, columns[colActive].Header)
	}
	if present[colTags] && !sameTags(o.Tags, n.Tags) {
		o.Tags = n.Tags
		ch.WriteTags = true
		changed = append(changed, columns[colTags].Header)
	}
	if in.Contact.Name != "" {
		before := len(changed)
		k := &out.Contact
		set(colContactName, &k.Name, in.Contact.Name)
		set(colContactEmail, &k.Email, in.Contact.Email)
		set(colContactPhone, &k.Phone, in.Contact.Phone)
		set(colContactAddress, &k.Address, in.Contact.Address)
		k.Primary = true
		ch.WriteContact = len(changed) > before
	}
	ch.Client = out
	ch.Fields = changed
	ch.Action = backend.ImportUnchanged
	if len(changed) > 0 {
		ch.Action = backend.ImportUpdate
	}
	return ch
}

func sameID(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

// sameTags compares tag sets ignoring case and order (tags are stored
// case-insensitively).
func sameTags(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	set := make(map[string]bool, len(a))
	for _, t := range a {
		set[strings.ToLower(t)] = true
	}
	for _, t := range b {
		if !set[strings.ToLower(t)] {
			return false
		}
	}
	return true
}
