// How long the portal's main page takes to draw, per scope level (a client,
// a region, a national group and — through the office's "view as" — the
// root group with the most clients): from the navigation's start until the
// tally, the properties table, the map and every chart are drawn (no panel
// still loading; charts below the first screen are drawn when the page is
// idle, without scrolling), cold (first visit of the browser profile) and
// warm (a reload); when every panel in the first screen was drawn, and when
// each panel was. Recorded, never asserted:
// speed is judged from these numbers in docs/benchmarks.md, not by a timed
// test.
//
// Run it on a medium or large demo made once (SITEWARD_E2E_DATA=folder);
// without it, on the small demo like every browser test.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ARTIFACTS, apiAs, exact, getAll, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;

before(async () => {
  sw = await startSiteward('portal-timing');
});

after(async () => {
  await sw?.stop();
});

/**
 * Runs in the page from its first script: on every animation frame, notes
 * when each panel of the main page was first drawn (no loading state
 * visible inside it and something drawn in each of its bodies: a chart, a
 * table, a list or a message), and when every panel in the first screen
 * (the window before any scrolling) was, in ms since the navigation began.
 */
function recordPanels() {
  const firstDrawn = {};
  window.__panelsDrawn = firstDrawn;
  const drawn = (panel) =>
    ![...panel.querySelectorAll('.state-loading, [aria-busy="true"]')].some((e) => e.checkVisibility()) &&
    [...panel.querySelectorAll('.body')].every((b) => b.querySelector('canvas, svg, .state, table tbody tr, ul')) &&
    !!panel.querySelector('canvas, svg, .state, table tbody tr, ul, .tally-item, dl');
  const tick = () => {
    const panels = [...document.querySelectorAll('.home section.panel')];
    for (const panel of panels) {
      const id = panel.getAttribute('aria-labelledby') ?? panel.getAttribute('aria-label') ?? '?';
      const name = (document.getElementById(id)?.textContent ?? id).trim();
      if (!(name in firstDrawn) && drawn(panel)) firstDrawn[name] = Math.round(performance.now());
    }
    const inSight = panels.filter((p) => p.getBoundingClientRect().top < window.innerHeight);
    if (window.__firstScreenDrawn === undefined && inSight.length > 1 && inSight.every(drawn)) {
      window.__firstScreenDrawn = Math.round(performance.now());
    }
    if (performance.now() < 60_000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Waits until the main page is drawn and returns its timings (ms since the navigation began). */
async function drawn(page) {
  await page
    .waitForFunction(
    () => {
      const home = document.querySelector('.home');
      if (!home) return false;
      // Loading states inside closed sections (the activity report's) do not count.
      if ([...home.querySelectorAll('.state-loading, [aria-busy="true"]')].some((e) => e.checkVisibility())) return false;
      if (!home.querySelector('table.props tbody tr')) return false;
      // Every chart panel shows a drawn chart or its empty state.
      const bodies = [...home.querySelectorAll('.panel .body')];
      return bodies.length > 0 && bodies.every((b) => b.querySelector('canvas, svg, .state, table, ul'));
    },
    null,
    { timeout: 60_000, polling: 'raf' },
    )
    .catch(async (err) => {
      const why = await page.evaluate(() => {
        const home = document.querySelector('.home');
        if (!home) return 'no .home';
        const busy = [...home.querySelectorAll('.state-loading, [aria-busy="true"]')].filter((e) => e.checkVisibility()).map((e) => (e.closest(".panel")?.querySelector("h2,h3")?.textContent ?? "") + ": " + e.textContent.trim().slice(0, 80));
        const bare = [...home.querySelectorAll('.panel .body')].filter((b) => !b.querySelector('canvas, svg, .state, table, ul')).map((b) => b.outerHTML.slice(0, 200));
        return JSON.stringify({ busy, bare, rows: !!home.querySelector('table.props tbody tr') });
      });
      throw new Error(`${err.message}: ${why}`);
    });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const api = performance.getEntriesByType('resource').filter((r) => r.name.includes('/api/portal/'));
    const slowest = api.reduce((a, r) => (r.duration > (a?.duration ?? -1) ? r : a), null);
    return {
      drawnMs: Math.round(performance.now()),
      firstScreenMs: window.__firstScreenDrawn,
      domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd),
      loadMs: Math.round(nav.loadEventEnd),
      apiRequests: api.length,
      apiBytes: api.reduce((t, r) => t + (r.encodedBodySize || 0), 0),
      slowestApi: slowest ? { path: new URL(slowest.name).pathname, ms: Math.round(slowest.duration) } : null,
      lastApiEndMs: Math.round(Math.max(0, ...api.map((r) => r.responseEnd))),
      // Each portal request: when it started and ended (ms since the navigation began).
      api: api.map((r) => ({ path: new URL(r.name).pathname, startMs: Math.round(r.startTime), endMs: Math.round(r.responseEnd), bytes: r.encodedBodySize })),
      panels: { ...window.__panelsDrawn },
    };
  });
}

/** The root group with the most clients below it (the load generator's "root group"), as the office sees it. */
async function biggestRootGroup(baseURL, office) {
  const req = await apiAs(baseURL, office);
  try {
    const groups = await getAll(req, '/api/client-groups');
    const byId = new Map(groups.map((g) => [g.id, g]));
    const rootOf = (g) => {
      while (g.parentId && byId.has(g.parentId)) g = byId.get(g.parentId);
      return g;
    };
    const clients = new Map();
    for (const g of groups) {
      const r = rootOf(g);
      clients.set(r.id, (clients.get(r.id) ?? 0) + g.clientCount);
    }
    const [id] = [...clients].sort((a, b) => b[1] - a[1])[0];
    return byId.get(id);
  } finally {
    await req.dispose();
  }
}

/** Signs in as login and chooses its view; returns the address of the main page. */
async function openView(page, login, root) {
  // The office views as the group from the portal page's own address.
  const address = root ? `/portal.html?${new URLSearchParams({ asKind: 'group', asId: root.id })}` : '/portal.html';
  await page.goto(address);
  await signIn(page, login);
  const panel = page.getByRole('heading', { name: 'Your properties' });
  if (root) {
    await panel.waitFor({ timeout: 60_000 });
    return address;
  }
  const chooser = page.getByRole('heading', { name: 'Choose a view' });
  await chooser.or(panel).first().waitFor({ timeout: 60_000 });
  if (await chooser.isVisible()) {
    const kind = login.scope.kind === 'group' ? 'Group' : 'Client';
    await page
      .locator('ul.list li button')
      .filter({ has: page.locator('.kind', { hasText: exact(kind) }) })
      .filter({ has: page.locator('.name', { hasText: exact(login.scope.name) }) })
      .click();
  }
  await panel.waitFor({ timeout: 60_000 });
  return '/portal.html';
}

test('the main page draws, timed at each scope level', async () => {
  const results = [];
  const root = await biggestRootGroup(sw.baseURL, sw.login('office'));
  for (const role of ['client', 'region', 'national', 'root']) {
    const login = sw.login(role === 'root' ? 'office' : role);
    const browser = await openBrowser(sw.baseURL);
    const { page } = browser;
    try {
      await page.addInitScript(recordPanels);
      const address = await openView(page, login, role === 'root' ? root : null);
      // Signed in with the view chosen: now the page a customer opens.
      for (const visit of ['first', 'reload']) {
        if (visit === 'first') await page.goto(address);
        else await page.reload();
        const t = await drawn(page);
        results.push({ role, visit, ...t });
      }
      await screenshot(page, `portal-timing-${role}`, { fullPage: true });
    } finally {
      await browser.close();
    }
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, 'portal-timing.json'), JSON.stringify(results, null, 2));
  for (const r of results) {
    console.log(`${r.role.padEnd(9)} ${r.visit.padEnd(7)} drawn ${r.drawnMs} ms, first screen ${r.firstScreenMs} ms  (DOMContentLoaded ${r.domContentLoadedMs}, ` +
      `${r.apiRequests} portal requests, ${Math.round(r.apiBytes / 1024)} KB, last answered at ${r.lastApiEndMs}, slowest ${r.slowestApi?.path} ${r.slowestApi?.ms} ms)`);
    console.log(`          panels: ${Object.entries(r.panels).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  assert.equal(results.length, 8);
});
