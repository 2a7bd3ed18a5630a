// Offline, three ways (see README "Offline"):
// (a) the bundle served under a deep prefix (/tin-tuc/do-hoa/chiso/) with no rewrite rules: the main flow works
//     and every request stays inside the folder;
// (b) the service worker: one online visit, then the network off (emulated, and the files taken off the server),
//     reload: the whole explorer works from the precache; then a new build is deployed and the reader sees
//     "Có phiên bản mới — tải lại trang", keeps the old build until clicking, and gets the new one after;
// (c) the single HTML file opened from file://: chart, filter, map and sources, with no console error.
//
// `cargo xtask test` prepares the fixtures and sets CHISO_PREFIX_URL, CHISO_SW_URL, CHISO_SW_DIR, CHISO_SW_NEXT
// and CHISO_SINGLE_FILE (see xtask/src/offline.rs); without them these tests are skipped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, rename } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { browser, chartSeries, closeApp, screenshot, waitForApp, waitForCharts } from './support/browser.mjs';

const { CHISO_PREFIX_URL, CHISO_SW_URL, CHISO_SW_NEXT, CHISO_SINGLE_FILE } = process.env;
// The served folder of the service worker test, without a trailing slash (rename refuses `dir/` → `dir/.x`).
const CHISO_SW_DIR = process.env.CHISO_SW_DIR?.replace(/\/+$/, '');

/** A fresh context and page that collect errors like openApp does, at any URL; `page.requests` lists every URL. */
async function open(t, url, { allowErrors = [] } = {}) {
  const b = await browser();
  const context = await b.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.appErrors = [];
  page.allowErrors = allowErrors;
  page.requests = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.appErrors.push(`console.error: ${msg.text()} (${msg.location()?.url ?? ''})`);
  });
  page.on('pageerror', (err) => page.appErrors.push(`page error: ${err.stack || err.message || err}`));
  page.on('request', (req) => page.requests.push(req.url()));
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText ?? 'failed';
    if (why !== 'net::ERR_ABORTED') page.appErrors.push(`request failed: ${req.url()} (${why})`);
  });
  t.after(() => closeApp(page));
  await page.goto(url);
  return page;
}

/** The map on screen: its name and how many regions its boundaries have. */
async function mapState(page) {
  await page.getByTestId('chart-map').waitFor();
  await waitForCharts(page);
  return page.evaluate(() => {
    const chart = window.echarts.getInstanceByDom(document.querySelector('[data-testid="chart-map"]'));
    const series = chart.getOption().series[0];
    return { map: series.map, features: window.echarts.getMap(series.map).geoJSON.features.length };
  });
}

/** The default story, then Tân Kỳ at district level in the table (61% in 2013), then the map, then the sources. */
async function mainFlow(page) {
  await waitForApp(page);
  const clean = (await chartSeries(page, 'chart-line')).find((s) => /trong sạch vững mạnh/.test(s.name));
  assert.deepEqual(clean.values, [63.04, 68.6]);
  await page.getByRole('img', { name: /63,04%.*68,6%/ }).waitFor();

  await page.getByLabel('Cấp', { exact: true }).selectOption('district');
  await page.getByRole('searchbox', { name: /Tìm đơn vị/ }).fill('tan ky');
  await page.getByRole('checkbox', { name: /Huyện Tân Kỳ/ }).check();
  await page.getByLabel('Chỉ số', { exact: true }).selectOption('clean_strong_orgs_pct');
  await page.getByRole('tab', { name: 'Bảng' }).click();
  const row = page.getByTestId('data-table').getByRole('row', { name: /Huyện Tân Kỳ/ }).filter({ hasText: '2013' });
  await row.waitFor();
  assert.ok((await row.getByRole('cell').allInnerTexts()).includes('61%'));
  assert.match(page.url(), /units=423@2013/);

  await page.locator('#tab-map').click();
  const map = await mapState(page);
  assert.match(map.map, /district/);
  assert.ok(map.features >= 20, `the district map has its regions (${map.features})`);

  const sources = page.locator('.sources-list > li');
  await sources.first().waitFor();
  assert.ok((await sources.count()) >= 1);
  assert.match(await page.locator('.sources-list').innerText(), /Báo Nghệ An|Nghệ An/);
  // The data says when it was published (the dataset's `published`, shown by the sources panel).
  const edition = page.getByTestId('edition');
  if (await edition.count()) assert.match(await edition.innerText(), /2026/);
}

test('under a deep prefix with no rewrite rules, the main flow works and every request stays in the folder', {
  skip: !CHISO_PREFIX_URL && 'CHISO_PREFIX_URL is not set (run through cargo xtask test)',
}, async (t) => {
  assert.match(CHISO_PREFIX_URL, /\/tin-tuc\/do-hoa\/chiso\/$/);
  const page = await open(t, `${CHISO_PREFIX_URL}?anim=0`);
  await mainFlow(page);
  assert.ok(page.url().startsWith(CHISO_PREFIX_URL), `the address stays in the folder: ${page.url()}`);
  const outside = page.requests.filter((u) => /^https?:/.test(u) && !u.startsWith(CHISO_PREFIX_URL));
  assert.deepEqual(outside, [], 'no request leaves the folder');
  for (const file of ['nghe-an.json', 'geo/index.json', 'echarts/core.js', 'echarts/extra.js', 'sw-register.js']) {
    assert.ok(page.requests.includes(CHISO_PREFIX_URL + file), `${file} is loaded from the folder`);
  }
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, CHISO_PREFIX_URL, 'the service worker scope is the folder');
});

test('after one online visit the explorer works with the network off, and a new deployment is announced', {
  skip: !CHISO_SW_URL && 'CHISO_SW_URL is not set (run through cargo xtask test)',
}, async (t) => {
  const page = await open(t, `${CHISO_SW_URL}?anim=0`);
  await waitForApp(page);
  // The first visit installs the worker, which precaches every file of the build (the map was never opened).
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  const precached = await page.evaluate(async () => {
    const names = (await caches.keys()).filter((n) => n.endsWith(` ${new URL('./', location.href).href}`));
    const keys = names.length === 1 ? (await (await caches.open(names[0])).keys()).map((r) => r.url) : [];
    return { names, keys };
  });
  assert.equal(precached.names.length, 1, `one cache for this folder: ${precached.names}`);
  assert.match(precached.names[0], /^chiso-[0-9a-f]{16} /);
  for (const file of ['index.html', 'nghe-an.json', 'geo/index.json', 'geo/2013-district.json', 'echarts/core.js', 'echarts/extra.js']) {
    assert.ok(precached.keys.includes(CHISO_SW_URL + file), `${file} is precached`);
  }
  const copies = precached.keys.filter((u) => /\.(gz|br)$/.test(u));
  assert.deepEqual(copies, [], 'the precompressed copies are not precached');

  // Network off: emulated offline, and the files are taken off the server as well.
  const away = `${CHISO_SW_DIR}.away`;
  await page.context().setOffline(true);
  await rename(CHISO_SW_DIR, away);
  try {
    await page.reload();
    await mainFlow(page);
    await screenshot(page, 'offline-reload');
  } finally {
    await rename(away, CHISO_SW_DIR);
    await page.context().setOffline(false);
  }

  // A new build is deployed over the folder: the open page is told, and keeps running the build it started with.
  await cp(CHISO_SW_NEXT, CHISO_SW_DIR, { recursive: true, force: true });
  await page.goto(`${CHISO_SW_URL}?anim=0`);
  await waitForApp(page);
  const notice = page.getByTestId('update-notice');
  await notice.waitFor({ timeout: 30_000 });
  assert.match(await notice.innerText(), /Có phiên bản mới — tải lại trang/);
  const build = () => page.evaluate(() => document.querySelector('meta[name="chiso-build"]')?.content ?? 'first');
  assert.equal(await build(), 'first', 'the page still runs the first build');
  // Reloading without the button does not mix builds either: the old worker still serves the old files.
  await page.reload();
  await waitForApp(page);
  assert.equal(await build(), 'first');
  await notice.waitFor();

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByText('A new version is available — reload').waitFor();
  await screenshot(page, 'update-notice');

  await Promise.all([page.waitForEvent('load'), notice.getByRole('button', { name: 'Reload' }).click()]);
  await waitForApp(page);
  assert.equal(await build(), 'next', 'after the click the page runs the new build');
  assert.equal(await notice.count(), 0);
  const names = await page.evaluate(() => caches.keys());
  const mine = names.filter((n) => n.endsWith(` ${CHISO_SW_URL}`));
  assert.equal(mine.length, 1, `the old cache is deleted: ${names}`);
  assert.notEqual(mine[0], precached.names[0]);
});

test('the single HTML file opens from file:// and works fully with no console error', {
  skip: !CHISO_SINGLE_FILE && 'CHISO_SINGLE_FILE is not set (run through cargo xtask test)',
}, async (t) => {
  const url = pathToFileURL(CHISO_SINGLE_FILE).href;
  const page = await open(t, `${url}?anim=0`);
  await mainFlow(page);
  assert.ok(page.url().startsWith(`${url}?`), `the view lives in the query: ${page.url()}`);
  const fetched = page.requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && !u.startsWith(url));
  assert.deepEqual(fetched, [], 'nothing is loaded from another file or the network');
  assert.equal(await page.evaluate(() => navigator.serviceWorker?.controller ?? null), null);
  await screenshot(page, 'single-file');
});
