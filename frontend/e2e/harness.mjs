// Browser-test harness: a demo workspace served by the real binary on a
// loopback port, Debian's chromium driven by playwright-core, screenshots
// and a record of every request the browser makes.
//
//   SITEWARD_BIN  the plain server binary (make build → build/bin/siteward-server)
//   ARTIFACTS     where screenshots and the server log go (default ../test-artifacts/browser)
//
// Never `npx playwright install`: the system chromium is used.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, request as apiRequest } from 'playwright-core';

export const ARTIFACTS = resolve(process.env.ARTIFACTS || '../test-artifacts/browser');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };
export const PASSWORD_FIELD = '#login-password';
export const EMAIL_FIELD = '#login-email';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Every process and folder made here, so an exit on any path cleans up. */
const children = new Set();
const tempDirs = new Set();
process.on('exit', () => {
  for (const child of children) {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
// A signal skips 'exit' handlers unless it is turned into an exit.
for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(sig === 'SIGINT' ? 130 : 143));

/** A temp folder removed when the test process exits. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

function binary() {
  const bin = process.env.SITEWARD_BIN;
  if (!bin) throw new Error('SITEWARD_BIN is not set: point it at the plain server binary (make build → build/bin/siteward-server)');
  return resolve(bin);
}

/**
 * Runs the binary to completion (input, if given, on its standard input);
 * resolves with its output, rejects with it on a non-zero exit.
 */
export async function runSiteward(args, input) {
  const child = spawn(binary(), args, { stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  children.add(child);
  if (input !== undefined) child.stdin.end(input);
  let out = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (out += b));
  const [code, signal] = await once(child, 'exit');
  children.delete(child);
  if (code !== 0) throw new Error(`siteward ${args.join(' ')} failed (${code ?? signal}):\n${out}`);
  return out;
}

export async function freePort() {
  const srv = createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

/** Sends SIGTERM, then SIGKILL after 5 s; resolves when the process is gone. */
async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
  children.delete(child);
}

/**
 * Creates the deterministic demo workspace in a temp folder and serves it on
 * a free loopback port. Returns { baseURL, logins, login(role), stop() }.
 */
export async function startSiteward(name) {
  // SITEWARD_E2E_DATA serves an existing data folder (a medium or large demo
  // made once, for timings) instead of a fresh small demo; it is kept.
  const given = process.env.SITEWARD_E2E_DATA;
  const dataDir = given ? resolve(given) : tempDir('siteward-e2e-data-');
  const seed = process.env.SITEWARD_DEMO_SEED || '1';
  let served;
  const stop = async () => {
    try {
      if (served) await served.stop();
    } finally {
      if (!given) removeDir(dataDir);
    }
  };
  try {
    if (!given) await runSiteward(['demo', '--data', dataDir, '--size', 'small', '--seed', seed]);
    const logins = JSON.parse(readFileSync(join(dataDir, 'demo-logins.json'), 'utf8'));
    served = await serveFolder(dataDir, name);
    return {
      baseURL: served.baseURL,
      logins,
      /** The demo login with this role ("office", "region", …). */
      login(role) {
        const l = logins.logins.find((x) => x.role === role);
        assert.ok(l, `demo-logins.json has no ${role} login`);
        return l;
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Serves an existing data folder with `siteward serve` on a loopback port
 * (a free one unless given; the same port again after a stop keeps the
 * browser's origin). stop() ends it and appends its log to
 * ARTIFACTS/server-<name>.log; the folder stays.
 */
const logsWritten = new Set();

export async function serveFolder(dataDir, name, port) {
  port ??= await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(binary(), ['serve', '--data', dataDir, '--addr', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.stdout.on('data', (b) => (log += b));
  child.stderr.on('data', (b) => (log += b));
  const stop = async () => {
    await stopProcess(child);
    mkdirSync(ARTIFACTS, { recursive: true });
    // The first stop of a name in this run starts its log afresh.
    (logsWritten.has(name) ? appendFileSync : writeFileSync)(join(ARTIFACTS, `server-${name}.log`), log);
    logsWritten.add(name);
  };
  try {
    await waitUntilServing(baseURL, child, () => log);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseURL, port, stop };
}

async function waitUntilServing(baseURL, child, log) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`siteward serve exited (${child.exitCode ?? child.signalCode}):\n${log()}`);
    }
    try {
      const res = await fetch(`${baseURL}/api/me`, { signal: AbortSignal.timeout(1000) });
      if (res.status === 200 || res.status === 401) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`siteward serve did not answer GET /api/me within 20 s:\n${log()}`);
}

/**
 * A fresh chromium profile at desktop size; relative URLs (page.goto,
 * page.request) go to baseURL. Records every request URL and
 * every page error / console error. close() asserts that no request left
 * 127.0.0.1 and that the page logged no errors.
 */
export async function openBrowser(baseURL) {
  const profile = tempDir('siteward-e2e-profile-');
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: DESKTOP,
      baseURL,
      locale: 'en-AU',
      timezoneId: 'Australia/Sydney',
    });
  } catch (err) {
    removeDir(profile);
    throw err;
  }
  context.setDefaultTimeout(10_000);
  const requests = [];
  const problems = [];
  context.on('request', (r) => requests.push(r.url()));
  const watch = (page) => {
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      // Chromium logs every non-2xx fetch as "Failed to load resource"; the
      // tests cause 401/404 on purpose and check statuses themselves.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
    });
  };
  context.on('page', watch);
  const page = context.pages()[0] ?? (await context.newPage());
  watch(page);
  let closed = false;
  return {
    context,
    page,
    requests,
    problems,
    /** Closes the browser, removes the profile, then checks requests and errors. */
    async close() {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } finally {
        removeDir(profile);
      }
      assertLocalOnly(requests);
      assert.deepEqual(problems, [], 'the page logged errors');
    },
  };
}

/**
 * Every request the browser made went to 127.0.0.1 (data: and blob: URLs
 * never leave the page; chrome: and chrome-extension: are the browser's own
 * built-in PDF viewer, loaded from inside chromium).
 */
export function assertLocalOnly(urls) {
  assert.ok(urls.length > 0, 'no requests were recorded');
  const away = urls.filter((u) => {
    const url = new URL(u);
    if (['data:', 'blob:', 'chrome:', 'chrome-extension:'].includes(url.protocol)) return false;
    return url.hostname !== '127.0.0.1';
  });
  assert.deepEqual(away, [], 'requests left the machine');
}

/** An API client outside the browser (its own cookies), signed in as login. */
export async function apiAs(baseURL, login) {
  const ctx = await apiRequest.newContext({ baseURL });
  const res = await ctx.post('/api/auth/login', { data: { email: login.email, password: login.password } });
  assert.equal(res.status(), 200, `API sign-in as ${login.email}: ${await res.text()}`);
  return ctx;
}

/**
 * An office install, enrolled for the office user `login` through `office`
 * (an API context signed in as an office user), pushes changes it made
 * without seeing the hub's: later clocks, base 0, so each one that meets a
 * newer hub change is recorded as a sync conflict ("Needs review").
 */
export async function pushFromLaptop(baseURL, office, login, changes) {
  const staff = await (await office.get('/api/sync/staff')).json();
  const officeUser = staff.items.find((u) => u.email === login.email);
  const { code } = await (await office.post('/api/sync/pairing-codes', { data: { userId: officeUser.id } })).json();
  const install = await apiRequest.newContext({ baseURL });
  try {
    const e = await (await install.post('/api/sync/enrol', { data: { code } })).json();
    const hlc = `${(Date.now() + 60_000).toString(16).padStart(13, '0')}-0000`;
    const push = await install.post('/api/sync/push', {
      headers: { Authorization: `Bearer ${e.token}` },
      data: { siteId: e.siteId, epoch: e.epoch, schemaVersion: '', changes: changes.map((c, i) => ({ seq: i + 1, op: 'update', hlc, baseSeq: 0, ...c })) },
    });
    assert.equal(push.status(), 200, await push.text());
    const res = await push.json();
    assert.ok(res.conflicts >= changes.length, `the push recorded ${JSON.stringify(res)}`);
  } finally {
    await install.dispose();
  }
}

/** GET a JSON list, following offset/limit until total is reached. */
export async function getAll(req, path, params = {}) {
  const items = [];
  for (let offset = 0; ; ) {
    const qs = new URLSearchParams({ ...params, offset: String(offset), limit: '500' });
    const res = await req.get(`${path}?${qs}`);
    assert.equal(res.status(), 200, `GET ${path}?${qs}: ${await res.text()}`);
    const body = await res.json();
    items.push(...(body.items ?? []));
    offset += (body.items ?? []).length;
    if (offset >= body.total || (body.items ?? []).length === 0) {
      assert.equal(items.length, body.total, `GET ${path}: items do not add up to total`);
      return items;
    }
  }
}

/** Types the credentials into the login form and presses Enter. */
export async function signIn(page, login, password = login.password) {
  const email = page.locator(EMAIL_FIELD);
  await email.waitFor();
  await email.fill('');
  await email.pressSequentially(login.email);
  const pw = page.locator(PASSWORD_FIELD);
  await pw.fill('');
  await pw.pressSequentially(password);
  await pw.press('Enter');
}

/** The page has no horizontal scroll (what a phone user would have to pan). */
export async function assertNoHorizontalScroll(page, what) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  assert.ok(scrollWidth <= innerWidth + 1, `${what}: the page scrolls sideways at ${innerWidth} px (scrollWidth ${scrollWidth})`);
}

/**
 * At phone width the portal's properties are cards: in each, the property
 * name and the severity badge beside it must not overlap.
 */
export async function assertCardsReadable(page) {
  const overlaps = await page.locator('table.props tbody tr').evaluateAll((trs) =>
    trs
      .map((tr) => {
        const name = tr.querySelector('td.prop .name').getBoundingClientRect();
        const sev = tr.querySelector('td:last-child').getBoundingClientRect();
        const overlap = name.right > sev.left + 0.5 && name.left < sev.right && name.bottom > sev.top && name.top < sev.bottom;
        return overlap ? tr.querySelector('td.prop .name').textContent : null;
      })
      .filter(Boolean),
  );
  assert.deepEqual(overlaps, [], 'the severity badge covers the property name');
}

/**
 * Saves ARTIFACTS/<name>-1280.png; with phone, also <name>-375.png (full
 * page) after checking the phone layout has no horizontal scroll (and
 * running atPhone, if given), then returns to desktop size.
 */
export async function screenshot(page, name, { phone = false, fullPage = false, atPhone } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await settle(page);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-1280.png`), fullPage });
  if (!phone) return;
  await page.setViewportSize(PHONE);
  await settle(page);
  await assertNoHorizontalScroll(page, name);
  if (atPhone) await atPhone();
  await page.screenshot({ path: join(ARTIFACTS, `${name}-375.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
  await settle(page);
}

/** Lets layout, fonts and chart resizes finish before a screenshot. */
async function settle(page) {
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 150)))),
  );
}

/** Escapes text for a RegExp. */
export function exact(text) {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/**
 * Saves ARTIFACTS/<name>-375.png of a workspace dialog at phone width. The
 * workspace is laid out for 1280 px and up (DESIGN.md §10), so only the
 * dialog's own content must fit: nothing in `part` (default: the whole
 * dialog) may reach past the dialog's edge.
 */
export async function phoneDialogShot(page, name, dialog, part = dialog) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(200);
  const edge = (await dialog.boundingBox()).x + (await dialog.boundingBox()).width;
  const wide = await part.evaluate(
    (el, edge) => [el, ...el.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > edge + 1).map((e) => `${e.tagName}.${e.className}`),
    edge,
  );
  assert.deepEqual(wide, [], `${name}: these reach past the dialog at 375 px`);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-375.png`) });
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(200);
}
