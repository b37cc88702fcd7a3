// PDF reports in the portal: the Reports panel's Download PDF opens the
// overlay with the month picker and an in-place preview; a bad date range
// is refused next to the field; Escape closes the overlay. The PDF itself
// comes from the same route, checked here for its type and file name.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { join } from 'node:path';
import { ARTIFACTS, DESKTOP, PHONE, apiAs, assertNoHorizontalScroll, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

/** A phone-width shot of one element (the overlay, a panel), after checking the page does not scroll sideways. */
async function phoneShot(page, locator, name) {
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(1500); // the PDF viewer lays out again
  await assertNoHorizontalScroll(page, name);
  await locator.screenshot({ path: join(ARTIFACTS, `${name}-375.png`) });
  await page.setViewportSize(DESKTOP);
}

let sw;

before(async () => {
  sw = await startSiteward('reports');
});

after(async () => {
  await sw?.stop();
});

async function openPortal(page, login) {
  await page.goto(sw.baseURL + '/portal.html');
  await signIn(page, login);
  const chooser = page.getByRole('heading', { name: 'Choose a view' });
  const panel = page.getByRole('heading', { name: 'Reports', exact: true });
  await chooser.or(panel).first().waitFor();
  if (await chooser.isVisible()) {
    await page.locator('ul.list li button').filter({ hasText: login.scope.name }).first().click();
  }
  await panel.waitFor();
}

test('a customer previews and downloads the Monthly Activity Report', async () => {
  const b = await openBrowser(sw.baseURL);
  try {
    const { page } = b;
    await openPortal(page, sw.login('client'));
    const panel = page.locator('section', { has: page.getByRole('heading', { name: 'Reports', exact: true }) });
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'reports-panel');
    await phoneShot(page, panel, 'reports-panel');
    await panel.locator('li', { hasText: 'Monthly Activity Report' }).getByRole('button', { name: 'Download PDF' }).click();
    const dialog = page.getByRole('dialog', { name: 'Monthly Activity Report' });
    await dialog.waitFor();
    const month = dialog.getByLabel('Month', { exact: true });
    assert.match(await month.inputValue(), /^\d{4}-\d{2}$/, 'the month picker starts on the current month');
    await dialog.locator('iframe[title="Preview of the Monthly Activity Report"]').waitFor({ timeout: 30_000 });
    const download = dialog.getByRole('link', { name: 'Download PDF' });
    assert.match(await download.getAttribute('download'), /^monthly-activity-\d{4}-\d{2}-01\.pdf$/);
    await page.waitForTimeout(1500); // the PDF viewer draws the first page
    await screenshot(page, 'reports-activity-preview');
    await phoneShot(page, dialog, 'reports-activity-preview');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // The condition report is for one property, chosen in the overlay.
    await panel.locator('li', { hasText: 'Yearly Condition Report' }).getByRole('button', { name: 'Download PDF' }).click();
    const yearly = page.getByRole('dialog', { name: 'Yearly Condition Report' });
    const property = yearly.getByLabel('Property', { exact: true });
    await page.waitForFunction(() => document.querySelector('#portal-report-property-select')?.options.length > 0);
    assert.ok((await property.locator('option').count()) <= sw.login('client').sees.properties);
    await yearly.locator('iframe[title="Preview of the Yearly Condition Report"]').waitFor({ timeout: 30_000 });
    assert.match(await yearly.getByLabel('Year', { exact: true }).inputValue(), /^\d{4}$/);
    await page.waitForTimeout(1500);
    await screenshot(page, 'reports-condition-preview');
    await yearly.getByRole('button', { name: 'Close' }).click();
    await yearly.waitFor({ state: 'detached' });

    // Latest reports: the published reports of the view, with a preview.
    const latest = panel.getByRole('list', { name: 'Latest reports' });
    await latest.waitFor();
    const first = latest.locator('li').first();
    const title = (await first.locator('.title').textContent()).trim();
    await first.getByRole('button', { name: 'Preview' }).click();
    const shown = page.getByRole('dialog', { name: title });
    await shown.locator('iframe').waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1500);
    await screenshot(page, 'reports-latest-preview');
    await page.keyboard.press('Escape');
    await shown.waitFor({ state: 'detached' });
    const client = await apiAs(sw.baseURL, sw.login('client'));
    try {
      const res = await client.get('/api/portal/latest-reports?limit=500');
      const body = await res.json();
      assert.ok(body.total > 0, 'the demo client has published reports');
      assert.ok(body.items.every((r) => r.published), 'only published reports reach the portal');
    } finally {
      await client.dispose();
    }
  } finally {
    await b.close();
  }
});

test('a bad date range is refused next to the field', async () => {
  const b = await openBrowser(sw.baseURL);
  try {
    const { page } = b;
    await openPortal(page, sw.login('client'));
    await page.locator('#routines-title').scrollIntoViewIfNeeded();
    const routines = page.locator('section', { has: page.locator('#routines-title') });
    await routines.getByRole('button', { name: 'Download PDF' }).click();
    const dialog = page.getByRole('dialog', { name: 'Routine Activity Report' });
    await dialog.locator('iframe').waitFor({ timeout: 30_000 }); // reports are drawn on a busy machine too
    await dialog.getByLabel('From', { exact: true }).fill('2026-12-01');
    await dialog.getByLabel('To', { exact: true }).fill('2026-11-01');
    await dialog.getByRole('button', { name: 'Show report' }).click();
    await dialog.locator('.field-error', { hasText: 'The end date is before the start date.' }).waitFor();
    assert.equal(await dialog.getByLabel('To', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await dialog.locator('iframe').count(), 0, 'no preview of a refused report');
    await screenshot(page, 'reports-range-error');
  } finally {
    await b.close();
  }
});

test('the report routes answer PDFs, and refuse what is not the view', async () => {
  const client = await apiAs(sw.baseURL, sw.login('client'));
  try {
    const ok = await client.get('/api/portal/reports/monthly-maintenance?month=2026-10&download=1');
    assert.equal(ok.status(), 200);
    assert.equal(ok.headers()['content-type'], 'application/pdf');
    assert.match(ok.headers()['content-disposition'], /^attachment; filename="monthly-maintenance-2026-10-01\.pdf"$/);
    assert.equal((await ok.body()).subarray(0, 5).toString(), '%PDF-');
    const bad = await client.get('/api/portal/reports/monthly-activity?month=2026-13');
    assert.equal(bad.status(), 400);
    const hidden = sw.login('client').sees.hidden.id;
    const outside = await client.get(`/api/portal/reports/yearly-condition?year=2026&property=${hidden}`);
    assert.equal(outside.status(), 404, "another client's property is not found");
  } finally {
    await client.dispose();
  }
});

test('the office generates a report for a property, saves it published and emails it', async () => {
  const b = await openBrowser(sw.baseURL);
  try {
    const { page } = b;
    const client = sw.login('client');
    await page.goto(`${sw.baseURL}/#/reports`);
    await signIn(page, sw.login('office'));
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();
    await page.getByLabel('Find a client').fill(client.scope.name);
    const target = page.getByLabel('Client', { exact: true });
    await page.waitForFunction(
      ([sel, name]) => [...document.querySelector(sel).options].some((o) => o.selected && o.textContent === name),
      ['#report-target', client.scope.name],
    );
    assert.equal(await target.locator('option:checked').textContent(), client.scope.name);
    const property = page.getByLabel('Property', { exact: true });
    await page.waitForFunction(() => document.querySelector('#report-property').options.length > 1);
    await property.selectOption({ index: 1 });
    await page.getByLabel('Report', { exact: true }).selectOption('monthly-maintenance');
    await page.locator('iframe[title="Preview of the Monthly Maintenance Report"]').waitFor({ timeout: 30_000 });
    await page.getByLabel('Publish in the portal').check();
    await page.getByRole('button', { name: 'Save report' }).click();
    await page.getByRole('status').filter({ hasText: 'and published it in the portal' }).waitFor();
    const row = page.locator('table tbody tr').first();
    await row.getByText('Published').waitFor();
    await row.getByRole('button', { name: 'Email to client' }).click();
    await row.locator('[role=status], [role=alert]').filter({ hasText: /Queued for|no address/ }).waitFor();
    await page.waitForTimeout(1500); // the PDF viewer draws the first page
    await screenshot(page, 'reports-office', { fullPage: true });
  } finally {
    await b.close();
  }
});
