// Clicking the drawn charts themselves, as a customer does: a bar of the
// defects chart opens the list behind it with exactly that bar's count, and
// a map pin opens its property's page. The bar and the pin are found by
// their colour in the chart's canvas (ECharts draws on a canvas, there is
// no element to click), so this is a real click on the real drawing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { exact, openBrowser, screenshot, signIn, startSiteward } from './harness.mjs';

let sw;

before(async () => {
  sw = await startSiteward('portal-chart-clicks');
});

after(async () => {
  await sw?.stop();
});

/**
 * The page position of the middle of the tallest vertical run of pixels of
 * colour hex in the canvas (leaving out the bottom `skip` CSS pixels, where
 * the legend is), and the run's height in CSS pixels.
 */
async function findColour(canvas, hex, skip = 0, opacity = 1) {
  return canvas.evaluate(
    (c, [hex, skip, opacity]) => {
      // Drawn at this opacity over white.
      const want = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) * opacity + 255 * (1 - opacity));
      const ctx = c.getContext('2d');
      const { width, height } = c;
      const scale = width / c.clientWidth;
      const px = ctx.getImageData(0, 0, width, height).data;
      const limit = height - skip * scale;
      let best = { run: 0, x: 0, y: 0 };
      for (let x = 0; x < width; x++) {
        let run = 0;
        for (let y = 0; y < limit; y++) {
          const i = (y * width + x) * 4;
          const hit = Math.abs(px[i] - want[0]) + Math.abs(px[i + 1] - want[1]) + Math.abs(px[i + 2] - want[2]) <= 9 && px[i + 3] > 250;
          run = hit ? run + 1 : 0;
          if (run > best.run) best = { run, x, y: y - run / 2 };
        }
      }
      const r = c.getBoundingClientRect();
      return { x: r.left + best.x / scale, y: r.top + best.y / scale, run: best.run / scale };
    },
    [hex, skip, opacity],
  );
}

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

test('a real click on a map pin opens that property’s page', async () => {
  const browser = await openBrowser(sw.baseURL);
  const { page } = browser;
  try {
    await openPortal(page, sw.login('region'));
    const map = await (await page.request.get('/api/portal/map')).json();
    const defects = await (await page.request.get('/api/portal/charts/defects-monthly')).json();
    // Pins share the severities' colours with every chart.
    const pinned = map.pins.filter((p) => p.worstSeverity);
    assert.ok(pinned.length > 0, 'some pin has an open defect');
    const sev = pinned[0].worstSeverity;
    const colour = defects.option.series[defects.keys.indexOf(sev)].itemStyle.color;

    const canvases = page.locator('section[aria-labelledby="map-title"] canvas');
    await canvases.first().scrollIntoViewIfNeeded();
    await page.waitForTimeout(1000);
    // ECharts may draw in more than one canvas layer: the pin is in one of them.
    let at = { run: 0 };
    for (const canvas of await canvases.all()) {
      const found = await findColour(canvas, colour, 40, 0.8); // ECharts draws scatter symbols at 0.8
      if (found.run > at.run) at = found;
    }
    assert.ok(at.run >= 2, `a ${sev} pin is drawn in ${colour}: ${JSON.stringify(at)}`);
    await page.mouse.click(at.x, at.y);

    const dialog = page.getByRole('dialog');
    const title = dialog.locator('#overlay-title');
    await title.filter({ hasNotText: /^Property$/ }).waitFor();
    // Pins overlap at this zoom: the one on top under the pointer opens.
    const id = decodeURIComponent(new URL(page.url()).hash).match(/^#\/property\/([^/?]+)$/)?.[1];
    const pin = map.pins.find((p) => p.id === id);
    assert.ok(pin, `the click opened the page of a pinned property (${page.url()})`);
    assert.equal(await title.textContent(), pin.name);
    await screenshot(page, 'portal-map-pin-click');
  } finally {
    await browser.close();
  }
});
