// The portal's overlays beyond their lists: every list downloads as XLSX
// beside CSV (a workbook of exactly the listed rows), and the property
// page's public documents and published reports, and Latest reports in the
// Reports panel, open a preview in place (a PDF in a frame, an image
// inline) with its download; Escape closes the preview first, then the
// overlay. Each overlay is looked at at 1280 and 375 px.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { makePDF, makePlanPNG } from './files.mjs';
import { ARTIFACTS, DESKTOP, PHONE, apiAs, exact, getAll, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let office;
let property; // an active property of the single-client login's client
const PDF_NAME = 'Preview fire safety statement.pdf';
const PNG_NAME = 'Preview booster photo.png';
const REPORT_TITLE = 'Preview monthly activity';

before(async () => {
  sw = await startSiteward('portal-previews');
  office = await apiAs(sw.baseURL, sw.login('office'));
  const name = sw.login('client').scope.name;
  const client = (await (await office.get(`/api/clients?${new URLSearchParams({ q: name })}`)).json()).items.find((c) => c.name === name);
  assert.ok(client, `client ${name} not found`);
  [property] = await getAll(office, '/api/properties', { clientId: client.id, active: 'true' });
  assert.ok(property, `${name} has no active property`);
  const folder = await office.post(`/api/properties/${property.id}/folders`, { data: { name: 'public' } });
  assert.ok([201, 409].includes(folder.status()), `public folder: ${folder.status()} ${await folder.text()}`);
  for (const [fileName, body] of [
    [PDF_NAME, makePDF('Fire safety statement')],
    [PNG_NAME, makePlanPNG(320, 200)],
  ]) {
    const res = await office.post(`/api/properties/${property.id}/documents?${new URLSearchParams({ folder: 'public', fileName })}`, { data: body });
    assert.equal(res.status(), 201, `upload ${fileName}: ${await res.text()}`);
  }
  const rep = await office.post(`/api/properties/${property.id}/reports`, {
    data: { kind: 'monthly-activity', month: '2026-11', title: REPORT_TITLE, published: true },
  });
  assert.equal(rep.status(), 201, `report: ${await rep.text()}`);
});

after(async () => {
  try {
    await office?.dispose();
  } finally {
    await sw?.stop();
  }
});

async function openPortal(page) {
  await page.goto('/portal.html');
  await signIn(page, sw.login('client'));
  await page.getByRole('heading', { name: 'Your properties' }).waitFor();
  await page.locator('table.props tbody tr').first().waitFor();
}

/** The rows of the first sheet of an XLSX file (a zip): read with Node's own inflate. */
function xlsxRowCount(buf) {
  // The end of central directory record names where the directory starts.
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'the download is not a zip');
  let at = buf.readUInt32LE(eocd + 16);
  const entries = buf.readUInt16LE(eocd + 10);
  for (let i = 0; i < entries; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen);
    if (name === 'xl/worksheets/sheet1.xml') {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      const xml = (method === 8 ? inflateRawSync(data) : data).toString('utf8');
      return (xml.match(/<row[ >]/g) ?? []).length;
    }
    at += 46 + nameLen + extra + comment;
  }
  assert.fail('the workbook has no first sheet');
}

/** The overlay at 375 px: nothing in it reaches past the phone's edge. */
async function phoneShot(page, name, dialog, target) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(250);
  if (target) await target.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await page.waitForTimeout(100);
  const wide = await dialog.evaluate((d, edge) => {
    const out = [];
    for (const el of [d, ...d.querySelectorAll('*')]) {
      if (el.closest('thead')?.getBoundingClientRect().width <= 1) continue; // a list's header, kept for screen readers only
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > edge + 1) out.push(`${el.tagName}.${el.className} ${Math.round(r.right)}`);
    }
    return out.slice(0, 8);
  }, PHONE.width);
  assert.deepEqual(wide, [], `${name}: these reach past the phone's edge`);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-375.png`) });
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(250);
}

test('every overlay list downloads as XLSX holding exactly the listed rows', async () => {
  const browser = await openBrowser(sw.baseURL);
  try {
    const { page } = browser;
    await openPortal(page);
    for (const [kind, heading, query] of [
      ['defects', 'Defects', 'status=open'],
      ['tasks', 'Tasks', ''],
      ['assets', 'Assets', ''],
      ['quotes', 'Quotes', ''],
      ['invoices', 'Invoices', ''],
    ]) {
      const answer = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/portal/${kind}` && r.request().method() === 'GET');
      await page.goto(`/portal.html#/list/${kind}${query ? '?' + query : ''}`);
      const total = (await (await answer).json()).total;
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('heading', { name: heading, exact: true }).waitFor();
      const link = dialog.getByRole('link', { name: 'Download XLSX' });
      assert.equal(await link.getAttribute('href'), `/api/portal/${kind}.xlsx${query ? '?' + query : ''}`);
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      assert.equal(download.suggestedFilename(), `${kind}.xlsx`);
      const file = await download.path();
      assert.ok(statSync(file).size > 0, `${kind}.xlsx is empty`);
      const res = await page.request.get(`/api/portal/${kind}.xlsx${query ? '?' + query : ''}`);
      assert.equal(res.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      assert.equal(xlsxRowCount(await res.body()), total + 1, `${kind}.xlsx does not hold the ${total} listed rows and a header`);
      if (kind === 'defects') {
        await screenshot(page, 'portal-previews-list-defects');
        await phoneShot(page, 'portal-previews-list-defects', dialog);
        // At phone width the rows are cards without column headers: the sort is a menu.
        await page.setViewportSize(PHONE);
        const sortMenu = dialog.getByLabel('Sort by');
        await sortMenu.waitFor();
        const sorted = page.waitForResponse((r) => new URL(r.url()).searchParams.get('sort') === '-raised');
        await sortMenu.selectOption('-raised');
        await sorted;
        assert.match(decodeURIComponent(new URL(page.url()).hash), /sort=-raised/);
        await page.setViewportSize(DESKTOP);
        assert.ok(!(await sortMenu.isVisible()), 'the sort menu shows beside sortable column headers');
      }
      await page.keyboard.press('Escape');
      await dialog.waitFor({ state: 'detached' });
    }
  } finally {
    await browser.close();
  }
});

test('the property page previews a PDF and an image in place; Escape closes the preview, then the page', async () => {
  const browser = await openBrowser(sw.baseURL);
  try {
    const { page } = browser;
    await openPortal(page);
    await page.goto(`/portal.html#/property/${property.id}`);
    const pageOverlay = page.getByRole('dialog').filter({ has: page.getByRole('heading', { name: exact(property.name) }) });
    await pageOverlay.getByRole('heading', { name: 'Documents', exact: true }).waitFor();
    await pageOverlay.getByRole('heading', { name: 'Documents', exact: true }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'portal-previews-property-docs');
    await phoneShot(page, 'portal-previews-property-docs', pageOverlay, pageOverlay.getByRole('heading', { name: 'Documents', exact: true }));
    const preview = page.getByRole('dialog').filter({ has: page.getByRole('heading', { name: exact(PDF_NAME) }) });

    // The PDF: in a frame, served in place with the stored-file headers.
    const served = page.waitForResponse((r) => /\/api\/portal\/documents\/[^/]+\/file$/.test(new URL(r.url()).pathname));
    await pageOverlay.getByRole('button', { name: PDF_NAME, exact: true }).click();
    await preview.waitFor();
    assert.equal((await served).status(), 200);
    const frame = preview.locator('iframe');
    assert.equal(await frame.getAttribute('title'), `Preview of ${PDF_NAME}`);
    const shown = await page.request.get(await frame.getAttribute('src'));
    assert.equal(shown.headers()['content-type'], 'application/pdf');
    assert.match(shown.headers()['content-disposition'], /^inline;/);
    assert.equal(shown.headers()['x-content-type-options'], 'nosniff');
    assert.match(shown.headers()['content-security-policy'], /^sandbox;/);
    const download = preview.getByRole('link', { name: 'Download' });
    assert.match(await download.getAttribute('href'), /\/file\?download=1$/);
    const file = await page.request.get(await download.getAttribute('href'));
    assert.match(file.headers()['content-disposition'], /^attachment;/);
    assert.ok((await file.body()).subarray(0, 5).toString() === '%PDF-', 'the download is not the PDF');
    await screenshot(page, 'portal-previews-pdf');
    await phoneShot(page, 'portal-previews-pdf', preview);

    // Escape closes the preview only; the property page stays.
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    await pageOverlay.waitFor();
    assert.match(decodeURIComponent(new URL(page.url()).hash), /^#\/property\//);
    assert.ok(await page.evaluate(() => document.body.classList.contains('overlay-open')), 'the page behind scrolls while the property page is open');

    // The image: inline, drawn; the X closes it.
    await pageOverlay.getByRole('button', { name: PNG_NAME, exact: true }).click();
    const imgPreview = page.getByRole('dialog').filter({ has: page.getByRole('heading', { name: exact(PNG_NAME) }) });
    const img = imgPreview.getByRole('img', { name: PNG_NAME });
    await page.waitForFunction((el) => el.complete && el.naturalWidth === 320, await img.elementHandle());
    await screenshot(page, 'portal-previews-image');
    await phoneShot(page, 'portal-previews-image', imgPreview);
    await imgPreview.getByRole('button', { name: 'Close' }).click();
    await imgPreview.waitFor({ state: 'detached' });
    await pageOverlay.waitFor();

    // The published report: its PDF in place.
    await pageOverlay.getByRole('button', { name: REPORT_TITLE, exact: true }).click();
    const reportPreview = page.getByRole('dialog').filter({ has: page.getByRole('heading', { name: exact(REPORT_TITLE) }) });
    const src = await reportPreview.locator('iframe').getAttribute('src');
    assert.match(src, /^\/api\/portal\/latest-reports\/[^/]+\/pdf$/);
    const pdf = await page.request.get(src);
    assert.equal(pdf.status(), 200);
    assert.match(pdf.headers()['content-disposition'], /^inline;/);
    assert.match(pdf.headers()['content-security-policy'], /^sandbox;/);
    await page.keyboard.press('Escape');
    await reportPreview.waitFor({ state: 'detached' });

    // Then Escape closes the property page itself.
    await page.keyboard.press('Escape');
    await pageOverlay.waitFor({ state: 'detached' });
    assert.ok(!new URL(page.url()).hash.startsWith('#/property'));
    assert.ok(!(await page.evaluate(() => document.body.classList.contains('overlay-open'))), 'the page behind stays locked');
  } finally {
    await browser.close();
  }
});

test('Latest reports in the Reports panel preview a report in place', async () => {
  const browser = await openBrowser(sw.baseURL);
  try {
    const { page } = browser;
    await openPortal(page);
    const latest = page.getByRole('list', { name: 'Latest reports' });
    const row = latest.locator('li', { hasText: REPORT_TITLE });
    await row.scrollIntoViewIfNeeded();
    await row.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('dialog').filter({ has: page.getByRole('heading', { name: exact(REPORT_TITLE) }) });
    await preview.locator('iframe').waitFor();
    assert.match(await preview.getByRole('link', { name: 'Download' }).getAttribute('href'), /\/pdf\?download=1$/);
    await screenshot(page, 'portal-previews-latest-report');
    await phoneShot(page, 'portal-previews-latest-report', preview);
    await page.keyboard.press('Escape');
    await preview.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Your properties' }).waitFor();
  } finally {
    await browser.close();
  }
});
