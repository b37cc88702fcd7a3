// Shapes of the mail API (docs/api.md, "Email, outbox and invitations") and
// the words the UI uses for them.

export type EmailSecurity = 'starttls' | 'starttls_if_offered' | 'implicit_tls' | 'none';
export type EmailAuth = 'none' | 'plain' | 'login' | 'cram-md5' | 'xoauth2' | 'oauthbearer';

export interface EmailSettings {
  host: string;
  port: number;
  security: EmailSecurity;
  auth: EmailAuth;
  username: string;
  passwordSet: boolean;
  fromName: string;
  fromAddress: string;
  replyTo: string;
  tlsFingerprint: string;
  updatedAt?: string;
}

export const securityLabels: Record<EmailSecurity, string> = {
  starttls: 'STARTTLS required (port 587)',
  starttls_if_offered: 'STARTTLS if the server offers it',
  implicit_tls: 'TLS from the start (port 465)',
  none: 'None — only for a mail server on this computer',
};

export const authLabels: Record<EmailAuth, string> = {
  none: 'No sign-in',
  plain: 'PLAIN',
  login: 'LOGIN',
  'cram-md5': 'CRAM-MD5',
  xoauth2: 'XOAUTH2 (access token)',
  oauthbearer: 'OAUTHBEARER (access token)',
};

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'uncertain' | 'cancelled';

export const outboxStatuses: OutboxStatus[] = ['queued', 'sending', 'sent', 'failed', 'uncertain', 'cancelled'];

export const outboxStatusLabels: Record<OutboxStatus, string> = {
  queued: 'Waiting to send',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  uncertain: 'Uncertain',
  cancelled: 'Cancelled',
};

export interface OutboxMessage {
  id: string;
  messageId: string;
  kind: string;
  clientId: string | null;
  propertyId: string | null;
  to: string;
  toName: string;
  subject: string;
  textBody: string;
  htmlBody: string;
  /** Files sent with it; contentId set: an inline image the HTML shows (the logo). */
  attachments: OutboxAttachment[];
  status: OutboxStatus;
  attempts: number;
  lastError: string;
  nextAttemptAt: string;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface OutboxAttachment {
  sha256: string;
  filename: string;
  mime: string;
  contentId?: string;
  size: number;
}

/** A file size for people: "820 KB", "2.4 MB". */
export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export interface OutboxCounts {
  counts: Record<OutboxStatus, number>;
  needsAttention: number;
}

export const kindLabels: Record<string, string> = {
  invitation: 'Invitation',
  welcome: 'Welcome',
  password_reset: 'Password reset',
  test: 'Test',
  report: 'Report',
  defect_alert: 'Critical alert',
};

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked';

export const invitationStatusLabels: Record<InvitationStatus, string> = {
  pending: 'Invited, not accepted yet',
  accepted: 'Accepted',
  expired: 'Invitation expired',
  revoked: 'Link replaced',
};

export interface Invitation {
  id: string;
  userId: string;
  userEmail: string;
  userName: string;
  clientId: string | null;
  groupId: string | null;
  purpose: 'invite' | 'welcome' | 'reset';
  status: InvitationStatus;
  messageId?: string;
  expiresAt: string;
  sentAt: string | null;
  acceptedAt: string | null;
  createdAt: string;
}

export interface PortalUser {
  user: { id: string; email: string; name: string; active: boolean; lastLoginAt?: string };
  invitation: Invitation | null;
}

export interface PortalAccess {
  clientId: string;
  inviteEmail: string;
  inviteName: string;
  users: PortalUser[];
  groupAccounts: PortalUser[];
}

/** Reads a link's token from the portal's "#/accept?token=…" (or another page's) address; null on other pages. */
export function tokenFromHash(hash: string, page = '/accept'): string | null {
  const h = hash.replace(/^#/, '');
  const i = h.indexOf('?');
  if ((i < 0 ? h : h.slice(0, i)) !== page) return null;
  return new URLSearchParams(i < 0 ? '' : h.slice(i + 1)).get('token') ?? '';
}

export interface DefectAlert {
  id: string;
  remarkId: string;
  propertyId: string;
  propertyName: string;
  description: string;
  name: string;
  email?: string;
  messageId?: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string;
  createdAt: string;
}
