import { describe, expect, it } from 'vitest';
import { severityColor } from '../lib/severity';
import {
  NO_DEFECTS_COLOUR,
  barBreakdown,
  categoryLabel,
  chartSummary,
  legendRows,
  mapBounds,
  mapOption,
  yearChoices,
  type ChartAnswer,
  type MapPin,
} from './panels';

// Shaped like GET /api/portal/charts/defects-monthly (trimmed to two months).
const answer: ChartAnswer = {
  option: {
    title: { text: 'Defects raised per month' },
    xAxis: [{ data: ['Oct 2026', 'Nov 2026'] }],
    series: [
      { name: 'Critical', itemStyle: { color: '#c62828' }, data: [{ value: 0 }, { value: 2 }] },
      { name: 'Resolved', itemStyle: { color: '#2e7d32' }, data: [{ value: 0 }, { value: 3 }] },
    ],
  },
  categories: ['2026-10', '2026-11'],
  keys: ['critical', 'resolved'],
  total: 5,
};

describe('chart answers', () => {
  it('breaks a clicked bar into its series', () => {
    expect(categoryLabel(answer, 1)).toBe('Nov 2026');
    expect(barBreakdown(answer, 1)).toEqual([
      { key: 'critical', label: 'Critical', colour: '#c62828', value: 2 },
      { key: 'resolved', label: 'Resolved', colour: '#2e7d32', value: 3 },
    ]);
  });

  it('reads sideways charts’ categories from the y axis', () => {
    const sideways: ChartAnswer = { ...answer, option: { ...answer.option, xAxis: [{}], yAxis: [{ data: ['Extinguisher', 'Hydrant'] }] } };
    delete sideways.option.xAxis;
    expect(categoryLabel(sideways, 1)).toBe('Hydrant');
  });

  it('says the chart in words, leaving out empty bars', () => {
    expect(chartSummary(answer, String)).toBe('Defects raised per month. Nov 2026: 5 (Critical 2, Resolved 3).');
    expect(chartSummary({ ...answer, categories: [] }, String)).toBe('Defects raised per month: nothing to show.');
  });

  it('offers five years back and one ahead', () => {
    expect(yearChoices(2026)).toEqual([2027, 2026, 2025, 2024, 2023, 2022, 2021]);
  });
});

const pin = (name: string, lat: number, lng: number, worstSeverity: MapPin['worstSeverity']): MapPin => ({
  id: name, name, address: `1 ${name} St`, lat, lng, worstSeverity,
});

describe('map', () => {
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

  it('counts legend rows', () => {
    expect(legendRows([], 300)).toBe(0);
    expect(legendRows(['Critical', 'Resolved'], 600)).toBe(1);
    expect(legendRows(['Critical', 'Non-critical', 'Non-conformance', 'Recommendation', 'Information', 'Resolved'], 343)).toBe(2);
  });

  it('has one labelled series per worst severity, worst on top, coloured like the badges', () => {
    const o = mapOption([pin('A', -33, 151, 'critical'), pin('B', -34, 150, null), pin('C', -35, 149, 'critical'), pin('D', -36, 148, 'information')], 800, 440) as {
      geo: { map: string; boundingCoords: unknown };
      legend: { data: string[] };
      series: { name: string; coordinateSystem: string; itemStyle: { color: string }; data: { name: string; value: number[] }[] }[];
    };
    expect(o.geo.map).toBe('au-states');
    expect(o.geo.boundingCoords).toBeDefined();
    expect(o.series.map((s) => s.name)).toEqual(['No open defects', 'Information', 'Critical']);
    expect(o.series.map((s) => s.itemStyle.color)).toEqual([NO_DEFECTS_COLOUR, severityColor.information, severityColor.critical]);
    expect(o.series[2]!.data.map((d) => d.name)).toEqual(['A', 'C']);
    expect(o.series[2]!.data[0]!.value).toEqual([151, -33]);
    expect(o.series.every((s) => s.coordinateSystem === 'geo')).toBe(true);
    expect(o.legend.data).toEqual(['Critical', 'Information', 'No open defects']);
  });
});
