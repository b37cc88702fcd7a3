// Client groups (create, nest, a refused loop, authorised accounts, safe
// delete that moves everything up) and users (filter by licence, create a
// customer user without a client, deactivate: the session ends at once;
// reactivate), as an office user at 1280x800.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiAs, getAll, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office;

before(async () => {
  sw = await startSiteward('workspace-groups-users');
  office = await apiAs(sw.baseURL, sw.login('office'));
  browser = await openBrowser(sw.baseURL);
  const { page } = browser;
  await page.goto(`${sw.baseURL}/#/clients`);
  await signIn(page, sw.login('office'));
  await page.getByRole('heading', { name: 'Clients', level: 1 }).waitFor();
});

after(async () => {
  try {
    await office?.dispose();
    await browser?.close();
  } finally {
    await sw?.stop();
  }
});

async function group(name) {
  const all = await getAll(office, '/api/client-groups', { q: name });
  return all.find((g) => g.name === name);
}

async function createGroup(page, name, parentLabel) {
  await page.getByRole('button', { name: 'New group' }).click();
  const dialog = page.getByRole('dialog', { name: 'New client group' });
  await dialog.getByLabel('Name').fill(name);
  if (parentLabel) await dialog.getByLabel('Parent group').selectOption({ label: parentLabel });
  await dialog.getByRole('button', { name: 'Create group' }).click();
  await dialog.waitFor({ state: 'hidden' });
}

test('groups: create nested groups; a loop is refused beside the field', async () => {
  const { page } = browser;
  await page.getByRole('link', { name: 'Client groups' }).click();
  await page.getByRole('heading', { name: 'Client groups', level: 1 }).waitFor();

  // An empty name is refused by the server, next to the field.
  await page.getByRole('button', { name: 'New group' }).click();
  const dialog = page.getByRole('dialog', { name: 'New client group' });
  await dialog.getByRole('button', { name: 'Create group' }).click();
  await dialog.locator('#g-name-err').waitFor();
  await screenshot(page, 'workspace-group-new-error');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });

  await createGroup(page, 'E2E Region');
  await createGroup(page, 'E2E Branch', 'E2E Region');
  const branch = await group('E2E Branch');
  const region = await group('E2E Region');
  assert.equal(branch.parentId, region.id);

  await page.getByLabel('Search groups').fill('E2E');
  await page.locator('table.data tbody tr', { hasText: 'E2E Branch' }).waitFor();
  assert.equal((await page.locator('table.data tbody tr', { hasText: 'E2E Branch' }).locator('td').nth(1).innerText()).trim(), 'E2E Region');

  await page.getByRole('button', { name: 'Edit E2E Region' }).click();
  const edit = page.getByRole('dialog', { name: 'Edit E2E Region' });
  await edit.getByLabel('Parent group').selectOption({ label: 'E2E Branch (in E2E Region)' });
  await edit.getByRole('button', { name: 'Save group' }).click();
  await edit.locator('#g-parent-err', { hasText: 'loop' }).waitFor();
  await screenshot(page, 'workspace-group-loop-refused');
  assert.equal((await group('E2E Region')).parentId, null, 'a refused move was written');
  await edit.getByLabel('Name').fill('E2E Region North');
  await edit.getByLabel('Parent group').selectOption({ label: 'None (top level)' });
  await edit.getByRole('button', { name: 'Save group' }).click();
  await edit.waitFor({ state: 'hidden' });
  await page.locator('table.data tbody td.name', { hasText: /^\s*E2E Region North\s*$/ }).waitFor();
});

test('groups: authorise a customer user on a group', async () => {
  const { page } = browser;
  const customer = sw.login('client');
  await page.getByRole('button', { name: 'Portal accounts of E2E Branch' }).click();
  const dialog = page.getByRole('dialog', { name: 'Portal accounts of E2E Branch' });
  await dialog.getByText('No authorised accounts.').waitFor();
  await dialog.getByLabel('Add a customer user').fill(customer.email.slice(0, 6));
  await dialog.locator('li', { hasText: customer.email }).getByRole('button', { name: 'Add' }).click();
  await dialog.getByRole('status').filter({ hasText: 'now has access' }).waitFor();
  await screenshot(page, 'workspace-group-accounts');
  const branch = await group('E2E Branch');
  const accounts = (await (await office.get(`/api/client-groups/${branch.id}/accounts`)).json()).items;
  assert.deepEqual(accounts.map((u) => u.email), [customer.email]);

  // Removing an account asks first: Cancel keeps it, Remove access takes it off.
  const who = accounts[0].name;
  await dialog.getByRole('button', { name: `Remove ${who}` }).click();
  const ask = page.getByRole('dialog', { name: `Remove ${who}?` });
  await ask.getByText(/no longer sees E2E Branch's clients/).waitFor();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await ask.waitFor({ state: 'detached' });
  assert.equal((await (await office.get(`/api/client-groups/${branch.id}/accounts`)).json()).items.length, 1, 'Cancel removed the account');
  await dialog.getByRole('button', { name: `Remove ${who}` }).click();
  await page.getByRole('dialog', { name: `Remove ${who}?` }).getByRole('button', { name: 'Remove access' }).click();
  await dialog.getByRole('status').filter({ hasText: 'no longer has access' }).waitFor();
  assert.equal((await (await office.get(`/api/client-groups/${branch.id}/accounts`)).json()).items.length, 0);
  // Authorised again for the tests that follow.
  await dialog.getByLabel('Add a customer user').fill(customer.email.slice(0, 6));
  await dialog.locator('li', { hasText: customer.email }).getByRole('button', { name: 'Add' }).click();
  await dialog.getByRole('status').filter({ hasText: 'now has access' }).waitFor();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await dialog.waitFor({ state: 'hidden' });
});

test('groups: safe delete shows what moves, moves it to the parent, loses nothing', async () => {
  const { page } = browser;
  const region = await group('E2E Region North');
  const branch = await group('E2E Branch');
  // Put a client in the branch and a sub-branch under it.
  const some = (await (await office.get('/api/clients?limit=1&sort=name')).json()).items[0];
  assert.equal((await office.patch(`/api/clients/${some.id}`, { data: { setGroup: true, groupId: branch.id } })).status(), 200);
  assert.equal((await office.post('/api/client-groups', { data: { name: 'E2E Leaf', parentId: branch.id } })).status(), 201);
  await page.reload(); // the search (E2E) is kept in the address
  await page.locator('table.data tbody tr', { hasText: 'E2E Leaf' }).waitFor();

  await page.getByRole('button', { name: 'Delete E2E Branch' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete E2E Branch?' });
  await dialog.getByText('moves 1 client to the parent group “E2E Region North”').waitFor();
  await dialog.getByText('moves 1 child group to “E2E Region North”').waitFor();
  await dialog.getByText('1 authorised account').waitFor();
  await screenshot(page, 'workspace-group-delete-plan');
  await dialog.getByRole('button', { name: 'Delete group' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('status').filter({ hasText: '“E2E Branch” was deleted.' }).waitFor();
  await screenshot(page, 'workspace-group-deleted');

  assert.equal((await office.get(`/api/clients/${some.id}`).then((r) => r.json())).groupId, region.id, 'the client did not move up');
  assert.equal((await group('E2E Leaf')).parentId, region.id, 'the child group did not move up');
  assert.equal(await group('E2E Branch'), undefined);
});

test('users: filter by licence, create a customer user without a client', async () => {
  const { page } = browser;
  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
  const res = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/users' && new URL(r.url()).searchParams.get('licence') === 'customer');
  await page.getByLabel('Licence').selectOption('customer');
  await res;
  await page.locator('table.data[aria-busy="false"] tbody tr').first().waitFor();
  const licences = await page.locator('table.data tbody tr td:nth-child(3)').allInnerTexts();
  assert.ok(licences.length > 0 && licences.every((l) => l.trim() === 'Customer'), `licences shown: ${licences}`);
  await screenshot(page, 'workspace-users-customers');

  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog', { name: 'New user' });
  await dialog.getByLabel('Name').fill('Gina Group');
  await dialog.getByLabel('Email').fill(sw.login('client').email);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await dialog.locator('#u-email-err', { hasText: 'Another user has this email address' }).waitFor();
  await dialog.getByLabel('Email').fill('gina.group@example.com.au');
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await page.getByRole('status').filter({ hasText: 'Gina Group was created' }).waitFor();
  const created = (await getAll(office, '/api/users', { q: 'gina.group' }))[0];
  assert.equal(created.licence, 'customer');
  assert.equal(created.active, true);
});

test('users: deactivating ends the session at once; reactivating lets them back in', async () => {
  const { page } = browser;
  const login = sw.login('client');
  const customer = await apiAs(sw.baseURL, login);
  try {
    assert.equal((await customer.get('/api/me')).status(), 200);
    await page.getByLabel('Search users').fill(login.email);
    const row = page.locator('table.data tbody tr', { hasText: login.email });
    await row.waitFor();
    await page.getByRole('button', { name: `Deactivate ${login.name}` }).click();
    const dialog = page.getByRole('dialog', { name: `Deactivate ${login.name}?` });
    await screenshot(page, 'workspace-user-deactivate');
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.locator('.badge-off', { hasText: 'Deactivated' }).waitFor();
    assert.equal((await customer.get('/api/me')).status(), 401, 'the deactivated customer is still signed in');

    await page.getByRole('button', { name: `Reactivate ${login.name}` }).click();
    await row.locator('.badge-ok', { hasText: 'Active' }).waitFor();
    const again = await apiAs(sw.baseURL, login);
    await again.dispose();
  } finally {
    await customer.dispose();
  }
});
