// Shapes of the portal main page's panel API (docs/api.md) and the pure
// helpers the panels use: summaries for screen readers, a clicked bar's
// breakdown, and the map's option.
import type { EChartsCoreOption } from 'echarts/core';
import { formatNumber } from '../lib/format';
import { severityColor, severityLabel, severityOrder } from '../lib/severity';
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

export interface MapPin {
  id: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  worstSeverity: Severity | null;
}

export interface PortalMap {
  pins: MapPin[];
  unmapped: number;
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
 * The map's view: the pins' bounding box with a margin, at least minSpan
 * degrees each way so one pin (or a few in one suburb) is not a street map
 * of nothing, then widened or heightened to the box's aspect (width /
 * height) so the map fills it undistorted. aspectScale is how much a
 * degree of longitude is narrower than one of latitude there.
 * [[west, north], [east, south]] as ECharts' geo.boundingCoords.
 */
export function mapBounds(
  pins: Pick<MapPin, 'lat' | 'lng'>[],
  minSpan = 3,
  boxAspect?: number,
  aspectScale = 1,
): [[number, number], [number, number]] | undefined {
  if (pins.length === 0) return undefined;
  let w = Infinity, e = -Infinity, s = Infinity, n = -Infinity;
  for (const p of pins) {
    w = Math.min(w, p.lng);
    e = Math.max(e, p.lng);
    s = Math.min(s, p.lat);
    n = Math.max(n, p.lat);
  }
  let padX = Math.max((e - w) * 0.08, (minSpan - (e - w)) / 2, 0);
  let padY = Math.max((n - s) * 0.08, (minSpan - (n - s)) / 2, 0);
  if (boxAspect && boxAspect > 0) {
    const lngSpan = e - w + 2 * padX, latSpan = n - s + 2 * padY;
    if ((lngSpan * aspectScale) / latSpan < boxAspect) padX += ((latSpan * boxAspect) / aspectScale - lngSpan) / 2;
    else padY += ((lngSpan * aspectScale) / boxAspect - latSpan) / 2;
  }
  return [[w - padX, n + padY], [e + padX, s - padY]];
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

export type PinClass = Severity | 'none';
// The same green as "No open defects" in the assets chart (backend/charts Palette).
export const NO_DEFECTS_COLOUR = '#81c784';

/** Legend label of a pin class. */
export function pinLabel(c: PinClass): string {
  return c === 'none' ? 'No open defects' : severityLabel[c];
}

function escapeHTML(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The map: the states' outlines (registered as "au-states") and one scatter
 * series per worst severity, so the legend names each colour; the worst
 * are drawn last, on top.
 */
export function mapOption(pins: MapPin[], width: number, height: number): EChartsCoreOption {
  const classes: PinClass[] = [...severityOrder, 'none'];
  const present = classes.filter((c) => pins.some((p) => (p.worstSeverity ?? 'none') === c));
  const colour = (c: PinClass) => (c === 'none' ? NO_DEFECTS_COLOUR : severityColor[c]);
  const legend = present.map((c) => pinLabel(c));
  const top = 8, bottom = 12 + legendRows(legend, width) * 22;
  // Degrees of longitude shrink away from the equator: scale by the cosine
  // of the pins' middle latitude, as an equirectangular map would.
  const lats = pins.map((p) => p.lat);
  const aspectScale = pins.length ? Math.cos((((Math.min(...lats) + Math.max(...lats)) / 2) * Math.PI) / 180) : 0.83;
  return {
    animation: false,
    backgroundColor: '#f1f6fa', // the sea
    tooltip: {
      trigger: 'item',
      formatter: (p: { data?: { pin?: MapPin } }) => {
        const pin = p.data?.pin;
        if (!pin) return '';
        const worst = pin.worstSeverity ? `Worst open defect: ${severityLabel[pin.worstSeverity]}` : 'No open defects';
        return `<strong>${escapeHTML(pin.name)}</strong><br>${escapeHTML(pin.address)}<br>${worst}`;
      },
    },
    legend: { bottom: 0, left: 0, itemWidth: 12, itemHeight: 12, textStyle: { color: '#5b6878' }, data: legend },
    geo: {
      map: 'au-states',
      roam: true,
      aspectScale,
      boundingCoords: mapBounds(pins, 3, width / Math.max(1, height - top - bottom), aspectScale),
      top,
      bottom,
      left: 'center',
      itemStyle: { areaColor: '#ffffff', borderColor: '#9fb0bf', borderWidth: 0.8 },
      // The outlines are background: no hover, no selection, no tooltip.
      silent: true,
      label: { show: false },
    },
    series: [...present].reverse().map((c) => ({
      name: pinLabel(c),
      type: 'scatter',
      coordinateSystem: 'geo',
      symbolSize: width < 520 ? 9 : 11,
      cursor: 'pointer',
      itemStyle: { color: colour(c), borderColor: '#ffffff', borderWidth: 1 },
      emphasis: { scale: 1.4 },
      data: pins
        .filter((p) => (p.worstSeverity ?? 'none') === c)
        .map((p) => ({ name: p.name, value: [p.lng, p.lat], pin: p })),
    })),
  };
}
