import type { Severity } from './types';

// Severity colours are the same in every badge, chart and PDF (DESIGN §10);
// colour is never the only signal, so each has a label too.
export type SeverityOrResolved = Severity | 'resolved';

export const severityOrder: Severity[] = ['critical', 'non_critical', 'non_conformance', 'recommendation', 'information'];

export const severityColor: Record<SeverityOrResolved, string> = {
  critical: '#c62828',
  non_critical: '#ef6c00',
  non_conformance: '#f9a825',
  recommendation: '#1565c0',
  information: '#607d8b',
  resolved: '#2e7d32',
};

export const severityLabel: Record<SeverityOrResolved, string> = {
  critical: 'Critical',
  non_critical: 'Non-critical',
  non_conformance: 'Non-conformance',
  recommendation: 'Recommendation',
  information: 'Information',
  resolved: 'Resolved',
};
