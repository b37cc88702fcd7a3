// Control Panel › Customer Portal: default panel visibility for all clients
// (the portal follows it) and portal usage by client and by group.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiAs, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office;

before(async () => {
  sw = await startSiteward('workspace-control-panel');
  office = await apiAs(sw.baseURL, sw.login('office'));
  browser = await openBrowser(sw.baseURL);
  const { page } = browser;
  await page.goto(`${sw.baseURL}/#/clients`);
  await signIn(page, sw.login('office'));
  await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Control panel' }).click();
  await page.getByRole('heading', { name: 'Control panel', level: 1 }).waitFor();
});

after(async () => {
  try {
    await office?.dispose();
    await browser?.close();
  } finally {
    await sw?.stop();
  }
});

test('portal defaults: hiding Routine activities hides it for every client', async () => {
  const { page } = browser;
  const box = page.getByRole('checkbox', { name: 'Routine activities' });
  await box.waitFor();
  assert.equal(await box.isChecked(), true);
  await box.uncheck();
  await page.getByRole('button', { name: 'Save defaults' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await screenshot(page, 'workspace-control-panel');
  const defaults = await (await office.get('/api/settings/portal-panels')).json();
  assert.equal(defaults.routines, false);
  assert.equal(defaults.map, true);

  // A customer's portal now leaves the panel out.
  const customer = await apiAs(sw.baseURL, sw.login('client'));
  try {
    const dash = await (await customer.get('/api/portal/dashboard')).json();
    assert.equal(dash.panels.routines, false, 'the portal still shows Routine activities');
    assert.equal(dash.panels.defects, true);
  } finally {
    await customer.dispose();
  }
  await page.reload();
  await page.getByRole('checkbox', { name: 'Routine activities' }).waitFor();
  assert.equal(await page.getByRole('checkbox', { name: 'Routine activities' }).isChecked(), false, 'the saved default was not shown after a reload');
});

test('portal usage: clients and groups with users and sign-ins, sorted on the server', async () => {
  const { page } = browser;
  const section = page.locator('section[aria-labelledby="usage-title"]');
  const first = await (await office.get('/api/portal-usage?kind=client&sort=-signIns30d&limit=25')).json();
  await section.locator('table.data[aria-busy="false"] tbody tr').first().waitFor();
  const names = (await section.locator('tbody tr td:first-child').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(names, first.items.map((u) => u.name));
  assert.ok(first.items[0].signIns30d > 0, 'the demo has recent portal sign-ins');

  // The client who just signed in (the previous test) shows today's sign-in.
  const scope = sw.login('client').scope;
  await section.getByLabel('Search by name').fill(scope.name);
  const row = section.locator('tbody tr', { hasText: scope.name });
  await row.waitFor();
  const today = new Intl.DateTimeFormat('en-AU', { timeZone: 'Australia/Sydney', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
  assert.match(await row.locator('td').nth(2).innerText(), new RegExp(today.replace(/\//g, '\\/')));
  await section.getByRole('button', { name: 'Clear search' }).click();

  const res = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/portal-usage' && new URL(r.url()).searchParams.get('kind') === 'group');
  await section.getByLabel('Show').selectOption('group');
  await res;
  await section.locator('table.data[aria-busy="false"] thead', { hasText: 'Client group' }).waitFor();
  const byUsers = page.waitForResponse((r) => new URL(r.url()).searchParams.get('sort') === '-users');
  await section.getByRole('button', { name: 'Users' }).click();
  await byUsers;
  await section.locator('table.data[aria-busy="false"]').waitFor();
  const counts = (await section.locator('tbody tr td:nth-child(2)').allInnerTexts()).map((t) => Number(t.replace(/[^\d].*$/s, '')));
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'groups are not sorted by users, most first');
  await screenshot(page, 'workspace-control-panel-usage', { fullPage: true });
});
