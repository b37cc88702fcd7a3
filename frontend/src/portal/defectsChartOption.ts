import type { EChartsCoreOption } from 'echarts/core';
import { severityColor, severityLabel, severityOrder } from '../lib/severity';
import type { PortalProperty } from '../lib/types';

function shorten(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

/**
 * Horizontal bars of open defects for the properties with the most, most at
 * the top; one stacked series per worst severity so the legend and colours
 * match the severity badges.
 */
export function defectsByPropertyOption(props: PortalProperty[], narrow: boolean): EChartsCoreOption {
  const top = chartProperties(props);
  const present = severityOrder.filter((s) => top.some((p) => p.worstSeverity === s));

  return {
    animationDuration: 300,
    color: present.map((s) => severityColor[s]),
    tooltip: {
      trigger: 'item',
      formatter: (p: { dataIndex: number }) => {
        const prop = top[p.dataIndex]!;
        const worst = prop.worstSeverity ? severityLabel[prop.worstSeverity] : 'None';
        return `<strong>${escapeHTML(prop.name)}</strong><br>${escapeHTML(prop.clientName)}<br>Open defects: ${prop.openDefects}<br>Worst: ${worst}`;
      },
    },
    legend: { top: 0, left: 0, itemWidth: 12, itemHeight: 12, textStyle: { color: '#5b6878' } },
    grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      minInterval: 1,
      splitLine: { lineStyle: { color: '#e6e9ed' } },
      axisLabel: { color: '#5b6878' },
    },
    yAxis: {
      type: 'category',
      data: top.map((p) => shorten(p.name, narrow ? 16 : 28)),
      axisTick: { show: false },
      axisLine: { lineStyle: { color: '#c5ccd4' } },
      axisLabel: { color: '#1c2733' },
    },
    series: present.map((s) => ({
      name: severityLabel[s],
      type: 'bar',
      stack: 'defects',
      barMaxWidth: 18,
      cursor: 'pointer',
      itemStyle: { borderRadius: [0, 3, 3, 0] },
      data: top.map((p) => (p.worstSeverity === s ? p.openDefects : null)),
    })),
  };
}

/**
 * The properties behind the chart, by category index: the ten with the most
 * open defects, reversed because ECharts draws the first category at the bottom.
 */
export function chartProperties(props: PortalProperty[]): PortalProperty[] {
  return props
    .filter((p) => p.openDefects > 0)
    .sort((a, b) => b.openDefects - a.openDefects)
    .slice(0, 10)
    .reverse();
}

function escapeHTML(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
