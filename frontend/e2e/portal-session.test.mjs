// The portal session: change view from the user menu, sign out, and the
// whole portal at phone width (no sideways scrolling).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PHONE, apiAs, assertCardsReadable, assertNoHorizontalScroll, exact, getAll, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;

before(async () => {
  sw = await startSiteward('portal-session');
});

after(async () => {
  await sw?.stop();
});

const propsPanel = (page) => page.getByRole('heading', { name: 'Your properties' });
const propNames = async (page) => (await page.locator('table.props tbody tr td.prop .name').allInnerTexts()).map((n) => n.trim());

async function chooseView(page, scope) {
  const kind = scope.kind === 'group' ? 'Group' : 'Client';
  const button = page
    .locator('ul.list li button')
    .filter({ has: page.locator('.kind', { hasText: exact(kind) }) })
    .filter({ has: page.locator('.name', { hasText: exact(scope.name) }) });
  assert.equal(await button.count(), 1, `the chooser should list ${kind} ${scope.name} once`);
  await button.click();
}

async function openUserMenu(page) {
  await page.locator('.usermenu button[aria-haspopup="menu"]').click();
  const menu = page.getByRole('menu', { name: 'Account' });
  await menu.waitFor();
  return menu;
}

test('portal: change view from the user menu, then sign out', async () => {
  const national = sw.login('national');
  const region = sw.login('region');
  const browser = await openBrowser(sw.baseURL);
  try {
    const { page } = browser;
    await page.goto('/portal.html');
    await signIn(page, national);
    await page.getByRole('heading', { name: 'Choose a view' }).waitFor();
    assert.equal(await page.title(), 'Choose a view — Siteward');

    // The chooser's filter narrows the list.
    const filter = page.getByLabel('Filter groups and clients');
    await filter.fill(region.scope.name);
    await page.locator('.count', { hasText: /of \d+ match/ }).waitFor();
    await filter.fill('');
    await chooseView(page, national.scope);
    await propsPanel(page).waitFor();
    await page.locator('nav.pager .range', { hasText: `of ${national.sees.properties} properties` }).waitFor();
    const before = await propNames(page);
    assert.equal(await page.title(), `${national.scope.name} — Siteward`);

    // The user menu: who is signed in, change view, sign out.
    const menu = await openUserMenu(page);
    assert.match(await menu.innerText(), new RegExp(national.email.replace('.', '\\.')));
    assert.deepEqual((await menu.getByRole('menuitem').allInnerTexts()).map((t) => t.trim()), ['Change view', 'Sign out']);
    await screenshot(page, 'portal-user-menu', { phone: true });
    await menu.getByRole('menuitem', { name: 'Change view' }).click();
    await page.getByRole('heading', { name: 'Choose a view' }).waitFor();
    const current = page.locator('ul.list li button.current');
    assert.equal(await current.count(), 1);
    assert.equal((await current.locator('.name').innerText()).trim(), national.scope.name);
    await current.getByText('Current view').waitFor();
    await screenshot(page, 'portal-change-view', { phone: true });

    // A regional group below: the header and the list follow.
    const listed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/portal/properties');
    await chooseView(page, region.scope);
    await listed;
    await page.getByLabel('Current view').locator('.view-name', { hasText: exact(region.scope.name) }).waitFor();
    await page.locator('nav.pager .range', { hasText: `of ${region.sees.properties} properties` }).waitFor();
    const after = await propNames(page);
    assert.notDeepEqual(after, before, 'the list did not change with the view');
    const me = await (await page.request.get('/api/me')).json();
    assert.deepEqual({ kind: me.view.kind, id: me.view.id }, { kind: 'group', id: region.scope.id }, 'the session holds the new view');

    // The API in the new view: exactly the region's properties, as the regional user sees them.
    const shown = (await getAll(page.request, '/api/portal/properties')).map((p) => p.id).sort();
    const regionApi = await apiAs(sw.baseURL, region);
    try {
      const res = await regionApi.post('/api/portal/view', { data: { kind: 'group', id: region.scope.id } });
      assert.equal(res.status(), 200);
      const regionSees = (await getAll(regionApi, '/api/portal/properties')).map((p) => p.id).sort();
      assert.deepEqual(shown, regionSees, 'the national user viewing the region sees other properties than the regional user');
    } finally {
      await regionApi.dispose();
    }
    assert.ok(shown.includes(region.sees.visible.id));
    assert.ok(!shown.includes(region.sees.hidden.id), 'another region\'s property shows in the regional view');
    await screenshot(page, 'portal-region-view', { phone: true });

    // Sign out: back to the login form, and the session is gone.
    const menu2 = await openUserMenu(page);
    await menu2.getByRole('menuitem', { name: 'Sign out' }).click();
    await page.locator('#login-email').waitFor();
    await page.getByRole('status').filter({ hasText: 'You have signed out.' }).waitFor();
    assert.equal((await page.request.get('/api/me')).status(), 401);
    assert.equal((await page.request.get('/api/portal/properties')).status(), 401);
    await screenshot(page, 'portal-signed-out', { phone: true });
  } finally {
    await browser.close();
  }
});

test('portal at phone width: nothing scrolls sideways', async () => {
  const region = sw.login('region');
  const browser = await openBrowser(sw.baseURL);
  try {
    const { page } = browser;
    await page.setViewportSize(PHONE);
    await page.goto('/portal.html');
    await page.locator('#login-email').waitFor();
    await assertNoHorizontalScroll(page, 'login');
    await signIn(page, region);
    await page.getByRole('heading', { name: 'Choose a view' }).waitFor();
    await assertNoHorizontalScroll(page, 'choose a view');
    await chooseView(page, region.scope);
    await page.locator('table.props tbody tr').first().waitFor();
    await assertNoHorizontalScroll(page, 'portal home');

    // The properties are cards: the table header is hidden, the counts are labelled.
    const card = page.locator('table.props tbody tr').first();
    const box = await card.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width + 1, `a property card overflows: ${JSON.stringify(box)}`);
    assert.ok(!(await page.locator('table.props thead').isVisible()) || (await page.locator('table.props thead').boundingBox()).width <= 1);
    await assertCardsReadable(page);
    // Scroll through the whole page (the chart draws on the way).
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await assertNoHorizontalScroll(page, 'portal home, scrolled down');

    const menu = await openUserMenu(page);
    await assertNoHorizontalScroll(page, 'user menu');
    const mb = await menu.boundingBox();
    assert.ok(mb.x >= 0 && mb.x + mb.width <= PHONE.width + 1, `the user menu is cut off: ${JSON.stringify(mb)}`);
    await menu.getByRole('menuitem', { name: 'Change view' }).click();
    await page.getByRole('heading', { name: 'Choose a view' }).waitFor();
    await assertNoHorizontalScroll(page, 'change view');
  } finally {
    await browser.close();
  }
});
