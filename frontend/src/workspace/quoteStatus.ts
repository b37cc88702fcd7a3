import type { QuoteStatus } from '../lib/types';

// Quote statuses in the order of the flow, with their labels.
export const quoteStatuses: QuoteStatus[] = ['draft', 'submitted', 'approved', 'declined', 'expired', 'voided', 'deleted'];

export const quoteStatusLabel: Record<QuoteStatus, string> = {
  draft: 'Draft',
  submitted: 'Awaiting approval',
  approved: 'Approved',
  declined: 'Declined',
  expired: 'Expired',
  voided: 'Voided',
  deleted: 'Deleted',
};
