import { describe, expect, it } from 'vitest';
import { conflictField, conflictValue, conflictWho, changedFields, keepLabel, remarkEditOf, stageChoices, toleranceWindow } from './taskDetail';

describe('task detail', () => {
  it('offers the current stage and only the moves the flow allows', () => {
    expect(stageChoices({ stage: 'ready', nextStages: ['inprogress', 'performed', 'onhold', 'cancelled'] })).toEqual([
      'ready', 'inprogress', 'performed', 'onhold', 'cancelled',
    ]);
    expect(stageChoices({ stage: 'complete', nextStages: [] })).toEqual(['complete']);
  });

  it('sends only the changed fields', () => {
    const base = { stage: 'ready', technicianId: '', scheduledOn: '', dueOn: '2026-12-10', title: 'A', description: '' };
    expect(changedFields(base, { ...base, dueOn: '2026-12-12', technicianId: 'u1' })).toEqual({ dueOn: '2026-12-12', technicianId: 'u1' });
    expect(changedFields(base, { ...base })).toEqual({});
  });

  it('edits a remark without an asset as an empty choice, and sends only what changed', () => {
    const r = { severity: 'non_critical', description: 'Tag missing', assetId: null } as Parameters<typeof remarkEditOf>[0];
    const from = remarkEditOf(r);
    expect(from).toEqual({ severity: 'non_critical', description: 'Tag missing', assetId: '' });
    expect(changedFields(from, { ...from, severity: 'critical' })).toEqual({ severity: 'critical' });
  });

  it('says the tolerance window', () => {
    expect(toleranceWindow({ windowFrom: '', windowTo: '', toleranceDays: 3 })).toBe('');
    expect(toleranceWindow({ windowFrom: '2026-12-07', windowTo: '2026-12-13', toleranceDays: 3 })).toMatch(/± 3 days\)$/);
    expect(toleranceWindow({ windowFrom: '2026-12-10', windowTo: '2026-12-10', toleranceDays: 0 })).toMatch(/no tolerance/);
  });

  it('reads conflict values in the field\'s words', () => {
    expect(conflictValue('stage', 'inprogress')).toBe('In progress');
    expect(conflictValue('technician_id', null)).toBe('Nobody');
    expect(conflictValue('technician_id', 'u1', { u1: 'Tess Tech' })).toBe('Tess Tech');
    expect(conflictValue('status', 'resolved')).toBe('Resolved');
    expect(conflictValue('status', 'submitted')).toBe('submitted'); // a quote's status is not a remark's
    expect(conflictValue('published', 1)).toBe('Published');
    expect(conflictField('total_cents')).toBe('Total');
    expect(conflictValue('total_cents', 39000)).toMatch(/390\.00/);
    expect(conflictField('description', 'remarks')).toBe('Description');
    expect(conflictField('description')).toBe('Results');
    expect(conflictValue('asset_id', null)).toBe('No asset');
    expect(conflictValue('description', '')).toBe('(empty)');
    expect(conflictWho('', 'hub', null)).toBe('The office, on this server');
    expect(conflictWho('Tess Tech', '0123456789abcdef', null)).toBe('Tess Tech, on install 01234567');
    expect(keepLabel('x'.repeat(40))).toHaveLength(32 + 'Keep “”'.length);
  });
});
