// Customer Data > Remarks as the office uses it: filter to unpublished
// critical remarks, select two and publish them (checked against the API),
// resolve one, follow a client link, and the empty state.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiAs, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office;

before(async () => {
  sw = await startSiteward('customerdata-remarks');
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

const rows = (page) => page.locator('table.data tbody tr');

function remarksLoaded(page, check = () => true) {
  return page.waitForResponse((r) => new URL(r.url()).pathname === '/api/remarks' && r.request().method() === 'GET' && check(new URL(r.url()).searchParams));
}

async function remark(id) {
  const res = await office.get(`/api/remarks?limit=500&q=`);
  assert.equal(res.status(), 200);
  return (await res.json()).items.find((r) => r.id === id);
}

test('office: remarks — filter, bulk publish, resolve', async () => {
  const { page } = browser;
  const all = await (await office.get('/api/remarks?limit=1')).json();
  assert.ok(all.total > 50, `the demo should have many remarks (has ${all.total})`);

  await page.goto(`${sw.baseURL}/#/clients`);
  await signIn(page, sw.login('office'));
  await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
  const first = remarksLoaded(page);
  await page.getByRole('link', { name: 'Remarks' }).click();
  await page.getByRole('heading', { name: 'Remarks', level: 1 }).waitFor();
  assert.equal((await first).status(), 200);
  await rows(page).first().waitFor();
  assert.equal(await rows(page).count(), 50);
  await screenshot(page, 'customerdata-remarks');

  // Unpublished critical remarks only.
  let answer = remarksLoaded(page, (q) => q.get('published') === 'false');
  await page.getByLabel('Portal').selectOption('false');
  await answer;
  answer = remarksLoaded(page, (q) => q.get('severity') === 'critical' && q.get('published') === 'false');
  await page.getByLabel('Severity').selectOption('critical');
  const list = await (await answer).json();
  assert.ok(list.total >= 2, `need two unpublished critical remarks (have ${list.total})`);
  await rows(page).first().waitFor();
  for (const text of await rows(page).allInnerTexts()) {
    assert.match(text, /Critical/);
    assert.match(text, /Not published/);
  }

  // Select two and publish them in one go.
  const [a, b] = list.items;
  await rows(page).nth(0).getByRole('checkbox').check();
  await rows(page).nth(1).getByRole('checkbox').check();
  await page.getByRole('region', { name: 'Selected remarks' }).getByText('2 remarks selected').waitFor();
  await screenshot(page, 'customerdata-remarks-selected');
  const published = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/remarks/publish');
  const reloaded = remarksLoaded(page);
  await page.getByRole('button', { name: 'Publish to the portal' }).click();
  assert.equal((await published).status(), 200);
  await reloaded;
  await page.getByRole('status').getByText('Published 2 remarks.').waitFor();
  for (const id of [a.id, b.id]) {
    const res = await office.get(`/api/remarks?published=true&severity=critical&limit=500`);
    const items = (await res.json()).items;
    assert.ok(items.some((r) => r.id === id && r.publishedAt), `remark ${id} is not published`);
  }
  // They left the "not published" list.
  assert.ok(!(await rows(page).allInnerTexts()).some((t) => t.includes(`R-${a.number}\t`)));
  await screenshot(page, 'customerdata-remarks-published');

  // Resolve the first remark on the page.
  const row = rows(page).first();
  const resolved = page.waitForResponse((r) => /\/api\/remarks\/[^/]+\/resolve$/.test(new URL(r.url()).pathname));
  await row.getByRole('button', { name: 'Resolve' }).click();
  assert.equal((await resolved).status(), 200);
  await row.getByText('✓ Resolved').waitFor();
  await row.getByRole('button', { name: 'Reopen' }).waitFor();

  // A client link narrows the list to that client.
  const clientName = await row.locator('button.secondary').innerText();
  answer = remarksLoaded(page, (q) => q.has('clientId'));
  await row.locator('button.secondary').click();
  await answer;
  await page.getByText(`Client: ${clientName}`).waitFor();
  for (const text of await rows(page).allInnerTexts()) assert.ok(text.includes(clientName), `row of another client: ${text}`);

  // Nothing matches: the empty state offers to clear.
  answer = remarksLoaded(page, (q) => q.get('q') === 'zzzz no such remark');
  await page.locator('#remark-search').fill('zzzz no such remark');
  await answer;
  await page.getByText('No remarks match').waitFor();
  await screenshot(page, 'customerdata-remarks-empty');
  await page.getByRole('button', { name: 'Clear search and filters' }).click();
  await rows(page).first().waitFor();
});
