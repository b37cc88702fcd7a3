// The office's task and remark detail: open a task from the Tasks list, move
// its stage (only the flow's moves are offered), reschedule it (a refused
// edit shows its error beside the field), open a remark and publish and
// resolve it; then a conflict an offline install made on each is reviewed
// on the record itself (the list's "Needs review" badge opens it), and the
// badge goes.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiAs, openBrowser, phoneDialogShot, pushFromLaptop as pushFromLaptopAs, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office;

before(async () => {
  sw = await startSiteward('task-remark-detail');
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

const searchOf = (rec, prefix, text) => (rec.number ? `${prefix}-${rec.number}` : text);

const pushFromLaptop = (changes) => pushFromLaptopAs(sw.baseURL, office, sw.login('office'), changes);

let task;
let remark;

test('office: a task opened from the list moves only as its flow allows and refuses a cleared due date beside the field', async () => {
  const { page } = browser;
  const tasks = await (await office.get('/api/tasks', { params: { kind: 'routine', stage: 'ready', limit: '1' } })).json();
  task = tasks.items[0];
  assert.ok(task?.dueOn, 'the demo has a ready routine task with a due date');
  await page.goto(`${sw.baseURL}/#/tasks?q=${encodeURIComponent(searchOf(task, 'T', task.title))}`);
  await page.getByRole('button', { name: task.title }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Tolerance window').waitFor();
  await dialog.getByText(task.number ? `T-${task.number}` : 'pending').first().waitFor();

  const stage = dialog.getByLabel('Stage');
  const offered = await stage.locator('option').allTextContents();
  assert.deepEqual(offered, ['Ready (now)', 'In progress', 'Performed', 'On hold', 'Cancelled'], 'a ready task may not jump to complete');

  // A routine task keeps its due date: the error sits beside the field and nothing is written.
  await dialog.getByLabel('Due').fill('');
  await dialog.getByLabel('Results and notes').fill('Pump room locked; key from the caretaker.');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await dialog.locator('#task-due-err').getByText('keeps a due date').waitFor();
  const unchanged = await (await office.get(`/api/tasks/${task.id}`)).json();
  assert.equal(unchanged.dueOn, task.dueOn, 'a refused edit changed the due date');
  assert.equal(unchanged.description, task.description ?? '', 'a refused edit wrote the results');
  await screenshot(page, 'workspace-task-detail-field-error');

  await dialog.getByLabel('Due').fill('2027-01-20');
  await stage.selectOption('inprogress');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await dialog.getByRole('status').getByText('Saved.').waitFor();
  assert.deepEqual(await stage.locator('option').allTextContents(), ['In progress (now)', 'Performed', 'Ready', 'On hold', 'Cancelled']);
  const saved = await (await office.get(`/api/tasks/${task.id}`)).json();
  assert.equal(saved.stage, 'inprogress');
  assert.equal(saved.dueOn, '2027-01-20');
  assert.match(saved.description, /caretaker/);
  await screenshot(page, 'workspace-task-detail');
  await phoneDialogShot(page, 'workspace-task-detail', dialog);
  await dialog.getByRole('button', { name: 'Close', exact: true }).first().click();
  await page.getByRole('row').filter({ hasText: task.title }).first().getByText('In progress').waitFor();

  // The client page's tasks open the same detail.
  await page.goto(`${sw.baseURL}/#/clients/${task.clientId}`);
  const section = page.locator('section[aria-labelledby="client-tasks-title"]');
  await section.getByLabel('Stage').selectOption({ label: 'In progress' });
  await section.getByRole('button', { name: task.title }).first().click();
  await page.getByRole('dialog').getByText('Tolerance window').waitFor();
  await page.waitForFunction(() => document.querySelector('#task-results')?.value.includes('caretaker'));
  await page.getByRole('dialog').getByRole('button', { name: 'Close', exact: true }).first().click();
});

test('office: a remark opened from the list is published and resolved from its detail', async () => {
  const { page } = browser;
  // An open remark, one with photos (the demo photographs a few).
  const list = await (await office.get('/api/remarks', { params: { status: 'open', limit: '100' } })).json();
  remark = list.items[0];
  for (const r of list.items) {
    const d = await (await office.get(`/api/remarks/${r.id}`)).json();
    if (d.photos.length > 0) {
      remark = d;
      break;
    }
  }
  assert.ok(remark?.photos?.length, 'the demo has an open remark with a photo');
  await page.goto(`${sw.baseURL}/#/remarks?q=${encodeURIComponent(searchOf(remark, 'R', remark.description))}`);
  await page.getByRole('button', { name: remark.description }).first().click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('heading', { name: 'Photos' }).waitFor();
  const img = dialog.getByRole('img', { name: remark.photos[0].caption });
  await page.waitForFunction((el) => el.complete && el.naturalWidth > 0, await img.elementHandle());
  if (remark.published) {
    await dialog.getByRole('button', { name: 'Unpublish' }).click();
    await dialog.getByRole('status').getByText('Taken off the portal.').waitFor();
  }
  await dialog.getByText('Not published').waitFor();
  await dialog.getByRole('button', { name: 'Publish to the portal' }).click();
  await dialog.getByRole('status').getByText('Published to the portal.').waitFor();
  await dialog.getByRole('button', { name: 'Resolve' }).click();
  await dialog.getByRole('status').getByText('Resolved.').waitFor();
  await dialog.getByText('✓ Resolved').waitFor();
  const now = await (await office.get(`/api/remarks/${remark.id}`)).json();
  assert.equal(now.published, true);
  assert.equal(now.status, 'resolved');
  await screenshot(page, 'workspace-remark-detail');
  await phoneDialogShot(page, 'workspace-remark-detail', dialog);
  if (remark.taskId) {
    // The task that raised it, and back: the task lists its remarks.
    await dialog.getByRole('button', { name: 'Open the task' }).click();
    await page.getByRole('dialog').getByRole('heading', { name: 'Remarks raised' }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: remark.number ? `R-${remark.number}` : 'Remark (pending)' }).click();
    await page.getByRole('dialog').getByRole('heading', { name: 'Photos' }).waitFor();
  }
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).first().click();
});

test('office: conflicts an install made are reviewed on the record by keeping one value, and the badge goes', async () => {
  const { page } = browser;
  // The laptop, which never saw the office's edits above, moved the task's
  // due date and reopened the remark: its later clocks win and both are
  // recorded for review.
  await pushFromLaptop([
    { table: 'tasks', rowId: task.id, cols: { due_on: '2027-01-27' } },
    { table: 'remarks', rowId: remark.id, cols: { status: 'open', resolved_at: null } },
  ]);

  await page.goto(`${sw.baseURL}/#/tasks?q=${encodeURIComponent(searchOf(task, 'T', task.title))}`);
  const row = page.getByRole('row').filter({ hasText: task.title }).first();
  await row.getByRole('button', { name: /Needs review/ }).waitFor();
  await row.getByText('27/01/2027').waitFor();
  // The badge opens the record, where the conflict is settled.
  await row.getByRole('button', { name: /Needs review/ }).click();
  const dialog = page.getByRole('dialog');
  const review = dialog.getByRole('group', { name: 'Conflict on Due date' });
  await review.getByText('The office, on this server', { exact: false }).waitFor();
  await review.getByText(/on install/).waitFor();
  await screenshot(page, 'workspace-task-detail-needs-review');
  await phoneDialogShot(page, 'workspace-task-detail-needs-review', dialog);
  await review.getByRole('button', { name: 'Keep “20/01/2027”' }).click();
  await review.waitFor({ state: 'detached' });
  // The kept due date comes back into the form.
  await page.waitForFunction(() => document.querySelector('#task-due')?.value === '2027-01-20');
  const kept = await (await office.get(`/api/tasks/${task.id}`)).json();
  assert.equal(kept.dueOn, '2027-01-20');
  assert.equal(kept.needsReview, false);
  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await row.getByText('20/01/2027').waitFor();
  assert.equal(await row.getByRole('button', { name: /Needs review/ }).count(), 0, 'the task still says Needs review');

  // The remark: keep "Resolved" (the office's) over the laptop's reopen.
  await page.goto(`${sw.baseURL}/#/remarks?q=${encodeURIComponent(searchOf(remark, 'R', remark.description))}`);
  const rrow = page.getByRole('row').filter({ has: page.getByRole('button', { name: /Needs review/ }) }).first();
  await rrow.waitFor();
  await rrow.getByRole('button', { name: /Needs review/ }).click();
  const rreview = page.getByRole('dialog').getByRole('group', { name: 'Conflict on Status' });
  await rreview.getByRole('button', { name: 'Keep “Open”' }).waitFor();
  await screenshot(page, 'workspace-remark-detail-needs-review');
  await phoneDialogShot(page, 'workspace-remark-detail-needs-review', page.getByRole('dialog'));
  await rreview.getByRole('button', { name: 'Keep “Resolved”' }).click();
  await rreview.waitFor({ state: 'detached' });
  await page.getByRole('dialog').getByText('✓ Resolved').waitFor();
  await page.getByRole('dialog').getByRole('button', { name: 'Close' }).first().click();
  await page.getByRole('row').filter({ hasText: remark.description }).first().getByText('✓ Resolved').waitFor();
  assert.equal(await page.getByRole('button', { name: /Needs review/ }).count(), 0, 'the remark still says Needs review');
  const conflicts = await (await office.get('/api/sync/conflicts')).json();
  assert.equal(conflicts.items.filter((c) => c.rowId === task.id || c.rowId === remark.id).length, 0, 'a conflict is still waiting');
});

test('office: a conflict on a client shows on its page, with both values, and is marked reviewed there', async () => {
  const { page } = browser;
  const client = (await (await office.get('/api/clients', { params: { limit: 1, sort: 'name' } })).json()).items[0];
  // The office renames the client; a laptop that never saw it renames it too.
  const renamed = await office.patch(`/api/clients/${client.id}`, { data: { name: `${client.name} (office)` } });
  assert.equal(renamed.status(), 200, await renamed.text());
  await pushFromLaptop([{ table: 'clients', rowId: client.id, cols: { name: `${client.name} (laptop)` } }]);

  await page.goto(`${sw.baseURL}/#/clients/${client.id}`);
  const review = page.getByRole('group', { name: 'Conflict on Name' });
  await review.getByText(`${client.name} (office)`).waitFor();
  await review.getByText(`${client.name} (laptop)`).waitFor();
  await screenshot(page, 'workspace-client-needs-review');
  await review.getByRole('button', { name: 'Mark reviewed' }).click();
  await review.waitFor({ state: 'detached' });
  const left = await (await office.get('/api/sync/conflicts', { params: { table: 'clients', rowId: client.id } })).json();
  assert.equal(left.total, 0, 'the client\'s conflict is still waiting');
});
