// The office's task and remark detail: their shapes, what an edit sends, and
// how a sync conflict on the record reads (docs/sync.md "needs review").
import { formatDateTime, formatLocalDate, formatMoney } from './format';
import { severityLabel } from './severity';
import { taskStages } from './tasks';
import type { Remark, Severity, TaskRow } from './types';

export interface TaskRemark {
  id: string;
  number: number | null;
  severity: Severity;
  status: 'open' | 'resolved';
  published: boolean;
  description: string;
}

export interface TaskDetail extends TaskRow {
  routineId: string | null;
  routineName: string;
  description: string;
  technicianId: string | null;
  technicianName: string;
  /** The stages the domain's flow allows from this one. */
  nextStages: TaskRow['stage'][];
  windowFrom: string;
  windowTo: string;
  tolerance: '' | 'completed' | 'completed_outside' | 'pending' | 'pending_outside';
  remarks: TaskRemark[];
}

export interface RemarkPhoto {
  id: string;
  caption: string;
  mime: string;
}

export interface RemarkDetail extends Remark {
  photos: RemarkPhoto[];
}

/** A sync conflict as its record shows it: both values, who, when, which install. */
export interface RecordConflict {
  id: string;
  table: 'tasks' | 'remarks';
  rowId: string;
  column: string;
  kept: unknown;
  keptSite: string;
  keptUser: string;
  keptAt: string | null;
  lost: unknown;
  lostSite: string;
  lostUser: string;
  lostAt: string | null;
  recordedAt: string;
  reason?: string;
  keepable: boolean;
}

/** The fields of a task edit, as PATCH /api/tasks/{id} takes them. */
export interface TaskEdit {
  stage: string;
  technicianId: string;
  scheduledOn: string;
  dueOn: string;
  title: string;
  description: string;
}

export function taskEditOf(t: TaskDetail): TaskEdit {
  return {
    stage: t.stage,
    technicianId: t.technicianId ?? '',
    scheduledOn: t.scheduledOn,
    dueOn: t.dueOn,
    title: t.title,
    description: t.description,
  };
}

/** Only the fields that changed, so an edit never rewrites what it did not touch. */
export function changedFields<T extends object>(from: T, to: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(to) as (keyof T)[]) {
    if (to[k] !== from[k]) out[k] = to[k];
  }
  return out;
}

/** The fields of a remark edit, as PATCH /api/remarks/{id} takes them ("" = no asset). */
export interface RemarkEdit {
  severity: Severity;
  description: string;
  assetId: string;
}

export function remarkEditOf(r: Remark): RemarkEdit {
  return { severity: r.severity, description: r.description, assetId: r.assetId ?? '' };
}

/** The stages a stage picker offers: where the task is, then where it may go. */
export function stageChoices(t: Pick<TaskDetail, 'stage' | 'nextStages'>): TaskRow['stage'][] {
  return [t.stage, ...t.nextStages.filter((s) => s !== t.stage)];
}

export const toleranceLabel: Record<TaskDetail['tolerance'], string> = {
  '': '',
  completed: 'Done within tolerance',
  completed_outside: 'Done outside tolerance',
  pending: 'Not done yet; the window is open',
  pending_outside: 'Not done; the window has closed',
};

/** "7 Dec 2026 – 13 Dec 2026 (± 3 days)", or "" without a due date. */
export function toleranceWindow(t: Pick<TaskDetail, 'windowFrom' | 'windowTo' | 'toleranceDays'>): string {
  if (!t.windowFrom) return '';
  if (t.toleranceDays === 0) return `${formatLocalDate(t.windowFrom)} (no tolerance)`;
  return `${formatLocalDate(t.windowFrom)} – ${formatLocalDate(t.windowTo)} (± ${t.toleranceDays} ${t.toleranceDays === 1 ? 'day' : 'days'})`;
}

const columnLabels: Record<string, string> = {
  stage: 'Stage',
  technician_id: 'Technician',
  scheduled_on: 'Scheduled',
  due_on: 'Due date',
  title: 'Title',
  name: 'Name',
  description: 'Results',
  status: 'Status',
  published: 'Portal',
  severity: 'Severity',
  asset_id: 'Asset',
  total_cents: 'Total',
  paid_cents: 'Paid',
  issued_on: 'Issued',
  expires_on: 'Expires',
  '': 'The whole record',
};

/** The field a conflict is on, in the office's words (a task's description is its results). */
export function conflictField(column: string, table = 'tasks'): string {
  if (column === 'description' && table !== 'tasks') return 'Description';
  return columnLabels[column] ?? column.replace(/_/g, ' ');
}

/** A conflict's value as the field shows it; names maps user ids to names. */
export function conflictValue(column: string, v: unknown, names: Record<string, string> = {}): string {
  if (v === null || v === undefined || v === '') return column === 'technician_id' ? 'Nobody' : column === 'asset_id' ? 'No asset' : '(empty)';
  if (column === 'stage' && typeof v === 'string') return taskStages[v as TaskRow['stage']] ?? v;
  if (column.endsWith('_on') && typeof v === 'string') return formatLocalDate(v) || v;
  if (column.endsWith('_cents') && typeof v === 'number') return formatMoney(v);
  if (column === 'technician_id' && typeof v === 'string') return names[v] ?? 'Another user';
  if (column === 'asset_id' && typeof v === 'string') return names[v] ?? 'Another asset';
  if (column === 'status' && (v === 'resolved' || v === 'open')) return v === 'resolved' ? 'Resolved' : 'Open';
  if (column === 'published') return v === true || v === 1 ? 'Published' : 'Not published';
  if (column === 'severity' && typeof v === 'string') return severityLabel[v as Severity] ?? v;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Who wrote one side, from which install, when. */
export function conflictWho(user: string, site: string, at: string | null): string {
  const who = user ? `${user}, on install ${site.slice(0, 8)}` : 'The office, on this server';
  return at ? `${who} · ${formatDateTime(at)}` : who;
}

/** A short label for a Keep button: the value, cut to fit. */
export function keepLabel(value: string): string {
  const v = value.length > 32 ? `${value.slice(0, 31)}…` : value;
  return `Keep “${v}”`;
}
