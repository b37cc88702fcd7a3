// The office clients list, part two: filters (status, group, tag, portal
// access), the column chooser (remembered), selection + bulk edit with its
// summary, and CSV/XLSX export of exactly the filtered, sorted list.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { apiAs, getAll, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office;

before(async () => {
  sw = await startSiteward('workspace-clients');
  office = await apiAs(sw.baseURL, sw.login('office'));
  browser = await openBrowser(sw.baseURL);
  const { page } = browser;
  await page.goto(`${sw.baseURL}/#/clients`);
  await signIn(page, sw.login('office'));
  await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
});

after(async () => {
  try {
    await office?.dispose();
    await browser?.close();
  } finally {
    await sw?.stop();
  }
});

const rows = (page) => page.locator('table.data tbody tr');
const names = async (page) => {
  await page.locator('table.data[aria-busy="false"]').waitFor();
  return (await page.locator('table.data tbody tr td:nth-child(2) .name').allInnerTexts()).map((n) => n.trim());
};
function listed(page, check) {
  return page.waitForResponse((r) => {
    const u = new URL(r.url());
    return u.pathname === '/api/clients' && check(u.searchParams);
  });
}

test('filters: portal access and status narrow the list as the API does', async () => {
  const { page } = browser;
  const want = await getAll(office, '/api/clients', { portalAccess: 'false', sort: 'name' });
  assert.ok(want.length > 0, 'the demo has clients without portal access');
  const res = listed(page, (p) => p.get('portalAccess') === 'false');
  await page.getByLabel('Portal access').selectOption('false');
  await res;
  assert.deepEqual(await names(page), want.slice(0, 50).map((c) => c.name));
  const badges = await page.locator('table.data tbody tr .badge-warning', { hasText: 'NO PORTAL ACCESS' }).count();
  assert.equal(badges, Math.min(50, want.length), 'every row without portal access shows NO PORTAL ACCESS');
  await screenshot(page, 'workspace-clients-filter-no-portal');

  const inactive = await getAll(office, '/api/clients', { portalAccess: 'false', active: 'false' });
  const res2 = listed(page, (p) => p.get('active') === 'false' && p.get('portalAccess') === 'false');
  await page.getByLabel('Status').selectOption('false');
  await res2;
  if (inactive.length === 0) await page.getByText('No clients match').waitFor();
  else assert.equal((await names(page)).length, Math.min(50, inactive.length));
  await page.getByLabel('Status').selectOption('');
  const res3 = listed(page, (p) => !p.get('portalAccess'));
  await page.getByLabel('Portal access').selectOption('');
  await res3;
});

test('filters: a group shows only its clients', async () => {
  const { page } = browser;
  const groups = await getAll(office, '/api/client-groups', { sort: 'name' });
  const g = groups.find((x) => x.clientCount > 0);
  const want = await getAll(office, '/api/clients', { groupId: g.id });
  const res = listed(page, (p) => p.get('groupId') === g.id);
  await page.getByLabel('Group', { exact: true }).selectOption(g.id);
  await res;
  const shown = await names(page);
  assert.equal(shown.length, want.length);
  assert.deepEqual([...shown].sort(), want.map((c) => c.name).sort());
  await screenshot(page, 'workspace-clients-filter-group');
  const back = listed(page, (p) => !p.get('groupId'));
  await page.getByLabel('Group', { exact: true }).selectOption('');
  await back;
});

test('column chooser: hiding Group and showing Pricing tier is remembered after a reload', async () => {
  const { page } = browser;
  const header = (name) => page.locator('table.data thead th', { hasText: name });
  assert.equal(await header('Group').count(), 1);
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('checkbox', { name: 'Group' }).uncheck();
  await page.getByRole('checkbox', { name: 'Pricing tier' }).check();
  await screenshot(page, 'workspace-clients-columns');
  await page.keyboard.press('Escape');
  await page.locator('#column-list').waitFor({ state: 'detached' });
  assert.equal(await header('Group').count(), 0);
  assert.equal(await header('Pricing tier').count(), 1);
  await page.reload();
  await rows(page).first().waitFor();
  assert.equal(await header('Group').count(), 0, 'the column choice was forgotten');
  assert.equal(await header('Pricing tier').count(), 1);
  // Put Group back for the rest.
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('checkbox', { name: 'Group' }).check();
  await page.keyboard.press('Escape');
});

test('bulk edit: tag three clients and make them inactive, in one step with a summary', async () => {
  const { page } = browser;
  await rows(page).first().waitFor();
  const picked = (await names(page)).slice(0, 3);
  for (const n of picked) await page.getByRole('checkbox', { name: `Select ${n}`, exact: true }).check();
  await page.getByText('3 clients selected').waitFor();
  await page.getByRole('button', { name: 'Edit tags, status or group…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit 3 clients' });
  await dialog.waitFor();

  // Nothing chosen: the server says what to do, nothing is written.
  await dialog.getByRole('button', { name: 'Apply to all selected' }).click();
  await dialog.getByText('Choose what to change').waitFor();
  await screenshot(page, 'workspace-clients-bulk-error');

  await dialog.getByLabel('Add tags').fill('e2e-bulk, Monthly check');
  await dialog.getByLabel('Status').selectOption('false');
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/clients/bulk');
  await dialog.getByRole('button', { name: 'Apply to all selected' }).click();
  const res = await answer;
  assert.equal(res.status(), 200);
  const sum = await res.json();
  assert.equal(sum.selected, 3);
  assert.equal(sum.tagsAdded, 6);
  await dialog.getByText('3 of 3 selected clients changed.').waitFor();
  await dialog.getByText('6 tags added.').waitFor();
  await screenshot(page, 'workspace-clients-bulk-done');
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await dialog.waitFor({ state: 'hidden' });

  const tagged = await getAll(office, '/api/clients', { tag: 'e2e-bulk' });
  assert.deepEqual(tagged.map((c) => c.name).sort(), [...picked].sort());
  assert.ok(tagged.every((c) => !c.active && c.tags.includes('Monthly check')));

  // The tag filter now offers the new tag and shows exactly those three.
  const res2 = listed(page, (p) => p.get('tag') === 'e2e-bulk');
  await page.getByLabel('Tag').selectOption('e2e-bulk');
  await res2;
  assert.deepEqual((await names(page)).sort(), [...picked].sort());
  assert.equal(await page.locator('table.data tbody .badge-off', { hasText: 'Inactive' }).count(), 3);
  await screenshot(page, 'workspace-clients-filter-tag');
});

test('select all matching: every client of the filtered list, across pages', async () => {
  const { page } = browser;
  const res = listed(page, (p) => !p.get('tag'));
  await page.getByLabel('Tag').selectOption('');
  await res;
  const want = await getAll(office, '/api/clients', { portalAccess: 'true' });
  assert.ok(want.length > 50, 'the demo has more than a page of clients with portal access');
  const res2 = listed(page, (p) => p.get('portalAccess') === 'true');
  await page.getByLabel('Portal access').selectOption('true');
  await res2;
  await page.getByRole('checkbox', { name: 'Select every client on this page' }).check();
  await page.getByText('50 clients selected').waitFor();
  await page.getByRole('button', { name: `Select all ${want.length} matching clients` }).click();
  await page.getByText(`${want.length} clients selected`).waitFor();
  await screenshot(page, 'workspace-clients-select-all');
  await page.getByRole('button', { name: 'Clear selection' }).click();
  const res3 = listed(page, (p) => !p.get('portalAccess'));
  await page.getByLabel('Portal access').selectOption('');
  await res3;
  const res4 = listed(page, (p) => p.get('tag') === 'e2e-bulk');
  await page.getByLabel('Tag').selectOption('e2e-bulk');
  await res4;
});

test('export: CSV and XLSX of exactly the filtered, sorted list', async () => {
  const { page } = browser;
  // Still filtered by tag e2e-bulk; sort by name descending.
  const res = listed(page, (p) => p.get('sort') === '-name');
  await page.getByRole('button', { name: 'Client', exact: true }).click();
  await res;
  const shown = await names(page);

  const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  assert.match(csv.suggestedFilename(), /^clients-\d{4}-\d\d-\d\d\.csv$/);
  const text = readFileSync(await csv.path(), 'utf8').replace(/^\ufeff/, '');
  const lines = text.trim().split(/\r?\n/);
  assert.match(lines[0], /^Client,Client code,Group,Primary contact,Primary email,Pricing tier,Properties,Portal users,Tags,Added,Active$/, 'the export has the columns shown');
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0].replace(/^"|"$/g, '')), shown, 'the CSV rows are not the list as shown');
  assert.match(lines[1], /\d\d\/\d\d\/20\d\d,No$/, 'dates are DD/MM/YYYY and the clients inactive');

  const [xlsx] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export XLSX' }).click()]);
  assert.match(xlsx.suggestedFilename(), /^clients-\d{4}-\d\d-\d\d\.xlsx$/);
  const bytes = readFileSync(await xlsx.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'the XLSX is not a zip');
});
