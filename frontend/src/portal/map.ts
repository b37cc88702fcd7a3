// The portal map (GET /api/portal/map, docs/api.md): its compact answer
// read into objects, the level to ask for at a zoom, and the ECharts option
// — clusters of pins sized by their count and coloured by their worst open
// defect, single pins coloured the same way, over the bundled state
// outlines. The clusters come from the server (backend/mapclusters.go).
import type { EChartsCoreOption } from 'echarts/core';
import { formatNumber, plural } from '../lib/format';
import { severityColor, severityLabel, severityOrder } from '../lib/severity';
import type { Severity } from '../lib/types';
import { PLACES } from './geo/places';
import { legendRows } from './panels';

export interface MapPin {
  id: string;
  name: string;
  address: string;
  lat: number;
  lng: number;
  worstSeverity: Severity | null;
}

/** [west, south, east, north] in degrees. */
export type MapArea = [number, number, number, number];

export interface MapCluster {
  lng: number;
  lat: number;
  count: number;
  worst: Severity | null;
  /** The box its pins fill: a click zooms to it. */
  area: MapArea;
  /** How many have each worst open defect, in severityOrder, then none. */
  counts: number[];
}

export interface PortalMap {
  level: number;
  /** The view's located properties, and those with no location. */
  total: number;
  unmapped: number;
  bounds: MapArea | null;
  /** The view's pins by worst open defect ("none": no open defects). */
  severities: Partial<Record<PinClass, number>>;
  clusters: MapCluster[];
  pins: MapPin[];
}

/** The answer as sent: arrays, no key repeated per pin. */
export interface MapAnswer extends Omit<PortalMap, 'clusters' | 'pins'> {
  clusters: [number, number, number, Severity | null, number, number, number, number, number[]][];
  pins: [string, string, string, number, number, Severity | null][];
}

export function readMap(a: MapAnswer): PortalMap {
  return {
    ...a,
    clusters: a.clusters.map(([lng, lat, count, worst, w, s, e, n, counts]) => ({ lng, lat, count, worst, area: [w, s, e, n], counts })),
    pins: a.pins.map(([id, name, address, lng, lat, worstSeverity]) => ({ id, name, address, lng, lat, worstSeverity })),
  };
}

/** The deepest level (backend.MapMaxLevel): every pin drawn as itself. */
export const MAP_MAX_LEVEL = 14;
/** How wide a cell is drawn (the server's mapCellPixels). */
const CELL_PX = 56;

/** The level whose cells are about CELL_PX wide at this many pixels per degree of latitude. */
export function levelFor(pxPerDegree: number): number {
  const level = Math.round(Math.log2((45 * pxPerDegree) / CELL_PX));
  return Number.isFinite(level) ? Math.min(Math.max(level, 0), MAP_MAX_LEVEL) : 0;
}

/** An area widened by `by` of its size each way and kept on the globe. */
export function padArea([w, s, e, n]: MapArea, by = 0.25): MapArea {
  const dx = (e - w) * by, dy = (n - s) * by;
  return [Math.max(-180, w - dx), Math.max(-90, s - dy), Math.min(180, e + dx), Math.min(90, n + dy)];
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

export type PinClass = Severity | 'none';
// The same green as "No open defects" in the assets chart (backend/charts Palette).
export const NO_DEFECTS_COLOUR = '#81c784';

/** Legend label of a pin class. */
export function pinLabel(c: PinClass): string {
  return c === 'none' ? 'No open defects' : severityLabel[c];
}

export const pinColour = (c: PinClass) => (c === 'none' ? NO_DEFECTS_COLOUR : severityColor[c]);
// Numbers on light fills are dark, on dark fills white.
const labelColour = (c: PinClass) => (c === 'none' || c === 'non_conformance' ? '#1d2733' : '#ffffff');

/** The classes the view has, worst first. */
export function presentClasses(m: Pick<PortalMap, 'severities'>): PinClass[] {
  return allClasses.filter((c) => (m.severities[c] ?? 0) > 0);
}

/** "Critical 3, No open defects 12". */
export function classCounts(m: Pick<PortalMap, 'severities'>): string {
  return presentClasses(m).map((c) => `${pinLabel(c)} ${formatNumber(m.severities[c] ?? 0)}`).join(', ');
}

/** A cluster's number as drawn: 7, 312, 1.2k, 12k. */
export function shortCount(n: number): string {
  if (n < 1000) return String(n);
  const k = n / 1000;
  return `${k < 10 ? Math.floor(k * 10) / 10 : Math.floor(k)}k`;
}

/** A cluster's circle grows with its count: 24 px for 2, 44 px for 10,000. */
export function clusterSize(count: number, narrow = false): number {
  return Math.round((narrow ? 22 : 24) + 5 * Math.log10(Math.max(count, 1)));
}

function escapeHTML(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const allClasses: PinClass[] = [...severityOrder, 'none'];

/** A cluster's tooltip: how many, and how many of them have each worst open defect. */
export function clusterTooltip(k: MapCluster): string {
  const rows = allClasses
    .map((c, i) => ({ c, n: k.counts[i] ?? 0 }))
    .filter((r) => r.n > 0)
    .map((r) => `<span style="color:${pinColour(r.c)}">●</span> ${pinLabel(r.c)}: ${formatNumber(r.n)}`);
  return `<strong>${plural(k.count, 'property', 'properties')}</strong><br>${rows.join('<br>')}<br><em>Select to zoom in</em>`;
}

/** Where the map looks: ECharts geo center ([lng, lat]) and zoom (1: the whole view). */
export interface MapRoam {
  center: [number, number];
  zoom: number;
}

/** The view's box as the map first shows it, for a chart of width × height. */
export function firstView(m: Pick<PortalMap, 'bounds' | 'severities'>, width: number, height: number) {
  const legend = presentClasses(m).map(pinLabel);
  const top = 8, bottom = 12 + legendRows(legend, width) * 22;
  const [w, s, e, n] = m.bounds ?? [113, -44, 154, -10];
  // Degrees of longitude shrink away from the equator: scale by the cosine
  // of the middle latitude, as an equirectangular map would.
  const aspectScale = Math.cos((((s + n) / 2) * Math.PI) / 180);
  const box = mapBounds([{ lng: w, lat: s }, { lng: e, lat: n }], 3, width / Math.max(1, height - top - bottom), aspectScale)!;
  const roam: MapRoam = { center: [(box[0][0] + box[1][0]) / 2, (box[0][1] + box[1][1]) / 2], zoom: 1 };
  return { legend, top, bottom, aspectScale, box, roam };
}

/**
 * The map: the states' outlines (registered as "au-states") and one scatter
 * series per worst severity holding that colour's clusters and pins, so the
 * legend names each colour; the worst are drawn last, on top. The legend
 * only names the colours (hiding a colour would hide clusters holding
 * others). maxZoom is how far the deepest level is from the first view.
 */
export function mapOption(m: PortalMap, width: number, height: number, roam?: MapRoam, maxZoom = 4096): EChartsCoreOption {
  const { legend, top, bottom, aspectScale, box, roam: first } = firstView(m, width, height);
  const at = roam ?? first;
  const narrow = width < 520;
  const present = presentClasses(m);
  return {
    animation: false,
    backgroundColor: '#f1f6fa', // the sea
    tooltip: {
      trigger: 'item',
      formatter: (p: { data?: { pin?: MapPin; cluster?: MapCluster } }) => {
        const { pin, cluster } = p.data ?? {};
        if (cluster) return clusterTooltip(cluster);
        if (!pin) return '';
        const worst = pin.worstSeverity ? `Worst open defect: ${severityLabel[pin.worstSeverity]}` : 'No open defects';
        return `<strong>${escapeHTML(pin.name)}</strong><br>${escapeHTML(pin.address)}<br>${worst}`;
      },
    },
    // On a box of its own: a zoomed map reaches under it.
    legend: {
      bottom: 0,
      left: 0,
      itemWidth: 12,
      itemHeight: 12,
      selectedMode: false,
      backgroundColor: 'rgba(255, 255, 255, 0.92)',
      borderRadius: 4,
      textStyle: { color: '#5b6878' },
      data: legend,
    },
    geo: {
      map: 'au-states',
      roam: true,
      aspectScale,
      boundingCoords: box,
      center: at.center,
      zoom: at.zoom,
      scaleLimit: { min: 0.8, max: maxZoom },
      top,
      bottom,
      left: 'center',
      itemStyle: { areaColor: '#ffffff', borderColor: '#9fb0bf', borderWidth: 0.8 },
      // The outlines are background: no hover, no selection, no tooltip.
      silent: true,
      label: { show: false },
    },
    series: [placesSeries(m, ((height - top - bottom) / (box[0][1] - box[1][1])) * at.zoom, aspectScale, narrow), ...[...present].reverse().map((c) => ({
      id: `map-${c}`,
      name: pinLabel(c),
      type: 'scatter',
      coordinateSystem: 'geo',
      symbolSize: narrow ? 9 : 11,
      cursor: 'pointer',
      itemStyle: { color: pinColour(c), borderColor: '#ffffff', borderWidth: 1, opacity: 1 },
      emphasis: { scale: 1.15 },
      data: [
        ...m.pins.filter((p) => (p.worstSeverity ?? 'none') === c).map((p) => ({ name: p.name, value: [p.lng, p.lat], pin: p })),
        ...m.clusters
          .filter((k) => (k.worst ?? 'none') === c)
          .map((k) => ({
            name: plural(k.count, 'property', 'properties'),
            value: [k.lng, k.lat],
            cluster: k,
            symbolSize: clusterSize(k.count, narrow),
            itemStyle: { borderWidth: 2 },
            label: { show: true, formatter: shortCount(k.count), color: labelColour(c), fontSize: narrow ? 11 : 12, fontWeight: 'bold' },
          })),
      ],
    }))],
  };
}

/**
 * Level from which towns as well as capitals are named (cells of ~0.7°: a
 * state); on a phone the capitals only from a region's zoom (the whole
 * country's names crowd its south-east corner).
 */
const TOWNS_LEVEL = 6;
const NARROW_PLACES_LEVEL = 5;

/**
 * The towns and cities named under the pins: background, never hovered or
 * clicked. A name goes above its place, clear of the circle, where a
 * cluster is drawn over the place (pxPerDegree: of latitude, at the zoom).
 */
function placesSeries(m: PortalMap, pxPerDegree: number, aspectScale: number, narrow: boolean) {
  const under = (lng: number, lat: number) => {
    let r = 0;
    for (const k of m.clusters) {
      const size = clusterSize(k.count, narrow) / 2;
      if (Math.hypot((k.lng - lng) * aspectScale * pxPerDegree, (k.lat - lat) * pxPerDegree) < size + 6) r = Math.max(r, size);
    }
    return r;
  };
  return {
    id: 'map-places',
    name: 'Places',
    type: 'scatter',
    coordinateSystem: 'geo',
    silent: true,
    z: 1,
    symbolSize: 3,
    itemStyle: { color: '#8a99a8' },
    tooltip: { show: false },
    label: { show: true, position: 'right', formatter: '{b}', color: '#5b6878', fontSize: 11, textBorderColor: '#ffffff', textBorderWidth: 2 },
    labelLayout: { hideOverlap: true },
    data: PLACES.filter((p) => (p[3] === 1 && (!narrow || m.level >= NARROW_PLACES_LEVEL)) || m.level >= TOWNS_LEVEL).map(([name, lng, lat]) => {
      const r = under(lng, lat);
      return r ? { name, value: [lng, lat], label: { position: 'top', distance: r + 1 } } : { name, value: [lng, lat] };
    }),
  };
}

/** The bundled place nearest to a point, for naming a cluster in words. */
export function nearestPlace(lng: number, lat: number): string {
  let best = '';
  let d = Infinity;
  for (const [name, plng, plat] of PLACES) {
    const e = Math.hypot((plng - lng) * Math.cos((lat * Math.PI) / 180), plat - lat);
    if (e < d) [best, d] = [name, e];
  }
  return best;
}

/**
 * The pins drawn on top of one another: those within `px` pixels of the
 * chosen pin (toPixel converts [lng, lat]), the chosen one first. Tenancies
 * of one building share its coordinates, so only the top pin can be clicked.
 */
export function pinsAt(pins: MapPin[], chosen: MapPin, toPixel: (p: [number, number]) => number[], px = 6): MapPin[] {
  const [x, y] = toPixel([chosen.lng, chosen.lat]);
  const near = pins.filter((p) => {
    if (p.id === chosen.id) return false;
    const [px2, py2] = toPixel([p.lng, p.lat]);
    return Math.hypot(px2 - x, py2 - y) <= px;
  });
  return [chosen, ...near.sort((a, b) => a.name.localeCompare(b.name))];
}

/** One thing drawn on the map, in words: what a keyboard or screen reader user is offered instead of the canvas. */
export interface MapItem {
  key: string;
  label: string;
  detail: string;
  worst: PinClass;
  cluster?: MapCluster;
  pin?: MapPin;
}

/** What is drawn, worst open defect first, then the biggest clusters and by name. */
export function mapItems(m: Pick<PortalMap, 'clusters' | 'pins'>): MapItem[] {
  const rank = (c: PinClass) => allClasses.indexOf(c);
  const items: MapItem[] = [
    ...m.clusters.map((k) => ({
      key: `c${k.lng},${k.lat}`,
      label: `${plural(k.count, 'property', 'properties')} near ${nearestPlace(k.lng, k.lat)}`,
      detail: allClasses
        .map((c, i) => ({ c, n: k.counts[i] ?? 0 }))
        .filter((r) => r.n > 0)
        .map((r) => `${formatNumber(r.n)} ${pinLabel(r.c).toLowerCase()}`)
        .join(', '),
      worst: (k.worst ?? 'none') as PinClass,
      cluster: k,
    })),
    ...m.pins.map((p) => ({ key: `p${p.id}`, label: p.name, detail: p.address, worst: (p.worstSeverity ?? 'none') as PinClass, pin: p })),
  ];
  return items.sort(
    (a, b) => rank(a.worst) - rank(b.worst) || (b.cluster?.count ?? 1) - (a.cluster?.count ?? 1) || a.label.localeCompare(b.label),
  );
}
