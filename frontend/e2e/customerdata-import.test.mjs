// Customer Data: importing clients from a spreadsheet as the office would —
// template download, a file with mistakes (row errors, nothing written), the
// corrected file (preview → import → summary → the list), the same file
// again (recognised), and Escape to close.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiAs, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office;

before(async () => {
  sw = await startSiteward('customerdata-import');
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

const dialog = (page) => page.getByRole('dialog', { name: 'Import clients' });

async function chooseFile(page, name, text) {
  await page.locator('#import-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/client-imports/preview');
  await dialog(page).getByRole('button', { name: 'Preview' }).click();
  assert.equal((await answer).status(), 200);
}

async function clientTotal(q) {
  const res = await office.get(`/api/clients?q=${encodeURIComponent(q)}&limit=1`);
  assert.equal(res.status(), 200);
  return (await res.json()).total;
}

test('office: import clients — errors first, then preview, import and summary', async () => {
  const { page } = browser;
  const groups = await (await office.get('/api/client-groups?limit=1')).json();
  const group = groups.items[0].name;

  await page.goto(`${sw.baseURL}/#/clients`);
  await signIn(page, sw.login('office'));
  await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Import clients' }).click();
  await dialog(page).waitFor();
  await screenshot(page, 'customerdata-import-choose');

  // The template downloads with its name.
  const dl = page.waitForEvent('download');
  await dialog(page).getByRole('button', { name: 'Excel (XLSX)' }).click();
  assert.equal((await dl).suggestedFilename(), 'siteward-clients-template.xlsx');

  // Preview without a file: the error is next to the field.
  await dialog(page).getByRole('button', { name: 'Preview' }).click();
  await page.locator('#import-file-error').getByText('Choose a CSV or XLSX file.').waitFor();

  // A file with mistakes: each is listed by row and column; nothing can be imported.
  const bad = [
    'Client code *,Name *,Client group,Primary contact name,Primary contact email,Active',
    `E2E-1,Harbourside Strata,${group},Pat Lee,pat@harbourside.example,yes`,
    'E2E-2,,,,,yes',
    'E2E-3,Nowhere Group Pty,No Such Group,,,maybe',
    'E2E-1,Twice Pty,,,,',
  ].join('\n');
  await chooseFile(page, 'clients-with-mistakes.csv', bad);
  const problems = dialog(page).locator('table').first().locator('tbody tr');
  await problems.first().waitFor();
  assert.equal(await problems.count(), 4);
  const text = await dialog(page).innerText();
  assert.match(text, /4 problems/);
  assert.match(text, /no client group named No Such Group/);
  assert.match(text, /also on row 2/);
  assert.equal(await dialog(page).getByRole('button', { name: 'Fix the problems to import' }).isDisabled(), true);
  await screenshot(page, 'customerdata-import-problems');
  assert.equal(await clientTotal('Harbourside Strata'), 0, 'a preview wrote a client');

  // The corrected file: what will happen, then the import.
  await dialog(page).getByRole('button', { name: 'Choose another file' }).click();
  const good = [
    'Client code *,Name *,Client group,Primary contact name,Primary contact email,Tags',
    `E2E-1,Harbourside Strata,${group},Pat Lee,pat@harbourside.example,strata; imported`,
    'E2E-2,Bayview Owners Corporation,,,,imported',
    'E2E-3,Northgate Property Group,,Sam Wu,sam@northgate.example,',
  ].join('\n');
  await chooseFile(page, 'clients.csv', good);
  await dialog(page).getByText('3 new').waitFor();
  assert.equal(await dialog(page).locator('tbody tr').count(), 3);
  await screenshot(page, 'customerdata-import-preview');
  const applied = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/client-imports' && r.request().method() === 'POST');
  await dialog(page).getByRole('button', { name: 'Import 3 clients' }).click();
  assert.equal((await applied).status(), 201);
  await dialog(page).getByText('3 created, 0 updated, 0 unchanged').waitFor();
  await screenshot(page, 'customerdata-import-done');
  assert.equal(await clientTotal('Harbourside Strata'), 1);

  // Closing shows the list again, reloaded: the new client is there.
  const reload = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/clients');
  await dialog(page).getByRole('button', { name: 'Close and show the clients' }).click();
  await reload;
  await page.locator('#client-search').fill('Harbourside');
  await page.locator('table.data tbody tr').filter({ hasText: 'Harbourside Strata' }).waitFor();

  // The same file again is recognised and cannot be applied twice.
  await page.getByRole('button', { name: 'Import clients' }).click();
  await chooseFile(page, 'clients-again.csv', good);
  await dialog(page).getByText(/already imported on/).waitFor();
  assert.equal(await dialog(page).getByRole('button', { name: 'Already imported' }).isDisabled(), true);
  await screenshot(page, 'customerdata-import-again');
  await page.keyboard.press('Escape');
  await dialog(page).waitFor({ state: 'detached' });
  assert.equal(await page.getByRole('button', { name: 'Import clients' }).evaluate((el) => el === document.activeElement), true);
});
