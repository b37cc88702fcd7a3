package backend

import (
	"context"
	"strings"
	"time"
)

// Client is one portfolio: a property manager or an owners-corporation
// manager. Emails per purpose fall back to the primary contact.
type Client struct {
	ID                  string    `json:"id"`
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
	Query   string  `json:"q"`
	Page
}

// ClientUpdate changes a client; nil fields are left as they are.
type ClientUpdate struct {
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
}
