import { describe, expect, it } from 'vitest';
import { apiQuery, barListPath, chips, exportHref, listPath, localDate, monthLabel, ref } from './lists';
import type { ChartAnswer } from './panels';

const answer = (categories: string[], keys: string[]): ChartAnswer => ({ option: {}, categories, keys, total: 1 });

describe('chart bars open the list behind them', () => {
  it('defects by month: open ones by severity, resolved ones as resolved', () => {
    const a = answer(['2026-10', '2026-11'], ['critical', 'resolved']);
    expect(barListPath('defects-monthly', a, 1, 0)).toBe('/list/defects?raisedMonth=2026-11&status=open&severity=critical');
    expect(barListPath('defects-monthly', a, 0, 1)).toBe('/list/defects?raisedMonth=2026-10&status=resolved');
  });
  it('assets, routines, service calls and spend', () => {
    expect(barListPath('assets-by-type', answer(['Hose reel'], ['no_open_defects']), 0, 0)).toBe('/list/assets?type=Hose+reel&worst=no_open_defects');
    expect(barListPath('routines', answer(['2026-03'], ['pending_outside']), 0, 0)).toBe('/list/tasks?kind=routine&dueMonth=2026-03&tolerance=pending_outside');
    expect(barListPath('service-calls', answer(['2026-03'], ['onhold']), 0, 0)).toBe('/list/tasks?kind=service_call&createdMonth=2026-03&stage=onhold');
    expect(barListPath('spend', answer(['2026-03'], ['invoiced']), 0, 0)).toBe('/list/invoices?issuedMonth=2026-03');
  });
});

describe('list addresses', () => {
  const p = new URLSearchParams('propertyId=abc&propertyName=North+Tower&status=submitted&sort=-total&offset=25&q=pump');
  it('sends every filter but display-only names to the API', () => {
    expect(apiQuery(p)).toEqual({ propertyId: 'abc', status: 'submitted', sort: '-total', offset: '25', q: 'pump' });
  });
  it('exports exactly the filtered, sorted list, every page of it', () => {
    expect(exportHref('quotes', p, 'csv')).toBe('/api/portal/quotes.csv?propertyId=abc&status=submitted&sort=-total&q=pump');
    expect(exportHref('quotes', p, 'xlsx')).toBe('/api/portal/quotes.xlsx?propertyId=abc&status=submitted&sort=-total&q=pump');
    expect(exportHref('tasks', new URLSearchParams(), 'xlsx')).toBe('/api/portal/tasks.xlsx');
  });
  it('names click-set filters as chips', () => {
    expect(chips(new URLSearchParams('raisedMonth=2026-11&propertyId=abc&propertyName=North+Tower&severity=critical&serious=true'))).toEqual([
      { key: 'raisedMonth', label: 'Raised in: Nov 2026' },
      { key: 'propertyId', label: 'Property: North Tower' },
      { key: 'serious', label: 'Excluding: information and recommendations' },
    ]);
  });
  it('leaves empty values out', () => {
    expect(listPath('invoices', { overdue: 'true', q: '' })).toBe('/list/invoices?overdue=true');
  });
});

describe('formatting', () => {
  it('shows stored local dates and months the Australian way', () => {
    expect(localDate('2026-03-05')).toBe('05/03/2026');
    expect(localDate(null)).toBe('');
    expect(monthLabel('2026-11')).toBe('Nov 2026');
    expect(ref('Q', 1042)).toBe('Q-1042');
    expect(ref('INV', null)).toBe('Pending');
  });
});
