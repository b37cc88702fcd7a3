// Documents, floorplans and signoffs as the office keeps them, and what the
// client's customer then sees in the portal: a PDF and an image uploaded to
// the client's "public" folder (previewed in place), a private document
// that stays in the office, a floorplan with an asset dragged onto it
// (kept after a reload), and a contractor signoff on the timeline.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makePDF, makePlanPNG } from './files.mjs';
import { join } from 'node:path';
import { ARTIFACTS, DESKTOP, PHONE, apiAs, assertNoHorizontalScroll, exact, getAll, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office;
let client; // the demo's single-client login's client
let property; // an active property of it with assets
const PUBLIC_PDF = 'Fire safety statement 2026.pdf';
const IMAGE = 'Hydrant booster photo.png';
const PRIVATE_PDF = 'Internal pricing notes.pdf';
const PLAN = 'Level 1 test plan';
const PROPERTY_PDF = 'Booster valve certificate.pdf';

before(async () => {
  sw = await startSiteward('workspace-documents');
  office = await apiAs(sw.baseURL, sw.login('office'));
  const name = sw.login('client').scope.name;
  client = (await (await office.get(`/api/clients?${new URLSearchParams({ q: name })}`)).json()).items.find((c) => c.name === name);
  assert.ok(client, `client ${name} not found`);
  for (const p of await getAll(office, '/api/properties', { clientId: client.id, active: 'true' })) {
    const pf = await (await office.get(`/api/properties/${p.id}/floorplans`)).json();
    if (pf.assets.some((a) => a.floorplanId === null)) {
      property = p;
      break;
    }
  }
  assert.ok(property, `${name} has no active property with an unpinned asset`);
  browser = await openBrowser(sw.baseURL);
  await browser.page.goto(`${sw.baseURL}/#/clients/${client.id}`);
  await signIn(browser.page, sw.login('office'));
  await browser.page.getByRole('heading', { name: client.name, level: 1 }).waitFor();
});

after(async () => {
  try {
    await office?.dispose();
    await browser?.close();
  } finally {
    await sw?.stop();
  }
});

const docsPanel = (page) => page.locator('section.documents');

async function folder(page, name) {
  const panel = docsPanel(page);
  const existing = panel.getByRole('button', { name: new RegExp(`^${name}\\s+\\d+$`) });
  if (!(await existing.count())) {
    await panel.getByRole('button', { name: 'New folder' }).click();
    const dialog = page.getByRole('dialog', { name: 'New folder' });
    await dialog.getByLabel('Folder name').fill(name);
    if (name === 'public') await dialog.getByText('A folder named “public” is visible in the portal').waitFor();
    await dialog.getByLabel('Folder name').press('Enter');
    await panel.getByRole('status').filter({ hasText: `Folder ${name} created.` }).waitFor();
  } else {
    await existing.click();
  }
  await panel.getByRole('heading', { name, exact: true, level: 3 }).waitFor();
}

async function upload(page, folderName, file) {
  await docsPanel(page).getByLabel(`Upload a document to ${folderName}`).setInputFiles(file);
  await docsPanel(page).getByRole('status').filter({ hasText: `${file.name} uploaded to ${folderName}.` }).waitFor();
}

test('the client page: folders, the public one marked, uploads refused and accepted', async () => {
  const { page } = browser;
  const panel = docsPanel(page);
  await panel.getByRole('heading', { name: 'Documents', level: 2 }).waitFor();
  await folder(page, 'public');
  await panel.locator('.badge', { hasText: 'Visible in the portal' }).waitFor();
  await panel.getByText('Shared: the client’s portal users see every document here.').waitFor();

  // An HTML page named .pdf is refused beside the upload, and nothing is stored.
  const before = (await (await office.get(`/api/clients/${client.id}/documents`)).json()).documents.length;
  await panel.getByLabel('Upload a document to public').setInputFiles({ name: 'trick.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<!DOCTYPE html><script>alert(1)</script>') });
  await panel.getByRole('alert').filter({ hasText: 'trick.pdf: Siteward keeps PDFs' }).waitFor();
  assert.equal((await (await office.get(`/api/clients/${client.id}/documents`)).json()).documents.length, before, 'a refused upload was stored');

  await upload(page, 'public', { name: PUBLIC_PDF, mimeType: 'application/pdf', buffer: makePDF('Fire safety statement 2026') });
  await upload(page, 'public', { name: IMAGE, mimeType: 'image/png', buffer: makePlanPNG(320, 200) });
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'workspace-documents-public-folder');
  await folder(page, 'Office only');
  assert.equal(await panel.locator('.badge', { hasText: 'Visible in the portal' }).count(), 1, 'only the public folder is marked');
  await panel.getByText('Office only — not shown in the portal.').waitFor();
  await upload(page, 'Office only', { name: PRIVATE_PDF, mimeType: 'application/pdf', buffer: makePDF('Internal pricing notes') });
  await screenshot(page, 'workspace-documents-client', { fullPage: true });
});

test('preview a PDF and an image in place, served sandboxed', async () => {
  const { page } = browser;
  const panel = docsPanel(page);
  await panel.getByRole('button', { name: /^public\s+\d+$/ }).click();
  await panel.getByRole('button', { name: `Preview ${PUBLIC_PDF}` }).click();
  const dialog = page.getByRole('dialog', { name: PUBLIC_PDF });
  const frame = dialog.locator(`iframe[title="Preview of ${PUBLIC_PDF}"]`);
  await frame.waitFor();
  const src = await frame.getAttribute('src');
  const res = await office.get(src);
  assert.equal(res.status(), 200);
  assert.equal(res.headers()['content-type'], 'application/pdf');
  assert.match(res.headers()['content-disposition'], /^inline; filename=/);
  assert.equal(res.headers()['x-content-type-options'], 'nosniff');
  assert.match(res.headers()['content-security-policy'], /^sandbox;/);
  assert.match(await dialog.getByRole('link', { name: 'Download' }).getAttribute('href'), /\?download=1$/);
  await page.waitForTimeout(800); // the PDF viewer draws the page
  await screenshot(page, 'workspace-documents-preview-pdf');
  await dialog.getByRole('button', { name: 'Close' }).first().click();

  await panel.getByRole('button', { name: `Preview ${IMAGE}` }).click();
  const img = page.getByRole('dialog', { name: IMAGE }).getByRole('img', { name: IMAGE });
  await img.waitFor();
  await page.waitForFunction((el) => el.complete && el.naturalWidth === 320, await img.elementHandle());
  await screenshot(page, 'workspace-documents-preview-image');
  await page.keyboard.press('Escape');
  await img.waitFor({ state: 'detached' });
});

test('rename a folder, move a document through it, delete it once empty', async () => {
  const { page } = browser;
  const panel = docsPanel(page);
  await folder(page, 'Old certificates');
  await panel.getByRole('button', { name: 'Rename folder' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename Old certificates' });
  await rename.getByLabel('Folder name').fill('office only');
  await rename.getByLabel('Folder name').press('Enter');
  await rename.locator('.field-error', { hasText: 'There is already a folder named Office only' }).waitFor();
  assert.equal(await rename.getByLabel('Folder name').inputValue(), 'office only', 'what was typed is lost');
  await rename.getByLabel('Folder name').fill('Archive');
  await rename.getByLabel('Folder name').press('Enter');
  await panel.getByRole('status').filter({ hasText: 'Folder Old certificates renamed to Archive.' }).waitFor();

  await panel.getByRole('button', { name: /^public\s+\d+$/ }).click();
  await panel.getByLabel(`Move ${IMAGE} to folder`).selectOption('Archive');
  await panel.getByRole('status').filter({ hasText: `${IMAGE} moved to Archive.` }).waitFor();
  await panel.getByRole('button', { name: /^Archive\s+1$/ }).click();
  assert.ok(await panel.getByRole('button', { name: 'Delete folder' }).isDisabled(), 'a folder with documents can be deleted');
  await panel.getByLabel(`Move ${IMAGE} to folder`).selectOption('public');
  await panel.getByRole('status').filter({ hasText: `${IMAGE} moved to public.` }).waitFor();
  page.once('dialog', (d) => d.accept());
  await panel.getByRole('button', { name: 'Delete folder' }).click();
  await panel.getByRole('status').filter({ hasText: 'Folder Archive deleted.' }).waitFor();
  const list = await (await office.get(`/api/clients/${client.id}/documents`)).json();
  assert.deepEqual(list.folders.map((f) => f.name), ['public', 'Office only']);
  assert.equal(list.documents.find((d) => d.name === IMAGE).folder, 'public');
});

async function openProperty(page) {
  await page.goto(`${sw.baseURL}/#/properties?q=${encodeURIComponent(property.name)}`);
  await page.getByRole('button', { name: property.name, exact: true }).first().click();
  await page.getByRole('dialog', { name: property.name }).waitFor();
  return page.getByRole('dialog', { name: property.name });
}

test('the property has documents of its own, in its own folders', async () => {
  const { page } = browser;
  const dialog = await openProperty(page);
  await dialog.getByRole('tab', { name: 'Documents' }).click();
  await folder(page, 'public');
  await upload(page, 'public', { name: PROPERTY_PDF, mimeType: 'application/pdf', buffer: makePDF('Booster valve certificate') });
  await docsPanel(page).locator('.badge', { hasText: 'Visible in the portal' }).waitFor();
  await screenshot(page, 'workspace-documents-property');
  await dialog.getByRole('button', { name: 'Close' }).first().click();
});

test('a floorplan: upload, drag an asset onto it, still there after a reload', async () => {
  const { page } = browser;
  let dialog = await openProperty(page);
  await dialog.getByRole('tab', { name: 'Floorplans' }).click();
  // Not an image: the message is beside the file.
  await dialog.getByLabel('Name').fill(PLAN);
  await dialog.getByLabel(/^Image/).setInputFiles({ name: 'plan.png', mimeType: 'image/png', buffer: makePDF('not a plan') });
  await dialog.getByRole('button', { name: 'Upload floorplan' }).click();
  await dialog.locator('.field-error', { hasText: 'PNG or JPEG' }).waitFor();
  await dialog.getByLabel(/^Image/).setInputFiles({ name: 'plan.png', mimeType: 'image/png', buffer: makePlanPNG(800, 500) });
  await dialog.getByRole('button', { name: 'Upload floorplan' }).click();
  await dialog.getByRole('status').filter({ hasText: `Floorplan ${PLAN} uploaded (800 × 500 px)` }).waitFor();
  const img = dialog.getByRole('img', { name: `Floorplan: ${PLAN}` });
  await page.waitForFunction((el) => el.complete && el.naturalWidth === 800, await img.elementHandle());

  // Drag the first asset of the list onto the plan, a quarter across and down.
  const chip = dialog.locator('ul.chips button.chip').first();
  const assetId = await chip.getAttribute('data-asset');
  const from = await chip.boundingBox();
  const plan = await img.boundingBox();
  const to = { x: plan.x + plan.width * 0.25, y: plan.y + plan.height * 0.75 };
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x, to.y, { steps: 12 });
  await page.locator('.ghost').waitFor();
  await page.mouse.up();
  const pin = dialog.locator(`.pin[data-asset="${assetId}"]`);
  await pin.waitFor();
  await dialog.getByRole('status').filter({ hasText: 'pinned on' }).waitFor();
  const stored = async () => (await (await office.get(`/api/properties/${property.id}/floorplans`)).json()).assets.find((a) => a.id === assetId);
  let a = await stored();
  assert.ok(Math.abs(a.pinX - 0.25) < 0.02 && Math.abs(a.pinY - 0.75) < 0.02, `pin stored at ${a.pinX}, ${a.pinY}`);

  // Move the pin by dragging it.
  const p = await pin.boundingBox();
  await page.mouse.move(p.x + p.width / 2, p.y + p.height / 2);
  await page.mouse.down();
  await page.mouse.move(plan.x + plan.width * 0.6, plan.y + plan.height * 0.4, { steps: 8 });
  await page.mouse.up();
  await page.waitForFunction(async ([url, id]) => {
    const r = await fetch(url);
    const found = (await r.json()).assets.find((x) => x.id === id);
    return Math.abs(found.pinX - 0.6) < 0.02 && Math.abs(found.pinY - 0.4) < 0.02;
  }, [`/api/properties/${property.id}/floorplans`, assetId]);
  await screenshot(page, 'workspace-documents-floorplan');

  // A finger moves it too: the same pointer events, of type touch.
  const q = await pin.boundingBox();
  const touch = (type, x, y) => pin.dispatchEvent(type, { pointerId: 7, pointerType: 'touch', isPrimary: true, button: 0, buttons: type === 'pointerup' ? 0 : 1, clientX: x, clientY: y, bubbles: true });
  await touch('pointerdown', q.x + q.width / 2, q.y + q.height / 2);
  await touch('pointermove', plan.x + plan.width * 0.3, plan.y + plan.height * 0.5);
  await touch('pointermove', plan.x + plan.width * 0.8, plan.y + plan.height * 0.2);
  await touch('pointerup', plan.x + plan.width * 0.8, plan.y + plan.height * 0.2);
  await page.waitForFunction(async ([url, id]) => {
    const r = await fetch(url);
    const found = (await r.json()).assets.find((x) => x.id === id);
    return Math.abs(found.pinX - 0.8) < 0.02 && Math.abs(found.pinY - 0.2) < 0.02;
  }, [`/api/properties/${property.id}/floorplans`, assetId]);
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(ARTIFACTS, 'workspace-documents-floorplan-375.png') });
  await page.setViewportSize(DESKTOP);

  await page.reload();
  await page.getByRole('heading', { name: 'Properties', level: 1 }).waitFor();
  dialog = await openProperty(page);
  await dialog.getByRole('tab', { name: 'Floorplans' }).click();
  const pick = dialog.getByLabel('Floorplan', { exact: true });
  if (await pick.count()) await pick.selectOption({ label: new RegExp(`^${PLAN} `) });
  const kept = dialog.locator(`.pin[data-asset="${assetId}"]`);
  await kept.waitFor();
  const style = await kept.getAttribute('style');
  a = await stored();
  assert.match(style, new RegExp(`left: ${a.pinX * 100}%`), 'the pin is drawn where it was stored');
});

test('a contractor signoff with the public PDF as evidence', async () => {
  const { page } = browser;
  const dialog = page.getByRole('dialog', { name: property.name });
  await dialog.getByRole('tab', { name: 'Signoffs' }).click();
  await dialog.getByRole('button', { name: 'Add signoff' }).click();
  await dialog.locator('#so-contractor-err').waitFor();
  await dialog.getByLabel('Contractor or company').fill('Harbour Hydraulics Pty Ltd');
  await dialog.getByLabel('Signed by').fill('Jo Inspector');
  await dialog.getByLabel('Date signed').fill('15/11/2026');
  await dialog.getByLabel('Document (optional)').selectOption({ label: `${PUBLIC_PDF} (public, client)` });
  await dialog.getByLabel('Note').fill('Annual hydrant flow test');
  await dialog.getByRole('button', { name: 'Add signoff' }).click();
  await dialog.getByRole('status').filter({ hasText: 'Signoff by Harbour Hydraulics Pty Ltd added.' }).waitFor();
  await dialog.locator('.timeline li', { hasText: 'Harbour Hydraulics Pty Ltd' }).getByRole('link', { name: PUBLIC_PDF }).waitFor();
  await screenshot(page, 'workspace-documents-signoffs');
});

test('the customer sees the public documents, the pin and the signoff; not the private document', async () => {
  const customer = await openBrowser(sw.baseURL);
  try {
    const { page } = customer;
    await page.goto(`${sw.baseURL}/portal.html`);
    await signIn(page, sw.login('client'));
    await page.getByRole('heading', { name: 'Your properties' }).waitFor();
    await page.goto(`${sw.baseURL}/portal.html#/property/${property.id}`);
    const overlay = page.getByRole('dialog').filter({ has: page.getByRole('heading', { name: exact(property.name) }) });
    await overlay.getByRole('heading', { name: 'Documents', exact: true }).waitFor();
    for (const name of [PUBLIC_PDF, IMAGE, PROPERTY_PDF]) await overlay.getByRole('button', { name, exact: true }).first().waitFor();
    assert.equal(await overlay.getByText(PRIVATE_PDF).count(), 0, 'the private document reaches the portal');
    const pick = overlay.getByLabel('Floorplan', { exact: true });
    if (await pick.count()) await pick.selectOption({ label: new RegExp(`^${PLAN} `) });
    const img = overlay.getByRole('img', { name: `Floorplan: ${PLAN}` });
    await page.waitForFunction((el) => el.complete && el.naturalWidth === 800, await img.elementHandle());
    assert.equal(await overlay.locator('.pin').count(), 1, 'the pinned asset shows on the plan');
    const signoff = overlay.locator('.timeline li', { hasText: 'Harbour Hydraulics Pty Ltd' });
    await signoff.getByRole('button', { name: PUBLIC_PDF, exact: true }).waitFor();
    // The overlay scrolls on its own: one picture of the plan, one of the
    // documents and signoffs, at desktop and phone width.
    for (const [size, viewport] of [['1280', DESKTOP], ['375', PHONE]]) {
      await page.setViewportSize(viewport);
      if (size === '375') await assertNoHorizontalScroll(page, 'portal property page');
      await img.scrollIntoViewIfNeeded();
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(ARTIFACTS, `workspace-documents-portal-plan-${size}.png`) });
      for (const [heading, shot] of [['Documents', 'docs'], ['Contractor signoffs', 'signoffs']]) {
        await overlay.getByRole('heading', { name: heading, exact: true }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
        await page.waitForTimeout(200);
        await page.screenshot({ path: join(ARTIFACTS, `workspace-documents-portal-${shot}-${size}.png`) });
      }
    }
    await page.setViewportSize(DESKTOP);
  } finally {
    await customer.close();
  }
});
