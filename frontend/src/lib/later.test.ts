import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { holdLater, later } from './later';

describe('later', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs deferred work one at a time, in order, and not while held', () => {
    const ran: string[] = [];
    const release = holdLater();
    later(() => ran.push('a'));
    const cancel = later(() => ran.push('b'));
    later(() => ran.push('c'));
    vi.advanceTimersByTime(1000);
    expect(ran).toEqual([]);
    cancel();
    release();
    vi.runOnlyPendingTimers();
    expect(ran).toEqual(['a']);
    vi.runOnlyPendingTimers();
    expect(ran).toEqual(['a', 'c']);
  });

  it('lets go of a hold nobody releases', () => {
    const ran: string[] = [];
    holdLater(500);
    later(() => ran.push('a'));
    vi.advanceTimersByTime(499);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(1);
    vi.runOnlyPendingTimers();
    expect(ran).toEqual(['a']);
  });
});
