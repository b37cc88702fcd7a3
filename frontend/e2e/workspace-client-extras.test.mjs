// The client page's tasks (stage and overdue filters, paged on the
// server), the client code (a list column, edited on the client page,
// unique) and a property's building (tenancies), as the office uses them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiAs, openBrowser, phoneDialogShot, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office;
let clients; // two demo clients with properties

before(async () => {
  sw = await startSiteward('workspace-client-extras');
  office = await apiAs(sw.baseURL, sw.login('office'));
  clients = (await (await office.get('/api/clients?sort=-properties&limit=2')).json()).items;
  browser = await openBrowser(sw.baseURL);
  await browser.page.goto(`${sw.baseURL}/#/clients/${clients[0].id}`);
  await signIn(browser.page, sw.login('office'));
  await browser.page.getByRole('heading', { name: clients[0].name, level: 1 }).waitFor();
});

after(async () => {
  try {
    await office?.dispose();
    await browser?.close();
  } finally {
    await sw?.stop();
  }
});

const tasksAnswer = (page, check) =>
  page.waitForResponse((r) => new URL(r.url()).pathname === '/api/tasks' && check(new URL(r.url()).searchParams));

test('client page: the client tasks, by stage and overdue, paged on the server', async () => {
  const { page } = browser;
  const section = page.locator('section[aria-labelledby="client-tasks-title"]');
  await section.locator('table.data tbody tr').first().waitFor();
  const all = (await (await office.get(`/api/tasks?clientId=${clients[0].id}&limit=1`)).json()).total;
  assert.ok(all > 20, 'the demo client has more than one page of tasks');
  await section.getByText(new RegExp(`of ${all.toLocaleString('en-AU')} tasks`)).waitFor();

  let answer = tasksAnswer(page, (q) => q.get('stage') === 'complete' && q.get('clientId') === clients[0].id);
  await section.getByLabel('Stage').selectOption({ label: 'Complete' });
  const complete = await (await answer).json();
  assert.ok(complete.total > 0 && complete.total < all);
  await section.locator('table.data tbody tr').first().waitFor();
  for (const t of await section.locator('table.data tbody tr td:nth-child(3)').allInnerTexts()) assert.equal(t.trim(), 'Complete');

  answer = tasksAnswer(page, (q) => q.get('offset') === '20' && q.get('stage') === 'complete');
  if (complete.total > 20) {
    await section.getByRole('button', { name: /Next/ }).click();
    assert.equal((await (await answer).json()).items.length, Math.min(20, complete.total - 20));
  }

  answer = tasksAnswer(page, (q) => q.get('outsideTolerance') === 'true' && !q.get('stage'));
  await section.getByLabel('Stage').selectOption({ label: 'All stages' });
  await section.getByLabel('Overdue routines only').check();
  const overdue = await (await answer).json();
  const want = (await (await office.get(`/api/tasks?clientId=${clients[0].id}&outsideTolerance=true&limit=1`)).json()).total;
  assert.equal(overdue.total, want);
  if (want === 0) await section.getByText('No tasks match').waitFor();
  else await section.locator('table.data tbody tr').first().waitFor();
  await section.scrollIntoViewIfNeeded();
  await screenshot(page, 'client-tasks');
  await section.getByLabel('Overdue routines only').uncheck();
});

test('client code: shown in the list, edited on the client page, unique', async () => {
  const { page } = browser;
  await page.getByLabel('Client code').fill('E2E-CODE-1');
  await page.getByRole('button', { name: 'Save details' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  assert.equal((await (await office.get(`/api/clients/${clients[0].id}`)).json()).code, 'E2E-CODE-1');

  // The other client may not take it: the message names who has it, by the field.
  await page.goto(`${sw.baseURL}/#/clients/${clients[1].id}`);
  await page.getByRole('heading', { name: clients[1].name, level: 1 }).waitFor();
  const before = (await (await office.get(`/api/clients/${clients[1].id}`)).json()).code;
  await page.getByLabel('Client code').fill('e2e-code-1');
  await page.getByRole('button', { name: 'Save details' }).click();
  await page.locator('#c-code-err', { hasText: `already used by ${clients[0].name}` }).waitFor();
  assert.equal(await page.getByLabel('Client code').inputValue(), 'e2e-code-1', 'what was typed is kept');
  assert.equal((await (await office.get(`/api/clients/${clients[1].id}`)).json()).code, before, 'the refused code was stored');
  await screenshot(page, 'client-code-duplicate');

  await page.getByRole('link', { name: '← Clients' }).click();
  await page.getByLabel('Search clients').fill('E2E-CODE');
  const row = page.locator('table.data tbody tr', { hasText: clients[0].name });
  await row.locator('.client-code', { hasText: 'E2E-CODE-1' }).waitFor();
  assert.equal(await page.locator('table.data tbody tr').count(), 1);
  await screenshot(page, 'clients-code');
  // As a column of its own it sorts the list by code.
  await page.getByRole('button', { name: 'Columns' }).click();
  await page.getByRole('checkbox', { name: 'Code' }).check();
  await page.keyboard.press('Escape');
  await row.locator('td.code', { hasText: 'E2E-CODE-1' }).waitFor();
  assert.equal(await row.locator('.client-code').count(), 0, 'the code shows twice');
  await screenshot(page, 'clients-code-column');
});

test('property building: a tenancy is set, and a building with tenancies is refused', async () => {
  const { page } = browser;
  await page.goto(`${sw.baseURL}/#/clients/${clients[0].id}`);
  await page.getByRole('heading', { name: clients[0].name, level: 1 }).waitFor();
  const props = (await (await office.get(`/api/properties?clientId=${clients[0].id}&sort=name&limit=3`)).json()).items.filter((p) => !p.parentId);
  assert.ok(props.length >= 3, 'the client has three buildings');
  const [shop, tower, other] = props;
  const propsSection = page.locator('section[aria-labelledby="props-title"]');

  await propsSection.getByRole('button', { name: shop.name, exact: true }).click();
  let dialog = page.getByRole('dialog', { name: shop.name });
  await dialog.getByLabel('Part of building').selectOption({ label: tower.name });
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await dialog.getByText(`Now a tenancy of ${tower.name}.`).waitFor();
  assert.equal((await (await office.get(`/api/properties/${shop.id}`)).json()).parentId, tower.id);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });

  // The tower now holds a tenancy, so it cannot become one.
  await propsSection.getByRole('button', { name: tower.name, exact: true }).click();
  dialog = page.getByRole('dialog', { name: tower.name });
  await dialog.getByText('1 tenancy is in this building.').waitFor();
  await dialog.getByLabel('Part of building').selectOption({ label: other.name });
  await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  await dialog.locator('.field-error', { hasText: 'This building has tenancies, so it cannot become a tenancy itself.' }).waitFor();
  assert.equal((await (await office.get(`/api/properties/${tower.id}`)).json()).parentId, null);
  await screenshot(page, 'property-building-refused');
  await phoneDialogShot(page, 'property-building-refused', dialog, dialog.getByRole('form', { name: 'Building' }));
  await page.keyboard.press('Escape');
});

test('portal access: removing someone asks first, in a styled dialog', async () => {
  const { page } = browser;
  page.on('dialog', (d) => {
    browser.problems.push(`browser dialog: ${d.message()}`);
    void d.dismiss();
  });
  // The demo's single-client login is a portal user of its client.
  const name = sw.login('client').scope.name;
  const client = (await (await office.get(`/api/clients?${new URLSearchParams({ q: name })}`)).json()).items.find((c) => c.name === name);
  await page.goto(`${sw.baseURL}/#/clients/${client.id}`);
  await page.getByRole('heading', { name: client.name, level: 1 }).waitFor();
  const access = await (await office.get(`/api/clients/${client.id}/portal-access`)).json();
  const user = access.users[0]?.user;
  assert.ok(user, `${name} has a portal user`);
  await page.getByRole('button', { name: `Remove ${user.email}` }).click();
  const ask = page.getByRole('dialog', { name: `Remove ${user.email}?` });
  await ask.getByText('signed out at once').waitFor();
  await screenshot(page, 'portal-access-remove-confirm');
  await phoneDialogShot(page, 'portal-access-remove-confirm', ask);
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await ask.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: `Remove ${user.email}` }).waitFor();
  const after = await (await office.get(`/api/clients/${client.id}/portal-access`)).json();
  assert.deepEqual(after, access, 'a cancelled question changed portal access');
});
