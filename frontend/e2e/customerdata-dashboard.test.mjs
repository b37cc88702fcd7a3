// The office's landing page (Today): the figures match the lists behind
// them, a tile opens its list, and the chart built in Go draws and opens
// the remarks of the bar clicked.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiAs, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office;

before(async () => {
  sw = await startSiteward('customerdata-dashboard');
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

const total = async (path) => (await (await office.get(path)).json()).total;

test('office: Today — attention figures, tiles open their lists, chart', async () => {
  const { page } = browser;
  await page.goto(`${sw.baseURL}/`);
  await signIn(page, sw.login('office'));
  await page.getByRole('heading', { name: 'Today', level: 1 }).waitFor();
  const d = await (await office.get('/api/office/dashboard')).json();
  assert.equal(d.quotesAwaiting.count, await total('/api/quotes?status=submitted&limit=1'));
  assert.equal(d.overdueInvoices.count, await total('/api/invoices?overdue=true&limit=1'));
  assert.equal(d.openCriticalDefects, await total('/api/remarks?status=open&severity=critical&limit=1'));
  assert.equal(d.routinesOutsideTolerance, await total('/api/tasks?outsideTolerance=true&limit=1'));
  const tile = page.getByRole('link', { name: /Overdue invoices/ });
  assert.match(await tile.innerText(), new RegExp(`\\b${d.overdueInvoices.count.toLocaleString('en-AU')}\\b`));
  await page.locator('canvas').first().waitFor();
  await screenshot(page, 'customerdata-today', { phone: true });

  await tile.click();
  await page.getByRole('heading', { name: 'Invoices', level: 1 }).waitFor();
  assert.equal(await page.getByLabel('Overdue').inputValue(), 'true');

  await page.getByRole('link', { name: 'Today' }).click();
  await page.getByRole('link', { name: /Routines outside tolerance/ }).click();
  await page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
  assert.equal(await page.getByRole('checkbox', { name: 'Routines outside tolerance only' }).isChecked(), true);
});
