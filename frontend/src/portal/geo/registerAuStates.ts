// Registers Australia's state outlines with ECharts as the map "au-states".
// The outlines are bundled (no tile server, no network): see
// scripts/build-au-states.mjs for where they come from.
import { echarts } from '../../lib/echarts';
import auStates from './au-states.json';

let done = false;

export function registerAuStates(): void {
  if (done) return;
  echarts.registerMap('au-states', auStates as unknown as Parameters<typeof echarts.registerMap>[1]);
  done = true;
}

/** What the outlines' source asks to be credited with. */
export const MAP_ATTRIBUTION = 'State outlines: Made with Natural Earth (public domain).';
