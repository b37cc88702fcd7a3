package backend

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
)

// Client is one portfolio: a property manager or an owners-corporation
// manager. Emails per purpose fall back to the primary contact.
type Client struct {
	ID                  string    `json:"id"`
	Code                string    `json:"code"` // the office's own unique reference ("" for none); imports match on it
	Name                string    `json:"name"`
	GroupID             *string   `json:"groupId"`
	EmailReports        string    `json:"emailReports"`
	EmailQuotes         string    `json:"emailQuotes"`
	EmailCorrespondence string    `json:"emailCorrespondence"`
	EmailInvoices       string    `json:"emailInvoices"`
	PricingTier         string    `json:"pricingTier"`
	Tags                []string  `json:"tags"`
	Active              bool      `json:"active"`
	CreatedAt           time.Time `json:"createdAt"`
	UpdatedAt           time.Time `json:"updatedAt"`

	// Read-only, filled by finders.
	GroupName     string `json:"groupName,omitempty"`
	PrimaryEmail  string `json:"primaryEmail,omitempty"`
	PrimaryName   string `json:"primaryName,omitempty"`
	PropertyCount int    `json:"propertyCount"`
	PortalUsers   int    `json:"portalUsers"`
	// SLAs are filled by FindClientByID only (the client page), nil in lists.
	SLAs []ClientSLA `json:"slas,omitempty"`
}

// TagNoPortalAccess is shown for clients no customer user can see.
const TagNoPortalAccess = "NO PORTAL ACCESS"

// PricingTiers are the tiers a client may be on.
var PricingTiers = []string{"standard", "preferred", "strata", "government"}

// EmailFor returns the address for a purpose ("reports", "quotes",
// "correspondence", "invoices"), falling back to the primary contact.
func (c *Client) EmailFor(purpose string) string {
	var e string
	switch purpose {
	case "reports":
		e = c.EmailReports
	case "quotes":
		e = c.EmailQuotes
	case "correspondence":
		e = c.EmailCorrespondence
	case "invoices":
		e = c.EmailInvoices
	}
	if e == "" {
		e = c.PrimaryEmail
	}
	return e
}

// Validate checks c before it is stored and normalises its fields.
func (c *Client) Validate() error {
	p := Problems{}
	c.Name = strings.TrimSpace(c.Name)
	if c.Name == "" {
		p.Add("name", "Enter the client's name.")
	} else if len(c.Name) > 200 {
		p.Add("name", "Keep the name under 200 characters.")
	}
	if c.GroupID != nil && *c.GroupID == "" {
		c.GroupID = nil
	}
	c.Code = strings.TrimSpace(c.Code)
	if len(c.Code) > ClientCodeMax {
		p.Add("code", fmt.Sprintf("Keep the client code under %d characters.", ClientCodeMax))
	} else if strings.IndexFunc(c.Code, unicode.IsControl) >= 0 {
		p.Add("code", "Remove the line break or control character from the client code.")
	}
	for field, e := range map[string]*string{
		"emailReports": &c.EmailReports, "emailQuotes": &c.EmailQuotes,
		"emailCorrespondence": &c.EmailCorrespondence, "emailInvoices": &c.EmailInvoices,
	} {
		*e = NormalizeEmail(*e)
		if *e != "" && !ValidEmail(*e) {
			p.Add(field, "Enter an email address like name@example.com, or leave it empty to use the primary contact's.")
		}
	}
	if c.PricingTier == "" {
		c.PricingTier = "standard"
	} else if !contains(PricingTiers, c.PricingTier) {
		p.Add("pricingTier", "Choose a pricing tier: "+strings.Join(PricingTiers, ", ")+".")
	}
	c.Tags = normalizeTags(c.Tags)
	if c.SLAs != nil {
		c.SLAs = ValidateSLAs(c.SLAs, p)
	}
	for _, t := range c.Tags {
		if len(t) > MaxTagLength {
			p.Add("tags", "Keep each tag under 60 characters.")
		}
	}
	return p.Err()
}

func normalizeTags(tags []string) []string {
	out := make([]string, 0, len(tags))
	seen := map[string]bool{}
	for _, t := range tags {
		t = strings.TrimSpace(t)
		if t == "" || seen[strings.ToLower(t)] || strings.EqualFold(t, TagNoPortalAccess) {
			continue
		}
		seen[strings.ToLower(t)] = true
		out = append(out, t)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ClientFilter selects clients; nil fields do not filter.
type ClientFilter struct {
	ID      *string `json:"id"`
	GroupID *string `json:"groupId"`
	Active  *bool   `json:"active"`
	Tag     *string `json:"tag"`
	// PortalAccess true: clients some active customer user can see; false:
	// the NO PORTAL ACCESS ones.
	PortalAccess *bool  `json:"portalAccess"`
	Query        string `json:"q"`
	Page
}

// ClientUpdate changes a client; nil fields are left as they are.
type ClientUpdate struct {
	Code                *string   `json:"code"` // "" removes the code
	Name                *string   `json:"name"`
	SetGroup            bool      `json:"setGroup"`
	GroupID             *string   `json:"groupId"`
	EmailReports        *string   `json:"emailReports"`
	EmailQuotes         *string   `json:"emailQuotes"`
	EmailCorrespondence *string   `json:"emailCorrespondence"`
	EmailInvoices       *string   `json:"emailInvoices"`
	PricingTier         *string   `json:"pricingTier"`
	Tags                *[]string `json:"tags"`
	Active              *bool     `json:"active"`
	// SLAs replaces every SLA target; priorities left out have none.
	SLAs *[]ClientSLA `json:"slas"`
}

// ClientBulkUpdate is one change applied to many clients at once (the
// clients list's bulk edit): tags added and removed, active, client group.
type ClientBulkUpdate struct {
	IDs        []string `json:"ids"`
	AddTags    []string `json:"addTags"`
	RemoveTags []string `json:"removeTags"`
	Active     *bool    `json:"active"`
	SetGroup   bool     `json:"setGroup"`
	GroupID    *string  `json:"groupId"`
}

// MaxBulkClients bounds one bulk edit.
const MaxBulkClients = 10000

// Validate checks u and normalises its tags and ids.
func (u *ClientBulkUpdate) Validate() error {
	p := Problems{}
	seen := map[string]bool{}
	ids := u.IDs[:0:0]
	for _, id := range u.IDs {
		if id = strings.TrimSpace(id); id != "" && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	u.IDs = ids
	if len(u.IDs) == 0 {
		p.Add("ids", "Select at least one client.")
	} else if len(u.IDs) > MaxBulkClients {
		p.Add("ids", "Select at most 10,000 clients at a time.")
	}
	u.AddTags, u.RemoveTags = normalizeTags(u.AddTags), normalizeTags(u.RemoveTags)
	for _, list := range []struct {
		field string
		tags  []string
	}{{"addTags", u.AddTags}, {"removeTags", u.RemoveTags}} {
		for _, t := range list.tags {
			if len(t) > MaxTagLength {
				p.Add(list.field, "Keep each tag under 60 characters.")
			}
		}
	}
	for _, t := range u.AddTags {
		for _, r := range u.RemoveTags {
			if strings.EqualFold(t, r) {
				p.Add("removeTags", "A tag cannot be added and removed at once: "+t+".")
			}
		}
	}
	if u.GroupID != nil && *u.GroupID == "" {
		u.GroupID = nil
	}
	if len(u.AddTags) == 0 && len(u.RemoveTags) == 0 && u.Active == nil && !u.SetGroup && len(p) == 0 {
		p.Add("change", "Choose what to change: tags, active or client group.")
	}
	return p.Err()
}

// ClientBulkResult is the summary a bulk edit answers with.
type ClientBulkResult struct {
	Selected      int `json:"selected"`      // clients the edit was applied to
	Changed       int `json:"changed"`       // clients that actually changed
	TagsAdded     int `json:"tagsAdded"`     // tag links added
	TagsRemoved   int `json:"tagsRemoved"`   // tag links removed
	ActiveChanged int `json:"activeChanged"` // clients whose active flag changed
	GroupChanged  int `json:"groupChanged"`  // clients moved to another group
}

// MaxTagLength bounds one tag.
const MaxTagLength = 60

// TagCount is a tag and how many clients carry it.
type TagCount struct {
	Tag     string `json:"tag"`
	Clients int    `json:"clients"`
}

// ClientService stores clients.
type ClientService interface {
	// FindClientByID returns ENOTFOUND.
	FindClientByID(ctx context.Context, id string) (*Client, error)
	// FindClients returns a page of clients and the total that match; sorts:
	// name, group, properties, createdAt.
	FindClients(ctx context.Context, f ClientFilter) ([]*Client, int, error)
	// CreateClient returns EINVALID, also for an unknown group (field groupId).
	CreateClient(ctx context.Context, c *Client) error
	// UpdateClient returns ENOTFOUND or EINVALID.
	UpdateClient(ctx context.Context, id string, upd ClientUpdate) (*Client, error)
	// SetClientUsers replaces the customer users linked to a client's portal.
	SetClientUsers(ctx context.Context, clientID string, userIDs []string) error
	// BulkUpdateClients applies upd to every client in upd.IDs in one
	// transaction: EINVALID (field ids) if any is missing, and nothing is written.
	BulkUpdateClients(ctx context.Context, upd ClientBulkUpdate) (*ClientBulkResult, error)
	// FindClientTags lists every tag in use with its client count, by tag.
	FindClientTags(ctx context.Context) ([]TagCount, error)
	// EachClient calls fn for every client f matches, in f's sort order,
	// ignoring f's offset and limit, from one consistent read (exports).
	EachClient(ctx context.Context, f ClientFilter, fn func(*Client) error) error
}
