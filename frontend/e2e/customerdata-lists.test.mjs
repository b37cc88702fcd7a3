// Customer Data > Properties, Assets and Tasks as the office uses them: a
// property's access details and contacts (add one with ticks, change a
// tick), and the asset and task lists with their filters.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiAs, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office;

before(async () => {
  sw = await startSiteward('customerdata-lists');
  office = await apiAs(sw.baseURL, sw.login('office'));
  browser = await openBrowser(sw.baseURL);
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
const loaded = (page, path, check = () => true) =>
  page.waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === 'GET' && check(new URL(r.url()).searchParams));

test('office: a property — access details and contacts with receive ticks', async () => {
  const { page } = browser;
  await page.goto(`${sw.baseURL}/#/properties`);
  await signIn(page, sw.login('office'));
  await page.getByRole('heading', { name: 'Properties', level: 1 }).waitFor();
  await rows(page).first().waitFor();
  await screenshot(page, 'customerdata-properties');

  const first = (await (await office.get('/api/properties?limit=1&sort=name')).json()).items[0];
  await rows(page).first().getByRole('button', { name: first.name }).click();
  const dialog = page.getByRole('dialog', { name: first.name });
  await dialog.getByText('Office only — never shown in the portal').waitFor();
  if (first.accessDetails) await dialog.getByText(first.accessDetails).waitFor();

  // A contact that should get quotes needs an email: the error is by the field.
  await dialog.getByLabel('Name').fill('Olga Owner');
  await dialog.getByLabel('Role').selectOption('owner');
  await dialog.getByRole('checkbox', { name: 'Quotes', exact: true }).check();
  await dialog.getByRole('button', { name: 'Add contact' }).click();
  await dialog.locator('.field-error').getByText(/email address to send/).waitFor();
  await dialog.getByLabel('Email').fill('olga@example.com');
  await dialog.getByRole('checkbox', { name: 'Invoices', exact: true }).check();
  await dialog.getByRole('button', { name: 'Add contact' }).click();
  await dialog.getByText('Olga Owner added.').waitFor();

  // Change a tick in the list: saved at once.
  const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname.startsWith('/api/property-contacts/'));
  await dialog.getByRole('checkbox', { name: 'Olga Owner receives reports' }).check();
  assert.equal((await saved).status(), 200);
  await dialog.getByText('Saved what Olga Owner receives.').waitFor();
  const contacts = (await (await office.get(`/api/properties/${first.id}/contacts`)).json()).items;
  const olga = contacts.find((c) => c.name === 'Olga Owner');
  assert.deepEqual([olga.role, olga.receiveReports, olga.receiveQuotes, olga.receiveInvoices, olga.receiveNotifications], ['owner', true, true, true, false]);
  await screenshot(page, 'customerdata-property-contacts');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
});

test('office: assets and tasks lists with filters', async () => {
  const { page } = browser;
  let answer = loaded(page, '/api/assets');
  await page.getByRole('link', { name: 'Assets' }).click();
  await answer;
  await rows(page).first().waitFor();
  answer = loaded(page, '/api/assets', (q) => q.get('result') === 'fail');
  await page.getByLabel('Last result').selectOption('fail');
  const failed = await (await answer).json();
  assert.ok(failed.total > 0, 'the demo has failed assets');
  await rows(page).first().waitFor();
  for (const t of await rows(page).allInnerTexts()) assert.match(t, /Fail/);
  await screenshot(page, 'customerdata-assets');

  answer = loaded(page, '/api/tasks');
  await page.getByRole('link', { name: 'Tasks' }).click();
  await answer;
  await rows(page).first().waitFor();
  answer = loaded(page, '/api/tasks', (q) => q.get('kind') === 'service_call');
  await page.getByLabel('Kind').selectOption('service_call');
  const calls = await (await answer).json();
  assert.ok(calls.total > 0);
  await rows(page).first().waitFor();
  for (const t of await rows(page).allInnerTexts()) assert.match(t, /Service call/);
  await screenshot(page, 'customerdata-tasks');
});
