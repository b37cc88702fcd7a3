import { describe, expect, it } from 'vitest';
import type { View } from '../lib/types';
import { filterViews } from './viewFilter';

const v = (name: string, depth: number, kind: View['kind'] = 'client'): View => ({ kind, id: name, name, depth });
const views = [v('National', 0, 'group'), v('NSW', 1, 'group'), v('Acme Strata', 2), v('Harbour Towers', 2), v('VIC', 1, 'group'), v('Acme Melbourne', 2)];

describe('filterViews', () => {
  it('shows every view without a filter', () => {
    expect(filterViews(views, ' ').map((r) => r.view.name)).toEqual(views.map((x) => x.name));
  });

  it('keeps the ancestors of each match as context', () => {
    const rows = filterViews(views, 'acme');
    expect(rows.map((r) => [r.view.name, r.context])).toEqual([
      ['National', true],
      ['NSW', true],
      ['Acme Strata', false],
      ['VIC', true],
      ['Acme Melbourne', false],
    ]);
  });

  it('returns nothing when nothing matches', () => {
    expect(filterViews(views, 'zzz')).toEqual([]);
  });
});
