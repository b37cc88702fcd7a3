// Customer Data > Quotes and Invoices as the office uses them: a defect
// quote built from two remarks, priced, submitted and marked as manually
// approved (who and for whom recorded); an overdue invoice paid in full.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiAs, openBrowser, phoneDialogShot, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office;

before(async () => {
  sw = await startSiteward('customerdata-money');
  office = await apiAs(sw.baseURL, sw.login('office'));
  browser = await openBrowser(sw.baseURL);
  // Questions are the product's own dialogs: a browser dialog is a mistake.
  browser.page.on('dialog', (d) => {
    browser.problems.push(`browser dialog: ${d.message()}`);
    void d.dismiss();
  });
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
const dialog = (page) => page.getByRole('dialog');

test('office: defect quote from remarks → priced → submitted → manually approved', async () => {
  const { page } = browser;
  await page.goto(`${sw.baseURL}/#/remarks?status=open`);
  await signIn(page, sw.login('office'));
  await page.getByRole('heading', { name: 'Remarks', level: 1 }).waitFor();
  await rows(page).first().waitFor();

  // Narrow to one property with two open remarks or more.
  const open = await (await office.get('/api/remarks?status=open&limit=500')).json();
  const byProperty = new Map();
  for (const r of open.items) byProperty.set(r.propertyId, [...(byProperty.get(r.propertyId) ?? []), r]);
  const [, pair] = [...byProperty].find(([, rs]) => rs.length >= 2);
  await page.locator('#remark-search').fill(pair[0].propertyName);
  await loaded(page, '/api/remarks', (q) => q.get('q') === pair[0].propertyName);
  const mine = rows(page).filter({ hasText: pair[0].propertyName });
  await mine.nth(1).waitFor();
  await mine.nth(0).getByRole('checkbox').check();
  await mine.nth(1).getByRole('checkbox').check();
  const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/quotes' && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Create defect quote' }).click();
  assert.equal((await created).status(), 201);

  // The new draft opens on the quotes page.
  await page.getByRole('heading', { name: 'Quotes', level: 1 }).waitFor();
  await dialog(page).getByRole('heading', { name: /Rectify 2 defects/ }).waitFor();
  assert.equal(await dialog(page).locator('tbody tr').count(), 2);
  await dialog(page).getByLabel('Line 1 unit price in dollars').fill('450');
  await dialog(page).getByLabel('Line 2 unit price in dollars').fill('120.50');
  await dialog(page).getByLabel('Line 2 quantity').fill('2');
  await dialog(page).getByRole('button', { name: 'Save lines' }).click();
  await dialog(page).getByText('Lines saved.').waitFor();
  assert.match(await dialog(page).locator('.facts').innerText(), /\$691\.00/);
  await screenshot(page, 'customerdata-quote-draft');

  await dialog(page).getByRole('button', { name: 'Submit for approval' }).click();
  await dialog(page).getByText('Submitted for the customer’s approval.').waitFor();
  await dialog(page).getByRole('button', { name: 'Mark as manually approved' }).click();
  await dialog(page).getByRole('button', { name: 'Record approval' }).click();
  await dialog(page).locator('.field-error').getByText(/who at the customer/).waitFor();
  await dialog(page).getByLabel('Decided by (customer contact or name)').fill('Pat Lee, by phone');
  await dialog(page).getByLabel('PO / reference (optional)').fill('PO-4411');
  await dialog(page).getByRole('button', { name: 'Record approval' }).click();
  await dialog(page).getByText('Recorded as approved.').waitFor();
  const text = await dialog(page).locator('.decided').innerText();
  assert.match(text, /Pat Lee, by phone/);
  assert.match(text, /recorded by Claire Dawson/);
  assert.match(text, /PO-4411/);
  await screenshot(page, 'customerdata-quote-approved');

  await page.keyboard.press('Escape');
  await dialog(page).waitFor({ state: 'detached' });
  await rows(page).filter({ hasText: 'Rectify 2 defects' }).getByText('Approved').waitFor();
  await screenshot(page, 'customerdata-quotes');
});

test('office: invoices — overdue filter, pay one in full', async () => {
  const { page } = browser;
  const answer = loaded(page, '/api/invoices');
  await page.getByRole('link', { name: 'Invoices' }).click();
  await answer;
  await rows(page).first().waitFor();
  const overdue = loaded(page, '/api/invoices', (q) => q.get('overdue') === 'true');
  await page.getByLabel('Overdue').selectOption('true');
  const list = await (await overdue).json();
  assert.ok(list.total > 0, 'the demo has overdue invoices');
  await rows(page).first().waitFor();
  for (const t of await rows(page).allInnerTexts()) assert.match(t, /Overdue/);
  await screenshot(page, 'customerdata-invoices-overdue');

  const inv = list.items[0];
  await rows(page).first().getByRole('button').first().click();
  await dialog(page).getByRole('heading', { name: `INV-${inv.number}` }).waitFor();
  await dialog(page).getByLabel('Amount ($)').fill('abc');
  await dialog(page).getByRole('button', { name: 'Record payment' }).click();
  await page.locator('#pay-amount-error').waitFor();
  const owing = ((inv.totalCents - inv.paidCents) / 100).toFixed(2);
  await dialog(page).getByLabel('Amount ($)').fill(owing);
  await dialog(page).getByLabel('Reference').fill('EFT 20261201');
  await dialog(page).getByRole('button', { name: 'Record payment' }).click();
  await dialog(page).getByText(/Payment of .* recorded\./).waitFor();
  assert.match(await dialog(page).locator('.facts').innerText(), /Paid/);
  await screenshot(page, 'customerdata-invoice-paid');
  const after = await (await office.get(`/api/invoices/${inv.id}`)).json();
  assert.equal(after.status, 'paid');
  assert.equal(after.overdue, false);
  assert.ok(after.payments.some((p) => p.reference === 'EFT 20261201'));
});

test('office: a new invoice and a new service quote start as drafts', async () => {
  const { page } = browser;
  await page.keyboard.press('Escape'); // the paid invoice from the last test
  await page.getByRole('dialog').waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'New invoice' }).click();
  const form = page.getByRole('dialog', { name: 'New invoice' });
  await form.getByRole('button', { name: 'Create draft' }).click();
  await form.locator('#new-amount + .field-error, .field-error').first().waitFor();
  const prop = (await (await office.get('/api/properties?active=true&limit=1&sort=name')).json()).items[0];
  await form.getByLabel('Property').fill(prop.name);
  await form.getByRole('button', { name: new RegExp(prop.name) }).first().click();
  await form.getByLabel('Total ($, incl. GST)').fill('1,320.00');
  const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/invoices' && r.request().method() === 'POST');
  await form.getByRole('button', { name: 'Create draft' }).click();
  assert.equal((await created).status(), 201);
  const detail = page.getByRole('dialog').filter({ hasText: 'Issue invoice' });
  await detail.getByText('$1,320.00').first().waitFor();
  await detail.getByLabel('Due on (empty for 30 days)').fill('31/02/2027');
  await detail.getByRole('button', { name: 'Issue invoice' }).click();
  await detail.locator('.field-error').getByText(/DD\/MM\/YYYY/).waitFor();
  await detail.getByLabel('Due on (empty for 30 days)').fill('');
  await detail.getByRole('button', { name: 'Issue invoice' }).click();
  await page.getByRole('dialog').getByText('Invoice issued.').waitFor();
  await screenshot(page, 'customerdata-invoice-issued');

  // Voiding asks first, in a styled dialog: Cancel (or Escape) keeps it, then yes voids it.
  const issued = page.getByRole('dialog').filter({ hasText: 'Invoice issued.' });
  await issued.getByRole('button', { name: 'Void invoice' }).click();
  const ask = page.getByRole('dialog', { name: 'Void this invoice?' });
  await ask.getByText('It is kept for the records, marked void.').waitFor();
  await screenshot(page, 'customerdata-invoice-void-confirm');
  await phoneDialogShot(page, 'customerdata-invoice-void-confirm', ask);
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await ask.waitFor({ state: 'detached' });
  await issued.getByRole('button', { name: 'Void invoice' }).click();
  await ask.waitFor();
  await page.keyboard.press('Escape');
  await ask.waitFor({ state: 'detached' });
  const invoiceId = (await (await created).json()).id;
  assert.equal((await (await office.get(`/api/invoices/${invoiceId}`)).json()).status, 'issued', 'a cancelled question voided the invoice');
  await issued.getByRole('button', { name: 'Void invoice' }).click();
  await ask.getByRole('button', { name: 'Void invoice' }).click();
  await page.getByRole('dialog').getByText('Invoice voided.').waitFor();
  assert.equal((await (await office.get(`/api/invoices/${invoiceId}`)).json()).status, 'voided');
  await page.keyboard.press('Escape');

  await page.getByRole('link', { name: 'Quotes' }).click();
  await page.getByRole('button', { name: 'New service quote' }).click();
  const q = page.getByRole('dialog', { name: 'New service quote' });
  await q.getByLabel('Property').fill(prop.name);
  await q.getByRole('button', { name: new RegExp(prop.name) }).first().click();
  await q.getByLabel('Title').fill('Replace hose reel');
  await q.getByLabel('First line: the work').fill('Hose reel 36 m, supply and install');
  await q.getByLabel('Unit price ($)').fill('890');
  await q.getByRole('button', { name: 'Create draft' }).click();
  await page.getByRole('dialog').getByRole('heading', { name: /Replace hose reel/ }).waitFor();
  assert.match(await page.getByRole('dialog').locator('.facts').innerText(), /\$890\.00/);
  await screenshot(page, 'customerdata-service-quote');
});
