// The customer portal, one demo login at a time: sign in, choose the view,
// see the properties. Each view is checked against the office's own records
// (the database truth, walked through the office API): exactly the active
// properties of the active clients in the view, never another region's or
// another company's, and another group's property answers 404 like an id
// that does not exist.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { apiAs, assertCardsReadable, exact, getAll, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let office; // office API client: the truth

before(async () => {
  sw = await startSiteward('portal');
  office = await apiAs(sw.baseURL, sw.login('office'));
});

after(async () => {
  try {
    await office?.dispose();
  } finally {
    await sw?.stop();
  }
});

// ---- the truth, from the office API ----------------------------------------

/** Ids of the group and every group below it, to any depth. */
async function subtreeGroups(groupId) {
  const ids = [groupId];
  for (const child of await getAll(office, '/api/client-groups', { parentId: groupId })) {
    assert.equal(child.parentId, groupId, 'GET /api/client-groups?parentId= returned another group\'s child');
    ids.push(...(await subtreeGroups(child.id)));
  }
  return ids;
}

/** The clients of these groups (directly in them). */
async function clientsOf(groupIds) {
  const clients = [];
  for (const id of groupIds) {
    for (const c of await getAll(office, '/api/clients', { groupId: id })) {
      assert.equal(c.groupId, id, 'GET /api/clients?groupId= returned a client of another group');
      clients.push(c);
    }
  }
  return clients;
}

/** Active properties of the active clients: what a view may show. */
async function visiblePropertiesOf(clients) {
  const props = new Map();
  for (const c of clients.filter((c) => c.active)) {
    for (const p of await getAll(office, '/api/properties', { clientId: c.id, active: 'true' })) {
      assert.equal(p.clientId, c.id);
      assert.equal(p.active, true, 'GET /api/properties?active=true returned an inactive property');
      props.set(p.id, p);
    }
  }
  return props;
}

/** Every property (any state) of these clients: never outside their view. */
async function allPropertiesOf(clients) {
  const ids = new Set();
  for (const c of clients) for (const p of await getAll(office, '/api/properties', { clientId: c.id })) ids.add(p.id);
  return ids;
}

async function truthFor(login) {
  const scope = login.scope;
  let clients;
  if (scope.kind === 'group') {
    clients = await clientsOf(await subtreeGroups(scope.id));
  } else {
    const res = await office.get(`/api/clients/${scope.id}`);
    assert.equal(res.status(), 200);
    clients = [await res.json()];
  }
  let visible = await visiblePropertiesOf(clients);
  if (login.sees.limitedTo) {
    const limit = new Set(login.sees.limitedTo.map((p) => p.id));
    visible = new Map([...visible].filter(([id]) => limit.has(id)));
  }
  return { clients, clientIds: new Set(clients.map((c) => c.id)), visible };
}

// ---- the portal, as the signed-in page sees it -------------------------------

/** GET /api/portal/properties with the page's own cookies, every page of it. */
async function portalProperties(page) {
  const items = await getAll(page.request, '/api/portal/properties');
  const ids = items.map((p) => p.id);
  assert.equal(new Set(ids).size, ids.length, 'the portal lists a property twice');
  return new Map(items.map((p) => [p.id, p]));
}

/** Signs in at entry, chooses the login's view if asked, waits for the properties. */
async function openPortal(page, login, { entry = '/portal.html', shotName } = {}) {
  await page.goto(sw.baseURL + entry);
  await signIn(page, login);
  const chooser = page.getByRole('heading', { name: 'Choose a view' });
  const panel = page.getByRole('heading', { name: 'Your properties' });
  await chooser.or(panel).first().waitFor();
  if (await chooser.isVisible()) {
    if (shotName) await screenshot(page, `${shotName}-choose-view`, { phone: true });
    await chooseView(page, login.scope);
  }
  await panel.waitFor();
  await page.locator('table.props tbody tr').first().waitFor();
  assert.match(new URL(page.url()).pathname, /\/portal\.html$/, 'a customer should end up on the portal page');
}

/** Clicks the chooser's entry for this view (kind and exact name). */
async function chooseView(page, scope) {
  const kind = scope.kind === 'group' ? 'Group' : 'Client';
  const button = page
    .locator('ul.list li button')
    .filter({ has: page.locator('.kind', { hasText: exact(kind) }) })
    .filter({ has: page.locator('.name', { hasText: exact(scope.name) }) });
  assert.equal(await button.count(), 1, `the chooser should list ${kind} ${scope.name} once`);
  await button.click();
}

async function assertHeaderView(page, scope) {
  const view = page.getByLabel('Current view');
  await view.locator('.view-name', { hasText: exact(scope.name) }).waitFor();
  assert.equal((await view.locator('.view-kind').textContent()).trim(), scope.kind === 'group' ? 'Group' : 'Client');
}

async function assertPager(page, total) {
  await page.locator('nav.pager .range', { hasText: `of ${total.toLocaleString('en-AU')} propert` }).waitFor();
}

/** The hidden property answers exactly like an id that does not exist. */
async function assertNotFound(page, hiddenId) {
  const madeUp = '01900000-0000-7000-8000-000000000000';
  const a = await page.request.get(`/api/portal/properties/${hiddenId}`);
  const b = await page.request.get(`/api/portal/properties/${madeUp}`);
  assert.equal(a.status(), 404, `another view's property ${hiddenId} should be 404`);
  assert.equal(b.status(), 404);
  assert.deepEqual(await a.json(), await b.json(), 'another view\'s property must answer like a made-up id');
  assert.equal((await a.json()).error.code, 'not_found');
}

/** The DOM never shows this name, and searching for it finds nothing. */
async function assertNotShown(page, name, visible) {
  if ([...visible.values()].some((p) => p.name === name)) return; // a namesake in the view
  assert.ok(!(await page.locator('body').innerText()).includes(name), `the page shows "${name}"`);
  const search = page.getByLabel('Search properties');
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/portal/properties' && new URL(r.url()).searchParams.get('q') === name);
  await search.fill(name);
  await search.press('Enter');
  await answer;
  await page.getByText(`No properties match “${name}”`).waitFor();
  assert.ok(!(await page.locator('table.props').isVisible()), 'the search shows properties');
  await page.getByRole('button', { name: 'Clear search' }).first().click();
  await page.locator('table.props tbody tr').first().waitFor();
}

const seen = {}; // role → Map of the properties the portal showed

async function checkLogin(role, options = {}) {
  const login = sw.login(role);
  assert.equal(login.licence, 'customer');
  const truth = await truthFor(login);
  const browser = await openBrowser(sw.baseURL);
  try {
    const { page } = browser;
    await openPortal(page, login, { shotName: `portal-${role}`, ...options });
    await assertHeaderView(page, login.scope);

    const shown = await portalProperties(page);
    seen[role] = shown;
    assert.ok(shown.size > 0, 'the view shows no properties');
    assert.equal(shown.size, login.sees.properties, 'demo-logins.json and the portal disagree on the count');
    for (const p of shown.values()) {
      assert.ok(truth.clientIds.has(p.clientId), `${p.name} belongs to client ${p.clientName}, outside the view`);
      assert.ok(truth.visible.has(p.id), `${p.name} is not an active property of an active client in the view`);
    }
    assert.deepEqual([...shown.keys()].sort(), [...truth.visible.keys()].sort(), 'the portal does not list exactly the view\'s properties');
    assert.ok(shown.has(login.sees.visible.id), `${login.sees.visible.name} should be visible`);
    assert.ok(!shown.has(login.sees.hidden.id), `${login.sees.hidden.name} must not be visible`);

    // The page says the same as the API.
    await assertPager(page, shown.size);
    const names = await page.locator('table.props tbody tr td.prop .name').allInnerTexts();
    assert.equal(names.length, Math.min(25, shown.size));
    for (const n of names) assert.ok([...shown.values()].some((p) => p.name === n.trim()), `the page lists ${n}, not in the API answer`);

    // Reaching outside the view.
    await assertNotFound(page, login.sees.hidden.id);
    const own = await page.request.get(`/api/portal/properties/${login.sees.visible.id}`);
    assert.equal(own.status(), 200);
    assert.equal((await own.json()).name, login.sees.visible.name);

    await screenshot(page, `portal-${role}`, { phone: true, atPhone: () => assertCardsReadable(page) });
    await assertNotShown(page, login.sees.hidden.name, shown);
    return { login, truth, shown, page };
  } finally {
    await browser.close();
  }
}

describe('portal: each demo customer sees exactly their view', () => {
  test('one client (signs in at the workspace address, lands on the portal)', async () => {
    await checkLogin('client', { entry: '/' });
  });

  test('regional group: never another region of the same company', async () => {
    const { login, shown } = await checkLogin('region');
    assert.ok(login.scope.parent, 'the regional login should name its parent group');
    const siblings = (await getAll(office, '/api/client-groups', { parentId: login.scope.parent.id })).filter((g) => g.id !== login.scope.id);
    assert.ok(siblings.length > 0, 'the regional group should have a sibling region');
    const others = await allPropertiesOf(await clientsOf((await Promise.all(siblings.map((g) => subtreeGroups(g.id)))).flat()));
    for (const id of shown.keys()) assert.ok(!others.has(id), `the regional user sees ${shown.get(id).name} of another region`);
    assert.ok(others.has(login.sees.hidden.id), 'the hidden property should belong to another region');
    // The visible property sits in a child group of the region.
    assert.ok(login.sees.childGroups.some((g) => g.name === login.sees.visible.groupName));
  });

  test('national group: a superset of the region, nothing of the other company', async () => {
    const { shown } = await checkLogin('national');
    assert.ok(seen.region, 'run after the regional login');
    for (const [id, p] of seen.region) assert.ok(shown.has(id), `the national user misses ${p.name} of the region`);
    assert.ok(shown.size > seen.region.size);
    const otherCompany = await allPropertiesOf(await clientsOf(await subtreeGroups(sw.login('national_other').scope.id)));
    for (const id of shown.keys()) assert.ok(!otherCompany.has(id), `the national user sees ${shown.get(id).name} of the other company`);
  });

  test('unrelated group: nothing of the first company', async () => {
    const { shown } = await checkLogin('national_other');
    for (const id of shown.keys()) assert.ok(!seen.national?.has(id), `the unrelated group's user sees ${shown.get(id).name}`);
  });

  test('property-limited user: only their properties', async () => {
    const login = sw.login('property_limited');
    const { shown } = await checkLogin('property_limited');
    assert.deepEqual([...shown.keys()].sort(), login.sees.limitedTo.map((p) => p.id).sort());
    const res = await office.get(`/api/properties?${new URLSearchParams({ clientId: login.scope.id, active: 'true', limit: '500' })}`);
    const all = (await res.json()).items;
    assert.ok(all.length > shown.size, 'the limited user\'s client has more properties than they may see');
    assert.ok(all.some((p) => p.id === login.sees.hidden.id), 'the hidden property is their client\'s own');
  });
});
