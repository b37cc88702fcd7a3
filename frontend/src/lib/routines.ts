// Routines: the intervals they run at, the asset types a form offers, and
// the sentence that says what saving one did to its tasks.
import type { RoutineTasksChange } from './types';

/** The intervals the server accepts (months), with their names. */
export const frequencies: ReadonlyArray<readonly [number, string]> = [
  [1, 'Monthly'],
  [3, 'Quarterly'],
  [6, 'Six-monthly'],
  [12, 'Yearly'],
  [24, 'Two-yearly'],
  [36, 'Three-yearly'],
  [60, 'Five-yearly'],
  [120, 'Ten-yearly'],
];

export function frequencyLabel(months: number): string {
  return frequencies.find(([m]) => m === months)?.[1] ?? `Every ${months} months`;
}

/** The asset types fire-protection routines usually cover. */
export const commonAssetTypes = [
  'Extinguisher',
  'Hydrant',
  'Hose reel',
  'Exit light',
  'Emergency light',
  'Fire door',
  'Sprinkler system',
  'Detector',
  'Fire indicator panel',
];

/** The types to offer as ticks: the common ones, then any others the routine already covers. */
export function assetTypeOptions(selected: readonly string[]): string[] {
  const lower = new Set(commonAssetTypes.map((t) => t.toLowerCase()));
  return [...commonAssetTypes, ...selected.filter((t) => !lower.has(t.toLowerCase()))];
}

function count(n: number, one: string, many = one + 's'): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "3 upcoming tasks created, 2 moved. 1 started task kept as it was." */
export function tasksChangeMessage(c: RoutineTasksChange): string {
  const parts: string[] = [];
  if (c.created) parts.push(`${count(c.created, 'upcoming task')} created`);
  if (c.moved) parts.push(`${count(c.moved, 'task')} moved`);
  if (c.removed) parts.push(`${count(c.removed, 'task')} no longer needed removed`);
  let msg = parts.length ? parts.join(', ') + '.' : 'Its upcoming tasks already matched.';
  msg = msg.charAt(0).toUpperCase() + msg.slice(1);
  if (c.kept) msg += ` ${count(c.kept, 'started or finished task')} kept as ${c.kept === 1 ? 'it was' : 'they were'}.`;
  return msg;
}

/** "Hydrant, Detector" — or the first three and "+ 4 more" for a long list. */
export function coversLabel(types: readonly string[]): string {
  return types.length <= 3 ? types.join(', ') : `${types.slice(0, 3).join(', ')} + ${types.length - 3} more`;
}

/** A visit not done whose tolerance window (due date + tolerance days) closed before today (YYYY-MM-DD, local). */
export function windowClosed(dueOn: string, toleranceDays: number, today: string): boolean {
  if (!dueOn) return false;
  const end = new Date(`${dueOn}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + toleranceDays);
  return end.toISOString().slice(0, 10) < today;
}
