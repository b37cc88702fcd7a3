-- Each set-password link points at the outbox message that carries it, so
-- the client page can say whether the invitation was delivered.
ALTER TABLE invitations ADD COLUMN outbox_id TEXT REFERENCES outbox_messages (id);
CREATE INDEX invitations_open ON invitations (user_id) WHERE accepted_at IS NULL AND revoked_at IS NULL;
