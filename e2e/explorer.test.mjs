// The explorer end to end, against the release build: the default story, filtering down to a district,
// the table with its source sentence, the language switch, a failed dataset fetch with retry, and removing a
// unit from the selection. Queries go by role and accessible name, chart contents come from the ECharts instance.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartSeries, openApp, screenshot, waitForApp, waitForCharts } from './support/browser.mjs';

test('the default view tells the founding article story: 63,04% in 2001 and 68,6% in 2013', async (t) => {
  const page = await openApp('?anim=0', { t });
  await waitForApp(page);

  const series = await chartSeries(page, 'chart-line');
  assert.ok(series, 'the line chart exists');
  const clean = series.find((s) => /trong sạch vững mạnh/.test(s.name));
  assert.deepEqual(clean.values, [63.04, 68.6]);
  assert.ok(series.some((s) => /yếu kém/.test(s.name)), 'the weak organisations line is there too');

  const chart = page.getByRole('img', { name: /63,04%.*68,6%/ });
  await chart.waitFor();

  // The sentence is one click away.
  const sentence = page.getByText('In 2001, 63.04% of the Party organizations were clean and strong').first();
  assert.equal(await sentence.isVisible(), false);
  await page.getByText('Câu trích nguyên văn').first().click();
  await sentence.waitFor({ state: 'visible' });
  await screenshot(page, 'default-view');
});

test('a reader finds Tân Kỳ at district level and reads 61% for 2013 with its source, in both languages', async (t) => {
  const page = await openApp('?anim=0', { t });
  await waitForApp(page);

  await page.getByLabel('Cấp', { exact: true }).selectOption('district');
  await page.getByRole('searchbox', { name: /Tìm đơn vị/ }).fill('tan ky');
  const tanKy = page.getByRole('checkbox', { name: /Huyện Tân Kỳ/ });
  await tanKy.check();
  await page.getByLabel('Chỉ số', { exact: true }).selectOption('clean_strong_orgs_pct');
  await page.getByRole('tab', { name: 'Bảng' }).click();

  const table = page.getByTestId('data-table');
  const row = table.getByRole('row', { name: /Huyện Tân Kỳ/ }).filter({ hasText: '2013' });
  await row.waitFor();
  const cells = await row.getByRole('cell').allInnerTexts();
  assert.ok(cells.includes('61%'), `the row shows 61%: ${JSON.stringify(cells)}`);
  await row.getByText('Câu trích nguyên văn').click();
  await row.getByText(/61% of Party cells/).waitFor({ state: 'visible' });
  assert.match(page.url(), /level=district/);
  assert.match(page.url(), /units=423@2013/);
  await screenshot(page, 'tan-ky-table-vi');

  await page.getByRole('button', { name: 'English' }).click();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const rowEn = page.getByTestId('data-table').getByRole('row', { name: /Tân Kỳ District/ }).filter({ hasText: '2013' });
  await rowEn.waitFor();
  const cellsEn = await rowEn.getByRole('cell').allInnerTexts();
  assert.ok(cellsEn.includes('61%'), `the English row shows 61%: ${JSON.stringify(cellsEn)}`);
  await page.getByRole('tab', { name: 'Table' }).waitFor();
  await screenshot(page, 'tan-ky-table-en');
});

test('English numbers are written the English way', async (t) => {
  const page = await openApp('?anim=0&lang=en', { t });
  await waitForApp(page);
  await page.getByRole('img', { name: /63\.04%.*68\.6%/ }).waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
});

test('a failed dataset fetch shows a clear message and retry loads the data', async (t) => {
  const page = await openApp('', {
    t,
    waitUntil: 'commit',
    allowErrors: [/404/, /nghe-an\.json/],
  });
  let fail = true;
  await page.route('**/nghe-an.json', (route) =>
    fail ? route.fulfill({ status: 404, body: 'not found' }) : route.continue(),
  );
  await page.reload();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Không tải được dữ liệu/);
  assert.match(await alert.innerText(), /404/);
  await screenshot(page, 'load-error');

  fail = false;
  await page.getByRole('button', { name: 'Thử lại' }).click();
  await waitForApp(page);
  assert.equal(await page.getByRole('alert').count(), 0);
});

test('removing a unit from the selection removes its line from the chart', async (t) => {
  const page = await openApp('?anim=0&level=district&ind=grassroots_party_orgs&units=412@2013~413@2013', { t });
  await waitForApp(page);
  let series = await chartSeries(page, 'chart-line');
  assert.deepEqual(series.map((s) => s.name).sort(), ['Thành phố Vinh', 'Thị xã Cửa Lò']);

  await page.getByRole('button', { name: 'Bỏ Thị xã Cửa Lò' }).click();
  await waitForCharts(page);
  series = await chartSeries(page, 'chart-line');
  assert.deepEqual(series.map((s) => s.name), ['Thành phố Vinh']);
  await screenshot(page, 'vinh-only');
});

test('an unreadable link parameter is ignored with a notice, and the rest of the link still applies', async (t) => {
  const page = await openApp('?anim=0&view=pie&level=district', { t });
  await waitForApp(page);
  await page.getByRole('status').filter({ hasText: /view/ }).waitFor();
  assert.equal(await page.getByLabel('Cấp', { exact: true }).inputValue(), 'district');
});

test('a data link that the browser would read as another site is refused with a notice, and no request leaves', async (t) => {
  const foreign = [];
  const page = await openApp('?anim=0&data=%09/%09/evil.test/x.json', {
    t,
    before: (p) => p.on('request', (r) => new URL(r.url()).hostname === 'evil.test' && foreign.push(r.url())),
  });
  await waitForApp(page);
  await page.getByRole('status').filter({ hasText: /không mở tệp/ }).waitFor();
  assert.deepEqual(foreign, [], 'a request went to another site');
  const series = await chartSeries(page, 'chart-line');
  assert.ok(series.find((s) => /trong sạch vững mạnh/.test(s.name)), 'the published data is shown');
});

test('rating indicators are shown as a count per category, not as numbers', async (t) => {
  const page = await openApp('?anim=0&level=district&ind=district_party_committee_rating', { t });
  await waitForApp(page);
  // The line tab stacks each year's categories: one series per category, 2023's counts.
  const series = await chartSeries(page, 'chart-category');
  assert.deepEqual(series.map((s) => s.values), [[3], [17], [1], [0]]);
  const table = page.getByTestId('category-table');
  await table.getByRole('row', { name: /HTNV/ }).filter({ hasText: 'Huyện Nghĩa Đàn' }).waitFor();
  await screenshot(page, 'ratings');
  // The ranking tab counts one year's categories side by side.
  await page.getByRole('tab', { name: 'Xếp hạng' }).click();
  await page.waitForFunction(() => {
    const el = document.querySelector('[data-testid="chart-category"]');
    return el && window.echarts.getInstanceByDom(el)?.getOption().series.length === 1;
  });
  const columns = await chartSeries(page, 'chart-category');
  assert.deepEqual(columns[0].values.slice(0, 3), [3, 17, 1]);
});
