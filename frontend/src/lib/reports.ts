// The PDF reports (backend/report.go): their names, the period each takes
// and the query that asks for it. Periods are local dates in the
// workspace's time zone, as the server reads them.

import type { Query } from './api';
import { formatSettings } from './format';

export type ReportKind = 'monthly-activity' | 'monthly-maintenance' | 'routine-activity' | 'yearly-condition';

export const reportTitles: Record<ReportKind, string> = {
  'monthly-activity': 'Monthly Activity Report',
  'monthly-maintenance': 'Monthly Maintenance Report',
  'routine-activity': 'Routine Activity Report',
  'yearly-condition': 'Yearly Condition Report',
};

export const reportBlurbs: Record<ReportKind, string> = {
  'monthly-activity': 'Defect quotes, service quotes and invoices of a month, with totals and status.',
  'monthly-maintenance': 'Routines performed in a month and the remarks they identified, each resolved or open.',
  'routine-activity': 'Routine tasks due in a date range, by tolerance status, with a chart by month.',
  'yearly-condition': 'One property for a year (AS 1851): assets serviced, service dates, open remarks and a declaration.',
};

/** Which period control a report takes. */
export type PeriodKind = 'month' | 'range' | 'year';

export function periodKind(kind: ReportKind): PeriodKind {
  if (kind === 'routine-activity') return 'range';
  if (kind === 'yearly-condition') return 'year';
  return 'month';
}

export interface ReportPeriod {
  month: string; // YYYY-MM
  from: string; // YYYY-MM-DD, inclusive
  to: string; // YYYY-MM-DD, inclusive
  year: string; // YYYY
}

/** Today as YYYY-MM-DD in the time zone (the workspace's by default). */
export function localToday(now: Date = new Date(), timeZone: string = formatSettings().timeZone): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The defaults: this month, the 12 months up to today, this year. */
export function defaultPeriod(today: string): ReportPeriod {
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const start = new Date(Date.UTC(y - 1, m - 1, d + 1));
  return {
    month: today.slice(0, 7),
    from: start.toISOString().slice(0, 10),
    to: today,
    year: today.slice(0, 4),
  };
}

/** The query for a report over a period, narrowed to a property when given. */
export function reportQuery(kind: ReportKind, p: ReportPeriod, propertyId = ''): Query {
  const q: Query = { property: propertyId || undefined };
  switch (periodKind(kind)) {
    case 'month':
      q.month = p.month;
      break;
    case 'range':
      q.from = p.from;
      q.to = p.to;
      break;
    case 'year':
      q.year = p.year;
      break;
  }
  return q;
}


/** A report saved against a property (GET /api/properties/{id}/reports). */
export interface SavedReport {
  id: string;
  propertyId: string;
  kind: string;
  title: string;
  periodStart: string;
  periodEnd: string; // the last day, inclusive
  property: string; // the property's name
  size: number;
  published: boolean;
  publishedAt: string | null;
  createdAt: string;
}

/** The body that saves a report over a period (POST /api/properties/{id}/reports). */
export function saveBody(kind: ReportKind, p: ReportPeriod, published: boolean, title = ''): Record<string, unknown> {
  const q = reportQuery(kind, p);
  delete q.property;
  return { kind, ...q, title: title.trim(), published };
}
