import { describe, expect, it } from 'vitest';
import { severityColor } from '../lib/severity';
import type { PortalProperty, Severity } from '../lib/types';
import { chartProperties, defectsByPropertyOption } from './defectsChartOption';

const prop = (name: string, openDefects: number, worstSeverity: Severity | null): PortalProperty => ({
  id: name, name, address: '', state: 'NSW', clientId: 'c', clientName: 'Client', lat: null, lng: null,
  overdueInvoices: 0, quotesAwaiting: 0, openDefects, worstSeverity,
});

describe('defects by property chart', () => {
  const props = [prop('A', 3, 'non_critical'), prop('B', 0, 'information'), prop('C', 9, 'critical'), prop('D', 1, 'critical')];

  it('keeps properties with open defects, most at the top (last category)', () => {
    expect(chartProperties(props).map((p) => p.name)).toEqual(['D', 'A', 'C']);
  });

  it('has one series per worst severity, coloured like the badges', () => {
    const o = defectsByPropertyOption(props, false) as { color: string[]; series: { name: string; data: (number | null)[] }[] };
    expect(o.series.map((s) => s.name)).toEqual(['Critical', 'Non-critical']);
    expect(o.color).toEqual([severityColor.critical, severityColor.non_critical]);
    expect(o.series[0]!.data).toEqual([1, null, 9]);
    expect(o.series[1]!.data).toEqual([null, 3, null]);
  });
});
