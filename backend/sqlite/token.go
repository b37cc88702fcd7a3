package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"slices"

	"siteward/backend"
)

// Consuming set-password links, and who may use the portal of a client.

var errBadLink = backend.Errorf(backend.ENOTFOUND,
	"This link is not valid. Check that you opened the whole address from the email, or ask for a new one.")

// findToken returns the link a token names, or errBadLink. Tokens are
// looked up by their hash (an index lookup, not a comparison of secrets).
func findToken(ctx context.Context, tx *Tx, token string) (*backend.Invitation, error) {
	if token == "" || len(token) > 100 {
		return nil, errBadLink
	}
	inv, err := scanInvitation(tx.QueryRowContext(ctx, `SELECT `+invitationColumns+invitationFrom+
		` WHERE i.token_hash = ? AND u.deleted_at IS NULL`, hashSecret(token)), tx.now)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errBadLink
	}
	return inv, err
}

// usable says why a link cannot be used, in words that say what to do.
func usable(ctx context.Context, tx *Tx, inv *backend.Invitation) error {
	again := "ask the office that invited you to send a new invitation"
	if inv.Purpose == backend.PurposeReset {
		again = `use "Forgot password?" on the sign-in page to get a new link`
	}
	switch inv.Status {
	case backend.InvitationAccepted:
		return backend.Errorf(backend.ECONFLICT, "This link has already been used. Sign in with the password you chose, or %s.", again)
	case backend.InvitationRevoked:
		return backend.Errorf(backend.ECONFLICT, "A newer link was sent after this one, so this one no longer works. Use the newest email, or %s.", again)
	case backend.InvitationExpired:
		return backend.Errorf(backend.ECONFLICT, "This link expired on %s. Links work for 3 days; %s.",
			inv.ExpiresAt.Format("02/01/2006"), again)
	}
	var active bool
	if err := tx.QueryRowContext(ctx, `SELECT active FROM users WHERE id = ?`, inv.UserID).Scan(&active); err != nil {
		return err
	}
	if !active {
		return backend.Errorf(backend.ECONFLICT, "This account is switched off. Ask the office to restore your access.")
	}
	return nil
}

func (s *InvitationService) CheckToken(ctx context.Context, token string) (info *backend.TokenInfo, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		inv, err := findToken(ctx, tx, token)
		if err != nil {
			return err
		}
		if err := usable(ctx, tx, inv); err != nil {
			return err
		}
		info = &backend.TokenInfo{Email: inv.UserEmail, Name: inv.UserName, Purpose: inv.Purpose}
		return nil
	})
	return info, err
}

func (s *InvitationService) AcceptToken(ctx context.Context, token, password string) (u *backend.User, err error) {
	if err := backend.ValidatePassword(password); err != nil {
		return nil, err
	}
	// A link that is already useless fails before the costly hash.
	if _, err := s.CheckToken(ctx, token); err != nil {
		return nil, err
	}
	hash, err := hashPassword(password)
	if err != nil {
		return nil, err
	}
	err = s.db.Update(ctx, func(tx *Tx) error {
		var userID string
		// The consume: one statement on the single writer, so of many
		// concurrent accepts exactly one finds the link still open.
		err := tx.QueryRowContext(ctx, `UPDATE invitations SET accepted_at = ?1
			WHERE token_hash = ?2 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?1
				AND user_id IN (SELECT id FROM users WHERE active = 1 AND deleted_at IS NULL)
			RETURNING user_id`, tx.now, hashSecret(token)).Scan(&userID)
		if errors.Is(err, sql.ErrNoRows) {
			inv, err := findToken(ctx, tx, token)
			if err != nil {
				return err
			}
			if err := usable(ctx, tx, inv); err != nil {
				return err
			}
			return errBadLink
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, tx.now, userID); err != nil {
			return err
		}
		// The password changed: other links and every session of the
		// account end (the caller starts a fresh session).
		if err := revokeOpenLinks(ctx, tx, userID, nil); err != nil {
			return err
		}
		if err := deleteUserSessions(ctx, tx, userID); err != nil {
			return err
		}
		u, err = findUserByID(ctx, tx, userID)
		return err
	})
	return u, err
}

func (s *InvitationService) FindPortalAccess(ctx context.Context, clientID string) (pa *backend.PortalAccess, err error) {
	err = s.db.View(ctx, func(tx *Tx) error {
		c, err := findClientByID(ctx, tx, clientID)
		if err != nil {
			return err
		}
		pa = &backend.PortalAccess{ClientID: c.ID, Users: []*backend.PortalUser{}, GroupAccounts: []*backend.PortalUser{}}
		pa.InviteEmail, pa.InviteName = inviteAddress(c)
		if pa.Users, err = portalUsers(ctx, tx, `SELECT cu.user_id FROM client_users cu JOIN users u ON u.id = cu.user_id
			WHERE cu.client_id = ? AND u.deleted_at IS NULL ORDER BY u.name COLLATE NOCASE, u.id`, c.ID); err != nil {
			return err
		}
		pa.GroupAccounts, err = portalUsers(ctx, tx, `WITH RECURSIVE up(id, parent) AS (
				SELECT g.id, g.parent_id FROM client_groups g JOIN clients c ON c.group_id = g.id
					WHERE c.id = ? AND g.deleted_at IS NULL
				UNION
				SELECT g.id, g.parent_id FROM client_groups g JOIN up ON g.id = up.parent WHERE g.deleted_at IS NULL
			)
			SELECT DISTINCT a.user_id FROM client_group_accounts a JOIN users u ON u.id = a.user_id
			WHERE a.group_id IN (SELECT id FROM up) AND u.deleted_at IS NULL ORDER BY a.user_id`, c.ID)
		return err
	})
	return pa, err
}

// portalUsers loads the users a query names, each with their latest link.
func portalUsers(ctx context.Context, tx *Tx, q string, args ...any) ([]*backend.PortalUser, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := []*backend.PortalUser{}
	for _, id := range ids {
		u, err := findUserByID(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		inv, err := latestInvitation(ctx, tx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, &backend.PortalUser{User: u, Invitation: inv})
	}
	return out, nil
}

func (s *InvitationService) RemoveClientUser(ctx context.Context, clientID, userID string) error {
	return s.db.Update(ctx, func(tx *Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM client_users WHERE client_id = ? AND user_id = ?`, clientID, userID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return backend.Errorf(backend.ENOTFOUND, "This user is not a portal user of the client.")
		}
		if err := revokeOpenLinks(ctx, tx, userID, &clientID); err != nil {
			return err
		}
		// Access ends now, not at the next sign-in: the user's sessions go.
		return deleteUserSessions(ctx, tx, userID)
	})
}

// endRemovedClientUsers ends the sessions and open links of the client's
// users who are not in keep: unlinking them revokes access at once.
func endRemovedClientUsers(ctx context.Context, tx *Tx, clientID string, keep []string) error {
	rows, err := tx.QueryContext(ctx, `SELECT user_id FROM client_users WHERE client_id = ?`, clientID)
	if err != nil {
		return err
	}
	var gone []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		if !slices.Contains(keep, id) {
			gone = append(gone, id)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range gone {
		if err := revokeOpenLinks(ctx, tx, id, &clientID); err != nil {
			return err
		}
		if err := deleteUserSessions(ctx, tx, id); err != nil {
			return err
		}
	}
	return nil
}
