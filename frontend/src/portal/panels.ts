// Shapes of the portal main page's panel API (docs/api.md) and the pure
// helpers the panels use: summaries for screen readers, a clicked bar's
// breakdown. The map's are in map.ts.
import { formatNumber } from '../lib/format';
import type { Severity } from '../lib/types';

export interface PortalPanels {
  map: boolean;
  activity: boolean;
  defects: boolean;
  routines: boolean;
  serviceCalls: boolean;
  spend: boolean;
}

export interface PortalDashboard {
  openDefects: Record<Severity, number>;
  openDefectsTotal: number;
  quotesAwaiting: { defect: number; service: number };
  overdueInvoices: { count: number; amountCents: number };
  panels: PortalPanels;
}

/** A chart route's answer: the ECharts option as Go built it, and what a click needs. */
export interface ChartAnswer {
  option: ChartOption;
  /** Per dataIndex: "2026-01" or an asset type. */
  categories: string[];
  /** Per seriesIndex: "critical", "resolved", "onhold", "pending_outside", … */
  keys: string[];
  total: number;
}

/** The part of a Go-built option the UI reads. */
export interface ChartOption extends Record<string, unknown> {
  title?: { text?: string };
  xAxis?: { data?: string[] }[];
  yAxis?: { data?: string[] }[];
  series?: { name: string; itemStyle?: { color?: string }; data?: { value: number }[] }[];
}

/** The label of category i as the chart shows it ("Nov 2026", "Extinguisher"). */
export function categoryLabel(a: ChartAnswer, i: number): string {
  const axis = a.option.xAxis?.[0]?.data ?? a.option.yAxis?.[0]?.data;
  return axis?.[i] ?? a.categories[i] ?? '';
}

export interface BarPart {
  key: string;
  label: string;
  colour: string;
  value: number;
}

/** What one bar (category i) is made of, every series in stacking order. */
export function barBreakdown(a: ChartAnswer, i: number): BarPart[] {
  return (a.option.series ?? []).map((s, k) => ({
    key: a.keys[k] ?? s.name,
    label: s.name,
    colour: s.itemStyle?.color ?? '#9e9e9e',
    value: s.data?.[i]?.value ?? 0,
  }));
}

/** The chart as words, for screen readers: "Jan 2026: 4 (Critical 1, Resolved 3); …". */
export function chartSummary(a: ChartAnswer, format: (n: number) => string = formatNumber): string {
  const parts: string[] = [];
  a.categories.forEach((_, i) => {
    const bar = barBreakdown(a, i).filter((p) => p.value !== 0);
    const sum = bar.reduce((t, p) => t + p.value, 0);
    if (sum === 0) return;
    parts.push(`${categoryLabel(a, i)}: ${format(sum)} (${bar.map((p) => `${p.label} ${format(p.value)}`).join(', ')})`);
  });
  const title = a.option.title?.text ?? 'Chart';
  return parts.length ? `${title}. ${parts.join('; ')}.` : `${title}: nothing to show.`;
}

/** Years the routine chart offers: five back, one ahead. */
export function yearChoices(current: number): number[] {
  const out: number[] = [];
  for (let y = current + 1; y >= current - 5; y--) out.push(y);
  return out;
}

/**
 * How many rows a plain ECharts legend of these names takes at a width
 * (12 px icon, 5 px gap, ~6.5 px a character at 12 px, 10 px between items).
 */
export function legendRows(names: string[], width: number): number {
  let rows = names.length ? 1 : 0, x = 0;
  for (const name of names) {
    const w = 12 + 5 + name.length * 6.5 + 10;
    if (x > 0 && x + w > width) {
      rows++;
      x = 0;
    }
    x += w;
  }
  return rows;
}
