import { afterEach, describe, expect, it } from 'vitest';
import { configureFormat, formatDate, formatDateTime, formatMoney, formatNumber, formatSettings, plural, resetFormat } from './format';

afterEach(() => resetFormat());

describe('formatDate', () => {
  it('writes DD/MM/YYYY in Sydney time by default', () => {
    // 21 Nov 14:30 UTC is already 22 Nov in Sydney (AEDT, UTC+11).
    expect(formatDate('2026-11-21T14:30:00Z')).toBe('22/11/2026');
    expect(formatDate('2026-03-05T01:00:00Z')).toBe('05/03/2026');
  });

  it('follows the workspace time zone setting', () => {
    configureFormat({ timeZone: 'Australia/Perth' });
    expect(formatDate('2026-11-21T14:30:00Z')).toBe('21/11/2026');
  });

  it('ignores an unknown time zone', () => {
    configureFormat({ timeZone: 'Mars/Olympus' });
    expect(formatSettings().timeZone).toBe('Australia/Sydney');
  });

  it('returns empty text for missing or invalid dates', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate('')).toBe('');
    expect(formatDate('not a date')).toBe('');
  });

  it('adds a 12-hour time', () => {
    expect(formatDateTime('2026-11-21T04:05:00Z')).toBe('21/11/2026 3:05 pm');
  });
});

describe('formatMoney', () => {
  it('turns integer cents into Australian dollars', () => {
    expect(formatMoney(123450)).toBe('$1,234.50');
    expect(formatMoney(0)).toBe('$0.00');
    expect(formatMoney(5)).toBe('$0.05');
    expect(formatMoney(100000000)).toBe('$1,000,000.00');
  });

  it('puts the minus sign before the dollar sign', () => {
    expect(formatMoney(-123450)).toBe('-$1,234.50');
  });

  it('returns empty text for no amount', () => {
    expect(formatMoney(null)).toBe('');
    expect(formatMoney(undefined)).toBe('');
  });
});

describe('numbers', () => {
  it('groups thousands and picks singular or plural', () => {
    expect(formatNumber(40000)).toBe('40,000');
    expect(plural(1, 'property', 'properties')).toBe('1 property');
    expect(plural(1234, 'property', 'properties')).toBe('1,234 properties');
  });
});
