// The map: geometry follows the administrative period of the chosen time, ratings take their category colours,
// clicking a district drills down to its communes, the breadcrumb and Back go up again. Region counts and
// colours are read from the ECharts instance, not from pixels.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshot, waitForApp, waitForCharts } from './support/browser.mjs';

/** The map series as ECharts holds it: map name, features registered for it, and data items. */
async function mapState(page) {
  await page.getByTestId('chart-map').waitFor();
  await waitForCharts(page);
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="chart-map"]');
    const chart = window.echarts.getInstanceByDom(el);
    const series = chart.getOption().series[0];
    const geo = window.echarts.getMap(series.map);
    return {
      map: series.map,
      features: geo.geoJSON.features.length,
      items: series.data.map((d) => ({ id: d.name, color: d.itemStyle?.areaColor, value: d.value })),
    };
  });
}

for (const [at, level, map, count] of [
  ['2013', 'commune', '2013-commune', 480],
  ['2022', 'commune', '2020-commune', 460],
  ['2025-H1', 'commune', '2025-01-commune', 412],
  ['2025-08', 'commune', '2025-07-commune', 130],
  ['2013', 'district', '2013-district', 21],
  ['2022', 'district', '2020-district', 21],
  ['2025-H1', 'district', '2025-01-district', 20],
]) {
  test(`the ${level} map of ${at} draws the ${count} units of its period`, async (t) => {
    const page = await openApp(`?anim=0&view=map&level=${level}&ind=party_members&at=${at}`, { t });
    await waitForApp(page);
    const state = await mapState(page);
    assert.equal(state.map, map);
    assert.equal(state.features, count);
    assert.equal(state.items.length, count);
  });
}

test('the map part of ECharts loads with the first map, not with the first chart', async (t) => {
  const page = await openApp('?anim=0', { t });
  await waitForApp(page);
  const loaded = () =>
    page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/echarts/extra.js')));
  assert.equal(await loaded(), false, 'the line chart does not load echarts/extra.js');
  await page.locator('#tab-map').click();
  const state = await mapState(page);
  assert.ok(state.features > 0 && state.items.length > 0, 'the map is drawn');
  assert.equal(await loaded(), true, 'the map loaded echarts/extra.js');
  await screenshot(page, 'map-after-line');
});

test('districts have no map after 1 July 2025, and the page says why', async (t) => {
  const page = await openApp('?anim=0&view=map&level=district&ind=party_members&at=2025-H2', { t });
  await waitForApp(page);
  await page.getByText('Từ 1/7/2025 không còn cấp huyện.').first().waitFor();
});

test('the 2023 ratings colour three districts excellent and Nghĩa Đàn completed', async (t) => {
  const page = await openApp('?anim=0&view=map&level=district&ind=district_party_committee_rating', { t });
  await waitForApp(page);
  const state = await mapState(page);
  assert.equal(state.map, '2020-district');
  const excellent = '#1b7a3e';
  const completed = '#f0b429';
  const byColor = (c) => state.items.filter((i) => i.color === c).map((i) => i.id).sort();
  assert.deepEqual(byColor(excellent), ['412@2020', '416@2020', '430@2020']);
  assert.deepEqual(byColor(completed), ['419@2020']);
  const legend = await page.getByTestId('map-legend').innerText();
  assert.match(legend, /Xuất sắc \(HTXSNV\)/);
  assert.match(legend, /Không có số liệu/);
  await screenshot(page, 'map-districts-ratings');
});

test('clicking Huyện Tân Kỳ on the map drills down to its communes; the breadcrumb and Back go up', async (t) => {
  const page = await openApp('?anim=0&view=map&level=district&ind=district_party_committee_rating', { t });
  await waitForApp(page);
  await mapState(page);
  // The pixel of Tân Kỳ's centre, from its bounding box in the boundaries index.
  const point = await page.evaluate(async () => {
    const index = await (await fetch('geo/index.json')).json();
    const b = index.maps.find((m) => m.name === '2020-district').bboxes['423@2020'];
    const el = document.querySelector('[data-testid="chart-map"]');
    const chart = window.echarts.getInstanceByDom(el);
    const [x, y] = chart.convertToPixel({ seriesIndex: 0 }, [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2]);
    const r = el.getBoundingClientRect();
    return { x: r.left + x, y: r.top + y };
  });
  await page.mouse.click(point.x, point.y);

  const crumbs = page.getByRole('navigation', { name: 'Vị trí' });
  await crumbs.getByText('Huyện Tân Kỳ').waitFor();
  assert.match(page.url(), /in=423@2013/);
  const state = await mapState(page);
  assert.equal(state.map, '2020-commune');
  assert.equal(await page.getByLabel('Cấp', { exact: true }).inputValue(), 'commune');
  await screenshot(page, 'map-tan-ky-communes');

  await crumbs.getByRole('button', { name: 'Tỉnh Nghệ An' }).click();
  await page.waitForFunction(() => !location.search.includes('in='));
  assert.equal(await page.getByLabel('Cấp', { exact: true }).inputValue(), 'district');

  await page.goBack();
  await crumbs.getByText('Huyện Tân Kỳ').waitFor();
  await page.goBack();
  await page.waitForFunction(() => !location.search.includes('in='));
  assert.equal((await mapState(page)).map, '2020-district');
});

for (const [at, map] of [
  ['2013', '2013-commune'],
  ['2022', '2020-commune'],
]) {
  test(`the slider, its spoken value and its label name ${at}, the stop the map draws`, async (t) => {
    const page = await openApp(`?anim=0&view=map&level=commune&ind=party_members&at=${at}`, { t });
    await waitForApp(page);
    assert.equal((await mapState(page)).map, map);
    const slider = page.getByRole('slider');
    assert.equal(await slider.getAttribute('aria-valuetext'), at);
    assert.equal((await page.locator('.time-slider .stop-label').innerText()).trim(), at);
    assert.doesNotMatch(await page.locator('.map-view').innerText(), /7–12\/2025/);
  });
}

test('the province map says it is one region and offers the districts; one stop shows no slider', async (t) => {
  const page = await openApp('?anim=0&view=map&level=province&ind=upper_grassroots_party_committees', { t });
  await waitForApp(page);
  assert.equal((await mapState(page)).map, 'province');
  assert.equal(await page.getByRole('slider').count(), 0, 'one stop: no slider');
  assert.equal(await page.getByRole('button', { name: 'Chạy qua các năm' }).count(), 0, 'one stop: no play button');
  await page.getByText(/Cấp tỉnh chỉ có một đơn vị, nên bản đồ chỉ là một vùng/).waitFor();
  await screenshot(page, 'map-province-hint');
  await page.getByRole('button', { name: 'Xem bản đồ cấp huyện' }).click();
  await page.waitForFunction(() => location.search.includes('level=district'));
  assert.equal(await page.getByLabel('Cấp', { exact: true }).inputValue(), 'district');
});

test('the map is operable from the keyboard: arrows highlight a region with its tooltip, Enter drills down', async (t) => {
  const page = await openApp('?anim=0&view=map&level=district&ind=district_party_committee_rating&at=2023', { t });
  await waitForApp(page);
  await mapState(page);
  const summary = page.locator('.map-picker summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  const list = page.getByRole('listbox', { name: 'Các đơn vị trên bản đồ' });
  await list.focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const id = await list.inputValue();
  assert.match(id, /@2020$/, 'the arrows choose a district of the map');
  const label = await list.locator(`option[value="${id}"]`).innerText();
  const name = label.split(':')[0];
  await page.waitForFunction(
    (n) => document.querySelector('[data-testid="chart-map"]').innerText.includes(n),
    name,
  );
  await screenshot(page, 'map-keyboard-highlight');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => location.search.includes('in='));
  assert.equal(await page.getByLabel('Cấp', { exact: true }).inputValue(), 'commune');
});

test('on the dark page regions are outlined in the page colour and no data is a dark translucent grey', async (t) => {
  const page = await openApp('?anim=0&view=map&level=commune&ind=party_members&at=2025-H2&theme=dark', { t });
  await waitForApp(page);
  await mapState(page);
  const style = await page.evaluate(() => {
    const chart = window.echarts.getInstanceByDom(document.querySelector('[data-testid="chart-map"]'));
    const series = chart.getOption().series[0];
    return { border: series.itemStyle.borderColor, empty: series.data.find((d) => d.value == null).itemStyle.areaColor };
  });
  assert.equal(style.border, '#13181f');
  assert.equal(style.empty, 'rgba(148,163,184,0.28)');
  await screenshot(page, 'map-communes-dark');
});

test('the year slider moves the map to another period', async (t) => {
  const page = await openApp('?anim=0&view=map&level=commune&ind=party_members&at=2025-H2', { t });
  await waitForApp(page);
  assert.equal((await mapState(page)).map, '2025-07-commune');
  const slider = page.getByRole('slider');
  await slider.focus();
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => location.search.includes('at=2025-H1'));
  assert.equal((await mapState(page)).map, '2025-01-commune');
  await screenshot(page, 'map-communes-2025-h1');
});

test('carrying counts to the new communes refuses an incomplete set of predecessors and says why', async (t) => {
  const page = await openApp('?anim=0&view=map&level=commune&ind=party_members&at=2025-H2&carry=1', { t });
  await waitForApp(page);
  const state = await mapState(page);
  const notComparable = state.items.filter((i) => i.color === 'rgba(148,163,184,0.5)');
  assert.ok(notComparable.length >= 1, 'the new commune holding Xã Nghĩa Đồng is not comparable');
  const legend = await page.getByTestId('map-legend').innerText();
  assert.match(legend, /Không so sánh được/);
  await screenshot(page, 'map-communes-2025-carry');
});

test('boundaries are fetched only when the map is first shown', async (t) => {
  const page = await openApp('?anim=0', { t });
  await waitForApp(page);
  const geoRequests = () =>
    page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/geo/')).length);
  assert.equal(await geoRequests(), 0, 'the first view loads no boundaries');
  await page.getByRole('tab', { name: 'Bản đồ' }).click();
  await mapState(page);
  assert.ok((await geoRequests()) >= 2, 'the map loaded the boundaries index and one map');
});
