// The portal's detailed lists (the overlays of seed 002): what each list
// is, its filters and columns, and how a click on a count or a chart bar
// becomes a list address ("#/list/defects?raisedMonth=2026-11&severity=critical").
import { formatDate, formatMoney, formatNumber } from '../lib/format';
import { severityLabel, severityOrder } from '../lib/severity';
import type { Severity } from '../lib/types';
import type { ChartAnswer } from './panels';

export type ListKind = 'quotes' | 'invoices' | 'defects' | 'tasks' | 'assets';
export const listKinds: ListKind[] = ['quotes', 'invoices', 'defects', 'tasks', 'assets'];

export interface Quote {
  id: string;
  number: number | null;
  kind: 'defect' | 'service';
  clientName: string;
  propertyId: string;
  propertyName: string;
  title: string;
  status: 'submitted' | 'approved' | 'declined';
  totalCents: number;
  issuedOn: string | null;
  expiresOn: string | null;
  decision: { at: string; byName: string; poReference: string; comment: string; reason: string } | null;
  lines?: { position: number; description: string; quantity: number; unitCents: number }[];
}

export interface Invoice {
  id: string;
  number: number | null;
  propertyId: string;
  propertyName: string;
  status: 'issued' | 'paid';
  issuedOn: string | null;
  dueOn: string | null;
  totalCents: number;
  paidCents: number;
  overdue: boolean;
}

export interface Defect {
  id: string;
  number: number | null;
  propertyId: string;
  propertyName: string;
  assetType: string;
  location: string;
  severity: Severity;
  status: 'open' | 'resolved';
  description: string;
  raisedAt: string;
  resolvedAt: string | null;
}

export interface Task {
  id: string;
  number: number | null;
  propertyId: string;
  propertyName: string;
  kind: 'routine' | 'service_call' | 'other';
  priority: string;
  stage: string;
  title: string;
  createdAt: string;
  scheduledOn: string | null;
  dueOn: string | null;
  doneAt: string | null;
  tolerance: string | null;
}

export interface Asset {
  id: string;
  propertyId: string;
  propertyName: string;
  type: string;
  esm: boolean;
  location: string;
  barcode: string;
  lastServiceOn: string | null;
  lastResult: string;
  openDefects: number;
  worstSeverity: Severity | null;
  floorplanId: string | null;
  pinX: number | null;
  pinY: number | null;
}

export type Row = Quote | Invoice | Defect | Task | Asset;

export interface Option {
  value: string;
  label: string;
}

/** A filter with a control in the overlay's toolbar. */
export interface FilterDef {
  key: string;
  label: string;
  options: Option[];
}

/** A column: its header, the sort key the API knows (if sortable) and its text. */
export interface Column {
  label: string;
  sort?: string;
  numeric?: boolean;
  /** Shown as a severity badge (colour and words) instead of text. */
  severity?: (r: Row) => Severity | 'resolved' | null;
  text: (r: Row) => string;
}

export interface ListDef {
  kind: ListKind;
  title: string;
  one: string;
  many: string;
  filters: FilterDef[];
  columns: Column[];
  search: string;
}

export const stageLabel: Record<string, string> = {
  onhold: 'On hold',
  ready: 'Ready',
  inprogress: 'In progress',
  performed: 'Performed',
  complete: 'Complete',
  cancelled: 'Cancelled',
};

export const toleranceLabel: Record<string, string> = {
  completed: 'Completed',
  completed_outside: 'Completed outside tolerance',
  pending: 'Pending',
  pending_outside: 'Pending outside tolerance',
};

export const quoteStatusLabel: Record<string, string> = {
  submitted: 'Awaiting authorisation',
  approved: 'Approved',
  declined: 'Declined',
};

const kindLabel: Record<string, string> = { routine: 'Routine', service_call: 'Service call', other: 'Other', defect: 'Defect', service: 'Service' };

/** "Q-1042"; "Pending" while the hub has not numbered it. */
export function ref(prefix: string, n: number | null): string {
  return n === null ? 'Pending' : `${prefix}-${n}`;
}

/** A stored local date ("2026-11-05") as 05/11/2026, without time-zone shifts. */
export function localDate(d: string | null): string {
  if (!d) return '';
  const [y, m, day] = d.split('-');
  return y && m && day ? `${day}/${m}/${y}` : d;
}

const opts = (pairs: Record<string, string>): Option[] => Object.entries(pairs).map(([value, label]) => ({ value, label }));
const sevOptions = severityOrder.map((s) => ({ value: s, label: severityLabel[s] }));
const q = <T extends Row>(f: (r: T) => string) => f as (r: Row) => string;

export const lists: Record<ListKind, ListDef> = {
  quotes: {
    kind: 'quotes',
    title: 'Quotes',
    one: 'quote',
    many: 'quotes',
    search: 'Number, title or property',
    filters: [
      { key: 'kind', label: 'Kind', options: opts({ defect: 'Defect quotes', service: 'Service quotes' }) },
      { key: 'status', label: 'Status', options: opts(quoteStatusLabel) },
    ],
    columns: [
      { label: 'Number', sort: 'number', text: q<Quote>((r) => ref('Q', r.number)) },
      { label: 'Property', sort: 'property', text: q<Quote>((r) => r.propertyName) },
      { label: 'Title', sort: 'title', text: q<Quote>((r) => `${kindLabel[r.kind]}: ${r.title}`) },
      { label: 'Status', sort: 'status', text: q<Quote>((r) => quoteStatusLabel[r.status] ?? r.status) },
      { label: 'Issued', sort: 'issued', text: q<Quote>((r) => localDate(r.issuedOn)) },
      { label: 'Total', sort: 'total', numeric: true, text: q<Quote>((r) => formatMoney(r.totalCents)) },
    ],
  },
  invoices: {
    kind: 'invoices',
    title: 'Invoices',
    one: 'invoice',
    many: 'invoices',
    search: 'Number or property',
    filters: [
      { key: 'status', label: 'Status', options: opts({ issued: 'Issued (unpaid)', paid: 'Paid' }) },
      { key: 'overdue', label: 'Overdue', options: opts({ true: 'Overdue only', false: 'Not overdue' }) },
    ],
    columns: [
      { label: 'Number', sort: 'number', text: q<Invoice>((r) => ref('INV', r.number)) },
      { label: 'Property', sort: 'property', text: q<Invoice>((r) => r.propertyName) },
      { label: 'Issued', sort: 'issued', text: q<Invoice>((r) => localDate(r.issuedOn)) },
      { label: 'Due', sort: 'due', text: q<Invoice>((r) => localDate(r.dueOn) + (r.overdue ? ' (overdue)' : '')) },
      { label: 'Total', sort: 'total', numeric: true, text: q<Invoice>((r) => formatMoney(r.totalCents)) },
      { label: 'Owing', sort: 'owing', numeric: true, text: q<Invoice>((r) => formatMoney(r.totalCents - r.paidCents)) },
    ],
  },
  defects: {
    kind: 'defects',
    title: 'Defects',
    one: 'defect',
    many: 'defects',
    search: 'Description, property, asset or location',
    filters: [
      { key: 'severity', label: 'Severity', options: sevOptions },
      { key: 'status', label: 'Status', options: opts({ open: 'Open', resolved: 'Resolved' }) },
    ],
    columns: [
      { label: 'Severity', sort: 'severity', severity: (r) => ((r as Defect).status === 'resolved' ? 'resolved' : (r as Defect).severity), text: q<Defect>((r) => severityLabel[r.severity]) },
      { label: 'Property', sort: 'property', text: q<Defect>((r) => r.propertyName) },
      { label: 'Asset', sort: 'asset', text: q<Defect>((r) => [r.assetType, r.location].filter(Boolean).join(' · ')) },
      { label: 'Description', text: q<Defect>((r) => r.description) },
      { label: 'Raised', sort: 'raised', text: q<Defect>((r) => formatDate(r.raisedAt)) },
      { label: 'Status', sort: 'status', text: q<Defect>((r) => (r.status === 'resolved' ? `Resolved ${formatDate(r.resolvedAt)}` : 'Open')) },
    ],
  },
  tasks: {
    kind: 'tasks',
    title: 'Tasks',
    one: 'task',
    many: 'tasks',
    search: 'Title, number or property',
    filters: [
      { key: 'kind', label: 'Kind', options: opts({ routine: 'Routine', service_call: 'Service call', other: 'Other' }) },
      { key: 'stage', label: 'Stage', options: opts(stageLabel) },
      { key: 'tolerance', label: 'Tolerance', options: opts(toleranceLabel) },
    ],
    columns: [
      { label: 'Number', sort: 'number', text: q<Task>((r) => ref('T', r.number)) },
      { label: 'Property', sort: 'property', text: q<Task>((r) => r.propertyName) },
      { label: 'Task', sort: 'title', text: q<Task>((r) => `${kindLabel[r.kind]}: ${r.title}`) },
      { label: 'Stage', sort: 'stage', text: q<Task>((r) => stageLabel[r.stage] ?? r.stage) },
      { label: 'Due', sort: 'due', text: q<Task>((r) => localDate(r.dueOn) || localDate(r.scheduledOn)) },
      { label: 'Tolerance', text: q<Task>((r) => (r.tolerance ? toleranceLabel[r.tolerance] ?? '' : '')) },
    ],
  },
  assets: {
    kind: 'assets',
    title: 'Assets',
    one: 'asset',
    many: 'assets',
    search: 'Type, location, barcode or property',
    filters: [{ key: 'worst', label: 'Worst open defect', options: [...sevOptions, { value: 'no_open_defects', label: 'No open defects' }] }],
    columns: [
      { label: 'Type', sort: 'type', text: q<Asset>((r) => r.type + (r.esm ? ' (ESM)' : '')) },
      { label: 'Property', sort: 'property', text: q<Asset>((r) => r.propertyName) },
      { label: 'Location', sort: 'location', text: q<Asset>((r) => r.location) },
      { label: 'Last service', sort: 'service', text: q<Asset>((r) => localDate(r.lastServiceOn) + (r.lastResult ? ` (${r.lastResult.replace('_', ' ')})` : '')) },
      { label: 'Open defects', sort: 'defects', numeric: true, text: q<Asset>((r) => formatNumber(r.openDefects)) },
      { label: 'Worst', sort: 'severity', severity: (r) => (r as Asset).worstSeverity, text: q<Asset>((r) => (r.worstSeverity ? severityLabel[r.worstSeverity] : '')) },
    ],
  },
};

/** Filters set by a click (a month, a property) that have no select, shown as removable chips. */
const chipLabel: Record<string, string> = {
  propertyId: 'Property',
  raisedMonth: 'Raised in',
  dueMonth: 'Due in',
  createdMonth: 'Created in',
  issuedMonth: 'Issued in',
  type: 'Type',
  serious: 'Excluding',
  upcoming: 'Only',
};

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11" → "Nov 2026". */
export function monthLabel(m: string): string {
  const [y, mm] = m.split('-');
  const i = Number(mm) - 1;
  return months[i] && y ? `${months[i]} ${y}` : m;
}

export interface Chip {
  key: string;
  label: string;
}

/** The click-set filters of a list address, as chips. propertyName labels propertyId. */
export function chips(params: URLSearchParams): Chip[] {
  const out: Chip[] = [];
  for (const [key, value] of params) {
    const name = chipLabel[key];
    if (!name || !value) continue;
    let text = value;
    if (key.endsWith('Month')) text = monthLabel(value);
    if (key === 'propertyId') text = params.get('propertyName') || 'one property';
    if (key === 'serious') text = 'information and recommendations';
    if (key === 'upcoming') text = 'upcoming';
    out.push({ key, label: `${name}: ${text}` });
  }
  return out;
}

/** Parameters the URL carries for display only; never sent to the API. */
const displayOnly = new Set(['propertyName']);

/** The API query of a list address: every filter, search, sort and page. */
export function apiQuery(params: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of params) if (v && !displayOnly.has(k)) out[k] = v;
  return out;
}

/** The CSV or XLSX address of exactly what the list shows (every page of it). */
export function exportHref(kind: ListKind, params: URLSearchParams, format: 'csv' | 'xlsx'): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(apiQuery(params))) if (k !== 'offset' && k !== 'limit') p.set(k, v);
  const s = p.toString();
  return `/api/portal/${kind}.${format}${s ? '?' + s : ''}`;
}

/** A list address: "/list/defects?severity=critical". */
export function listPath(kind: ListKind, filters: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) p.set(k, v);
  const s = p.toString();
  return `/list/${kind}${s ? '?' + s : ''}`;
}

/** Which chart a click came from. */
export type ChartId = 'defects-monthly' | 'assets-by-type' | 'routines' | 'service-calls' | 'spend';

/** The list behind a chart's bar: its category (month or type) and series (severity, stage…). */
export function barListPath(chart: ChartId, a: ChartAnswer, dataIndex: number, seriesIndex: number): string {
  const cat = a.categories[dataIndex] ?? '';
  const key = a.keys[seriesIndex] ?? '';
  switch (chart) {
    case 'defects-monthly':
      return key === 'resolved'
        ? listPath('defects', { raisedMonth: cat, status: 'resolved' })
        : listPath('defects', { raisedMonth: cat, status: 'open', severity: key });
    case 'assets-by-type':
      return listPath('assets', { type: cat, worst: key });
    case 'routines':
      return listPath('tasks', { kind: 'routine', dueMonth: cat, tolerance: key });
    case 'service-calls':
      return listPath('tasks', { kind: 'service_call', createdMonth: cat, stage: key });
    case 'spend':
      return listPath('invoices', { issuedMonth: cat });
  }
}
