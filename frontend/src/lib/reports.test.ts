import { describe, expect, it } from 'vitest';
import { defaultPeriod, localToday, periodKind, reportQuery } from './reports';

describe('reports', () => {
  it('takes today in the workspace time zone, not UTC', () => {
    // 20 Nov 2026 14:30 UTC is already 21 Nov in Sydney.
    expect(localToday(new Date('2026-11-20T14:30:00Z'), 'Australia/Sydney')).toBe('2026-11-21');
    expect(localToday(new Date('2026-11-20T14:30:00Z'), 'UTC')).toBe('2026-11-20');
  });

  it('defaults to this month, the last 12 months and this year', () => {
    expect(defaultPeriod('2026-11-21')).toEqual({ month: '2026-11', from: '2025-11-22', to: '2026-11-21', year: '2026' });
    expect(defaultPeriod('2026-03-01').from).toBe('2025-03-02');
  });

  it('asks each report for its own period only', () => {
    const p = defaultPeriod('2026-11-21');
    expect(periodKind('monthly-maintenance')).toBe('month');
    expect(reportQuery('monthly-activity', p)).toEqual({ property: undefined, month: '2026-11' });
    expect(reportQuery('routine-activity', p, 'p1')).toEqual({ property: 'p1', from: '2025-11-22', to: '2026-11-21' });
    expect(reportQuery('yearly-condition', p, 'p1')).toEqual({ property: 'p1', year: '2026' });
  });
});

describe('saving a report', () => {
  it('sends the same period the preview showed', async () => {
    const { saveBody } = await import('./reports');
    const p = defaultPeriod('2026-11-21');
    expect(saveBody('monthly-maintenance', p, true, '  November  ')).toEqual({ kind: 'monthly-maintenance', month: '2026-11', title: 'November', published: true });
    expect(saveBody('routine-activity', p, false)).toEqual({ kind: 'routine-activity', from: '2025-11-22', to: '2026-11-21', title: '', published: false });
  });
});
