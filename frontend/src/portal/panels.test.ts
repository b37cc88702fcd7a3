import { describe, expect, it } from 'vitest';
import { barBreakdown, categoryLabel, chartSummary, legendRows, yearChoices, type ChartAnswer } from './panels';

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

describe('legend', () => {
  it('counts legend rows', () => {
    expect(legendRows([], 300)).toBe(0);
    expect(legendRows(['Critical', 'Resolved'], 600)).toBe(1);
    expect(legendRows(['Critical', 'Non-critical', 'Non-conformance', 'Recommendation', 'Information', 'Resolved'], 343)).toBe(2);
  });
});
