package backend

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// TokenPurpose is why a set-password link was sent.
type TokenPurpose string

const (
	PurposeInvite  TokenPurpose = "invite"  // first access to a client's or group's portal
	PurposeWelcome TokenPurpose = "welcome" // "Send welcome email" from the client page
	PurposeReset   TokenPurpose = "reset"   // forgot password, from the sign-in page
)

// InvitationTTL is how long a set-password link works (DESIGN.md §6).
const InvitationTTL = 72 * time.Hour

// InvitationStatus is derived from the row: exactly one applies.
type InvitationStatus string

const (
	InvitationPending  InvitationStatus = "pending"
	InvitationAccepted InvitationStatus = "accepted"
	InvitationExpired  InvitationStatus = "expired"
	InvitationRevoked  InvitationStatus = "revoked" // replaced by a newer link, or access removed
)

// Invitation is one single-use set-password link. The token itself is never
// stored: only its SHA-256, so the database alone does not open an account.
type Invitation struct {
	ID         string           `json:"id"`
	UserID     string           `json:"userId"`
	UserEmail  string           `json:"userEmail"`
	UserName   string           `json:"userName"`
	ClientID   *string          `json:"clientId"`
	GroupID    *string          `json:"groupId"`
	Purpose    TokenPurpose     `json:"purpose"`
	Status     InvitationStatus `json:"status"`
	MessageID  string           `json:"messageId,omitempty"` // the outbox row that carries the link
	ExpiresAt  time.Time        `json:"expiresAt"`
	SentAt     *time.Time       `json:"sentAt"` // when the outbox delivered it
	AcceptedAt *time.Time       `json:"acceptedAt"`
	RevokedAt  *time.Time       `json:"revokedAt"`
	CreatedAt  time.Time        `json:"createdAt"`
}

// PortalUser is a customer user linked to a client, with their latest link.
type PortalUser struct {
	User       *User       `json:"user"`
	Invitation *Invitation `json:"invitation"`
}

// PortalAccess is the client page's "Portal access" section.
type PortalAccess struct {
	ClientID string `json:"clientId"`
	// InviteEmail is where an invitation goes (the correspondence email,
	// else the primary contact's); empty means the invite button is absent.
	InviteEmail string        `json:"inviteEmail"`
	InviteName  string        `json:"inviteName"`
	Users       []*PortalUser `json:"users"`
	// GroupAccounts are the authorised accounts of the client's group and
	// of every group above it: they see this client too.
	GroupAccounts []*PortalUser `json:"groupAccounts"`
}

// TokenInfo is what the accept page may show before the password is set.
type TokenInfo struct {
	Email   string       `json:"email"`
	Name    string       `json:"name"`
	Purpose TokenPurpose `json:"purpose"`
}

// MailLinks is what every message with a link needs from the workspace.
type MailLinks struct {
	Company string // the workspace's name, shown in subject and body
	BaseURL string // the portal's address, e.g. https://portal.example.com:8443
	Phone   string // the office's contact phone, for footers; may be empty
	Email   string // the office's contact address, for footers; may be empty
	Logo    *CompanyLogo
}

// NormalizeBaseURL checks a portal address: http or https, a host, no
// query or fragment. It returns the address without a trailing slash.
func NormalizeBaseURL(s string) (string, bool) {
	s = strings.TrimRight(strings.TrimSpace(s), "/")
	if s == "" {
		return "", true
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" ||
		u.Fragment != "" || u.User != nil || strings.ContainsAny(s, " \t\r\n\"<>") {
		return s, false
	}
	return s, true
}

// AcceptURL is the link a message carries: the token is in the fragment, so
// it never reaches a server log, a proxy or a Referer header.
func (l MailLinks) AcceptURL(token string) string {
	return strings.TrimRight(l.BaseURL, "/") + "/portal.html#/accept?token=" + url.QueryEscape(token)
}

// InviteRequest asks for invitations to clients' portals.
type InviteRequest struct {
	ClientIDs []string
	By        string // the office user sending them
	Links     MailLinks
}

// InvitationService sends set-password links and consumes them.
type InvitationService interface {
	// InviteClients creates (or links) each client's customer user with a
	// Customer licence and queues an invitation, all in one transaction.
	// Returns ENOTFOUND for an unknown client, or EINVALID listing, by
	// client id, every client that has no email or whose address belongs
	// to a staff account — and then nothing is written.
	InviteClients(ctx context.Context, req InviteRequest) ([]*Invitation, error)
	// InviteGroupAccount creates (or links) a customer user as an
	// authorised account of a client group and queues an invitation.
	// Returns ENOTFOUND or EINVALID.
	InviteGroupAccount(ctx context.Context, groupID, email, name, by string, links MailLinks) (*Invitation, error)
	// ResendInvitation replaces an invitation's link with a new one (the
	// old stops working) and queues it. Returns ENOTFOUND, or ECONFLICT for
	// an accepted invitation or a user who no longer has access.
	ResendInvitation(ctx context.Context, id, by string, links MailLinks) (*Invitation, error)
	// SendWelcome queues a welcome email with a set-password link to a
	// customer user linked to the client. Returns ENOTFOUND.
	SendWelcome(ctx context.Context, clientID, userID, by string, links MailLinks) (*Invitation, error)
	// SendGroupWelcome is SendWelcome for an authorised account of a client
	// group: same link rules (the user's open links stop working). Returns
	// ENOTFOUND when the user is not the group's account, ECONFLICT when it
	// is switched off or not a Customer.
	SendGroupWelcome(ctx context.Context, groupID, userID, by string, links MailLinks) (*Invitation, error)
	// RequestPasswordReset queues a reset link if email is an active
	// account; it says nothing either way (no error for an unknown email).
	RequestPasswordReset(ctx context.Context, email string, links MailLinks) error
	// CheckToken returns who a link is for. ENOTFOUND for a link that never
	// existed (or was altered); ECONFLICT, with a message saying what to do,
	// for one that is used, replaced or expired.
	CheckToken(ctx context.Context, token string) (*TokenInfo, error)
	// AcceptToken consumes the link and sets the password, atomically: of
	// any number of concurrent calls with one link, one succeeds. It ends
	// the user's sessions and other links. Errors as CheckToken, and
	// EINVALID for a weak password (the link stays usable).
	AcceptToken(ctx context.Context, token, password string) (*User, error)
	// FindPortalAccess returns the client page's "Portal access" section.
	FindPortalAccess(ctx context.Context, clientID string) (*PortalAccess, error)
	// RemoveClientUser unlinks a customer user from a client: their
	// sessions end and their open links stop working at once. ENOTFOUND.
	RemoveClientUser(ctx context.Context, clientID, userID string) error
}
