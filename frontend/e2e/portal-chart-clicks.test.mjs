// Clicking the drawn charts themselves, as a customer does: a bar of the
// defects chart opens the list behind it with exactly that bar's count. The
// bar is found by its colour in the chart's canvas (ECharts draws on a
// canvas, there is no element to click), so this is a real click on the
// real drawing. The map's clusters and pins: portal-map.test.mjs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findColour } from './canvas.mjs';
import { exact, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;

before(async () => {
  sw = await startSiteward('portal-chart-clicks');
});

after(async () => {
  await sw?.stop();
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
}

test('a real click on a bar of the defects chart opens the list with that bar’s count', async () => {
  const browser = await openBrowser(sw.baseURL);
  const { page } = browser;
  try {
    await openPortal(page, sw.login('client'));
    const res = await page.request.get('/api/portal/charts/defects-monthly');
    assert.equal(res.status(), 200);
    const chart = await res.json();
    // The biggest single bar segment: the easiest to hit, and its colour is its series'.
    let best = { value: 0, i: -1, s: -1 };
    chart.option.series.forEach((series, s) =>
      series.data.forEach((d, i) => {
        const value = typeof d === 'number' ? d : d.value;
        if (value > best.value) best = { value, i, s };
      }),
    );
    assert.ok(best.value > 0, 'the demo client has defects in the last 12 months');
    const colour = chart.option.series[best.s].itemStyle.color;

    const canvas = page.locator('section[aria-labelledby="defects-title"] canvas').first();
    await canvas.scrollIntoViewIfNeeded();
    await page.waitForTimeout(600); // the bars grow in
    const at = await findColour(canvas, colour, 40);
    assert.ok(at.run >= 8, `a bar of ${colour} is drawn (tallest run ${at.run} px)`);
    await page.mouse.click(at.x, at.y);

    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Defects' }).waitFor();
    const hash = decodeURIComponent(new URL(page.url()).hash);
    assert.match(hash, /^#\/list\/defects\?/, 'the bar opened the defects list');
    const params = new URLSearchParams(hash.split('?')[1]);
    const i = chart.categories.indexOf(params.get('raisedMonth'));
    const key = params.get('status') === 'resolved' ? 'resolved' : params.get('severity');
    const s = chart.keys.indexOf(key);
    assert.ok(i >= 0 && s >= 0, `the list is of one bar: ${hash}`);
    const d = chart.option.series[s].data[i];
    const count = typeof d === 'number' ? d : d.value;
    assert.equal(count, best.value, 'the clicked bar is the one found by its colour (or one as tall)');
    const subtitle = dialog.locator('.head p.muted');
    await subtitle.filter({ hasNotText: 'Loading' }).waitFor();
    assert.equal(await subtitle.textContent(), `${count} ${count === 1 ? 'defect' : 'defects'}`);
    assert.equal(await dialog.locator('table.list tbody tr').count(), Math.min(count, 25));
    await screenshot(page, 'portal-chart-bar-click');
  } finally {
    await browser.close();
  }
});
