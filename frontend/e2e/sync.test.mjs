// Offline sync from the office's side: the Sync page makes a pairing code
// for a technician, and the code enrols an install through the real API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request as apiRequest } from 'playwright-core';
import { apiAs, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office;

before(async () => {
  sw = await startSiteward('sync');
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

test('office: make a pairing code for a technician; it enrols an install once', async () => {
  const { page } = browser;
  await page.goto(`${sw.baseURL}/`);
  await signIn(page, sw.login('office'));
  await page.getByRole('link', { name: 'Sync' }).click();
  await page.getByRole('heading', { name: 'Enrol a laptop' }).waitFor();
  await page.getByText('Nothing to review').waitFor();
  await page.getByText('No laptops enrolled').waitFor();

  const tech = sw.login('technician');
  const staff = await (await office.get('/api/sync/staff')).json();
  const techUser = staff.items.find((u) => u.email === tech.email);
  assert.ok(techUser, 'the demo technician is offered');
  await page.getByLabel('Syncs for').selectOption(techUser.id);
  await page.getByRole('button', { name: 'Make pairing code' }).click();
  const code = (await page.getByTestId('pairing-code').textContent()).trim();
  assert.match(code, /^[A-Z2-9]{8}$/);
  await screenshot(page, 'workspace-sync-pairing-code');

  // The code enrols an install (as `siteward sync enrol` would), once.
  const install = await apiRequest.newContext({ baseURL: sw.baseURL });
  try {
    const first = await install.post('/api/sync/enrol', { data: { code } });
    assert.equal(first.status(), 201);
    const e = await first.json();
    assert.equal(e.userId, techUser.id);
    const again = await install.post('/api/sync/enrol', { data: { code } });
    assert.equal(again.status(), 401, 'a used pairing code enrolled a second install');
  } finally {
    await install.dispose();
  }

  await page.reload();
  await page.getByRole('heading', { name: 'Installs' }).waitFor();
  await page.getByRole('cell', { name: techUser.name }).waitFor();
  await screenshot(page, 'workspace-sync-installs');
});
