// Downloads that fail or never answer: every one ends in a message in the reader's language with a retry that
// works — the dataset, a map's boundary file and the map part of ECharts (`echarts/extra.js`). Requests that
// never answer are held by a route that is never fulfilled; the app's timeout is shortened to
// TIMEOUT_MS through `window.CHISO_FETCH_TIMEOUT_MS` (src/api.rs `fetch_timeout_ms`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshot, waitForApp, waitForCharts } from './support/browser.mjs';

const TIMEOUT_MS = 1500;
const MAP_2022_DISTRICTS = '?anim=0&view=map&level=district&ind=party_members&at=2022';

/** Sets the short timeout before the page's scripts run. */
const shortTimeout = (page) => page.addInitScript((ms) => (window.CHISO_FETCH_TIMEOUT_MS = ms), TIMEOUT_MS);

/** Answers requests matching `glob` with `status` until `ok()` says otherwise, then lets them through. */
async function failWhile(page, glob, ok, status = 503) {
  await page.route(glob, (route) => (ok() ? route.continue() : route.fulfill({ status, body: 'unavailable' })));
}

/** Holds requests matching `glob` unanswered while `hold()` says so. */
async function holdWhile(page, glob, hold) {
  await page.route(glob, (route) => (hold() ? undefined : route.continue()));
}

/** The registered features of the drawn map. */
async function mapFeatures(page) {
  await page.getByTestId('chart-map').waitFor();
  await waitForCharts(page);
  return page.evaluate(() => {
    const chart = window.echarts.getInstanceByDom(document.querySelector('[data-testid="chart-map"]'));
    return window.echarts.getMap(chart.getOption().series[0].map).geoJSON.features.length;
  });
}

test('a boundary file that fails once shows the error, and "Thử lại" draws the map', async (t) => {
  let ok = false;
  const page = await openApp(MAP_2022_DISTRICTS, {
    t,
    allowErrors: [/503/],
    before: (p) => failWhile(p, '**/geo/2020-district.json', () => ok),
  });
  await waitForApp(page);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const text = await alert.innerText();
  assert.match(text, /Không tải được bản đồ/);
  assert.match(text, /503/);
  assert.match(text, /geo\/2020-district\.json/);
  await screenshot(page, 'map-boundary-error');

  ok = true;
  await page.getByRole('button', { name: 'Thử lại' }).click();
  assert.equal(await mapFeatures(page), 21);
  assert.equal(await page.getByRole('alert').count(), 0);
});

test('echarts/extra.js failing once shows a message in Vietnamese, and "Thử lại" loads it and draws the map', async (t) => {
  let ok = false;
  const page = await openApp(MAP_2022_DISTRICTS, {
    t,
    allowErrors: [/503/],
    before: (p) => failWhile(p, '**/echarts/extra.js*', () => ok),
  });
  await waitForApp(page);
  const alert = page.getByRole('alert');
  await alert.waitFor();
  const text = await alert.innerText();
  assert.match(text, /Không tải được bản đồ/);
  assert.match(text, /phần bản đồ của ECharts \(echarts\/extra\.js\)/);
  assert.doesNotMatch(text, /Failed to fetch|TypeError|import/, 'no English browser words');
  await screenshot(page, 'map-extra-error');

  ok = true;
  await page.getByRole('button', { name: 'Thử lại' }).click();
  assert.equal(await mapFeatures(page), 21);
});

test('a boundary request that never answers ends in the timeout message, and "Thử lại" draws the map', async (t) => {
  let hold = true;
  const page = await openApp(MAP_2022_DISTRICTS, {
    t,
    before: async (p) => {
      await shortTimeout(p);
      await holdWhile(p, '**/geo/2020-district.json', () => hold);
    },
  });
  await waitForApp(page);
  const started = Date.now();
  const alert = page.getByRole('alert');
  await alert.waitFor({ timeout: 10_000 });
  assert.match(await alert.innerText(), /không trả lời sau 1,5 giây khi tải tệp ranh giới geo\/2020-district\.json/);
  assert.ok(Date.now() - started < 10_000);

  hold = false;
  await page.getByRole('button', { name: 'Thử lại' }).click();
  assert.equal(await mapFeatures(page), 21);
});

test('a dataset request that never answers ends in the load error, and retry loads the data', async (t) => {
  let hold = true;
  const page = await openApp('?anim=0', {
    t,
    waitUntil: 'commit',
    before: async (p) => {
      await shortTimeout(p);
      await holdWhile(p, '**/nghe-an.json', () => hold);
    },
  });
  const alert = page.getByRole('alert');
  await alert.waitFor({ timeout: 15_000 });
  const text = await alert.innerText();
  assert.match(text, /Không tải được dữ liệu/);
  assert.match(text, /không trả lời sau 1,5 giây khi tải tệp dữ liệu/);
  await screenshot(page, 'dataset-timeout');

  hold = false;
  await page.getByRole('button', { name: 'Thử lại' }).click();
  await waitForApp(page);
  assert.equal(await page.getByRole('alert').count(), 0);
});
