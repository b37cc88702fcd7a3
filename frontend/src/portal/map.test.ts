import { describe, expect, it } from 'vitest';
import { severityColor } from '../lib/severity';
import {
  NO_DEFECTS_COLOUR,
  classCounts,
  clusterTooltip,
  clusterSize,
  levelFor,
  mapBounds,
  mapItems,
  mapOption,
  nearestPlace,
  padArea,
  pinsAt,
  readMap,
  shortCount,
  type MapAnswer,
  type MapPin,
} from './map';

const pin = (name: string, lat: number, lng: number, worstSeverity: MapPin['worstSeverity']): MapPin => ({
  id: name, name, address: `1 ${name} St`, lat, lng, worstSeverity,
});

// Shaped like GET /api/portal/map (backend.MapClusters).
const answer: MapAnswer = {
  level: 4,
  total: 14,
  unmapped: 1,
  bounds: [115.86, -37.81, 151.21, -31.95],
  severities: { critical: 2, information: 1, none: 11 },
  clusters: [
    [151.2, -33.9, 12, 'critical', 151.1, -34, 151.3, -33.8, [2, 0, 0, 0, 0, 10]],
    [144.9, -37.8, 2, null, 144.8, -37.81, 145, -37.7, [0, 0, 0, 0, 0, 2]],
  ],
  pins: [['p1', 'Perth House', '1 Hay St, Perth WA 6000', 115.86, -31.95, 'information']],
};

describe('map answer', () => {
  it('reads the compact arrays into clusters and pins', () => {
    const m = readMap(answer);
    expect(m.clusters[0]).toEqual({ lng: 151.2, lat: -33.9, count: 12, worst: 'critical', area: [151.1, -34, 151.3, -33.8], counts: [2, 0, 0, 0, 0, 10] });
    expect(m.pins[0]).toEqual({ id: 'p1', name: 'Perth House', address: '1 Hay St, Perth WA 6000', lng: 115.86, lat: -31.95, worstSeverity: 'information' });
    expect(m.total).toBe(14);
    expect(classCounts(m)).toBe('Critical 2, Information 1, No open defects 11');
  });

  it('tells a cluster’s make-up in its tooltip', () => {
    const t = clusterTooltip(readMap(answer).clusters[0]!);
    expect(t).toContain('<strong>12 properties</strong>');
    expect(t).toContain('Critical: 2');
    expect(t).toContain('No open defects: 10');
    expect(t).not.toContain('Information');
  });

  it('chooses the level whose cells are about 56 px wide, within 0–14', () => {
    // Australia across 1,200 px: ~30 px a degree, cells of ~2°, level 5.
    expect(levelFor(30)).toBe(5);
    expect(levelFor(60)).toBe(levelFor(30) + 1);
    expect(levelFor(1e9)).toBe(14);
    expect(levelFor(0)).toBe(0);
  });

  it('pads the area asked for and keeps it on the globe', () => {
    expect(padArea([150, -34, 152, -32])).toEqual([149.5, -34.5, 152.5, -31.5]);
    expect(padArea([-179, -89, 179, 89])).toEqual([-180, -90, 180, 90]);
  });

  it('draws counts short and circles growing with them', () => {
    expect([shortCount(7), shortCount(999), shortCount(1234), shortCount(12_345)]).toEqual(['7', '999', '1.2k', '12k']);
    expect(clusterSize(2)).toBeLessThan(clusterSize(100));
    expect(clusterSize(10_000)).toBe(44);
  });
});

describe('map view', () => {
  it('fits the view to the pins with a margin', () => {
    const [[w, n], [e, s]] = mapBounds([pin('Sydney', -33.87, 151.21, null), pin('Perth', -31.95, 115.86, null)])!;
    expect(w).toBeLessThan(115.86);
    expect(e).toBeGreaterThan(151.21);
    expect(n).toBeGreaterThan(-31.95);
    expect(s).toBeLessThan(-33.87);
    expect(e - w).toBeCloseTo((151.21 - 115.86) * 1.16, 5);
  });

  it('never zooms in closer than the minimum span', () => {
    const [[w, n], [e, s]] = mapBounds([pin('Sydney', -33.87, 151.21, null)], 3)!;
    expect(e - w).toBeCloseTo(3, 5);
    expect(n - s).toBeCloseTo(3, 5);
    expect(mapBounds([])).toBeUndefined();
  });

  it('widens the view to the box so the map is not stretched', () => {
    // Sydney and Melbourne: taller than wide; in a 2:1 box at aspect scale 0.8.
    const [[w, n], [e, s]] = mapBounds([pin('Sydney', -33.87, 151.21, null), pin('Melbourne', -37.81, 144.96, null)], 3, 2, 0.8)!;
    expect(((e - w) * 0.8) / (n - s)).toBeCloseTo(2, 5);
    expect(n - s).toBeCloseTo((37.81 - 33.87) * 1.16, 5);
  });

  it('has one labelled series per worst severity, worst on top, clusters numbered and coloured by their worst', () => {
    const o = mapOption(readMap(answer), 800, 440) as {
      geo: { map: string; boundingCoords: unknown; center: number[]; zoom: number };
      legend: { data: string[]; selectedMode: boolean };
      series: {
        name: string;
        coordinateSystem: string;
        itemStyle: { color: string };
        data: { name: string; value: number[]; pin?: MapPin; symbolSize?: number; label?: { formatter: string } }[];
      }[];
    };
    expect(o.geo.map).toBe('au-states');
    expect(o.geo.boundingCoords).toBeDefined();
    expect(o.geo.zoom).toBe(1);
    // Under the pins, the capitals named (towns too from a state's zoom).
    const [places, ...pins] = o.series;
    expect(places!.data.map((d) => d.name)).toContain('Perth');
    expect(places!.data.map((d) => d.name)).not.toContain('Bunbury');
    expect((mapOption({ ...readMap(answer), level: 8 }, 800, 440) as typeof o).series[0]!.data.map((d) => d.name)).toContain('Bunbury');
    // On a phone, the whole country unnamed.
    expect((mapOption(readMap(answer), 343, 360) as typeof o).series[0]!.data).toEqual([]);
    expect(pins.map((s) => s.name)).toEqual(['No open defects', 'Information', 'Critical']);
    expect(pins.map((s) => s.itemStyle.color)).toEqual([NO_DEFECTS_COLOUR, severityColor.information, severityColor.critical]);
    expect(pins[1]!.data.map((d) => d.pin?.name)).toEqual(['Perth House']);
    expect(pins[2]!.data[0]!.value).toEqual([151.2, -33.9]);
    expect(pins[2]!.data[0]!.label?.formatter).toBe('12');
    expect(pins[0]!.data[0]!.label?.formatter).toBe('2');
    expect(pins[2]!.data[0]!.symbolSize).toBeGreaterThan(pins[0]!.data[0]!.symbolSize!);
    expect(o.series.every((s) => s.coordinateSystem === 'geo')).toBe(true);
    // The legend names the colours of the whole view, and hides nothing.
    expect(o.legend.data).toEqual(['Critical', 'Information', 'No open defects']);
    expect(o.legend.selectedMode).toBe(false);
  });

  it('keeps where the map was moved to', () => {
    const o = mapOption(readMap(answer), 800, 440, { center: [151, -34], zoom: 8 }) as { geo: { center: number[]; zoom: number } };
    expect(o.geo.center).toEqual([151, -34]);
    expect(o.geo.zoom).toBe(8);
  });
});

describe('map in words', () => {
  it('names a point by the nearest bundled place', () => {
    expect(nearestPlace(151.2, -33.87)).toBe('Sydney');
    expect(nearestPlace(144.97, -37.81)).toBe('Melbourne');
  });

  it('lists what is drawn, worst open defect first, then the biggest clusters', () => {
    const items = mapItems(readMap(answer));
    expect(items.map((i) => [i.label, i.worst])).toEqual([
      ['12 properties near Sydney', 'critical'],
      ['Perth House', 'information'],
      ['2 properties near Melbourne', 'none'],
    ]);
    expect(items[0].detail).toBe('2 critical, 10 no open defects');
    expect(items[0].cluster?.count).toBe(12);
    expect(items[1].pin?.id).toBe('p1');
  });

  it('finds the pins drawn on top of the chosen one', () => {
    // A degree is 100 px here.
    const toPixel = ([lng, lat]: [number, number]) => [lng * 100, -lat * 100];
    const a = pin('Tower Level 2', -33.86, 151.21, null);
    const b = pin('Tower Level 1', -33.86, 151.21, 'critical');
    const c = pin('Tower annex', -33.8601, 151.2101, null); // 0.014 px away
    const far = pin('Far', -33.9, 151.21, null); // 4 px away at 100 px a degree
    const farther = pin('Farther', -34, 151.21, null);
    expect(pinsAt([a, b, c, far, farther], a, toPixel).map((p) => p.name)).toEqual(['Tower Level 2', 'Far', 'Tower annex', 'Tower Level 1']);
    expect(pinsAt([a, farther], a, toPixel).map((p) => p.name)).toEqual(['Tower Level 2']);
  });
});
