// The default view drawn at build time (xtask/src/prerender.rs): visible from index.html alone, before the wasm
// arrives; kept, with a message and a retry, when WebAssembly is missing or the app fails to load; replaced by the
// app without a layout shift.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appUrl, browser, openApp, screenshot, waitForApp } from './support/browser.mjs';
import { pointOnPage, seriesOf, wakeChart } from './support/in-page.mjs';

/**
 * A page whose wasm never arrives (`hang`) or fails (`fail`), or, with `noWasm`, a browser without WebAssembly;
 * with `echarts: 'hang'` ECharts never arrives either (the picture drawn at build time stays).
 */
async function staticPage(t, query, { wasm = 'hang', noWasm = false, width = 360, echarts = 'load' } = {}) {
  const b = await browser();
  const context = await b.newContext({ viewport: { width, height: 740 }, locale: 'vi-VN', reducedMotion: 'reduce' });
  t.after(() => context.close());
  const page = await context.newPage();
  if (noWasm) await page.addInitScript(() => { delete window.WebAssembly; });
  else if (wasm === 'hang') await page.route('**/*.wasm', () => {});
  else await page.route('**/*.wasm', (route) => route.abort());
  if (echarts === 'hang') await page.route('**/echarts/**', () => {});
  await page.goto(appUrl(query), { waitUntil: 'domcontentloaded' });
  return page;
}

/** How the static page shows its chart: the build-time picture or the same chart made live (exactly one). */
async function chartShown(page) {
  // One look at the page (two separate counts could straddle the moment the live chart replaces the picture).
  return page.evaluate(() => {
    const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    const pictures = [...document.querySelectorAll('#prerender svg.pr-svg')].filter(shown).length;
    const live = [...document.querySelectorAll('#prerender .pr-live canvas')].filter(shown).length;
    return { pictures, live, one: pictures + live === 1 };
  });
}


test('the first chart, its figures and its source show from index.html before the wasm arrives', async (t) => {
  const page = await staticPage(t, '', { echarts: 'hang' });
  const block = page.locator('#prerender');
  await block.waitFor();
  assert.equal(
    await block.locator('.headline h2').innerText(),
    'Tổ chức đảng trong sạch vững mạnh · Tổ chức đảng yếu kém',
  );
  const svg = block.locator('svg.pr-svg:visible');
  assert.equal(await svg.count(), 1, 'one drawing, the one for this width and theme');
  const labels = await svg.locator('text').allTextContents();
  for (const v of ['63,04%', '68,6%', '2,64%', '0,13%', '70%', '2013']) assert.ok(labels.includes(v), `${v} in ${labels}`);
  const cells = await block.locator('table.pr-figures td').allInnerTexts();
  assert.deepEqual(cells.filter((c) => c.endsWith('%')), ['63,04%', '68,6%', '2,64%', '0,13%']);
  assert.match(await block.innerText(), /Nguồn: Báo Nghệ An, 2014/);
  assert.equal(await page.locator('.pr-fail').isVisible(), false, 'no failure while the wasm is on its way');
  await screenshot(page, 'prerender-360');
});

test('without WebAssembly the reader keeps the chart and gets a message in both languages with a retry', async (t) => {
  const page = await staticPage(t, '', { noWasm: true });
  const fail = page.locator('.pr-fail');
  await fail.waitFor({ state: 'visible' });
  assert.match(await fail.innerText(), /Không tải được phần tương tác[\s\S]*could not load/);
  assert.equal(await fail.getByRole('button').innerText(), 'Thử lại / Retry');
  assert.ok((await chartShown(page)).one, 'the chart stays');
  await screenshot(page, 'prerender-no-wasm');
});

test('when the wasm fails to load, the static page stays with the message, never a blank page', async (t) => {
  const page = await staticPage(t, '', { wasm: 'fail', width: 1280 });
  await page.locator('.pr-fail').waitFor({ state: 'visible' });
  assert.ok(await page.locator('#prerender .headline h2').isVisible());
  assert.ok((await chartShown(page)).one, `one chart: ${JSON.stringify(await chartShown(page))}`);
});

test('the first chart is live before the app arrives, from the first pointer over it, with the tooltips the app writes', async (t) => {
  const page = await staticPage(t, '');
  await page.waitForFunction(() => performance.getEntriesByName('chiso:first-chart-interactive').length > 0);
  // Until the reader points at it, the picture stays: no ECharts work competes with the app's start.
  assert.deepEqual(await chartShown(page), { pictures: 1, live: 0, one: true });
  const box = await page.locator('#prerender .pr-chart').boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.locator('#prerender .pr-live canvas').waitFor();
  assert.deepEqual(await chartShown(page), { pictures: 0, live: 1, one: true }, 'the picture gave way to the live chart');
  const series = await page.evaluate(seriesOf, 'chart-line');
  assert.deepEqual(series.find((s) => /trong sạch/.test(s.name)).values, [63.04, 68.6]);
  const [x, y] = await page.evaluate(pointOnPage, ['chart-line', 'trong sạch', 1]);
  await page.mouse.move(x, y);
  const tip = page.locator('#prerender .pr-live div').filter({ hasText: '68,6%' }).last();
  await tip.waitFor({ timeout: 5000 });
  assert.match(await tip.innerText(), /2013/, 'the tooltip names the year, as the app writes it');
  const wider = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(wider <= 0, `the tooltip stays on the phone's screen (${wider} px too wide)`);
  assert.equal(await page.locator('.pr-fail').isVisible(), false);
  await screenshot(page, 'prerender-live-tooltip-360');
});

test('an embed of the default view is live and complete without the app: no wasm, the dataset only checked', async (t) => {
  const b = await browser();
  const context = await b.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN', reducedMotion: 'reduce' });
  t.after(() => context.close());
  const page = await context.newPage();
  const fetched = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname.replace(/^.*\//, '')));
  await page.goto(appUrl('?embed=chart&eid=x'));
  await page.locator('[data-ready="true"]').waitFor();
  // When idle the dataset is fetched and compared with the build's (never parsed): the same, so nothing more.
  await page.waitForFunction(() => document.documentElement.dataset.edition === 'build', null, { timeout: 10_000 });
  await page.waitForTimeout(1000);
  assert.deepEqual(fetched.filter((f) => /\.wasm$|^chiso-.*\.js$/.test(f)), [], `fetched: ${fetched.join(', ')}`);
  assert.deepEqual(fetched.filter((f) => /^nghe-an.*\.json$/.test(f)), ['nghe-an.json'], 'the dataset, once, to compare');
  assert.ok(await page.locator('#prerender').isVisible(), 'the build-time page stays');
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Tổ chức đảng trong sạch vững mạnh · Tổ chức đảng yếu kém');
  assert.equal(await page.locator('.site-header, aside.controls, .tabs, .sources').count(), 0, 'nothing of the explorer around it');
  const open = page.getByRole('link', { name: /Mở trong Chỉ số/ });
  assert.equal(await open.getAttribute('href'), './');
  assert.equal(await open.getAttribute('target'), '_blank');
  const series = await page.evaluate(seriesOf, 'chart-line');
  assert.deepEqual(series.find((s) => /trong sạch/.test(s.name)).values, [63.04, 68.6]);
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0);
  await screenshot(page, 'embed-static-360');
});

test('an embed of the default view whose dataset was replaced after the build starts the app and shows the new figures', async (t) => {
  const b = await browser();
  const context = await b.newContext({ viewport: { width: 360, height: 640 }, locale: 'vi-VN', reducedMotion: 'reduce' });
  t.after(() => context.close());
  const page = await context.newPage();
  // The Board published a correction by replacing nghe-an.json on the server (HOW-TO.md, section 5).
  await page.route('**/nghe-an.json', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace('"value": 68.6,', '"value": 68.7,').replace('"value":68.6,', '"value":68.7,');
    assert.notEqual(body, await response.text(), 'the test changed a figure');
    await route.fulfill({ response, body });
  });
  await page.goto(appUrl('?embed=chart&eid=x&anim=0'));
  await page.waitForFunction(() => !document.getElementById('prerender'), null, { timeout: 30_000 });
  await waitForApp(page);
  const series = await page.evaluate(seriesOf, 'chart-line');
  assert.deepEqual(series.find((s) => /trong sạch/.test(s.name)).values, [63.04, 68.7], 'the new figure, not the build\'s');
  assert.equal(await page.locator('.site-header').count(), 0, 'still an embed');
});

test('another view shows a placeholder of the chart size until the app draws it', async (t) => {
  const page = await staticPage(t, '?view=table&level=district');
  await page.locator('#prerender .pr-loading').waitFor({ state: 'visible' });
  assert.equal(
    await page.locator('#prerender .headline h2').innerText(),
    'Tổ chức đảng trong sạch vững mạnh · Tổ chức đảng yếu kém',
    'the default indicators title another view of them',
  );
  assert.equal((await page.locator('#prerender .pr-headline .where').innerText()).trim(), '', 'not the default view\'s level and years');
  assert.equal(await page.locator('#prerender .pr-tab.active').innerText(), 'Bảng', 'the tab of the view asked for');
  assert.equal(await page.locator('#prerender svg.pr-svg:visible').count(), 0);
});

test('an embed of another view shows its title at once, in its language, above a placeholder of the chart size', async (t) => {
  const page = await staticPage(t, '?embed=chart&view=ranking&level=district&ind=party_members~weak_orgs_pct&lang=en');
  await page.locator('#prerender .pr-loading').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#prerender .headline h2').innerText(), 'Party members · Weak Party organisations');
  assert.equal(await page.locator('#prerender .site-header').isVisible(), false);
  assert.equal(await page.locator('#prerender .pr-loading').innerText(), 'Loading the data…');
  const unknown = await staticPage(t, '?embed=chart&view=map&ind=%E0%A4%A');
  await unknown.locator('#prerender .pr-loading').waitFor({ state: 'visible' });
  assert.equal((await unknown.locator('#prerender .headline h2').innerText()).trim(), '', 'an unreadable address titles nothing');
});

test('an embed of the default view shows the chart without the explorer around it', async (t) => {
  const page = await staticPage(t, '?embed=chart&eid=x', { echarts: 'hang' });
  await page.locator('#prerender svg.pr-svg:visible').waitFor();
  assert.equal(await page.locator('#prerender .site-header').isVisible(), false);
  assert.equal(await page.locator('#prerender .tabs').isVisible(), false);
});

for (const width of [360, 412, 1280]) {
  test(`at ${width} px the app takes the page over without a layout shift`, async (t) => {
    const b = await browser();
    const context = await b.newContext({ viewport: { width, height: 800 }, locale: 'vi-VN', reducedMotion: 'reduce' });
    t.after(() => context.close());
    const page = await context.newPage();
    await page.addInitScript(() => {
      window.chisoShifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (!e.hadRecentInput) window.chisoShifts.push(e.value);
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(appUrl('?anim=0'));
    await waitForApp(page);
    await page.waitForFunction(() => !document.getElementById('prerender'));
    // Labels that change after the start (the size of "Save for offline") must not move the page either.
    await page.getByRole('button', { name: /MB\)$/ }).waitFor({ timeout: 10_000 });
    await page.waitForTimeout(300);
    const shifts = await page.evaluate(() => window.chisoShifts);
    const cls = shifts.reduce((a, b) => a + b, 0);
    assert.ok(cls < 0.001, `cumulative layout shift ${cls} (${shifts.join(', ')})`);
    assert.equal(await page.evaluate(() => document.documentElement.classList.contains('pr-on')), false);
    assert.equal(await page.getByTestId('chart-line').isVisible(), true);
  });
}

test('the app replaces the static page and no second copy of the headline is left', async (t) => {
  const page = await openApp('?anim=0', { t, viewport: { width: 360, height: 740 } });
  await waitForApp(page);
  await page.waitForFunction(() => !document.getElementById('prerender'));
  assert.equal(await page.getByRole('heading', { name: 'Tổ chức đảng trong sạch vững mạnh · Tổ chức đảng yếu kém' }).count(), 1);
  assert.equal(await page.evaluate(() => window.chisoFirstChart), undefined, 'the live first chart was disposed of');
  assert.equal(await page.locator('.pr-live').count(), 0);
});

for (const [what, query] of [['the default view', ''], ['a view without a chart', '?view=table']]) {
  test(`the app shows itself whole: its filters, place search, view buttons and sources are built before the static page goes (${what})`, async (t) => {
    // The explorer is built in several short tasks (src/app.rs `Stage`); the page drawn at build time must stay
    // until the last one, or the parts built after it would push the view down under the reader's eyes. A view
    // without a chart asks for the take-over as soon as it is built, the first of those tasks.
    const page = await openApp(query, {
      t,
      viewport: { width: 360, height: 740 },
      before: (p) =>
        p.addInitScript(() => {
          let seen = false;
          new MutationObserver((_, obs) => {
            const on = document.documentElement.classList.contains('pr-on');
            seen ||= on;
            if (!seen || on) return;
            obs.disconnect();
            const has = (s) => document.querySelector(s) !== null;
            window.__atTakeOver = {
              filters: has('#filters select#level'),
              places: has('#filters fieldset.places'),
              search: has('.place-search-all'),
              actions: has('.view-actions'),
              sources: has('section.sources'),
            };
          }).observe(document, { subtree: true, attributes: true, attributeFilter: ['class'] });
        }),
    });
    await waitForApp(page);
    await page.waitForFunction(() => window.__atTakeOver);
    assert.deepEqual(await page.evaluate(() => window.__atTakeOver), {
      filters: true,
      places: true,
      search: true,
      actions: true,
      sources: true,
    });
  });
}

test('the app keeps the build-time chart as its own until the reader points at it, and that first pointer gets its tooltip', async (t) => {
  // Where the 2013 point of the clean-and-strong line is at this size, read from a live chart of another page.
  const probe = await openApp('', { t, viewport: { width: 360, height: 740 } });
  await waitForApp(probe);
  await probe.evaluate(wakeChart, 'chart-line');
  await probe.waitForFunction(seriesOf, 'chart-line');
  const [x, y] = await probe.evaluate(pointOnPage, ['chart-line', 'trong sạch', 1]);

  const page = await openApp('', { t, viewport: { width: 360, height: 740 } });
  await waitForApp(page);
  await page.waitForFunction(() => !document.getElementById('prerender'));
  const kept = () =>
    page.evaluate(() => {
      const el = document.querySelector('[data-testid="chart-line"]');
      const shown = [...el.querySelectorAll('svg.pr-svg')].filter((s) => s.getClientRects().length > 0);
      return {
        kept: el.classList.contains('pr-adopted'),
        pictures: shown.length,
        labels: shown.flatMap((s) => [...s.querySelectorAll('text')].map((x) => x.textContent)),
        canvas: el.querySelectorAll('canvas').length,
        live: !!window.echarts.getInstanceByDom(el),
        marked: performance.getEntriesByName('chiso:first-chart').length,
      };
    });
  const before = await kept();
  assert.deepEqual({ ...before, labels: undefined }, { kept: true, pictures: 1, labels: undefined, canvas: 0, live: false, marked: 1 });
  for (const v of ['63,04%', '68,6%', '2,64%', '0,13%']) assert.ok(before.labels.includes(v), `${v} in ${before.labels}`);
  await screenshot(page, 'app-kept-first-chart-360');

  await page.mouse.move(x, y);
  const tip = page.getByTestId('chart-line').locator('div').filter({ hasText: '68,6%' }).last();
  await tip.waitFor({ timeout: 5000 });
  assert.match(await tip.innerText(), /2013/, 'the pointer that woke the chart got its tooltip');
  const after = await kept();
  assert.deepEqual([after.kept, after.pictures, after.canvas > 0, after.live], [false, 0, true, true], 'the live chart took the picture\'s place');
  assert.deepEqual((await page.evaluate(seriesOf, 'chart-line')).find((s) => /trong sạch/.test(s.name)).values, [63.04, 68.6]);
  await screenshot(page, 'app-first-chart-woken-360');
});

test('a kept build-time chart gives way to the app\'s own at the reader\'s first change, in the words of the new view', async (t) => {
  const page = await openApp('', { t, viewport: { width: 360, height: 740 } });
  await waitForApp(page);
  await page.waitForFunction(() => !document.getElementById('prerender'));
  const chart = page.getByTestId('chart-line');
  assert.equal(await chart.evaluate((el) => el.classList.contains('pr-adopted')), true, 'kept at first');
  assert.match(await chart.getAttribute('aria-label'), /^Tổ chức đảng trong sạch vững mạnh: 63,04%/, 'the build\'s sentence');
  await page.locator('.lang-toggle').click();
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="chart-line"]');
    return el && window.echarts.getInstanceByDom(el) && !el.classList.contains('pr-adopted');
  });
  const series = await page.evaluate(seriesOf, 'chart-line');
  assert.ok(series.some((s) => /clean and strong/i.test(s.name)), `English series: ${series.map((s) => s.name)}`);
  assert.deepEqual(series.find((s) => /clean and strong/i.test(s.name)).values, [63.04, 68.6]);
  assert.match(await chart.getAttribute('aria-label'), /clean and strong/i, 'the sentence of the chart now shown');
  assert.equal(await page.locator('[data-testid="chart-line"] svg.pr-svg').count(), 0, 'no picture left');
});

test('the app does not keep the build-time chart when the dataset on the server was replaced after the build', async (t) => {
  const page = await openApp('', {
    t,
    viewport: { width: 360, height: 740 },
    // The Board published a correction by replacing nghe-an.json on the server (HOW-TO.md, section 5).
    before: (p) =>
      p.route('**/nghe-an.json', async (route) => {
        const response = await route.fetch();
        const text = await response.text();
        const body = text.replace('"value": 68.6,', '"value": 68.7,').replace('"value":68.6,', '"value":68.7,');
        assert.notEqual(body, text, 'the test changed a figure');
        await route.fulfill({ response, body });
      }),
  });
  await waitForApp(page);
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="chart-line"]');
    return el && window.echarts.getInstanceByDom(el);
  });
  assert.equal(await page.locator('.pr-adopted, [data-testid="chart-line"] svg.pr-svg').count(), 0, 'no build-time picture');
  const series = await page.evaluate(seriesOf, 'chart-line');
  assert.deepEqual(series.find((s) => /trong sạch/.test(s.name)).values, [63.04, 68.7], 'the new figure, not the build\'s');
});

test('a first chart other than the build-time one is drawn by the app at once', async (t) => {
  const page = await openApp('?lang=en', { t, viewport: { width: 360, height: 740 } });
  await waitForApp(page);
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="chart-line"]');
    return el && window.echarts.getInstanceByDom(el);
  });
  assert.equal(await page.locator('.pr-adopted, .pr-svg').count(), 0, 'no build-time picture in the app');
});
