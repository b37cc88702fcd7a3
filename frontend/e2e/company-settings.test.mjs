// Settings > Company: a bad logo is refused beside the upload and changes
// nothing; a good one shows as a preview; bad details are named beside their
// fields. Then a saved report emailed from the Reports page waits in the
// outbox with its PDF attached (the same bytes as the saved report) and the
// logo shown inside the message.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ARTIFACTS, DESKTOP, PHONE, apiAs, getAll, openBrowser, screenshot, startSiteward } from './harness.mjs';

let sw;
let office;
let b;

before(async () => {
  sw = await startSiteward('company-settings');
  office = await apiAs(sw.baseURL, sw.login('office'));
  b = await openBrowser(sw.baseURL);
});

after(async () => {
  try {
    await office?.dispose();
    await b?.close();
  } finally {
    await sw?.stop();
  }
});

/** A dialog at phone width: it fits the screen and nothing in it is cut off sideways. */
async function phoneDialogShot(page, dialog, name) {
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(200);
  const box = await dialog.boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= PHONE.width + 1, `${name}: the dialog is wider than the phone`);
  const wide = await dialog.evaluate((d) =>
    [...d.querySelectorAll('*')]
      .filter((e) => e.getBoundingClientRect().right > d.getBoundingClientRect().right + 4)
      .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().width)}`)
      .slice(0, 5),
  );
  assert.deepEqual(wide, [], `${name}: parts of the dialog are cut off at phone width`);
  await dialog.screenshot({ path: join(ARTIFACTS, `${name}-375.png`) });
  await page.setViewportSize(DESKTOP);
}

const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');

/** A logo drawn by the browser's canvas: a teal mark and the company name. */
async function drawLogo(page) {
  const b64 = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 360;
    c.height = 120;
    const g = c.getContext('2d');
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, 360, 120);
    g.fillStyle = '#0c6b74';
    g.beginPath();
    g.arc(60, 60, 44, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#b42318';
    g.fillRect(48, 30, 24, 60);
    g.fillStyle = '#1c2a33';
    g.font = 'bold 40px sans-serif';
    g.fillText('Harbour', 120, 58);
    g.font = '28px sans-serif';
    g.fillText('Fire Safety', 122, 94);
    return c.toDataURL('image/png').split(',')[1];
  });
  return Buffer.from(b64, 'base64');
}

test('office sets the company details and logo, then emails a report with its PDF attached', async () => {
  const { page } = b;
  const l = sw.login('office');
  await page.goto(`${sw.baseURL}/#/settings/company`);
  await page.locator('#login-email').fill(l.email);
  await page.locator('#login-password').fill(l.password);
  await page.locator('#login-password').press('Enter');
  await page.getByRole('heading', { name: 'Company', level: 1 }).waitFor();
  await page.getByText('No logo yet').waitFor();

  // A file that is not an image: refused beside the upload, nothing stored.
  const upload = page.locator('input[type=file]');
  await upload.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('this is not a picture') });
  const logoError = page.locator('#company-logo-error');
  await logoError.waitFor();
  assert.match(await logoError.textContent(), /PNG or JPEG/);
  assert.equal((await (await office.get('/api/settings/company')).json()).logo, null, 'a refused logo was stored');

  const logo = await drawLogo(page);
  await upload.setInputFiles({ name: 'harbour.png', mimeType: 'image/png', buffer: logo });
  await page.getByRole('status').filter({ hasText: 'Logo saved' }).waitFor();
  const preview = page.locator('.preview img');
  await preview.waitFor();
  await page.waitForFunction(() => document.querySelector('.preview img')?.naturalWidth === 360);
  assert.equal(await logoError.count(), 0, 'the old error stays after a good upload');
  const stored = (await (await office.get('/api/settings/company')).json()).logo;
  assert.equal(stored.sha256, sha256(logo));
  assert.deepEqual([stored.width, stored.height, stored.mime], [360, 120, 'image/png']);

  // Bad details: each named beside its field; nothing saved.
  await page.getByLabel('Company name').fill('Harbour Fire Safety');
  await page.getByLabel('Contact email').fill('not an address');
  await page.getByLabel('Time zone').fill('Sydney');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.locator('#company-contactEmail-error').waitFor();
  await page.locator('#company-timeZone-error').waitFor();
  await screenshot(page, 'company-settings-errors');
  assert.notEqual((await (await office.get('/api/settings/company')).json()).companyName, 'Harbour Fire Safety');

  await page.getByLabel('Contact email').fill('office@harbourfire.example.com');
  await page.getByLabel('Contact phone').fill('02 9000 1234');
  await page.getByLabel('Time zone').fill('Australia/Sydney');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('status').filter({ hasText: /^Saved/ }).waitFor();
  assert.equal(await page.locator('.field-error').count(), 0);
  await screenshot(page, 'company-settings', { phone: true });

  // A client whose reports have somewhere to go, and one of its properties.
  const clients = await getAll(office, '/api/clients', { active: 'true' });
  let client;
  let property;
  for (const c of clients.filter((c) => c.primaryEmail)) {
    const props = (await (await office.get('/api/properties', { params: { clientId: c.id, active: 'true', limit: '5' } })).json()).items ?? [];
    if (props.length) {
      client = c;
      property = props[0];
      break;
    }
  }
  assert.ok(property, 'the demo has no client with an email and a property');

  await page.goto(`${sw.baseURL}/#/reports`);
  await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
  await page.locator('#report-search').fill(client.name);
  await page.waitForFunction((id) => document.querySelector('#report-target')?.value === id, client.id);
  await page.waitForFunction((id) => [...(document.querySelector('#report-property')?.options ?? [])].some((o) => o.value === id), property.id);
  await page.locator('#report-property').selectOption(property.id);
  const savedRes = page.waitForResponse((r) => r.url().endsWith(`/api/properties/${property.id}/reports`) && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Save report' }).click();
  const saved = await (await savedRes).json();
  await page.getByRole('status').filter({ hasText: /^Saved/ }).waitFor({ timeout: 30_000 });
  const row = page.locator('tr', { has: page.locator(`a[href="/api/reports/${saved.id}/pdf"]`) });
  const emailed = page.waitForResponse((r) => r.url().endsWith(`/api/reports/${saved.id}/email`));
  await row.getByRole('button', { name: 'Email to client' }).click();
  const res = await emailed;
  assert.equal(res.status(), 200, await res.text());
  const messages = (await res.json()).items;
  await row.getByRole('status').filter({ hasText: 'Queued for' }).waitFor();

  // The saved report's PDF, to compare with the attachment.
  const pdf = await (await office.get(`/api/reports/${saved.id}/pdf`)).body();
  writeFileSync(join(ARTIFACTS, 'company-settings-report.pdf'), pdf);

  // The outbox: the message, its attachment, and the logo inside the HTML.
  await page.goto(`${sw.baseURL}/#/outbox`);
  await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
  const msgRow = page.locator('table.data tbody tr', { hasText: messages[0].to }).filter({ hasText: property.name }).first();
  await msgRow.waitFor();
  await msgRow.getByText('PDF attached').waitFor();
  await screenshot(page, 'company-settings-outbox-list');
  await msgRow.getByRole('button').first().click();
  const view = page.getByRole('dialog');
  const attachment = view.locator('.attachments a');
  await attachment.waitFor();
  assert.match(await attachment.textContent(), /\.pdf$/);
  const frame = page.frameLocator('iframe.html');
  const img = frame.locator('img[alt="Harbour Fire Safety"]');
  await img.waitFor();
  assert.match(await img.getAttribute('src'), /^data:image\/png;base64,/);
  await frame.getByText('02 9000 1234').waitFor();
  await screenshot(page, 'company-settings-outbox-message');
  await phoneDialogShot(page, view, 'company-settings-outbox-message');

  const href = await attachment.getAttribute('href');
  const got = await (await office.get(href)).body();
  assert.equal(sha256(got), sha256(pdf), 'the attachment is not the saved report');
  assert.equal(got.subarray(0, 5).toString(), '%PDF-');
  await page.keyboard.press('Escape');
});

test("office sends a group account's welcome email and reads a critical remark's alerts", async () => {
  const { page } = b;
  // A group with an authorised account (the demo's region manager).
  const groups = await getAll(office, '/api/client-groups');
  let group;
  let account;
  for (const g of groups) {
    const accounts = (await (await office.get(`/api/client-groups/${g.id}/accounts`)).json()).items ?? [];
    if (accounts.length) {
      group = g;
      account = accounts[0];
      break;
    }
  }
  assert.ok(account, 'the demo has no group with an authorised account');
  await page.goto(`${sw.baseURL}/#/client-groups`);
  await page.getByRole('button', { name: `Portal accounts of ${group.name}`, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: `Portal accounts of ${group.name}`, exact: true });
  const sent = page.waitForResponse((r) => r.url().endsWith(`/accounts/${account.id}/welcome`));
  await dialog.getByRole('button', { name: `Send welcome email to ${account.name}` }).click();
  assert.equal((await sent).status(), 201);
  await dialog.getByRole('status').filter({ hasText: `written to ${account.email}` }).waitFor();
  await screenshot(page, 'company-group-welcome');
  await phoneDialogShot(page, dialog, 'company-group-welcome');
  const outbox = (await (await office.get('/api/outbox', { params: { kind: 'welcome' } })).json()).items;
  assert.ok(outbox.some((m) => m.to === account.email), 'no welcome email in the outbox');
  await page.keyboard.press('Escape');

  // A critical remark whose alert went out (the alert worker runs soon after start).
  let remark;
  for (let i = 0; i < 40 && !remark; i++) {
    const alerts = (await (await office.get('/api/alerts', { params: { limit: '1' } })).json()).items ?? [];
    if (alerts.length) remark = alerts[0];
    else await page.waitForTimeout(500);
  }
  assert.ok(remark, 'no critical alert was sent');
  await page.goto(`${sw.baseURL}/#/remarks?severity=critical&propertyId=${remark.propertyId}`);
  const row = page.locator('table.data tbody tr', { hasText: remark.description.slice(0, 40) }).first();
  await row.getByRole('button', { name: /^Critical alerts of/ }).click();
  const alertsDialog = page.getByRole('dialog', { name: /^Critical alerts/ });
  await alertsDialog.getByText(remark.name, { exact: false }).first().waitFor();
  await alertsDialog.getByText(/of \d+ acknowledged/).waitFor();
  await alertsDialog.getByText('Not acknowledged').first().waitFor();
  await page.keyboard.press('Escape');

  // The recipient acknowledges from the link in the alert; the dialog says who and when.
  const msg = await (await office.get(`/api/outbox/${remark.messageId}`)).json();
  const token = decodeURIComponent(msg.textBody.match(/#\/ack\?token=([A-Za-z0-9_%-]+)/)[1]);
  const ack = await office.post('/api/alerts/ack', { data: { token, name: 'Nora on duty' } });
  assert.equal(ack.status(), 200, await ack.text());
  await row.getByRole('button', { name: /^Critical alerts of/ }).click();
  await alertsDialog.getByText('Acknowledged by Nora on duty', { exact: false }).waitFor();
  await screenshot(page, 'company-remark-alerts');
  await phoneDialogShot(page, alertsDialog, 'company-remark-alerts');
  await page.keyboard.press('Escape');
});
