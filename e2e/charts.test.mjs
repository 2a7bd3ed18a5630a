// Every chart kind readable at a phone's width (360 px) and a desktop's (1280 px), light and dark: what only a
// browser shows, read from the shapes ECharts drew (zrender's display list), not from pixels. No text (tick, value
// label, legend, category name) overlaps another or crosses an axis line or leaves the chart; every rating category
// is named; a ranking's bars have most of the width; a yearly figure sits on its year's tick. Screenshots of each
// go to target/screenshots/charts-*.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshot, waitForApp } from './support/browser.mjs';
import { pointOnPage } from './support/in-page.mjs';

/** The chart views, by the query that opens them and the test id of their chart. */
const CHARTS = [
  { name: 'line-two-indicators', query: '', id: 'chart-line' },
  { name: 'line-members', query: 'ind=party_members', id: 'chart-line' },
  { name: 'ranking-communes', query: 'view=bar&level=commune&ind=party_members', id: 'chart-bar' },
  { name: 'ranking-province', query: 'view=bar', id: 'chart-bar' },
  { name: 'ratings-year', query: 'view=bar&level=district&ind=district_party_committee_rating', id: 'chart-category' },
  { name: 'ratings-over-time', query: 'level=district&ind=district_party_committee_rating', id: 'chart-category' },
];

/** What ECharts drew: every visible text with its box, the axis lines, the bars, and the chart's size. */
function drawn(id) {
  const el = document.querySelector(`[data-testid="${id}"]`);
  const chart = el && window.echarts.getInstanceByDom(el);
  if (!chart) return null;
  const zr = chart.getZr();
  const box = (e) => {
    const r = e.getBoundingRect().clone();
    if (e.transform) r.applyTransform(e.transform);
    return { x: r.x, y: r.y, w: r.width, h: r.height };
  };
  const texts = [];
  const axisLines = [];
  const bars = [];
  for (const e of zr.storage.getDisplayList(true)) {
    if (e.invisible || e.ignore || e.style?.opacity === 0) continue;
    if (e.type === 'tspan' && e.style?.text?.trim()) texts.push({ text: e.style.text, ...box(e) });
    else if (e.type === 'line' && e.anid === 'line') axisLines.push(box(e));
    else if (e.type === 'rect') bars.push(box(e));
  }
  const xTicks = (chart.getModel().getComponent('xAxis')?.axis?.getTicksCoords() ?? []).map((t) => t.tickValue);
  return { width: chart.getWidth(), height: chart.getHeight(), texts, axisLines, bars, xTicks, option: chart.getOption() };
}

const overlap = (a, b, slack = 1) =>
  a.x + slack < b.x + b.w && b.x + slack < a.x + a.w && a.y + slack < b.y + b.h && b.y + slack < a.y + a.h;

for (const width of [360, 1280]) {
  for (const theme of ['light', 'dark']) {
    for (const { name, query, id } of CHARTS) {
      test(`at ${width} px (${theme}) the ${name} chart's texts neither overlap nor cross an axis nor leave it`, async (t) => {
        const q = ['anim=0', `theme=${theme}`, query].filter(Boolean).join('&');
        const page = await openApp(`?${q}`, { t, viewport: { width, height: 900 } });
        await waitForApp(page);
        const d = await page.evaluate(drawn, id);
        assert.ok(d, `${name}: a chart is drawn`);
        await (await page.$(`[data-testid="${id}"]`)).screenshot({
          path: (await screenshot(page, `charts-${name}-${width}-${theme}`)).replace(/\.png$/, '-chart.png'),
        });
        for (const [i, a] of d.texts.entries()) {
          assert.ok(a.x >= -1 && a.x + a.w <= d.width + 1, `${name}: "${a.text}" leaves the chart (${a.x}+${a.w} of ${d.width})`);
          for (const b of d.texts.slice(i + 1)) {
            assert.ok(!overlap(a, b), `${name}: "${a.text}" overlaps "${b.text}"`);
          }
          for (const line of d.axisLines) {
            assert.ok(!overlap(a, line, 0.5), `${name}: "${a.text}" is crossed by an axis line`);
          }
        }
      });
    }
  }
}

test('at 360 px every rating category is named under its column', async (t) => {
  const page = await openApp('?anim=0&view=bar&level=district&ind=district_party_committee_rating', {
    t,
    viewport: { width: 360, height: 900 },
  });
  await waitForApp(page);
  const d = await page.evaluate(drawn, 'chart-category');
  const words = d.texts.map((x) => x.text).join(' ');
  for (const name of ['Xuất sắc', 'Tốt', 'Hoàn', 'thành', 'Không']) {
    assert.ok(words.includes(name), `"${name}" is written: ${words}`);
  }
});

test('at 360 px a ranking gives its bars most of the width, names above them', async (t) => {
  const page = await openApp('?anim=0&view=bar&level=commune&ind=party_members', {
    t,
    viewport: { width: 360, height: 900 },
  });
  await waitForApp(page);
  const d = await page.evaluate(drawn, 'chart-bar');
  const bars = d.bars.filter((b) => b.h > 4 && b.h < 30);
  assert.ok(bars.length >= 2, `bars drawn: ${JSON.stringify(d.bars)}`);
  const longest = Math.max(...bars.map((b) => b.w));
  assert.ok(longest >= 0.7 * d.width, `the longest bar spans ${longest} of ${d.width} px`);
});

test('a yearly figure sits on its year\'s tick and the time axis ends with the data', async (t) => {
  const page = await openApp('?anim=0', { t });
  await waitForApp(page);
  const d = await page.evaluate(drawn, 'chart-line');
  assert.deepEqual(d.xTicks, [2001, 2004, 2007, 2010, 2013]);
  const first = d.option.series[0].data[0];
  assert.equal((first.value ?? first)[0], 2001);
});

for (const [view, id, series, point] of [
  ['', 'chart-line', 'trong sạch', 1],
  ['&view=bar&level=commune&ind=party_members', 'chart-bar', '', 0],
]) {
  test(`on a 360 px phone a tooltip of ${id} wraps on the screen instead of widening the page`, async (t) => {
    const page = await openApp(`?anim=0${view}`, { t, viewport: { width: 360, height: 740 } });
    await waitForApp(page);
    const [x, y] = await page.evaluate(pointOnPage, [id, series, point]);
    await page.mouse.move(x, y);
    const tip = page.locator(`[data-testid="${id}"] > div:not(:first-child)`).filter({ hasText: /\S/ }).last();
    await tip.waitFor({ state: 'visible', timeout: 5000 });
    const box = await tip.boundingBox();
    const wider = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(wider <= 0, `the page is ${wider} px wider than the phone with the tooltip open`);
    assert.ok(box.x >= 0 && box.x + box.width <= 360, `the tooltip is on the screen: ${JSON.stringify(box)}`);
    await screenshot(page, `tooltip-360-${id}`);
  });
}
