package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"siteward/backend"
)

// InvitationService implements backend.InvitationService. A link's token is
// 32 random bytes; only its SHA-256 is stored, and consuming it is one
// conditional UPDATE on the single writer, so it succeeds once.
type InvitationService struct {
	db  *DB
	loc *time.Location // the workspace's time zone, for expiry dates in messages
}

// NewInvitationService returns the service on db; loc is the workspace's zone.
func NewInvitationService(db *DB, loc *time.Location) *InvitationService {
	if loc == nil {
		loc = time.UTC
	}
	return &InvitationService{db: db, loc: loc}
}

var _ backend.InvitationService = (*InvitationService)(nil)

const invitationColumns = `i.id, i.user_id, u.email, u.name, i.client_id, i.group_id, i.purpose, i.expires_at,
	i.accepted_at, i.revoked_at, i.created_at, COALESCE(i.outbox_id, ''), o.sent_at`

const invitationFrom = ` FROM invitations i JOIN users u ON u.id = i.user_id
	LEFT JOIN outbox_messages o ON o.id = i.outbox_id`

func scanInvitation(row interface{ Scan(...any) error }, now string) (*backend.Invitation, error) {
	var inv backend.Invitation
	var client, group, accepted, revoked, sent sql.NullString
	var expires, created string
	if err := row.Scan(&inv.ID, &inv.UserID, &inv.UserEmail, &inv.UserName, &client, &group, &inv.Purpose, &expires,
		&accepted, &revoked, &created, &inv.MessageID, &sent); err != nil {
		return nil, err
	}
	inv.ClientID, inv.GroupID = nullStr(client), nullStr(group)
	inv.ExpiresAt, _ = backend.ParseTime(expires)
	inv.CreatedAt, _ = backend.ParseTime(created)
	inv.AcceptedAt, inv.RevokedAt, inv.SentAt = nullTime(accepted), nullTime(revoked), nullTime(sent)
	switch {
	case inv.AcceptedAt != nil:
		inv.Status = backend.InvitationAccepted
	case inv.RevokedAt != nil:
		inv.Status = backend.InvitationRevoked
	case expires <= now:
		inv.Status = backend.InvitationExpired
	default:
		inv.Status = backend.InvitationPending
	}
	return &inv, nil
}

func nullTime(s sql.NullString) *time.Time {
	if !s.Valid {
		return nil
	}
	t, _ := backend.ParseTime(s.String)
	return &t
}

func findInvitationByID(ctx context.Context, tx *Tx, id string) (*backend.Invitation, error) {
	inv, err := scanInvitation(tx.QueryRowContext(ctx, `SELECT `+invitationColumns+invitationFrom+` WHERE i.id = ?`, id), tx.now)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, backend.Errorf(backend.ENOTFOUND, "Invitation not found.")
	}
	return inv, err
}

// latestInvitation is the newest link of a user, or nil.
func latestInvitation(ctx context.Context, tx *Tx, userID string) (*backend.Invitation, error) {
	inv, err := scanInvitation(tx.QueryRowContext(ctx, `SELECT `+invitationColumns+invitationFrom+
		` WHERE i.user_id = ? ORDER BY i.created_at DESC, i.id DESC LIMIT 1`, userID), tx.now)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return inv, err
}

// workspaceFacts reads the company name inside tx.
func workspaceFacts(ctx context.Context, tx *Tx) (backend.Settings, error) {
	set := backend.DefaultSettings()
	var raw string
	err := tx.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, settingsKey).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return set, nil
	} else if err != nil {
		return set, err
	}
	return set, json.Unmarshal([]byte(raw), &set)
}

// tokenLink is one link to create and mail inside a transaction.
type tokenLink struct {
	user      *backend.User
	clientID  *string
	groupID   *string
	purpose   backend.TokenPurpose
	portfolio string
	by        string
	links     backend.MailLinks
}

// createTokenLink revokes the user's open links, stores a new one and queues
// the message that carries it, all in tx.
func (s *InvitationService) createTokenLink(ctx context.Context, tx *Tx, l tokenLink) (*backend.Invitation, error) {
	if _, ok := backend.NormalizeBaseURL(l.links.BaseURL); !ok || l.links.BaseURL == "" {
		return nil, backend.Errorf(backend.EINVALID, "Set the portal's address in Settings > Company before sending links.")
	}
	set, err := workspaceFacts(ctx, tx)
	if err != nil {
		return nil, err
	}
	if l.links.Company == "" {
		l.links.Company = set.CompanyName
	}
	if err := revokeOpenLinks(ctx, tx, l.user.ID, nil); err != nil {
		return nil, err
	}
	token := NewSecret()
	now, _ := backend.ParseTime(tx.now)
	expires := now.Add(backend.InvitationTTL)
	mail := backend.TokenMail{Purpose: l.purpose, Links: l.links, ToName: l.user.Name, ToEmail: l.user.Email,
		Portfolio: l.portfolio, Link: l.links.AcceptURL(token), ExpiresAt: expires, Location: s.loc}
	kind := map[backend.TokenPurpose]string{backend.PurposeInvite: "invitation", backend.PurposeWelcome: "welcome",
		backend.PurposeReset: "password_reset"}[l.purpose]
	msg, err := mail.Message(kind)
	if err != nil {
		return nil, err
	}
	msg.ClientID = l.clientID
	if err := enqueueMessage(ctx, tx, msg); err != nil {
		return nil, err
	}
	var by *string
	if l.by != "" {
		by = &l.by
	}
	id := backend.NewID()
	if _, err := tx.ExecContext(ctx, `INSERT INTO invitations (id, user_id, client_id, group_id, purpose, token_hash,
		expires_at, created_by, created_at, outbox_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, l.user.ID, l.clientID, l.groupID, l.purpose, hashSecret(token), backend.FormatTime(expires), by, tx.now, msg.ID); err != nil {
		return nil, err
	}
	return findInvitationByID(ctx, tx, id)
}

// revokeOpenLinks stops every open link of a user (of one client, if given).
func revokeOpenLinks(ctx context.Context, tx *Tx, userID string, clientID *string) error {
	q := `UPDATE invitations SET revoked_at = ? WHERE user_id = ? AND accepted_at IS NULL AND revoked_at IS NULL`
	args := []any{tx.now, userID}
	if clientID != nil {
		q, args = q+` AND client_id = ?`, append(args, *clientID)
	}
	_, err := tx.ExecContext(ctx, q, args...)
	return err
}

// ensureCustomer returns the customer user with this email, creating it (no
// password: it signs in after accepting) or switching it back on. A staff
// account's address is refused: a Customer licence would lock them out.
func ensureCustomer(ctx context.Context, tx *Tx, email, name string) (*backend.User, error) {
	email = backend.NormalizeEmail(email)
	users, _, err := findUsers(ctx, tx, backend.UserFilter{Email: &email, Page: backend.Page{Limit: 1}})
	if err != nil {
		return nil, err
	}
	if len(users) == 0 {
		u := &backend.User{Email: email, Name: name, Licence: backend.LicenceCustomer, Active: true}
		if err := u.Validate(); err != nil {
			return nil, err
		}
		return u, createUser(ctx, tx, u, "")
	}
	u := users[0]
	if u.Licence != backend.LicenceCustomer {
		return nil, backend.Errorf(backend.EINVALID, "%s belongs to a staff account; use another address for portal access.", email)
	}
	if !u.Active {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET active = 1, updated_at = ? WHERE id = ?`, tx.now, u.ID); err != nil {
			return nil, err
		}
		u.Active = true
	}
	return u, nil
}

// inviteAddress is where a client's invitation goes, and the name to greet.
func inviteAddress(c *backend.Client) (email, name string) {
	email = c.EmailFor("correspondence")
	name = c.Name
	if email != "" && email == c.PrimaryEmail && c.PrimaryName != "" {
		name = c.PrimaryName
	}
	return email, name
}

func (s *InvitationService) InviteClients(ctx context.Context, req backend.InviteRequest) (out []*backend.Invitation, err error) {
	if len(req.ClientIDs) == 0 {
		return nil, &backend.Error{Code: backend.EINVALID, Message: "Choose at least one client to invite.",
			Fields: map[string]string{"clientIds": "Choose at least one client."}}
	}
	if len(req.ClientIDs) > backend.MaxLimit {
		return nil, &backend.Error{Code: backend.EINVALID, Message: "Invite at most 500 clients at once.",
			Fields: map[string]string{"clientIds": "Choose at most 500 clients."}}
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		out = nil
		probs := backend.Problems{}
		seen := map[string]bool{}
		for _, id := range req.ClientIDs {
			if seen[id] {
				continue
			}
			seen[id] = true
			c, err := findClientByID(ctx, tx, id)
			if err != nil {
				return err
			}
			email, name := inviteAddress(c)
			if email == "" {
				probs.Add(id, c.Name+" has no email address: add a primary contact or a correspondence email first.")
				continue
			}
			u, err := ensureCustomer(ctx, tx, email, name)
			if err != nil {
				probs.Add(id, c.Name+": "+backend.ErrorMessage(err))
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO client_users (client_id, user_id, created_at) VALUES (?, ?, ?)
				ON CONFLICT DO NOTHING`, c.ID, u.ID, tx.now); err != nil {
				return err
			}
			inv, err := s.createTokenLink(ctx, tx, tokenLink{user: u, clientID: &c.ID, purpose: backend.PurposeInvite,
				portfolio: c.Name, by: req.By, links: req.Links})
			if err != nil {
				return err
			}
			out = append(out, inv)
		}
		if len(probs) > 0 {
			// Nothing is written: the transaction rolls back.
			msg := "One client cannot be invited; nothing was sent."
			if len(probs) > 1 {
				msg = "Some clients cannot be invited; nothing was sent."
			}
			return &backend.Error{Code: backend.EINVALID, Message: msg, Fields: probs}
		}
		return nil
	})
	return out, err
}

func (s *InvitationService) InviteGroupAccount(ctx context.Context, groupID, email, name, by string, links backend.MailLinks) (inv *backend.Invitation, err error) {
	probe := &backend.User{Email: email, Name: name, Licence: backend.LicenceCustomer}
	if err := probe.Validate(); err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		g, err := findClientGroupByID(ctx, tx, groupID)
		if err != nil {
			return err
		}
		u, err := ensureCustomer(ctx, tx, probe.Email, probe.Name)
		if err != nil {
			return &backend.Error{Code: backend.EINVALID, Message: backend.ErrorMessage(err),
				Fields: map[string]string{"email": backend.ErrorMessage(err)}}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO client_group_accounts (group_id, user_id, created_at) VALUES (?, ?, ?)
			ON CONFLICT DO NOTHING`, g.ID, u.ID, tx.now); err != nil {
			return err
		}
		inv, err = s.createTokenLink(ctx, tx, tokenLink{user: u, groupID: &g.ID, purpose: backend.PurposeInvite,
			portfolio: g.Name, by: by, links: links})
		return err
	})
	return inv, err
}

func (s *InvitationService) ResendInvitation(ctx context.Context, id, by string, links backend.MailLinks) (inv *backend.Invitation, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		old, err := findInvitationByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if old.Status == backend.InvitationAccepted {
			return backend.Errorf(backend.ECONFLICT, "This invitation was accepted; send a welcome email for a new link.")
		}
		u, err := findUserByID(ctx, tx, old.UserID)
		if err != nil {
			return err
		}
		portfolio, linked := "", false
		switch {
		case old.ClientID != nil:
			err = tx.QueryRowContext(ctx, `SELECT c.name, EXISTS (SELECT 1 FROM client_users WHERE client_id = c.id AND user_id = ?)
				FROM clients c WHERE c.id = ?`, u.ID, *old.ClientID).Scan(&portfolio, &linked)
		case old.GroupID != nil:
			err = tx.QueryRowContext(ctx, `SELECT g.name, EXISTS (SELECT 1 FROM client_group_accounts WHERE group_id = g.id AND user_id = ?)
				FROM client_groups g WHERE g.id = ?`, u.ID, *old.GroupID).Scan(&portfolio, &linked)
		default:
			linked = true // a password reset: the account itself is the access
		}
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if !linked || !u.Active {
			return backend.Errorf(backend.ECONFLICT, "%s no longer has portal access here; invite them again instead.", u.Email)
		}
		inv, err = s.createTokenLink(ctx, tx, tokenLink{user: u, clientID: old.ClientID, groupID: old.GroupID,
			purpose: old.Purpose, portfolio: portfolio, by: by, links: links})
		return err
	})
	return inv, err
}

func (s *InvitationService) SendWelcome(ctx context.Context, clientID, userID, by string, links backend.MailLinks) (inv *backend.Invitation, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		c, err := findClientByID(ctx, tx, clientID)
		if err != nil {
			return err
		}
		u, err := linkedCustomer(ctx, tx, clientID, userID)
		if err != nil {
			return err
		}
		inv, err = s.createTokenLink(ctx, tx, tokenLink{user: u, clientID: &c.ID, purpose: backend.PurposeWelcome,
			portfolio: c.Name, by: by, links: links})
		return err
	})
	return inv, err
}

func (s *InvitationService) SendGroupWelcome(ctx context.Context, groupID, userID, by string, links backend.MailLinks) (inv *backend.Invitation, err error) {
	err = s.db.Update(ctx, func(tx *Tx) error {
		g, err := findClientGroupByID(ctx, tx, groupID)
		if err != nil {
			return err
		}
		var one int
		err = tx.QueryRowContext(ctx, `SELECT 1 FROM client_group_accounts WHERE group_id = ? AND user_id = ?`, groupID, userID).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return backend.Errorf(backend.ENOTFOUND, "This user is not an authorised account of the group.")
		} else if err != nil {
			return err
		}
		u, err := activeCustomer(ctx, tx, userID)
		if err != nil {
			return err
		}
		inv, err = s.createTokenLink(ctx, tx, tokenLink{user: u, groupID: &g.ID, purpose: backend.PurposeWelcome,
			portfolio: g.Name, by: by, links: links})
		return err
	})
	return inv, err
}

// linkedCustomer returns the active customer user linked to the client.
func linkedCustomer(ctx context.Context, tx *Tx, clientID, userID string) (*backend.User, error) {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM client_users WHERE client_id = ? AND user_id = ?`, clientID, userID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, backend.Errorf(backend.ENOTFOUND, "This user is not a portal user of the client.")
	} else if err != nil {
		return nil, err
	}
	return activeCustomer(ctx, tx, userID)
}

// activeCustomer returns the user if it is active with a Customer licence.
func activeCustomer(ctx context.Context, tx *Tx, userID string) (*backend.User, error) {
	u, err := findUserByID(ctx, tx, userID)
	if err != nil {
		return nil, err
	}
	if !u.Active || u.Licence != backend.LicenceCustomer {
		return nil, backend.Errorf(backend.ECONFLICT, "%s is switched off or no longer has a Customer licence.", u.Email)
	}
	return u, nil
}

func (s *InvitationService) RequestPasswordReset(ctx context.Context, email string, links backend.MailLinks) error {
	email = backend.NormalizeEmail(email)
	// Checked before the address is looked up, so no answer depends on it.
	if _, ok := backend.NormalizeBaseURL(links.BaseURL); !ok || links.BaseURL == "" {
		return backend.Errorf(backend.EUNAVAILABLE, "Password reset is not set up yet; ask the office for a new invitation.")
	}
	if !backend.ValidEmail(email) {
		return &backend.Error{Code: backend.EINVALID, Message: "Enter your email address.",
			Fields: map[string]string{"email": "Enter an email address like name@example.com."}}
	}
	return s.db.Update(ctx, func(tx *Tx) error {
		active := true
		users, _, err := findUsers(ctx, tx, backend.UserFilter{Email: &email, Active: &active, Page: backend.Page{Limit: 1}})
		if err != nil || len(users) == 0 {
			return err // an unknown address gets the same answer as a known one
		}
		_, err = s.createTokenLink(ctx, tx, tokenLink{user: users[0], purpose: backend.PurposeReset, links: links})
		return err
	})
}
