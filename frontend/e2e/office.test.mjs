// The office workspace: sign-in (wrong and right password), the clients list
// (search, sort, paging, the NO PORTAL ACCESS badge) and client groups.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { EMAIL_FIELD, PASSWORD_FIELD, apiAs, exact, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office; // API client signed in as the office user, for the truth
let officeLogin;

before(async () => {
  sw = await startSiteward('office');
  officeLogin = sw.login('office');
  office = await apiAs(sw.baseURL, officeLogin);
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

/** Waits for the clients list to show the API's answer for this query. */
function clientsResponse(page, check) {
  return page.waitForResponse((r) => {
    const u = new URL(r.url());
    return u.pathname === '/api/clients' && r.request().method() === 'GET' && check(u.searchParams);
  });
}

const rows = (page) => page.locator('table.data tbody tr');
const pagerRange = (page) => page.locator('nav.pager .range');

async function apiTotal(path) {
  const res = await office.get(path);
  assert.equal(res.status(), 200, `GET ${path}`);
  return (await res.json()).total;
}

test('office: wrong password shows the API message and keeps the email', async () => {
  const { page } = browser;
  await page.goto(`${sw.baseURL}/#/clients`); // the landing page is Today; this test starts on Clients
  await page.locator(EMAIL_FIELD).waitFor();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await screenshot(page, 'login', { phone: true });

  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/login');
  await signIn(page, officeLogin, 'not-the-password');
  const res = await answer;
  assert.equal(res.status(), 401);
  const { error } = await res.json();
  assert.ok(error.message, 'the API gave no message');

  const alert = page.locator('.login [role="alert"]');
  await alert.waitFor();
  assert.equal((await alert.textContent()).trim(), error.message);
  assert.equal(await page.locator(EMAIL_FIELD).inputValue(), officeLogin.email, 'the typed email was lost');
  assert.equal(await page.locator(PASSWORD_FIELD).evaluate((el) => el === document.activeElement), true, 'focus should return to the password');
  await screenshot(page, 'login-wrong-password', { phone: true });
});

test('office: sign in → clients list; search, sort, page, badge', async () => {
  const { page } = browser;
  const total = await apiTotal('/api/clients?limit=1');
  assert.ok(total > 50, `the demo should have more than one page of clients (has ${total})`);

  const firstList = clientsResponse(page, () => true);
  await signIn(page, officeLogin);
  await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
  assert.equal((await firstList).status(), 200);
  await rows(page).first().waitFor();
  assert.equal(await rows(page).count(), 50, 'the first page shows 50 clients');
  assert.match(await pagerRange(page).innerText(), new RegExp(`Showing 1–50 of ${total.toLocaleString('en-AU')} clients`));
  assert.equal(await page.title(), 'Clients — Siteward');
  const { wrap, table } = await page.locator('.table-wrap').evaluate((el) => ({ wrap: el.clientWidth, table: el.scrollWidth }));
  assert.ok(table <= wrap + 1, `the clients table scrolls sideways at 1280 px (${table} px in ${wrap} px)`);
  await screenshot(page, 'workspace-clients');

  // Search narrows the list to matching clients.
  const clientLogin = sw.login('client');
  const term = clientLogin.scope.name.split(' ')[1]; // a surname, e.g. "Papadopoulos"
  const searchRes = await office.get(`/api/clients?${new URLSearchParams({ q: term, limit: '50' })}`);
  const want = await searchRes.json();
  assert.ok(want.total > 0 && want.total < total, `searching "${term}" should narrow the list (API total ${want.total})`);
  const searched = clientsResponse(page, (p) => p.get('q') === term);
  await page.getByLabel('Search clients').pressSequentially(term);
  await searched;
  await assertRange(page, `of ${want.total} client`);
  assert.deepEqual(await clientNames(page), want.items.map((c) => c.name), 'the list does not show the search result');
  assert.ok((await clientNames(page)).includes(clientLogin.scope.name), `${clientLogin.scope.name} is missing from the search result`);
  assert.match(page.url(), new RegExp(`q=${term}`), 'the search is kept in the address');
  await screenshot(page, 'workspace-clients-search');

  // Clearing the search brings everything back.
  const cleared = clientsResponse(page, (p) => !p.get('q'));
  await page.getByRole('button', { name: 'Clear search' }).click();
  await cleared;
  await assertRange(page, `of ${total.toLocaleString('en-AU')} clients`);

  // Sort by property count (most first), then flip it.
  const byProps = clientsResponse(page, (p) => p.get('sort') === '-properties');
  await page.getByRole('button', { name: 'Properties' }).click();
  await byProps;
  await sortedBy(page, 'Properties', 'descending');
  const desc = await propertyCounts(page);
  assert.deepEqual(desc, [...desc].sort((a, b) => b - a), 'clients are not sorted by properties, most first');
  assert.ok(desc[0] > desc[desc.length - 1], 'the sort should change something');
  assert.match(page.url(), /sort=-properties/, 'the sort is kept in the address');
  await screenshot(page, 'workspace-clients-sorted');

  const byPropsAsc = clientsResponse(page, (p) => p.get('sort') === 'properties');
  await page.getByRole('button', { name: 'Properties' }).click();
  await byPropsAsc;
  await sortedBy(page, 'Properties', 'ascending');
  const asc = await propertyCounts(page);
  assert.deepEqual(asc, [...asc].sort((a, b) => a - b), 'clients are not sorted by properties, fewest first');

  // Back to name order, then page forward.
  const byName = clientsResponse(page, (p) => (p.get('sort') ?? 'name') === 'name');
  await page.getByRole('button', { name: 'Client', exact: true }).click();
  await byName;
  await sortedBy(page, 'Client', 'ascending');
  const firstPage = await clientNames(page);
  const next = clientsResponse(page, (p) => p.get('offset') === '50');
  await page.getByRole('button', { name: 'Next' }).click();
  await next;
  await assertRange(page, `Showing 51–${Math.min(100, total)} of`);
  await page.getByText(`Page 2 of ${Math.ceil(total / 50)}`).waitFor();
  const secondPage = await clientNames(page);
  assert.equal(secondPage.length, Math.min(50, total - 50));
  assert.ok(!secondPage.some((n) => firstPage.includes(n)), 'page 2 repeats clients from page 1');
  assert.ok(await page.getByRole('button', { name: 'Previous' }).isEnabled());
  const top = (await rows(page).first().boundingBox()).y;
  assert.ok(top >= 0 && top < 800, `after Next the first row is off screen (y ${top})`);
  await screenshot(page, 'workspace-clients-page2');

  // A client no customer can see carries the NO PORTAL ACCESS badge; one
  // with portal users does not.
  const noAccess = await office.get(`/api/clients?${new URLSearchParams({ tag: 'NO PORTAL ACCESS', limit: '1' })}`);
  const hidden = (await noAccess.json()).items?.[0];
  assert.ok(hidden, 'the demo should have a client without portal access');
  assert.equal(hidden.portalUsers, 0);
  const found = clientsResponse(page, (p) => p.get('q') === hidden.name);
  await page.getByLabel('Search clients').fill(hidden.name);
  await found;
  const row = rows(page).filter({ has: page.getByText(hidden.name, { exact: true }) });
  await row.first().waitFor();
  await row.first().locator('.badge-warning', { hasText: 'NO PORTAL ACCESS' }).waitFor();
  await screenshot(page, 'workspace-clients-no-portal-access');

  const visibleClient = clientsResponse(page, (p) => p.get('q') === clientLogin.scope.name);
  await page.getByLabel('Search clients').fill(clientLogin.scope.name);
  await visibleClient;
  const seenRow = rows(page).filter({ has: page.getByText(clientLogin.scope.name, { exact: true }) });
  await seenRow.first().waitFor();
  assert.equal(await seenRow.first().locator('.badge-warning').count(), 0, 'a client with portal users shows NO PORTAL ACCESS');
});

test('office: client groups page lists groups', async () => {
  const { page } = browser;
  const total = await apiTotal('/api/client-groups?limit=1');
  assert.ok(total > 0);
  const groups = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/client-groups');
  await page.getByRole('link', { name: 'Client groups' }).click();
  await page.getByRole('heading', { name: 'Client groups', level: 1 }).waitFor();
  await groups;
  await rows(page).first().waitFor();
  assert.equal(await rows(page).count(), Math.min(total, 50));
  await assertRange(page, `of ${total} group`);
  assert.equal(await page.getByRole('link', { name: 'Client groups' }).getAttribute('aria-current'), 'page');

  // The regional login's group is listed under its parent.
  const region = sw.login('region').scope;
  const row = rows(page).filter({ has: page.locator('td:first-child', { hasText: exact(region.name) }) });
  assert.equal(await row.count(), 1, `group ${region.name} is not listed once`);
  assert.equal((await row.locator('td').nth(1).innerText()).trim(), region.parent.name);
  await screenshot(page, 'workspace-client-groups');
});

async function assertRange(page, text) {
  await page.locator('nav.pager .range', { hasText: text }).waitFor();
}

async function propertyCounts(page) {
  await page.locator('table.data[aria-busy="false"]').waitFor();
  const texts = await page.locator('table.data tbody tr td:nth-child(5)').allInnerTexts();
  return texts.map((t) => Number(t.replace(/[^\d]/g, '')));
}

async function sortedBy(page, column, direction) {
  await page
    .locator(`th[aria-sort="${direction}"]`, { has: page.getByRole('button', { name: column, exact: true }) })
    .waitFor();
}

async function clientNames(page) {
  await page.locator('table.data[aria-busy="false"]').waitFor();
  return (await page.locator('table.data tbody tr td:nth-child(2) .name').allInnerTexts()).map((n) => n.trim());
}
