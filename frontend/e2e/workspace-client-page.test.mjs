// The client page as an office user walks it: details with server-side
// field errors, contacts (one primary; handing it over on removal),
// properties, the internal notes timeline, Customise, and View as client.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiAs, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office;
let client; // the demo's single-client login's client

before(async () => {
  sw = await startSiteward('workspace-client-page');
  office = await apiAs(sw.baseURL, sw.login('office'));
  const name = sw.login('client').scope.name;
  const res = await office.get(`/api/clients?${new URLSearchParams({ q: name })}`);
  client = (await res.json()).items.find((c) => c.name === name);
  assert.ok(client, `client ${name} not found`);
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

async function apiClient() {
  const res = await office.get(`/api/clients/${client.id}`);
  assert.equal(res.status(), 200);
  return res.json();
}

test('open a client from the list', async () => {
  const { page } = browser;
  await page.getByLabel('Search clients').fill(client.name);
  await page.getByRole('link', { name: client.name, exact: true }).click();
  await page.getByRole('heading', { name: client.name, level: 1 }).waitFor();
  assert.match(page.url(), new RegExp(`#/clients/${client.id}$`));
  assert.equal(await page.title(), `${client.name} — Siteward`);
  await page.locator('section[aria-labelledby="props-title"] table.data tbody tr').first().waitFor();
  await screenshot(page, 'workspace-client-page', { fullPage: true });
});

test('details: bad email and SLA show field errors and write nothing; a good save sticks', async () => {
  const { page } = browser;
  const before = await apiClient();
  const invoices = page.getByLabel('Invoices', { exact: true });
  assert.match(await invoices.getAttribute('placeholder'), /primary contact/, 'the empty email does not show the primary fallback');
  await invoices.fill('accounts at example');
  await page.getByLabel('urgent priority: respond within hours').fill('8');
  await page.getByLabel('urgent priority: complete within hours').fill('4');
  await page.getByLabel('Pricing tier').selectOption('strata');
  await page.getByRole('button', { name: 'Save details' }).click();
  await page.locator('#c-emailInvoices-err').waitFor();
  await page.locator('#sla-urgent-c-err', { hasText: 'Completion cannot come before the response' }).waitFor();
  assert.equal(await invoices.getAttribute('aria-invalid'), 'true');
  assert.equal(await invoices.inputValue(), 'accounts at example', 'what was typed is lost');
  await screenshot(page, 'workspace-client-details-errors', { fullPage: true });
  const after = await apiClient();
  assert.equal(after.pricingTier, before.pricingTier, 'a refused save wrote the pricing tier');
  assert.equal(after.emailInvoices, before.emailInvoices);

  await invoices.fill('accounts@example.com.au');
  await page.getByLabel('urgent priority: complete within hours').fill('24');
  await page.getByRole('button', { name: 'Save details' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  const saved = await apiClient();
  assert.equal(saved.emailInvoices, 'accounts@example.com.au');
  assert.equal(saved.pricingTier, 'strata');
  assert.deepEqual(saved.slas.find((s) => s.priority === 'urgent'), { priority: 'urgent', responseHours: 8, completionHours: 24 });
});

test('contacts: add, make primary, remove the primary handing over to another', async () => {
  const { page } = browser;
  const section = page.locator('section[aria-labelledby="contacts-title"]');
  const oldPrimary = (await (await office.get(`/api/clients/${client.id}/contacts`)).json()).items.find((c) => c.primary);
  assert.ok(oldPrimary, 'the demo client has a primary contact');

  await section.getByRole('button', { name: 'Add contact' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add contact' });
  await dialog.getByLabel('Name').fill('Erin Example');
  await dialog.getByLabel('Email').fill('not-an-email');
  await dialog.getByRole('button', { name: 'Save contact' }).click();
  await dialog.locator('#ct-email-err').waitFor();
  await dialog.getByLabel('Email').fill('erin@example.com.au');
  await dialog.getByRole('button', { name: 'Save contact' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await section.getByText('Erin Example').waitFor();

  await section.getByRole('button', { name: 'Make Erin Example primary' }).click();
  await section.locator('li', { hasText: 'Erin Example' }).locator('.badge-ok', { hasText: 'Primary' }).waitFor();
  let contacts = (await (await office.get(`/api/clients/${client.id}/contacts`)).json()).items;
  assert.deepEqual(contacts.filter((c) => c.primary).map((c) => c.name), ['Erin Example'], 'exactly one primary');
  // The emails' placeholder now names the new primary.
  await page.locator('#c-emailReports[placeholder^="erin@example.com.au"]').waitFor();

  await section.getByRole('button', { name: 'Remove Erin Example' }).click();
  const remove = page.getByRole('dialog', { name: 'Remove Erin Example?' });
  await remove.getByLabel('New primary contact').selectOption({ label: oldPrimary.name });
  await screenshot(page, 'workspace-client-contact-remove-primary');
  await remove.getByRole('button', { name: 'Remove contact' }).click();
  await remove.waitFor({ state: 'hidden' });
  await section.getByText('Erin Example').waitFor({ state: 'detached' });
  contacts = (await (await office.get(`/api/clients/${client.id}/contacts`)).json()).items;
  assert.deepEqual(contacts.filter((c) => c.primary).map((c) => c.id), [oldPrimary.id]);
});

test('notes: add one to the timeline with who and when', async () => {
  const { page } = browser;
  const section = page.locator('section[aria-labelledby="notes-title"]');
  await section.getByRole('button', { name: 'Add note' }).click();
  await section.locator('#note-err', { hasText: 'Write the note first' }).waitFor();
  await section.getByLabel('New note').fill('Prefers a call before any after-hours visit.');
  await section.getByRole('button', { name: 'Add note' }).click();
  const item = section.locator('ol.timeline li').first();
  await item.getByText('Prefers a call before any after-hours visit.').waitFor();
  assert.match(await item.locator('.meta').innerText(), new RegExp(`^${sw.login('office').name ?? '.+'} · \\d\\d/\\d\\d/20\\d\\d`));
  await screenshot(page, 'workspace-client-notes');
});

test('customise: hide Spend tracking for this client only; the portal follows', async () => {
  const { page } = browser;
  await page.getByRole('button', { name: 'Customise' }).click();
  const dialog = page.getByRole('dialog', { name: `Customise ${client.name}'s portal` });
  await dialog.getByLabel('Spend tracking for this client').selectOption('hide');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await dialog.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
  await screenshot(page, 'workspace-client-customise');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  const panels = await (await office.get(`/api/clients/${client.id}/portal-panels`)).json();
  assert.deepEqual(panels.overrides, { spend: false });
  assert.equal(panels.effective.spend, false);
  assert.equal(panels.effective.map, true);
});

test('view as client: the portal opens read-only as this client', async () => {
  const { page, context } = browser;
  const [portal] = await Promise.all([context.waitForEvent('page'), page.getByRole('link', { name: 'View as client' }).click()]);
  const dash = await portal.waitForResponse((r) => new URL(r.url()).pathname === '/api/portal/dashboard');
  const u = new URL(dash.url());
  assert.equal(u.searchParams.get('asKind'), 'client');
  assert.equal(u.searchParams.get('asId'), client.id);
  assert.equal(dash.status(), 200);
  assert.equal((await dash.json()).panels.spend, false, 'the portal ignores the client\'s Customise');
  await portal.getByRole('note').getByText(client.name).waitFor();
  await portal.getByText('read-only').waitFor();
  await screenshot(portal, 'workspace-view-as-client');
  await portal.close();
});

test('new client: a name is required; created, it opens on its own page', async () => {
  const { page } = browser;
  await page.goto(`${sw.baseURL}/#/clients`);
  await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'New client' }).click();
  const dialog = page.getByRole('dialog', { name: 'New client' });
  await dialog.getByRole('button', { name: 'Create client' }).click();
  await dialog.locator('#nc-name-err', { hasText: "Enter the client's name" }).waitFor();
  await dialog.getByLabel('Name').fill('E2E Fresh Strata');
  await dialog.getByRole('button', { name: 'Create client' }).click();
  await page.getByRole('heading', { name: 'E2E Fresh Strata', level: 1 }).waitFor();
  await page.locator('.facts .badge-warning', { hasText: 'NO PORTAL ACCESS' }).waitFor();
  await page.getByText('No contacts yet').waitFor();
  await page.getByText('No notes yet').waitFor();
  await screenshot(page, 'workspace-client-new');
  const found = (await (await office.get(`/api/clients?${new URLSearchParams({ q: 'E2E Fresh Strata' })}`)).json()).items;
  assert.equal(found.length, 1);
});
