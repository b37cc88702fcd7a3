import { describe, expect, it } from 'vitest';
import { assetTypeOptions, coversLabel, frequencyLabel, tasksChangeMessage, windowClosed } from './routines';

describe('routines', () => {
  it('names intervals', () => {
    expect(frequencyLabel(6)).toBe('Six-monthly');
    expect(frequencyLabel(7)).toBe('Every 7 months');
  });
  it('offers the common asset types and keeps uncommon ones a routine covers', () => {
    const opts = assetTypeOptions(['hydrant', 'Wet riser']);
    expect(opts).toContain('Hydrant');
    expect(opts.at(-1)).toBe('Wet riser');
    expect(opts.filter((t) => t.toLowerCase() === 'hydrant')).toHaveLength(1);
  });
  it('shortens a long list of asset types', () => {
    expect(coversLabel(['Hydrant', 'Detector'])).toBe('Hydrant, Detector');
    expect(coversLabel(['A', 'B', 'C', 'D', 'E'])).toBe('A, B, C + 2 more');
  });
  it('says what saving did to the tasks', () => {
    expect(tasksChangeMessage({ created: 4, moved: 0, removed: 0, kept: 0 })).toBe('4 upcoming tasks created.');
    expect(tasksChangeMessage({ created: 1, moved: 2, removed: 3, kept: 1 })).toBe(
      '1 upcoming task created, 2 tasks moved, 3 tasks no longer needed removed. 1 started or finished task kept as it was.',
    );
    expect(tasksChangeMessage({ created: 0, moved: 0, removed: 0, kept: 2 })).toBe(
      'Its upcoming tasks already matched. 2 started or finished tasks kept as they were.',
    );
  });
});

describe('windowClosed', () => {
  it('is closed only once the tolerance days after the due date have passed', () => {
    expect(windowClosed('2026-12-01', 7, '2026-12-08')).toBe(false);
    expect(windowClosed('2026-12-01', 7, '2026-12-09')).toBe(true);
    expect(windowClosed('2026-12-28', 7, '2027-01-05')).toBe(true);
    expect(windowClosed('', 7, '2027-01-05')).toBe(false);
  });
});
