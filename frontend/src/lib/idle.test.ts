import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { holdIdle, whenIdle } from './idle';

describe('whenIdle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs deferred work one at a time, in order, and not while held', () => {
    const ran: string[] = [];
    const release = holdIdle();
    whenIdle(() => ran.push('a'));
    const cancel = whenIdle(() => ran.push('b'));
    whenIdle(() => ran.push('c'));
    vi.advanceTimersByTime(1000);
    expect(ran).toEqual([]);
    cancel();
    release();
    vi.advanceTimersByTime(50);
    expect(ran).toEqual(['a']);
    vi.advanceTimersByTime(50);
    expect(ran).toEqual(['a', 'c']);
  });

  it('lets go of a hold nobody releases', () => {
    const ran: string[] = [];
    holdIdle(500);
    whenIdle(() => ran.push('a'));
    vi.advanceTimersByTime(499);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(100);
    expect(ran).toEqual(['a']);
  });
});
