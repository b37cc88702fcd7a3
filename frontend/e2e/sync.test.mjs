// Offline sync from the office's side: the Sync page makes a pairing code
// for a technician, and the code enrols an install through the real API.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { request as apiRequest } from 'playwright-core';
import { apiAs, openBrowser, pushFromLaptop, screenshot, signIn, startSiteward } from './harness.mjs';

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

test('office: a remark an install changed without seeing the office\'s edit says "Needs review" in the remark list', async () => {
  const { page } = browser;
  // The office resolves an open remark (a logged change at the hub)...
  const list = await (await office.get('/api/remarks', { params: { status: 'open', limit: '1' } })).json();
  const remark = list.items[0];
  assert.ok(remark, 'the demo has an open remark');
  const resolved = await office.post(`/api/remarks/${remark.id}/resolve`);
  assert.equal(resolved.status(), 200);

  // ...while an office laptop, which never saw that, reopened it: its push
  // is applied (the later clock) and recorded as a conflict.
  await pushFromLaptop(sw.baseURL, office, sw.login('office'), [{ table: 'remarks', rowId: remark.id, cols: { status: 'open', resolved_at: null } }]);

  await page.goto(`${sw.baseURL}/#/remarks?q=${encodeURIComponent(remark.number ? `R-${remark.number}` : remark.description)}`);
  const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: /Needs review/ }) }).first();
  await row.waitFor();
  await screenshot(page, 'workspace-remarks-needs-review');
  // The badge opens the remark, which shows the conflict; the Sync page lists it too.
  await row.getByRole('button', { name: /Needs review/ }).click();
  await page.getByRole('dialog').getByRole('group', { name: 'Conflict on Status' }).waitFor();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).first().click();
  await page.goto(`${sw.baseURL}/#/sync`);
  await page.getByRole('heading', { name: /Needs review/ }).waitFor();
  await page.getByRole('cell', { name: 'status', exact: true }).first().waitFor();
  await screenshot(page, 'workspace-sync-needs-review');
});
