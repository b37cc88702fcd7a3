import { afterEach, describe, expect, it } from 'vitest';
import { configureFormat, formatDate, formatDateTime, formatLocalDate, formatMoney, formatNumber, formatSettings, parseLocalDate, parseMoney, plural, resetFormat } from './format';

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

describe('parseMoney and formatLocalDate', () => {
  it('reads dollar amounts as cents', () => {
    expect(parseMoney('1,234.50')).toBe(123450);
    expect(parseMoney('$99')).toBe(9900);
    expect(parseMoney('0.5')).toBe(50);
    expect(parseMoney('-20')).toBe(-2000);
    expect(parseMoney('12.345')).toBeNull();
    expect(parseMoney('abc')).toBeNull();
    expect(parseMoney('')).toBeNull();
  });
  it('shows a stored local date as DD/MM/YYYY without shifting it', () => {
    expect(formatLocalDate('2026-11-21')).toBe('21/11/2026');
    expect(formatLocalDate('')).toBe('');
  });
});

describe('parseLocalDate', () => {
  it('reads DD/MM/YYYY', () => {
    expect(parseLocalDate('21/11/2026')).toBe('2026-11-21');
    expect(parseLocalDate('1/2/27')).toBe('2027-02-01');
    expect(parseLocalDate('')).toBe('');
    expect(parseLocalDate('31/02/2026')).toBeNull();
    expect(parseLocalDate('2026-11-21')).toBeNull();
  });
});
