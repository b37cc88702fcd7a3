// A technician's day offline, end to end on the real binary: the office hub
// (`siteward serve` on a small demo) makes a pairing code, a laptop install
// is enrolled for the technician with a local password, the laptop's own
// `siteward serve` is signed in to in chromium; with the hub stopped the
// technician moves a task on, records results, raises a remark with a photo,
// adds an asset and sees the changes waiting; the hub comes back, `siteward sync` runs,
// and the hub holds the changes with the remark numbered by the hub.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { makePlanPNG } from './files.mjs';
import { ARTIFACTS, DESKTOP, PHONE, apiAs, assertNoHorizontalScroll, exact, openBrowser, phoneDialogShot, runSiteward, screenshot, serveFolder, signIn, tempDir } from './harness.mjs';

const LAPTOP_PASSWORD = 'laptop pass 4711';

let hubDir;
let laptopDir;
let hub;
let laptop;
let browser;
let logins;
let tech; // the demo technician's login, with the laptop's own password

const login = (role) => logins.logins.find((l) => l.role === role);

before(async () => {
  hubDir = tempDir('siteward-e2e-hub-');
  laptopDir = tempDir('siteward-e2e-laptop-');
  await runSiteward(['demo', '--data', hubDir, '--size', 'small', '--seed', '1']);
  logins = JSON.parse(readFileSync(join(hubDir, 'demo-logins.json'), 'utf8'));
  hub = await serveFolder(hubDir, 'technician-offline-hub');
});

after(async () => {
  try {
    await browser?.close();
  } finally {
    await laptop?.stop();
    await hub?.stop();
  }
});

/** The office's API at the hub. */
async function office() {
  return apiAs(hub.baseURL, login('office'));
}

test('enrol a laptop for the technician with a local password; sign in on its own serve', async () => {
  const off = await office();
  let techUser;
  try {
    const staff = await (await off.get('/api/sync/staff')).json();
    techUser = staff.items.find((u) => u.email === login('technician').email);
    assert.ok(techUser, 'the demo technician is offered for enrolment');
    const res = await off.post('/api/sync/pairing-codes', { data: { userId: techUser.id } });
    assert.equal(res.status(), 201, await res.text());
    const { code } = await res.json();

    // A too short password is refused before the code is used.
    await assert.rejects(runSiteward(['sync', 'enrol', '--data', laptopDir, '--hub', hub.baseURL, '--code', code, '--password-stdin'], 'short\n'), /at least 10 characters/);
    const out = await runSiteward(['sync', 'enrol', '--data', laptopDir, '--hub', hub.baseURL, '--code', code, '--password-stdin'], `${LAPTOP_PASSWORD}\n`);
    assert.match(out, /can sign in to this install/);
  } finally {
    await off.dispose();
  }
  tech = { ...login('technician'), password: LAPTOP_PASSWORD };

  laptop = await serveFolder(laptopDir, 'technician-offline-laptop');
  browser = await openBrowser(laptop.baseURL);
  const { page } = browser;
  await page.goto(`${laptop.baseURL}/`);
  // The office's password does not work here: the laptop holds no password hashes but its own.
  await signIn(page, login('office'));
  await page.getByRole('alert').getByText(/do not match/).waitFor();
  await signIn(page, tech);
  await page.getByRole('heading', { name: 'My tasks' }).waitFor();

  // Only field work in the navigation.
  const nav = (await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).map((t) => t.trim());
  assert.deepEqual(nav, ['My tasks', 'Remarks', 'Properties', 'Assets', 'Sync']);
  await page.getByTestId('sync-chip').getByText(exact('0 changes waiting')).waitFor();
  await assertNoExports(page);
  await screenshot(page, 'technician-tasks');
  await phoneShot(page, 'technician-tasks');

  // The API agrees: billing and settings are refused on the laptop too.
  for (const path of ['/api/quotes', '/api/invoices', '/api/settings/company', '/api/users']) {
    const res = await page.request.get(path);
    assert.equal(res.status(), 403, `${path} on the technician's laptop`);
  }
  const me = await (await page.request.get('/api/me')).json();
  assert.equal(me.fieldWork, true);
  assert.equal(me.user.id, techUser.id);
});

/** The first screen at phone width (the lists run long), with no sideways scroll. */
async function phoneShot(page, name) {
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(200);
  await assertNoHorizontalScroll(page, name);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-375.png`) });
  await page.setViewportSize(DESKTOP);
}

async function assertNoExports(page) {
  assert.equal(await page.getByRole('button', { name: 'Export CSV' }).count(), 0, 'a technician is offered an export');
}

let taskId;
let remarkId;
let clientId;
const NOTE = 'Offline: side gate padlocked, key with the caretaker';

test('offline: move a task on, record results, raise a remark with a photo; the chip counts what waits', async () => {
  const { page } = browser;
  await hub.stop(); // no network to the office from here on

  // A task the flow lets move from ready to in progress.
  const list = await (await page.request.get('/api/tasks', { params: { stage: 'ready', limit: '50' } })).json();
  assert.ok(list.total > 0, 'the technician has a ready task on the laptop');
  const all = await (await page.request.get('/api/tasks', { params: { limit: '500' } })).json();
  const me = await (await page.request.get('/api/me')).json();
  for (const t of all.items) {
    const detail = await (await page.request.get(`/api/tasks/${t.id}`)).json();
    assert.equal(detail.technicianId, me.user.id, 'the list holds only the technician\'s own tasks');
  }
  const task = list.items[0];
  taskId = task.id;

  await page.getByLabel('Search tasks').fill(task.number ? `T-${task.number}` : task.title);
  await page.getByLabel('Stage', { exact: true }).selectOption('ready');
  await page.getByRole('button', { name: task.title }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Tolerance window').waitFor();
  assert.equal(await dialog.getByLabel('Title').isDisabled(), true, 'a technician may not rename a task');
  assert.equal(await dialog.getByLabel('Technician').isDisabled(), true, 'a technician may not reassign a task');
  assert.equal(await dialog.getByLabel('Due').isDisabled(), true, 'the due date is the office\'s');
  await dialog.getByLabel('Stage').selectOption('inprogress');
  await dialog.getByLabel('Results and notes').fill('Offline: pump run 30 min, pressure held at 700 kPa.');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await dialog.getByRole('status').getByText('Saved.').waitFor();
  await page.getByTestId('sync-chip').getByText(exact('1 change waiting')).waitFor();
  await screenshot(page, 'technician-task-dialog');
  await phoneDialogShot(page, 'technician-task-dialog', dialog);

  // A remark raised from the task, then a photo of it.
  await dialog.getByRole('button', { name: 'Raise a remark' }).click();
  await dialog.getByLabel('Severity').selectOption('critical');
  await dialog.getByLabel('What was found').fill('Offline: jockey pump seal leaking');
  await dialog.getByRole('button', { name: 'Raise the remark' }).click();
  const remarkDialog = page.getByRole('dialog');
  await remarkDialog.getByText('pending (the office hub numbers it)').waitFor();
  assert.equal(await remarkDialog.getByLabel('Description').inputValue(), 'Offline: jockey pump seal leaking', 'the raised remark, editable in its dialog');
  assert.equal(await remarkDialog.getByRole('button', { name: /Publish/ }).count(), 0, 'publishing is the office\'s');
  assert.equal(await remarkDialog.getByRole('button', { name: 'Resolve' }).count(), 0);
  await remarkDialog.getByLabel('Add a photo').setInputFiles({ name: 'seal.png', mimeType: 'image/png', buffer: makePlanPNG(160, 120) });
  await remarkDialog.getByLabel('Caption').fill('Seal from the left');
  await remarkDialog.getByRole('button', { name: 'Upload photo' }).click();
  await remarkDialog.getByRole('status').getByText('Photo added.').waitFor();
  await remarkDialog.getByRole('img', { name: 'Seal from the left' }).waitFor();
  // A file that is not an image is refused and adds nothing.
  await remarkDialog.getByLabel('Add a photo').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo') });
  await remarkDialog.getByRole('button', { name: 'Upload photo' }).click();
  await remarkDialog.getByRole('alert').getByText('PNG or JPEG').waitFor();
  assert.equal(await remarkDialog.getByRole('img').count(), 1);
  await screenshot(page, 'technician-remark-dialog');
  await phoneDialogShot(page, 'technician-remark-dialog', remarkDialog);

  await remarkDialog.getByRole('button', { name: 'Close' }).last().click();

  // An asset found on site, added on the Assets page; a blank type is refused beside the field.
  await page.getByRole('link', { name: 'Assets' }).click();
  await page.getByRole('button', { name: 'Add an asset' }).click();
  const assetDialog = page.getByRole('dialog');
  await assetDialog.getByLabel('Property').pressSequentially(task.propertyName.slice(0, 12));
  await assetDialog.getByRole('button', { name: new RegExp(task.propertyName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().click();
  await assetDialog.getByLabel('Location').fill('Offline: beside the pump room door');
  await assetDialog.getByRole('button', { name: 'Add the asset' }).click();
  await assetDialog.locator('#asset-form-type-err').getByText('Name the kind of asset').waitFor();
  await screenshot(page, 'technician-asset-form');
  await phoneDialogShot(page, 'technician-asset-form', assetDialog);
  await assetDialog.getByLabel('Type').fill('Extinguisher');
  await assetDialog.getByRole('button', { name: 'Add the asset' }).click();
  await page.getByRole('status').getByText(/Extinguisher at .* saved\./).waitFor();
  await screenshot(page, 'technician-assets');
  await phoneShot(page, 'technician-assets');

  const st = await (await page.request.get('/api/sync/status')).json();
  assert.ok(st.pending >= 4, `changes waiting: ${st.pending}`);
  await page.getByTestId('sync-chip').getByText(exact(`${st.pending} changes waiting`)).waitFor();
  const remarks = await (await page.request.get('/api/remarks', { params: { q: 'jockey pump seal' } })).json();
  assert.equal(remarks.total, 1);
  remarkId = remarks.items[0].id;
  assert.equal(remarks.items[0].number, null, 'a laptop never numbers a remark');
  await page.locator('.topbar').screenshot({ path: join(ARTIFACTS, 'technician-sync-chip-1280.png') });
  await page.setViewportSize(PHONE);
  await page.locator('.topbar').screenshot({ path: join(ARTIFACTS, 'technician-sync-chip-375.png') });
  await page.setViewportSize(DESKTOP);

  // The Sync page says what this laptop does, in its own words.
  await page.getByRole('link', { name: 'Sync', exact: true }).click();
  await page.getByText('sends your changes to the office whenever it can reach it').waitFor();
  await screenshot(page, 'technician-sync');
  await phoneShot(page, 'technician-sync');

  // The property they work at: access details to read, a remark to raise; its details are the office's.
  await page.getByRole('link', { name: 'Properties', exact: true }).click();
  await page.getByRole('button', { name: task.propertyName, exact: true }).first().click();
  const propertyDialog = page.getByRole('dialog', { name: task.propertyName });
  await propertyDialog.getByText('Never shown in the portal').waitFor();
  await propertyDialog.getByRole('button', { name: 'Raise a remark on this property' }).waitFor();
  assert.equal(await propertyDialog.getByRole('button', { name: 'Edit details' }).count(), 0, 'property details are the office\'s');
  await screenshot(page, 'technician-property');
  await phoneDialogShot(page, 'technician-property', propertyDialog);
  // The client's notes: read what the office noted, add one for the office.
  await propertyDialog.getByRole('tab', { name: 'Client notes' }).click();
  await propertyDialog.getByRole('button', { name: 'Add note' }).click();
  await propertyDialog.locator('.field-error').first().waitFor();
  await propertyDialog.getByLabel('New note').fill(NOTE);
  await propertyDialog.getByRole('button', { name: 'Add note' }).click();
  await propertyDialog.getByText(NOTE).waitFor();
  await screenshot(page, 'technician-client-notes');
  await phoneDialogShot(page, 'technician-client-notes', propertyDialog);
  await propertyDialog.getByRole('button', { name: 'Close' }).first().click();
  clientId = task.clientId;
});

test('back online: `siteward sync` sends it all; the hub has the changes and numbers the remark', async () => {
  const { page } = browser;
  hub = await serveFolder(hubDir, 'technician-offline-hub', hub.port);
  await laptop.stop(); // one process holds a data folder at a time
  const out = await runSiteward(['sync', '--data', laptopDir]);
  assert.match(out, /sync: pushed [1-9]\d* \(0 conflicts for the office to review, 0 refused and kept\)/);
  assert.match(out, /0 changes waiting/);

  const off = await office();
  try {
    const t = await (await off.get(`/api/tasks/${taskId}`)).json();
    assert.equal(t.stage, 'inprogress');
    assert.equal(t.description, 'Offline: pump run 30 min, pressure held at 700 kPa.');
    const r = await (await off.get(`/api/remarks/${remarkId}`)).json();
    assert.equal(r.description, 'Offline: jockey pump seal leaking');
    assert.equal(r.severity, 'critical');
    assert.equal(r.taskId, taskId);
    assert.ok(Number.isInteger(r.number) && r.number > 0, `the hub numbered the remark: ${r.number}`);
    assert.equal(r.photos.length, 1);
    assert.equal(r.photos[0].caption, 'Seal from the left');
    const notes = await (await off.get(`/api/clients/${clientId}/notes`)).json();
    assert.ok(notes.items.some((n) => n.body === NOTE), 'the note written offline reached the hub');
    const assets = await (await off.get('/api/assets', { params: { q: 'Offline: beside the pump room door' } })).json();
    assert.equal(assets.total, 1, 'the asset added offline reached the hub');
    assert.equal(assets.items[0].type, 'Extinguisher');
    const img = await off.get(`/api/remark-photos/${r.photos[0].id}/image`);
    assert.equal(img.status(), 200);
    assert.deepEqual(Buffer.from(await img.body()), makePlanPNG(160, 120), 'the photo arrived whole');

    // The laptop shows the hub's number once it is back.
    laptop = await serveFolder(laptopDir, 'technician-offline-laptop', laptop.port);
    await page.goto(`${laptop.baseURL}/#/remarks?q=${encodeURIComponent('jockey pump seal')}`);
    await page.getByRole('cell', { name: `R-${r.number}`, exact: true }).waitFor();
    await page.getByTestId('sync-chip').getByText(exact('0 changes waiting')).waitFor();
    await screenshot(page, 'technician-remarks-after-sync');
    await phoneShot(page, 'technician-remarks-after-sync');
  } finally {
    await off.dispose();
  }
});
