import { describe, expect, it } from 'vitest';
import { CLIENT_COLUMNS, defaultColumns, exportColumns, loadColumns, parseTags, saveColumns } from './clientColumns';

function memory(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    clear: () => m.clear(),
    key: () => null,
    length: 0,
  } as Storage;
}

describe('client columns', () => {
  it('remembers the choice and drops columns that no longer exist', () => {
    const s = memory();
    expect(loadColumns(s)).toEqual(defaultColumns());
    saveColumns(['tags', 'gone', 'group'], s);
    // List order, not the order they were ticked in.
    expect(loadColumns(s)).toEqual(['group', 'tags']);
  });

  it('survives a broken stored value', () => {
    const s = memory();
    s.setItem('siteward.clients.columns', '{not json');
    expect(loadColumns(s)).toEqual(defaultColumns());
  });

  it('exports the shown columns with the name first', () => {
    expect(exportColumns(['tags', 'primaryContact'])).toEqual(['name', 'code', 'primaryContact', 'primaryEmail', 'tags', 'active']);
    expect(exportColumns(['code', 'tags'])).toEqual(['name', 'code', 'tags', 'active']);
    expect(exportColumns(CLIENT_COLUMNS.map((c) => c.key))).toContain('emailInvoices');
  });

  it('parses tags', () => {
    expect(parseTags(' strata, VIP,,vip , monthly ')).toEqual(['strata', 'VIP', 'monthly']);
    expect(parseTags('')).toEqual([]);
  });
});
