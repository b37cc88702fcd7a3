// The portal's overlays and activity report: counts open the list behind
// them (filtered, sorted, paged on the server, the address reflecting it,
// reload reopening it, Escape / X / Back closing it, the CSV holding exactly
// the list), and a quote is approved and declined from the activity report,
// with field errors first, and the office sees each decision at once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, DESKTOP, PHONE, apiAs, exact, getAll, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let office;

before(async () => {
  sw = await startSiteward('portal-overlays');
  office = await apiAs(sw.baseURL, sw.login('office'));
});

after(async () => {
  try {
    await office?.dispose();
  } finally {
    await sw?.stop();
  }
});

async function openPortal(page, login) {
  await page.goto('/portal.html');
  await signIn(page, login);
  const chooser = page.getByRole('heading', { name: 'Choose a view' });
  const panel = page.getByRole('heading', { name: 'Your properties' });
  await chooser.or(panel).first().waitFor();
  if (await chooser.isVisible()) {
    const kind = login.scope.kind === 'group' ? 'Group' : 'Client';
    await page
      .locator('ul.list li button')
      .filter({ has: page.locator('.kind', { hasText: exact(kind) }) })
      .filter({ has: page.locator('.name', { hasText: exact(login.scope.name) }) })
      .click();
  }
  await panel.waitFor();
  await page.locator('table.props tbody tr').first().waitFor();
}

const overlay = (page) => page.getByRole('dialog');
const PHONE_WIDTH = PHONE.width;

/** Desktop screenshot, then the overlay as a phone shows it (the viewport, not the page under it), checking nothing in it scrolls sideways. */
async function overlayShots(page, name) {
  await screenshot(page, name);
  // And its end, scrolled to the bottom.
  await page.evaluate(() => document.querySelector('.backdrop').scrollTo(0, 1e6));
  await page.waitForTimeout(100);
  await page.screenshot({ path: join(ARTIFACTS, `${name}-1280-end.png`) });
  await page.evaluate(() => document.querySelector('.backdrop').scrollTo(0, 0));
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(200);
  const { scroll, client, right } = await page.evaluate(() => {
    const d = document.querySelector('[role="dialog"]');
    return { scroll: d.scrollWidth, client: d.clientWidth, right: d.getBoundingClientRect().right };
  });
  assert.ok(scroll <= client + 1 && right <= PHONE_WIDTH + 1, `${name}: the overlay is wider than the phone (${scroll} > ${client})`);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}-375.png`) });
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(200);
}
const hash = (page) => decodeURIComponent(new URL(page.url()).hash);

/** Waits for the overlay's list to answer and returns the API's total. */
async function listTotal(page, pathname, act) {
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === pathname && r.request().method() === 'GET');
  await act();
  const res = await answer;
  assert.equal(res.status(), 200, `${pathname}: ${await res.text()}`);
  return (await res.json()).total;
}

test('portal overlays: counts open their lists; filters, sort and paging live in the address; Escape, X and Back close', async () => {
  const login = sw.login('national');
  const browser = await openBrowser(sw.baseURL);
  try {
    const { page } = browser;
    await openPortal(page, login);

    // The tally's open defects open the list of them.
    const dash = await (await page.request.get('/api/portal/dashboard')).json();
    const total = await listTotal(page, '/api/portal/defects', () =>
      page.getByRole('button', { name: /open defects: show them/ }).click(),
    );
    assert.equal(total, dash.openDefectsTotal, 'the list and the tally disagree');
    await overlay(page).getByRole('heading', { name: 'Defects' }).waitFor();
    assert.equal(hash(page), '#/list/defects?status=open');
    await overlay(page).locator('table.list tbody tr').first().waitFor();
    await overlay(page).getByText(`${total.toLocaleString('en-AU')} defects`).first().waitFor();
    await overlayShots(page, 'portal-overlay-defects');

    // A filter narrows it on the server and the address follows.
    const critical = await listTotal(page, '/api/portal/defects', () => overlay(page).getByLabel('Severity').selectOption('critical'));
    assert.equal(critical, dash.openDefects.critical);
    assert.match(hash(page), /severity=critical/);
    // Sorting by property is the server's.
    const sorted = page.waitForResponse((r) => new URL(r.url()).searchParams.get('sort') === 'property');
    await overlay(page).getByRole('button', { name: 'Property' }).click();
    await sorted;
    assert.match(hash(page), /sort=property/);
    const names = (await overlay(page).locator('table.list tbody tr td[data-label="Property"]').allInnerTexts()).map((s) => s.trim());
    const byName = [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
    assert.deepEqual(names, byName, 'the list is not sorted by property');

    // The CSV holds exactly the list: same filter, every row.
    const href = await overlay(page).getByRole('link', { name: 'Download CSV' }).getAttribute('href');
    assert.match(href, /^\/api\/portal\/defects\.csv\?/);
    assert.match(href, /severity=critical/);
    const csv = await page.request.get(href);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'], /text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    assert.equal(lines.length - 1, critical, 'the CSV does not hold exactly the listed rows');
    assert.ok(lines.slice(1).every((l) => l.includes(',Critical,')), 'the CSV holds rows the filter leaves out');

    // Reload reopens the same overlay, filter and sort.
    const before = hash(page);
    await page.reload();
    await overlay(page).getByRole('heading', { name: 'Defects' }).waitFor();
    assert.equal(hash(page), before);
    assert.equal(await overlay(page).getByLabel('Severity').inputValue(), 'critical');

    // Escape closes it.
    await page.keyboard.press('Escape');
    await overlay(page).waitFor({ state: 'detached' });
    assert.ok(!hash(page).startsWith('#/list'), `Escape left the overlay in the address: ${hash(page)}`);

    // A property's quotes count opens that property's quotes; Back closes it.
    await page.getByRole('button', { name: /quotes awaiting authorisation at/ }).first().click();
    await overlay(page).getByRole('heading', { name: 'Quotes' }).waitFor();
    assert.match(hash(page), /^#\/list\/quotes\?propertyId=.+&propertyName=.+&status=submitted$/);
    await overlay(page).getByText(/^Property: /).waitFor();
    await page.goBack();
    await overlay(page).waitFor({ state: 'detached' });
    assert.ok(!hash(page).startsWith('#/list'));

    // The X closes the overdue invoices list.
    await page.getByRole('button', { name: /overdue invoices: show them/ }).click();
    await overlay(page).getByRole('heading', { name: 'Invoices' }).waitFor();
    await screenshot(page, 'portal-overlay-invoices');
    await overlay(page).getByRole('button', { name: 'Close' }).click();
    await overlay(page).waitFor({ state: 'detached' });

    // A shared link opens the overlay straight away; closing goes to the main page.
    await page.goto('/portal.html#/list/tasks?kind=routine&tolerance=pending_outside');
    await overlay(page).getByRole('heading', { name: 'Tasks' }).waitFor();
    await overlay(page).locator('td[data-label="Tolerance"]').first().or(overlay(page).getByText('No tasks match these filters')).waitFor();
    for (const t of await overlay(page).locator('td[data-label="Tolerance"]').allInnerTexts()) assert.equal(t.trim(), 'Pending outside tolerance');
    await overlayShots(page, 'portal-overlay-tasks');
    await page.keyboard.press('Escape');
    await overlay(page).waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Your properties' }).waitFor();
  } finally {
    await browser.close();
  }
});

test('portal activity report: approve and decline a quote, with field errors first; the office sees both at once', async () => {
  const login = sw.login('national');
  const browser = await openBrowser(sw.baseURL);
  try {
    const { page } = browser;
    await openPortal(page, login);
    const submitted = await getAll(page.request, '/api/portal/quotes', { status: 'submitted' });
    assert.ok(submitted.length >= 2, `the demo view needs two quotes awaiting authorisation, has ${submitted.length}`);
    const awaitingBefore = (await (await page.request.get('/api/portal/dashboard')).json()).quotesAwaiting;

    // The activity report's collapsible headings.
    const activity = page.locator('section', { has: page.getByRole('heading', { name: 'Activity report', exact: true }) });
    await activity.scrollIntoViewIfNeeded();
    await activity.locator('summary', { hasText: 'Defect quotes' }).click();
    await activity.locator('summary', { hasText: 'Service quotes' }).click();
    await activity.locator('summary', { hasText: 'Invoices' }).click();
    await activity.locator('.items li').first().waitFor();
    await screenshot(page, 'portal-activity');
    await page.setViewportSize(PHONE);
    await page.waitForTimeout(200);
    await activity.screenshot({ path: join(ARTIFACTS, 'portal-activity-375.png') });
    await page.setViewportSize(DESKTOP);

    // Approve the first quote listed.
    const first = activity.locator('.item-btn').first();
    await first.click();
    await overlay(page).getByRole('heading', { name: /^Quote / }).waitFor();
    const id = hash(page).replace('#/quote/', '');
    assert.ok(submitted.some((q) => q.id === id), 'the activity report opened a quote that is not awaiting authorisation');
    await overlay(page).getByRole('button', { name: 'Approve…' }).click();
    await overlay(page).getByLabel('Your name').fill('');
    await overlay(page).getByRole('button', { name: 'Approve quote' }).click();
    await overlay(page).locator('#approve-name-error').waitFor();
    assert.equal(await overlay(page).getByLabel('Your name').getAttribute('aria-invalid'), 'true');
    await overlay(page).getByLabel('PO / reference (optional)').fill('PO-E2E-1');
    await overlayShots(page, 'portal-quote-approve-error');
    assert.equal((await (await office.get(`/api/quotes/${id}`)).json()).status, 'submitted', 'a refused approval changed the quote');
    await overlay(page).getByLabel('Your name').fill('Nat E2E');
    await overlay(page).getByRole('button', { name: 'Approve quote' }).click();
    await overlay(page).getByText('Approved. Your contractor sees your approval now.').waitFor();
    await overlay(page).getByRole('heading', { name: /^Approved .* by Nat E2E$/ }).waitFor();
    await overlayShots(page, 'portal-quote-approved');
    const approved = await (await office.get(`/api/quotes/${id}`)).json();
    assert.equal(approved.status, 'approved');
    assert.equal(approved.decidedByName, 'Nat E2E');
    assert.equal(approved.poReference, 'PO-E2E-1');
    await page.keyboard.press('Escape');
    await overlay(page).waitFor({ state: 'detached' });

    // Decline another, through the full list of quotes awaiting authorisation.
    await page.getByRole('button', { name: /quotes awaiting your authorisation: show them/ }).click();
    await overlay(page).getByRole('heading', { name: 'Quotes' }).waitFor();
    const row = overlay(page).locator('table.list tbody tr').first();
    await row.waitFor();
    await row.getByRole('button').first().click();
    await overlay(page).getByRole('button', { name: 'Decline…' }).click();
    const declineId = hash(page).replace('#/quote/', '');
    assert.notEqual(declineId, id);
    await overlay(page).getByRole('button', { name: 'Decline quote' }).click();
    await overlay(page).locator('#decline-reason-error').waitFor();
    await overlay(page).getByLabel('Reason for declining').fill('Over budget this quarter');
    await overlay(page).getByRole('button', { name: 'Decline quote' }).click();
    await overlay(page).getByText('Declined. Your contractor sees your reason now.').waitFor();
    const declined = await (await office.get(`/api/quotes/${declineId}`)).json();
    assert.equal(declined.status, 'declined');
    assert.equal(declined.declineReason, 'Over budget this quarter');
    // Back returns to the list it was opened from, then to the page.
    await page.goBack();
    await overlay(page).getByRole('heading', { name: 'Quotes' }).waitFor();
    await page.goBack();
    await overlay(page).waitFor({ state: 'detached' });

    // The counts moved by exactly the two decisions.
    const after = (await (await page.request.get('/api/portal/dashboard')).json()).quotesAwaiting;
    assert.equal(after.defect + after.service, awaitingBefore.defect + awaitingBefore.service - 2);
    const tile = page.getByRole('button', { name: /quotes awaiting your authorisation: show them/ });
    await page.waitForFunction(
      ([n]) => [...document.querySelectorAll('.tally .big button')].some((b) => b.textContent.trim() === n),
      [String(after.defect + after.service)],
    );
    assert.ok(await tile.isVisible());
  } finally {
    await browser.close();
  }
});

test('portal property page: details, floorplan pins, assets, tasks, public documents, reports and signoffs', async () => {
  const login = sw.login('national');
  const browser = await openBrowser(sw.baseURL);
  try {
    const { page } = browser;
    await openPortal(page, login);
    // A property of the view with a floorplan, documents and reports.
    let chosen;
    for (const p of (await getAll(page.request, '/api/portal/properties')).slice(0, 60)) {
      const pg = await (await page.request.get(`/api/portal/properties/${p.id}/page`)).json();
      if (pg.floorplans.length && pg.floorplans[0].pins > 0 && pg.documents.length && pg.reports.length) {
        chosen = pg;
        break;
      }
    }
    assert.ok(chosen, 'no property of the demo view has a floorplan, documents and reports');
    const name = chosen.property.name;

    await page.getByLabel('Search properties').fill(name);
    await page.getByLabel('Search properties').press('Enter');
    await page.locator('table.props tbody tr td.prop .name', { hasText: exact(name) }).first().click();
    await overlay(page).getByRole('heading', { name: exact(name) }).waitFor();
    assert.equal(hash(page), `#/property/${chosen.property.id}`);
    for (const h of ['Assets', 'Scheduled and upcoming', 'Recent tasks', 'Documents', 'Latest reports', 'Critical defect alerts', 'Contractor signoffs']) {
      await overlay(page).getByRole('heading', { name: h, exact: true }).waitFor();
    }
    // The floorplan image loads and carries one labelled pin per pinned asset.
    const img = overlay(page).getByRole('img', { name: `Floorplan: ${chosen.floorplans[0].name}` });
    await img.waitFor();
    await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
    await overlay(page).locator('.pin').first().waitFor();
    assert.equal(await overlay(page).locator('.pin').count(), chosen.floorplans[0].pins);
    const label = await overlay(page).locator('.pin').first().getAttribute('aria-label');
    assert.match(label, /open defect|no open defects/);
    // Documents and reports download from the page.
    const doc = await overlay(page).getByRole('link', { name: chosen.documents[0].name }).getAttribute('href');
    const res = await page.request.get(doc);
    assert.equal(res.status(), 200);
    assert.equal(res.headers()['content-type'], chosen.documents[0].mime);
    assert.ok(!(await overlay(page).innerText()).match(/door code|access procedure/i), 'the property page shows office-only details');
    await overlayShots(page, 'portal-property');

    // "See all assets" opens the list over the page; Back returns to the page.
    await overlay(page).getByRole('button', { name: /^See all .* assets?$/ }).click();
    await overlay(page).getByRole('heading', { name: 'Assets' }).waitFor();
    await overlay(page).getByText(`Property: ${name}`).waitFor();
    await page.goBack();
    await overlay(page).getByRole('heading', { name: exact(name) }).waitFor();
    await page.keyboard.press('Escape');
    await overlay(page).waitFor({ state: 'detached' });
  } finally {
    await browser.close();
  }
});

test('portal search: from the header, grouped by kind, scoped to the view', async () => {
  const login = sw.login('region');
  const browser = await openBrowser(sw.baseURL);
  try {
    const { page } = browser;
    await openPortal(page, login);
    const target = login.sees.visible;
    // At phone width the header's search folds into its button.
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: 'Search', exact: true }).waitFor();
    assert.ok(!(await page.getByLabel('Search this view').isVisible()), 'the header search field shows at phone width');
    await page.screenshot({ path: join(ARTIFACTS, 'portal-header-375.png') });
    await page.setViewportSize(DESKTOP);
    // A distinctive word of the visible property's name.
    const word = target.name.split(/\s+/).filter((w) => w.length >= 3 && !/^\d+$/.test(w)).sort((a, b) => b.length - a.length)[0];
    const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/portal/search');
    await page.getByLabel('Search this view').first().fill(word);
    await page.getByLabel('Search this view').first().press('Enter');
    const res = await answer;
    assert.equal(res.status(), 200);
    const body = await res.json();
    assert.deepEqual(body.groups.map((g) => g.kind), ['property', 'asset', 'report', 'defect_quote', 'service_quote', 'task']);
    await overlay(page).getByRole('heading', { name: 'Search', exact: true }).waitFor();
    assert.match(hash(page), new RegExp(`^#/search\\?q=${word}$`));
    await overlay(page).getByRole('heading', { name: /^Properties \(\d+\)$/ }).waitFor();
    const truth = await getAll(page.request, '/api/portal/properties', { q: word });
    const props = body.groups.find((g) => g.kind === 'property');
    assert.ok(props.hits.some((h) => h.id === target.id), `searching ${word} does not find ${target.name}`);
    for (const h of props.hits) assert.ok(truth.some((p) => p.id === h.id), `search found ${h.title}, which the view does not list`);
    await overlayShots(page, 'portal-search');

    // Another group's property is never found.
    const hidden = await (await page.request.get(`/api/portal/search?q=${encodeURIComponent(login.sees.hidden.name)}`)).json();
    assert.ok(!JSON.stringify(hidden).includes(login.sees.hidden.id), 'search found a property outside the view');

    // A hit opens its page; Back returns to the results, Escape to the main page.
    await overlay(page).locator('.hit', { hasText: target.name }).first().click();
    await overlay(page).getByRole('heading', { name: exact(target.name) }).waitFor();
    await page.goBack();
    await overlay(page).getByRole('heading', { name: 'Search', exact: true }).waitFor();
    // Too short a query says so next to the field.
    await overlay(page).getByLabel('Search this view').fill('ab');
    await overlay(page).getByLabel('Search this view').press('Enter');
    await overlay(page).getByText('Type at least 3 letters or digits').waitFor();
    await overlay(page).getByLabel('Search this view').fill('');
    await page.keyboard.press('Escape');
    await overlay(page).waitFor({ state: 'detached' });
  } finally {
    await browser.close();
  }
});
