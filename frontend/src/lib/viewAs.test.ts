import { describe, expect, it } from 'vitest';
import { currentViewAs, viewAsURL, withViewAs } from './viewAs';

describe('view as', () => {
  it('round-trips through the portal address', () => {
    const url = viewAsURL('client', 'abc-1');
    expect(url).toBe('./portal.html?asKind=client&asId=abc-1');
    expect(currentViewAs(url.slice(url.indexOf('?')))).toEqual({ kind: 'client', id: 'abc-1' });
    expect(currentViewAs('?asKind=nation&asId=x')).toBeNull();
    expect(currentViewAs('')).toBeNull();
  });

  it('adds the parameters to portal API paths only', () => {
    const va = { kind: 'group' as const, id: 'g1' };
    expect(withViewAs('/api/portal/dashboard', va)).toBe('/api/portal/dashboard?asKind=group&asId=g1');
    expect(withViewAs('/api/portal/charts/routines?year=2026', va)).toBe('/api/portal/charts/routines?year=2026&asKind=group&asId=g1');
    expect(withViewAs('/api/me', va)).toBe('/api/me');
    expect(withViewAs('/api/portal/dashboard', null)).toBe('/api/portal/dashboard');
  });
});
