// The map of a big view, as a national facility manager uses it: nearby
// properties drawn as numbered circles coloured by their worst open
// defect; selecting one zooms in to its properties (the server answers the
// clusters of the new level for what is in sight), until single pins show;
// a pin opens its property's page; "Show all" goes back to the whole view.
// Clusters and pins are found by their colour in the canvas (canvas.mjs),
// so these are real clicks on the real drawing. At 1280 and 375 px.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { findBlobs } from './canvas.mjs';
import { ARTIFACTS, DESKTOP, PHONE, exact, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;

before(async () => {
  sw = await startSiteward('portal-map');
});

after(async () => {
  await sw?.stop();
});

const NO_DEFECTS = '#81c784'; // map.ts NO_DEFECTS_COLOUR

async function openPortal(page, login) {
  await page.goto('/portal.html');
  await signIn(page, login);
  const chooser = page.getByRole('heading', { name: 'Choose a view' });
  const panel = page.getByRole('heading', { name: 'Your properties' });
  await chooser.or(panel).first().waitFor();
  if (await chooser.isVisible()) {
    await page
      .locator('ul.list li button')
      .filter({ has: page.locator('.kind', { hasText: exact('Group') }) })
      .filter({ has: page.locator('.name', { hasText: exact(login.scope.name) }) })
      .click();
  }
  await panel.waitFor();
}

/** Every answer of GET /api/portal/map the page gets, with the query it asked. */
function watchMap(page) {
  const answers = [];
  page.on('response', async (res) => {
    const url = new URL(res.url());
    if (url.pathname !== '/api/portal/map' || res.status() !== 200) return;
    answers.push({ query: url.searchParams, body: await res.json() });
  });
  return answers;
}

async function until(what, fn) {
  for (let i = 0; i < 100; i++) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Severity → the colour every chart and badge uses (read from the defects chart). */
async function colours(page) {
  const defects = await (await page.request.get('/api/portal/charts/defects-monthly')).json();
  const out = { none: NO_DEFECTS };
  defects.keys.forEach((k, i) => (out[k] = defects.option.series[i].itemStyle.color));
  return out;
}

/**
 * Blobs of colour in the map's canvases (ECharts may draw in more than one
 * layer), above the legend (up to three rows at phone width).
 */
async function blobsOf(section, colour) {
  const narrow = (await section.evaluate((e) => e.clientWidth)) < 560;
  const out = [];
  for (const canvas of await section.locator('canvas').all()) out.push(...(await findBlobs(canvas, colour, narrow ? 80 : 40)));
  return out.sort((a, b) => b.width * b.height - a.width * a.height);
}

const added = (m) => m.pins.length + m.clusters.reduce((n, c) => n + c[2], 0);

async function shot(section, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await section.page().waitForTimeout(300);
  await section.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** A pin drawn: a small blob of a colour some pin of the answer has. */
async function drawnPin(section, answer, colour) {
  for (const cls of new Set(answer.pins.map((p) => p[5] ?? 'none'))) {
    const pin = (await blobsOf(section, colour[cls])).find((b) => b.width >= 6 && b.width <= 16 && b.height <= 16);
    if (pin) return { cls, pin };
  }
  return null;
}

/**
 * Selects the biggest cluster drawn until a pin is drawn (at least once),
 * checking each selection zooms in: the next answer is of a deeper level,
 * for an area that holds the cluster's properties. Returns the last answer
 * and the pin.
 */
async function zoomToPins(page, section, answers, colour, suffix) {
  for (let step = 0; step < 8; step++) {
    const last = answers.at(-1).body;
    const target = step > 0 && (await drawnPin(section, last, colour));
    if (target) return { last, target };
    // The biggest cluster, found by its colour: the biggest blob of it.
    const biggest = [...last.clusters].sort((a, b) => b[2] - a[2])[0];
    const blob = (await blobsOf(section, colour[biggest[3] ?? 'none']))[0];
    assert.ok(blob && blob.width >= 18, `a cluster of ${biggest[2]} is drawn as a circle: ${JSON.stringify(blob)}`);
    const before = answers.length;
    await page.mouse.click(blob.x, blob.y);
    const next = await until('the zoomed map', () => answers.length > before && answers.at(-1));
    const q = next.query;
    assert.ok(Number(q.get('level')) > last.level, `selecting a cluster zooms in (level ${last.level} → ${q.get('level')})`);
    // The area asked for holds some cluster of the level before.
    const [west, south, east, north] = ['west', 'south', 'east', 'north'].map((k) => Number(q.get(k)));
    assert.ok(
      last.clusters.some((c) => c[0] >= west && c[0] <= east && c[1] >= south && c[1] <= north),
      `the zoomed area ${[west, south, east, north]} holds a selected cluster`,
    );
    assert.equal(next.body.total, last.total, 'the whole view is still counted');
    assert.ok(added(next.body) <= next.body.total);
    await section.getByRole('button', { name: 'Show all' }).waitFor();
    await page.waitForTimeout(300); // drawn
    if (step === 0) await shot(section, `portal-map-zoomed-${suffix}`);
  }
  throw new Error('no pin drawn after eight zooms');
}

for (const size of [DESKTOP, PHONE]) {
  test(`at ${size.width} px a big view's clusters zoom in when selected and a pin opens its property`, async () => {
    const browser = await openBrowser(sw.baseURL);
    const { page } = browser;
    try {
      await page.setViewportSize(size);
      const answers = watchMap(page);
      await openPortal(page, sw.login('national'));
      const section = page.locator('section[aria-labelledby="map-title"]');
      await section.locator('canvas').first().waitFor();
      await section.scrollIntoViewIfNeeded();
      const first = (await until('the first map answer', () => answers[0])).body;
      // The whole view in clusters: every property counted once, far fewer things drawn.
      assert.ok(first.total > 100, `the national view has ${first.total} located properties`);
      assert.ok(first.clusters.length > 0 && first.clusters.length + first.pins.length < first.total / 3, 'the view is clustered');
      assert.equal(added(first), first.total);
      const label = await section.locator('[role="img"]').getAttribute('aria-label');
      assert.match(label, new RegExp(`^Map of ${first.total.toLocaleString('en-AU')} properties by worst open defect: `));
      const colour = await colours(page);
      await shot(section, `portal-map-clusters-${size.width}`);

      const { last, target } = await zoomToPins(page, section, answers, colour, size.width);
      await shot(section, `portal-map-pins-${size.width}`);
      await page.mouse.click(target.pin.x, target.pin.y);
      const dialog = page.getByRole('dialog');
      const title = dialog.locator('#overlay-title');
      await title.filter({ hasNotText: /^Property$/ }).waitFor();
      const id = decodeURIComponent(new URL(page.url()).hash).match(/^#\/property\/([^/?]+)$/)?.[1];
      const pin = last.pins.find((p) => p[0] === id);
      assert.ok(pin, `the click opened the page of a pin on the map (${page.url()})`);
      assert.equal(await title.textContent(), pin[1]);
      assert.equal(pin[5] ?? 'none', target.cls, 'the pin clicked has the colour of its worst open defect');
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });

      // Back to the whole view, from memory.
      const asked = answers.length;
      await section.getByRole('button', { name: 'Show all' }).click();
      await section.getByRole('button', { name: 'Show all' }).waitFor({ state: 'detached' });
      await page.waitForTimeout(300);
      assert.equal(answers.length, asked, 'the whole view is drawn again without asking');
      const again = await blobsOf(section, colour[first.clusters.sort((a, b) => b[2] - a[2])[0][3] ?? 'none']);
      assert.ok(again[0]?.width >= 18, 'the clusters are back');
    } finally {
      await browser.close();
    }
  });
}

test('the map as a list: by keyboard a cluster zooms in and a pin opens its property', async () => {
  const browser = await openBrowser(sw.baseURL);
  const { page } = browser;
  try {
    await page.setViewportSize(DESKTOP);
    const answers = watchMap(page);
    await openPortal(page, sw.login('national'));
    const section = page.locator('section[aria-labelledby="map-title"]');
    await section.locator('canvas').first().waitFor();
    const first = (await until('the first map answer', () => answers[0])).body;
    const summary = section.locator('details.in-words summary');
    await summary.focus();
    await page.keyboard.press('Enter');
    const items = section.locator('details.in-words li button');
    assert.equal(await items.count(), Math.min(60, first.clusters.length + first.pins.length), 'everything drawn is listed');
    assert.match(await summary.textContent(), new RegExp(`\\(${first.clusters.length + first.pins.length} items in sight\\)`));
    // Worst open defect first: the first item has the worst class drawn.
    const order = ['critical', 'non_critical', 'non_conformance', 'recommendation', 'information', 'none'];
    const worst = Math.min(...[...first.clusters.map((c) => c[3]), ...first.pins.map((p) => p[5])].map((s) => order.indexOf(s ?? 'none')));
    const firstCluster = [...first.clusters].filter((c) => order.indexOf(c[3] ?? 'none') === worst).sort((a, b) => b[2] - a[2])[0];
    if (firstCluster) assert.match((await items.first().textContent()).trim(), new RegExp(`^${firstCluster[2].toLocaleString('en-AU')} properties near `));
    await screenshot(page, 'portal-map-list');

    // Enter on clusters until a pin is listed, then Enter on the pin.
    for (let i = 0; i < 8 && (await section.locator('details.in-words button[data-kind="pin"]').count()) === 0; i++) {
      const asked = answers.length;
      await section.locator('details.in-words button[data-kind="cluster"]').first().focus();
      await page.keyboard.press('Enter');
      await until('the zoomed answer', () => answers.length > asked);
      await section.getByRole('button', { name: 'Show all' }).waitFor();
      await page.waitForTimeout(200);
    }
    const pin = section.locator('details.in-words button[data-kind="pin"]').first();
    const name = (await pin.locator('.stack-name').textContent()).trim();
    await pin.focus();
    await page.keyboard.press('Enter');
    const title = page.getByRole('dialog').locator('#overlay-title');
    await title.filter({ hasText: exact(name) }).waitFor();
    // At phone width, the list (still open) reads without sideways scrolling.
    await page.keyboard.press('Escape');
    await title.waitFor({ state: 'detached' });
    await section.locator('details.in-words').scrollIntoViewIfNeeded();
    await screenshot(page, 'portal-map-list-zoomed', { phone: true });
  } finally {
    await browser.close();
  }
});
