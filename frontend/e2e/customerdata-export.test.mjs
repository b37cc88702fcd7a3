// Customer Data exports as the office uses them: filter and sort a list,
// export it, and the file is that list row for row (every page of it, not
// just the one on screen), as CSV and as XLSX.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { apiAs, getAll, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;
let browser;
let office;

before(async () => {
  sw = await startSiteward('customerdata-export');
  office = await apiAs(sw.baseURL, sw.login('office'));
  browser = await openBrowser(sw.baseURL);
  await browser.page.goto(`${sw.baseURL}/#/tasks`);
  await signIn(browser.page, sw.login('office'));
  await browser.page.getByRole('heading', { name: 'Tasks', level: 1 }).waitFor();
});

after(async () => {
  try {
    await office?.dispose();
    await browser?.close();
  } finally {
    await sw?.stop();
  }
});

const listed = (page, path, check) =>
  page.waitForResponse((r) => new URL(r.url()).pathname === path && r.request().method() === 'GET' && check(new URL(r.url()).searchParams));

/** RFC 4180 rows: quoted cells may hold commas, quotes and line breaks. */
function parseCSV(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(cell), (cell = '');
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell), rows.push(row), (row = []), (cell = '');
    } else cell += ch;
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  return rows;
}

/** Clicks an export button and returns the downloaded CSV's rows (header first). */
async function exportCSV(page) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const text = readFileSync(await file.path(), 'utf8').replace(/^\ufeff/, '');
  return { name: file.suggestedFilename(), rows: parseCSV(text.trim()) };
}

async function exportXLSX(page) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export XLSX' }).click()]);
  const bytes = readFileSync(await file.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK', 'the XLSX is not a zip');
  return file.suggestedFilename();
}

test('tasks: the filtered, sorted list, every page of it', async () => {
  const { page } = browser;
  let answer = listed(page, '/api/tasks', (q) => q.get('stage') === 'complete');
  await page.getByLabel('Stage').selectOption({ label: 'Complete' });
  await answer;
  answer = listed(page, '/api/tasks', (q) => q.get('kind') === 'routine');
  await page.getByLabel('Kind').selectOption({ label: 'Routine' });
  const first = await (await answer).json();
  assert.ok(first.total > 50, 'more than one page, so the export must hold more than what is shown');
  await page.locator('table.data tbody tr').first().waitFor();
  await screenshot(page, 'customerdata-tasks-export');

  const { name, rows } = await exportCSV(page);
  assert.match(name, /^tasks-\d{4}-\d\d-\d\d\.csv$/);
  assert.deepEqual(rows[0].slice(0, 3), ['Task', 'Title', 'Kind']);
  const all = await getAll(office, '/api/tasks', { stage: 'complete', kind: 'routine', sort: '-dueOn' });
  assert.equal(rows.length - 1, all.length);
  assert.deepEqual(rows.slice(1).map((r) => r[0]), all.map((t) => (t.number ? `T-${t.number}` : 'pending')));
  assert.match(await exportXLSX(page), /^tasks-\d{4}-\d\d-\d\d\.xlsx$/);
});

test('remarks, quotes, invoices, properties, assets and routines export what they list', async () => {
  const { page } = browser;
  for (const [label, path, key] of [
    ['Remarks', '/api/remarks', (r) => (r.number ? `R-${r.number}` : 'pending')],
    ['Quotes', '/api/quotes', (q) => (q.number ? `Q-${q.number}` : 'pending')],
    ['Invoices', '/api/invoices', (i) => (i.number ? `INV-${i.number}` : 'pending')],
    ['Properties', '/api/properties', (p) => p.name],
    ['Routines', '/api/routines', (r) => r.name],
  ]) {
    const answer = listed(page, path, () => true);
    await page.getByRole('link', { name: label, exact: true }).click();
    await page.getByRole('heading', { name: label, level: 1 }).waitFor();
    const q = new URL((await answer).url()).searchParams;
    await page.locator('table.data tbody tr').first().waitFor();
    const { rows } = await exportCSV(page);
    q.delete('offset');
    q.delete('limit');
    const all = await getAll(office, path, Object.fromEntries(q));
    assert.equal(rows.length - 1, all.length, `${label}: rows`);
    // A cell starting = + - @ is prefixed with ' so a spreadsheet never runs it.
    const want = all.map(key).map((k) => (/^[=+\-@]/.test(k) ? `'${k}` : k));
    assert.deepEqual(rows.slice(1).map((r) => r[0]), want, `${label}: the export is not the list`);
  }
  // Assets, filtered to failed ESMs.
  await page.getByRole('link', { name: 'Assets', exact: true }).click();
  const answer = listed(page, '/api/assets', (q) => q.get('result') === 'fail');
  await page.getByLabel('Last result').selectOption('fail');
  await answer;
  await page.locator('table.data tbody tr').first().waitFor();
  const { rows } = await exportCSV(page);
  assert.ok(rows.length > 1);
  assert.ok(rows.slice(1).every((r) => r[7] === 'Fail'), 'an asset that did not fail was exported');
  await screenshot(page, 'customerdata-assets-export');
});
