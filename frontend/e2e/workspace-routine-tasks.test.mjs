// The office reaching records from where it works: a property's routine
// lists its upcoming and recent tasks and opens each in the task dialog;
// "Needs review" on a quote's and an invoice's row opens that record with
// its conflict; a remark's severity, description and asset are edited in
// its dialog (a refused edit shows its error beside the field and writes
// nothing).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PHONE, apiAs, getAll, openBrowser, phoneDialogShot, pushFromLaptop, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office;

before(async () => {
  sw = await startSiteward('routine-tasks');
  office = await apiAs(sw.baseURL, sw.login('office'));
  browser = await openBrowser(sw.baseURL);
  await browser.page.goto(`${sw.baseURL}/`);
  await signIn(browser.page, sw.login('office'));
  await browser.page.getByRole('link', { name: 'Sync' }).waitFor();
});

after(async () => {
  try {
    await office?.dispose();
    await browser?.close();
  } finally {
    await sw?.stop();
  }
});

const json = async (res) => {
  assert.ok(res.ok(), `${res.url()}: ${res.status()} ${await res.text()}`);
  return res.json();
};

test('office: a routine on the property lists its upcoming and recent tasks, and each opens the task dialog', async () => {
  const { page } = browser;
  // A routine with a visit to come and one done.
  let routine;
  let upcoming;
  let recent;
  for (const r of await getAll(office, '/api/routines', { active: 'true', sort: 'nextDue' })) {
    upcoming = (await json(await office.get('/api/tasks', { params: { routineId: r.id, done: 'false', sort: 'dueOn', limit: '6' } }))).items;
    recent = (await json(await office.get('/api/tasks', { params: { routineId: r.id, done: 'true', sort: '-dueOn', limit: '6' } }))).items;
    if (upcoming.length && recent.length && upcoming[0].stage === 'ready' && upcoming[0].number) {
      routine = r;
      break;
    }
  }
  assert.ok(routine, 'the demo has a routine with upcoming and done tasks');

  await page.goto(`${sw.baseURL}/#/properties?q=${encodeURIComponent(routine.propertyName)}`);
  await page.locator('table.data tbody tr').filter({ hasText: routine.clientName }).first().getByRole('button', { name: routine.propertyName }).click();
  const property = page.getByRole('dialog', { name: routine.propertyName });
  await property.getByRole('tab', { name: 'Routines' }).click();
  const row = property.locator('section.routines li').filter({ hasText: routine.name }).first();
  const toggle = row.getByRole('button', { name: `Show the tasks of ${routine.name}` });
  await toggle.click();
  const tasks = row.getByRole('region', { name: `Tasks of ${routine.name}` });
  const up = tasks.locator('section').filter({ has: page.getByRole('heading', { name: 'Upcoming' }) });
  const done = tasks.locator('section').filter({ has: page.getByRole('heading', { name: 'Recent' }) });
  // The lists are the routine's own, in the server's order.
  await up.getByRole('button', { name: `T-${upcoming[0].number}` }).waitFor();
  assert.deepEqual(await up.locator('li .open').allInnerTexts(), upcoming.map((t) => (t.number ? `T-${t.number}` : 'Task (number pending)')));
  assert.deepEqual(await done.locator('li .open').allInnerTexts(), recent.map((t) => (t.number ? `T-${t.number}` : 'Task (number pending)')));
  assert.equal(await row.getByRole('button', { name: `Hide the tasks of ${routine.name}` }).getAttribute('aria-expanded'), 'true');
  await screenshot(page, 'workspace-routine-tasks');
  await page.setViewportSize(PHONE);
  await tasks.scrollIntoViewIfNeeded();
  await phoneDialogShot(page, 'workspace-routine-tasks', property, row);

  // A recent task opens on top of the property, and closing it returns there.
  await done.getByRole('button', { name: `T-${recent[0].number}` }).click();
  const finished = page.getByRole('dialog', { name: new RegExp(`^T-${recent[0].number} · `) });
  await finished.getByText('Tolerance window').waitFor();
  await finished.getByRole('button', { name: 'Close', exact: true }).last().click();
  await finished.waitFor({ state: 'detached' });

  // An upcoming task is worked through from its dialog; completing it asks
  // first (it is final), and the routine's lists follow.
  const first = upcoming[0];
  await up.getByRole('button', { name: `T-${first.number}` }).click();
  const dialog = page.getByRole('dialog', { name: `T-${first.number} · ${first.title}` });
  const stage = dialog.getByLabel('Stage');
  const save = async (to) => {
    await stage.selectOption(to);
    await dialog.getByRole('button', { name: 'Save changes' }).click();
  };
  await save('inprogress');
  await dialog.getByRole('status').getByText('Saved.').waitFor();
  await screenshot(page, 'workspace-routine-task-dialog');
  await phoneDialogShot(page, 'workspace-routine-task-dialog', dialog);
  await save('performed');
  await page.waitForFunction(() => document.querySelector('#task-stage-pick')?.selectedOptions[0]?.textContent === 'Performed (now)');
  await save('complete');
  const ask = page.getByRole('dialog', { name: `Complete T-${first.number}?` });
  await ask.getByText('A complete task is final').waitFor();
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await ask.waitFor({ state: 'detached' });
  assert.equal((await json(await office.get(`/api/tasks/${first.id}`))).stage, 'performed', 'Cancel completed the task');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await page.getByRole('dialog', { name: `Complete T-${first.number}?` }).getByRole('button', { name: 'Complete task' }).click();
  await page.waitForFunction(() => document.querySelector('#task-stage-pick')?.selectedOptions[0]?.textContent === 'Complete (now)');
  assert.equal((await json(await office.get(`/api/tasks/${first.id}`))).stage, 'complete');
  await dialog.getByRole('button', { name: 'Close', exact: true }).last().click();
  await dialog.waitFor({ state: 'detached' });
  assert.ok(await property.isVisible(), 'closing the task closed the property too');
  const lists = row.getByRole('region', { name: `Tasks of ${routine.name}` });
  await lists.locator('section').filter({ has: page.getByRole('heading', { name: 'Recent' }) }).locator('li').filter({ hasText: `T-${first.number}` }).getByText('Complete', { exact: true }).waitFor();
  assert.equal(await lists.locator('section').filter({ has: page.getByRole('heading', { name: 'Upcoming' }) }).getByRole('button', { name: `T-${first.number}` }).count(), 0);
  await page.keyboard.press('Escape');
  await property.waitFor({ state: 'detached' });
});

test('office: "Needs review" on a quote\'s and an invoice\'s row opens the record with its conflict', async () => {
  const { page } = browser;
  // The office prices a draft quote and issues a draft invoice; a laptop
  // that never saw either changed the same fields.
  const quote = (await json(await office.get('/api/quotes', { params: { status: 'draft', limit: '1' } }))).items[0];
  assert.ok(quote, 'the demo has a draft quote');
  const priced = await office.put(`/api/quotes/${quote.id}/lines`, { data: { lines: [{ description: 'Replace hydrant valve', quantity: 1, unitCents: 42000 }] } });
  assert.equal(priced.status(), 200, await priced.text());
  const invoice = await json(await office.post('/api/invoices', { data: { propertyId: quote.propertyId, totalCents: 31500 } }));
  const issued = await office.post(`/api/invoices/${invoice.id}/issue`, { data: {} });
  assert.equal(issued.status(), 200, await issued.text());
  const inv = await issued.json();
  await pushFromLaptop(sw.baseURL, office, sw.login('office'), [
    { table: 'quotes', rowId: quote.id, cols: { total_cents: 39000 } },
    { table: 'invoices', rowId: invoice.id, cols: { due_on: '2027-03-31' } },
  ]);

  await page.goto(`${sw.baseURL}/#/quotes?q=${encodeURIComponent(quote.number ? `Q-${quote.number}` : quote.title)}`);
  const qrow = page.getByRole('row').filter({ hasText: quote.title }).first();
  await qrow.getByRole('button', { name: /Needs review/ }).click();
  const qdialog = page.getByRole('dialog');
  await qdialog.getByRole('heading', { name: /Needs review/ }).waitFor();
  await qdialog.getByRole('group').first().waitFor();
  await screenshot(page, 'workspace-quote-needs-review');
  await qdialog.getByRole('group').first().getByRole('button', { name: /Mark reviewed|Keep/ }).first().click();
  await qdialog.getByRole('heading', { name: /Needs review/ }).waitFor({ state: 'detached' });
  await qdialog.getByRole('button', { name: 'Close' }).first().click();
  assert.equal(await qrow.getByRole('button', { name: /Needs review/ }).count(), 0, 'the quote still says Needs review');

  await page.goto(`${sw.baseURL}/#/invoices?q=${encodeURIComponent(inv.number ? `INV-${inv.number}` : quote.propertyName)}`);
  const irow = page.getByRole('row').filter({ has: page.getByRole('button', { name: /Needs review/ }) }).first();
  await irow.getByRole('button', { name: /Needs review/ }).click();
  const idialog = page.getByRole('dialog');
  await idialog.getByRole('heading', { name: /Needs review/ }).waitFor();
  await idialog.getByText('31/03/2027').first().waitFor();
  await screenshot(page, 'workspace-invoice-needs-review');
  await phoneDialogShot(page, 'workspace-invoice-needs-review', idialog);
  await idialog.getByRole('button', { name: 'Close' }).first().click();
});

test('office: a remark\'s severity, description and asset are edited in its dialog; a refused edit writes nothing', async () => {
  const { page } = browser;
  // An open remark on a property with assets.
  let remark;
  let assets = [];
  for (const r of (await json(await office.get('/api/remarks', { params: { status: 'open', limit: '50' } }))).items) {
    assets = (await json(await office.get('/api/assets', { params: { propertyId: r.propertyId, limit: '500' } }))).items;
    if (assets.length >= 2 && r.severity !== 'critical') {
      remark = r;
      break;
    }
  }
  assert.ok(remark, 'the demo has an open, non-critical remark on a property with assets');
  const target = assets.find((a) => a.id !== remark.assetId);

  await page.goto(`${sw.baseURL}/#/remarks?q=${encodeURIComponent(remark.number ? `R-${remark.number}` : remark.description)}`);
  await page.getByRole('button', { name: remark.description }).first().click();
  const dialog = page.getByRole('dialog');
  const description = dialog.getByLabel('Description');
  await description.waitFor();
  assert.equal(await description.inputValue(), remark.description);
  assert.equal(await dialog.getByRole('button', { name: 'Save changes' }).isDisabled(), true, 'Save is offered with nothing changed');

  // An empty description is refused beside the field, and the severity chosen with it is not written.
  await dialog.getByLabel('Severity', { exact: true }).selectOption('critical');
  await description.fill('   ');
  assert.equal(await dialog.getByRole('button', { name: 'Resolve' }).isDisabled(), true, 'resolving is offered over unsaved edits');
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await dialog.locator('#remark-edit-description-err').getByText('Describe the remark').waitFor();
  assert.equal(await description.getAttribute('aria-invalid'), 'true');
  const unchanged = await json(await office.get(`/api/remarks/${remark.id}`));
  assert.equal(unchanged.severity, remark.severity, 'a refused edit wrote the severity');
  assert.equal(unchanged.description, remark.description);
  await screenshot(page, 'workspace-remark-edit-error');
  await phoneDialogShot(page, 'workspace-remark-edit-error', dialog);

  // Put right and saved: the three fields, in one edit.
  const text = `${remark.description} — valve seized, replace`;
  await description.fill(text);
  await dialog.getByLabel('Asset').selectOption(target.id);
  await dialog.getByRole('button', { name: 'Save changes' }).click();
  await dialog.getByRole('status').getByText('Saved.').waitFor();
  assert.equal(await dialog.locator('.field-error').count(), 0);
  const saved = await json(await office.get(`/api/remarks/${remark.id}`));
  assert.equal(saved.severity, 'critical');
  assert.equal(saved.description, text);
  assert.equal(saved.assetId, target.id);
  await dialog.getByRole('button', { name: 'Critical alerts' }).waitFor();
  await screenshot(page, 'workspace-remark-edit');
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  const listed = page.getByRole('row').filter({ hasText: text }).first();
  await listed.getByText('Critical').first().waitFor();
  await listed.getByText(target.type).first().waitFor();
});

test('office: the client page, users and client groups fit a phone (one column, nothing scrolls sideways)', async () => {
  const { page } = browser;
  const client = (await json(await office.get('/api/clients', { params: { limit: '1', sort: 'name' } }))).items[0];
  await page.goto(`${sw.baseURL}/#/clients/${client.id}`);
  await page.getByRole('heading', { name: 'Contacts' }).waitFor();
  await screenshot(page, 'workspace-client-page-phone', { phone: true });
  for (const [path, heading] of [['users', 'Users'], ['client-groups', 'Client groups']]) {
    await page.goto(`${sw.baseURL}/#/${path}`);
    await page.locator('table.data tbody tr').first().waitFor();
    await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    await screenshot(page, `workspace-${path}-phone`, { phone: true });
  }
});

test('office: a property is added on the client page and its details edited; refusals show beside the fields, deactivating asks first', async () => {
  const { page } = browser;
  const client = (await json(await office.get('/api/clients', { params: { limit: '1', sort: '-name' } }))).items[0];
  const count = async () => (await json(await office.get('/api/properties', { params: { clientId: client.id, limit: '1' } }))).total;
  const before = await count();
  await page.goto(`${sw.baseURL}/#/clients/${client.id}`);
  const panel = page.locator('section[aria-labelledby="props-title"]');
  await panel.getByRole('button', { name: 'Add property' }).click();
  const dialog = page.getByRole('dialog', { name: 'New property' });
  const form = dialog.getByRole('form', { name: 'New property' });
  await form.getByLabel('Postcode').fill('20');
  await form.getByRole('button', { name: 'Create property' }).click();
  await form.locator('#pf-new-name-err').getByText("Enter the property's name.").waitFor();
  await form.locator('#pf-new-postcode-err').getByText('4 digits').waitFor();
  assert.equal(await count(), before, 'a refused property was stored');
  await screenshot(page, 'workspace-property-new-errors');
  await phoneDialogShot(page, 'workspace-property-new-errors', dialog);

  await form.getByLabel('Name').fill('E2E Harbour Depot');
  await form.getByLabel('Street').fill('9 Wharf Road');
  await form.getByLabel('Suburb').fill('Pyrmont');
  await form.getByLabel('State').selectOption('NSW');
  await form.getByLabel('Postcode').fill('2009');
  await form.getByLabel(/Access details/).fill('Key in the lock box, code 2468');
  await form.getByRole('button', { name: 'Create property' }).click();
  // The new property opens, with its office-only access details.
  const detail = page.getByRole('dialog', { name: 'E2E Harbour Depot' });
  await detail.getByText('Key in the lock box, code 2468').waitFor();
  assert.equal(await count(), before + 1);
  const created = (await json(await office.get('/api/properties', { params: { clientId: client.id, q: 'E2E Harbour Depot' } }))).items[0];
  assert.equal(created.active, true);

  await detail.getByRole('button', { name: 'Edit details' }).click();
  const edit = detail.getByRole('form', { name: 'Details of E2E Harbour Depot' });
  await edit.getByLabel('Postcode').fill('2O09');
  await edit.getByRole('button', { name: 'Save details' }).click();
  await edit.locator('.field-error').getByText('4 digits').waitFor();
  await edit.getByLabel('Postcode').fill('2009');
  await edit.getByLabel(/Access procedure/).fill('Sign in at the gatehouse');
  await edit.getByRole('checkbox', { name: /Active/ }).uncheck();
  await edit.getByRole('button', { name: 'Save details' }).click();
  const ask = page.getByRole('dialog', { name: 'Deactivate E2E Harbour Depot?' });
  await ask.getByRole('button', { name: 'Cancel' }).click();
  await ask.waitFor({ state: 'detached' });
  assert.equal((await json(await office.get(`/api/properties/${created.id}`))).active, true, 'Cancel deactivated the property');
  await edit.getByRole('button', { name: 'Save details' }).click();
  await page.getByRole('dialog', { name: 'Deactivate E2E Harbour Depot?' }).getByRole('button', { name: 'Deactivate' }).click();
  await detail.getByRole('status').getByText('E2E Harbour Depot saved.').waitFor();
  await detail.getByText('Sign in at the gatehouse').waitFor();
  await detail.locator('.access-head').getByText('Inactive').waitFor();
  const saved = await json(await office.get(`/api/properties/${created.id}`));
  assert.equal(saved.active, false);
  assert.equal(saved.accessProcedure, 'Sign in at the gatehouse');
  await screenshot(page, 'workspace-property-edited');
  await detail.getByRole('button', { name: 'Close' }).first().click();
  await panel.locator('tr', { hasText: 'E2E Harbour Depot' }).getByText('Inactive').waitFor();
});
