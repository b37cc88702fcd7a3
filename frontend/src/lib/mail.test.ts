import { describe, expect, it } from 'vitest';
import { tokenFromHash } from './mail';

describe('tokenFromHash', () => {
  it('reads the token of an accept link', () => {
    expect(tokenFromHash('#/accept?token=abc_DEF-123')).toBe('abc_DEF-123');
    expect(tokenFromHash('#/accept?token=a%2Bb')).toBe('a+b');
  });
  it('is empty for an accept link without a token, null for other pages', () => {
    expect(tokenFromHash('#/accept')).toBe('');
    expect(tokenFromHash('#/clients')).toBeNull();
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#/accepted?token=x')).toBeNull();
  });
  it('reads an acknowledgement link when asked for that page', () => {
    expect(tokenFromHash('#/ack?token=xyz', '/ack')).toBe('xyz');
    expect(tokenFromHash('#/ack?token=xyz')).toBeNull();
  });
});
