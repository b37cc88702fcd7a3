// Routines as the office keeps them: add one on a property (field errors
// beside the fields, then its twelve months of tasks), change its
// frequency (tasks move), and the Customer Data > Routines list.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiAs, getAll, openBrowser, phoneDialogShot, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office;
let property;

before(async () => {
  sw = await startSiteward('workspace-routines');
  office = await apiAs(sw.baseURL, sw.login('office'));
  browser = await openBrowser(sw.baseURL);
  property = (await (await office.get('/api/properties?limit=1&sort=name&active=true')).json()).items[0];
});

after(async () => {
  try {
    await office?.dispose();
    await browser?.close();
  } finally {
    await sw?.stop();
  }
});

const routineTasks = async (routineName) =>
  (await getAll(office, '/api/tasks', { propertyId: property.id, kind: 'routine', q: routineName })).filter((t) => t.title.startsWith(routineName + ' ('));

test('office: add a routine on a property, then change its frequency', async () => {
  const { page } = browser;
  await page.goto(`${sw.baseURL}/#/properties`);
  await signIn(page, sw.login('office'));
  await page.getByRole('heading', { name: 'Properties', level: 1 }).waitFor();
  await page.locator('table.data tbody tr').first().getByRole('button', { name: property.name }).click();
  const dialog = page.getByRole('dialog', { name: property.name });
  await dialog.getByRole('tab', { name: 'Routines' }).click();
  const section = dialog.locator('section.routines');
  await section.getByRole('heading', { name: 'Routines' }).waitFor();
  await section.locator('.list, p.muted').first().waitFor();
  const before = (await (await office.get(`/api/routines?propertyId=${property.id}`)).json()).total;

  await section.getByRole('button', { name: 'Add routine' }).click();
  const form = section.getByRole('form', { name: 'New routine' });
  // Nothing named, nothing ticked, a monthly routine with 20 days either side: three errors, each by its field.
  await form.getByLabel('Frequency').selectOption({ label: 'Monthly' });
  await form.getByLabel('Tolerance (± days)').fill('20');
  await form.getByRole('button', { name: 'Create routine' }).click();
  await form.locator('.field-error').first().waitFor();
  const errors = await form.locator('.field-error').allInnerTexts();
  assert.equal(errors.length, 3, errors.join(' | '));
  assert.match(errors.join(' '), /Name the routine/);
  assert.match(errors.join(' '), /at most 13 days/);
  assert.match(errors.join(' '), /at least one asset type/);
  assert.equal((await (await office.get(`/api/routines?propertyId=${property.id}`)).json()).total, before, 'a refused routine was stored');
  await screenshot(page, 'routines-form-errors');
  await phoneDialogShot(page, 'routines-form-errors', dialog, section);

  // Put it right (what was typed stays) and create it: quarterly from next month.
  const next = new Date();
  next.setMonth(next.getMonth() + 1, 1);
  const startsOn = next.toLocaleDateString('en-CA');
  await form.getByLabel('Name').fill('E2E hydrant service');
  await form.getByLabel('Frequency').selectOption({ label: 'Quarterly' });
  await form.getByLabel('Next due (first visit)').fill(startsOn);
  assert.equal(await form.getByLabel('Tolerance (± days)').inputValue(), '20');
  await form.getByLabel('Tolerance (± days)').fill('7');
  await form.getByRole('checkbox', { name: 'Hydrant' }).check();
  await form.getByRole('checkbox', { name: 'Sprinkler system' }).check();
  await form.getByRole('button', { name: 'Create routine' }).click();
  await section.getByText('E2E hydrant service saved. 4 upcoming tasks created.').waitFor();
  let tasks = await routineTasks('E2E hydrant service');
  assert.equal(tasks.length, 4);
  assert.equal(tasks.map((t) => t.dueOn).sort()[0], startsOn);
  assert.ok(tasks.every((t) => t.stage === 'ready' && t.toleranceDays === 7 && t.number));
  const row = section.locator('li', { hasText: 'E2E hydrant service' });
  await row.getByText('Quarterly · ± 7 days · Hydrant, Sprinkler system').waitFor();
  await screenshot(page, 'routines-property');
  await phoneDialogShot(page, 'routines-property', dialog, section);

  // Monthly instead: the first visit stays, the other three open tasks move and eight more are made.
  await row.getByRole('button', { name: 'Edit E2E hydrant service' }).click();
  const edit = section.getByRole('form', { name: 'Edit E2E hydrant service' });
  await edit.getByLabel('Frequency').selectOption({ label: 'Monthly' });
  await edit.getByRole('button', { name: 'Save routine' }).click();
  await section.getByText(/E2E hydrant service saved\. 8 upcoming tasks created, 3 tasks moved\./).waitFor();
  tasks = await routineTasks('E2E hydrant service');
  assert.equal(tasks.length, 12);
  assert.equal(new Set(tasks.map((t) => t.dueOn)).size, 12, 'one task per month');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
});

test('office: Customer Data > Routines lists, finds and edits routines', async () => {
  const { page } = browser;
  await page.getByRole('link', { name: 'Routines' }).click();
  await page.getByRole('heading', { name: 'Routines', level: 1 }).waitFor();
  await page.locator('table.data tbody tr').first().waitFor();
  await screenshot(page, 'routines-list');

  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/routines' && new URL(r.url()).searchParams.get('q') === 'E2E hydrant');
  await page.getByLabel('Search routines').fill('E2E hydrant');
  await page.getByLabel('Search routines').press('Enter');
  assert.equal((await (await answer).json()).total, 1);
  await page.locator('table.data tbody tr', { hasText: property.name }).getByRole('button', { name: 'E2E hydrant service' }).click();
  const dialog = page.getByRole('dialog', { name: 'Edit E2E hydrant service' });
  await screenshot(page, 'routines-edit');
  await phoneDialogShot(page, 'routines-edit', dialog, dialog.locator('form'));
  await dialog.getByLabel('Active — pausing removes its tasks nobody has started').uncheck();
  await dialog.getByRole('button', { name: 'Save routine' }).click();
  await page.getByText(/saved\. 12 tasks no longer needed removed\./).waitFor();
  assert.equal((await routineTasks('E2E hydrant service')).length, 0);
  // Paused routines leave the default (active) list.
  await page.getByText('No routines match').waitFor();
  await page.getByLabel('Status').selectOption({ label: 'Paused' });
  await page.locator('table.data tbody tr', { hasText: 'E2E hydrant service' }).waitFor();
});
