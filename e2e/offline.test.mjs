// Offline, three ways (see README "Offline"):
// (a) the bundle served under a deep prefix (/tin-tuc/do-hoa/chiso/) with no rewrite rules: the main flow works
//     and every request stays inside the folder;
// (b) the service worker: registered after the first chart, it precaches only the app shell (from the HTTP cache:
//     the wasm is downloaded once) and keeps what the reader used; then the network off (emulated, and the files
//     taken off the server), reload: what was shown works; then a new build is deployed and the reader sees
//     "Có phiên bản mới — tải lại trang", keeps the old build until clicking, and gets the new one after;
// (c) "Lưu để dùng ngoại tuyến (N MB)": progress, then a map never opened works offline;
// (d) a first visit in an article embed, or with Save-Data, registers no service worker, and an embed downloads
//     only what it draws;
// (e) the single HTML file opened from file://: chart, filter, map and sources, with no console error;
// (f) a returning reader whose worker holds the dataset sees the one the Board put on the server in its place
//     (the worker asks the network first for it), and that copy offline.
//
// `cargo xtask test` prepares the fixtures and sets CHISO_PREFIX_URL, CHISO_SW_URL, CHISO_SW_DIR, CHISO_SW_NEXT,
// CHISO_SAVE_URL, CHISO_SAVE_DIR, CHISO_SW_LOG and CHISO_SINGLE_FILE (see xtask/src/offline.rs); without them
// these tests are skipped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, readFile, rename, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { browser, chartSeries, closeApp, screenshot, waitForApp, waitForCharts } from './support/browser.mjs';
import { HEADER } from '../bench/sheets.mjs';

const { CHISO_PREFIX_URL, CHISO_SW_URL, CHISO_SW_NEXT, CHISO_SINGLE_FILE, CHISO_SAVE_URL, CHISO_SW_LOG } = process.env;
// The served folders of the service worker tests, without a trailing slash (rename refuses `dir/` → `dir/.x`).
const CHISO_SW_DIR = process.env.CHISO_SW_DIR?.replace(/\/+$/, '');
const CHISO_SAVE_DIR = process.env.CHISO_SAVE_DIR?.replace(/\/+$/, '');

/**
 * The server's responses from now on, for the folder of `base`: `done()` gives [{ path, status, bytes }] (bytes
 * of the body as sent: the .br/.gz copy when the browser accepts it).
 */
async function serverLog(base) {
  const start = (await readFile(CHISO_SW_LOG, 'utf8').catch(() => '')).length;
  const folder = new URL(base).pathname;
  return {
    async done() {
      const text = (await readFile(CHISO_SW_LOG, 'utf8')).slice(start);
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [method, target, status, bytes] = line.split(' ');
          return { method, path: target.split('?')[0], status: Number(status), bytes: Number(bytes) };
        })
        .filter((r) => r.path.startsWith(folder))
        .map((r) => ({ ...r, path: r.path.slice(folder.length) }));
    },
  };
}

/** Bytes sent with status 200, in total. */
const sent = (log) => log.filter((r) => r.status === 200).reduce((n, r) => n + r.bytes, 0);

/** Takes the folder off the server and the browser offline while `fn` runs. */
async function withoutNetwork(page, dir, fn) {
  const away = `${dir}.away`;
  await page.context().setOffline(true);
  await rename(dir, away);
  try {
    await fn();
  } finally {
    await rename(away, dir);
    await page.context().setOffline(false);
  }
}

/** The URLs in this folder's cache of the service worker (one cache per build and folder). */
function cached(page) {
  return page.evaluate(async () => {
    const names = (await caches.keys()).filter((n) => n.endsWith(` ${new URL('./', location.href).href}`));
    const keys = names.length === 1 ? (await (await caches.open(names[0])).keys()).map((r) => r.url) : [];
    return { names, keys };
  });
}

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

test('after one online visit what was shown works with the network off, and a new deployment is announced', {
  skip: !CHISO_SW_URL && 'CHISO_SW_URL is not set (run through cargo xtask test)',
}, async (t) => {
  const log = await serverLog(CHISO_SW_URL);
  const page = await open(t, `${CHISO_SW_URL}?anim=0`);
  await waitForApp(page);
  // The worker is registered once the first chart is drawn and the page is idle, and takes over the page.
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  const shell = await cached(page);
  assert.equal(shell.names.length, 1, `one cache for this folder: ${shell.names}`);
  assert.match(shell.names[0], /^chiso-[0-9a-f]{16} /);
  for (const file of ['index.html', 'nghe-an.json', 'echarts/core.js', 'manifest.webmanifest', 'icons/icon.svg']) {
    assert.ok(shell.keys.includes(CHISO_SW_URL + file), `${file} is precached`);
  }
  assert.ok(shell.keys.some((u) => /_bg\.wasm$/.test(u)), 'the wasm is precached');
  for (const file of ['geo/index.json', 'geo/2013-district.json', 'echarts/extra.js', 'chiso-worker_loader.js', 'chiso-worker_bg.wasm']) {
    assert.ok(!shell.keys.includes(CHISO_SW_URL + file), `${file} is not precached (cached when first used)`);
  }
  const copies = shell.keys.filter((u) => /\.(gz|br)$/.test(u));
  assert.deepEqual(copies, [], 'the precompressed copies are not precached');
  // The install took the files the page had just downloaded from the HTTP cache: each came over the wire once.
  const first = await log.done();
  for (const file of [/_bg\.wasm$/, /^echarts\/core\.js$/, /^echarts\/chunk-\w+\.js$/, /^nghe-an\.json$/]) {
    const bodies = first.filter((r) => file.test(r.path) && r.status === 200);
    assert.equal(bodies.length, 1, `${file} is downloaded once: ${JSON.stringify(bodies)}`);
  }
  assert.ok(!first.some((r) => r.path.startsWith('geo/')), 'no boundary is downloaded before the map is opened');

  // The reader goes through the main flow (the map included): what it uses is kept as it is used.
  await mainFlow(page);
  await page.waitForFunction(
    async (base) => {
      const names = (await caches.keys()).filter((n) => n.endsWith(` ${base}`));
      const cache = await caches.open(names[0]);
      return (await cache.match(`${base}echarts/extra.js`)) && (await cache.match(`${base}geo/index.json`));
    },
    CHISO_SW_URL,
    { timeout: 10_000 },
  );

  await withoutNetwork(page, CHISO_SW_DIR, async () => {
    await page.goto(`${CHISO_SW_URL}?anim=0`);
    await mainFlow(page);
    await screenshot(page, 'offline-reload');
  });

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
  assert.notEqual(mine[0], shell.names[0]);
});

test('"Lưu để dùng ngoại tuyến" shows its size and progress, then a map never opened works offline', {
  skip: !CHISO_SAVE_URL && 'CHISO_SAVE_URL is not set (run through cargo xtask test)',
}, async (t) => {
  const page = await open(t, 'about:blank');
  // Records whether the progress bar was ever on screen (saving a local folder takes a moment only).
  await page.addInitScript(() => {
    window.chisoSawProgress = false;
    new MutationObserver(() => {
      if (document.querySelector('.offline-status progress')) window.chisoSawProgress = true;
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto(`${CHISO_SAVE_URL}?anim=0`);
  await waitForApp(page);
  const button = page.getByRole('button', { name: /^Lưu để dùng ngoại tuyến \(\d+,\d MB\)$/ });
  await button.waitFor({ timeout: 30_000 });
  const mb = Number((await button.innerText()).match(/\((\d+,\d) MB\)/)[1].replace(',', '.'));
  assert.ok(mb >= 0.1 && mb < 3, `the size to download is plausible: ${mb} MB`);
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: /^Save for offline \(\d+\.\d MB\)$/ }).waitFor();
  await page.getByRole('button', { name: 'Tiếng Việt' }).click();

  const log = await serverLog(CHISO_SAVE_URL);
  await button.click();
  await page.getByTestId('offline-status').getByText('Đã lưu, dùng được khi mất mạng').waitFor({ timeout: 30_000 });
  assert.ok(await page.evaluate(() => window.chisoSawProgress), 'a progress bar was shown while saving');
  const saved = await log.done();
  assert.ok(saved.some((r) => r.path === 'geo/2025-07-commune.json'), 'the boundaries were downloaded');
  const kb = sent(saved) / 1000;
  assert.ok(Math.abs(kb / 1000 - mb) < 0.35, `the announced size (${mb} MB) is what was downloaded (${kb} kB)`);
  const all = await cached(page);
  assert.ok(all.keys.includes(`${CHISO_SAVE_URL}geo/2013-commune.json`));
  await screenshot(page, 'offline-saved');

  await withoutNetwork(page, CHISO_SAVE_DIR, async () => {
    await page.goto(`${CHISO_SAVE_URL}?anim=0&view=map&level=commune&ind=party_members&at=2025-H2`);
    await waitForApp(page);
    const map = await mapState(page);
    assert.equal(map.map, '2025-07-commune');
    assert.ok(map.features >= 100, `the commune map has its regions (${map.features})`);
    // The file worker (the reader's-file importer, never opened online) was saved too.
    await page.getByRole('button', { name: 'Mở tệp dữ liệu của bạn' }).click();
    const dialog = page.getByRole('dialog', { name: 'Mở tệp dữ liệu của bạn' });
    const row = 'clean_strong_orgs_pct,40,,2015,70.5,Báo cáo thử,https://example.org/bao-cao,2026,Ban Tổ chức,"Tỉ lệ đạt 70,5%.",vi,';
    const buffer = Buffer.from(`${HEADER}\r\n${row}\r\n`, 'utf8');
    await dialog.getByLabel('Chọn tệp').setInputFiles({ name: 'ngoai-tuyen.csv', mimeType: 'text/csv', buffer });
    await dialog.getByText('Đã mở ngoai-tuyen.csv').waitFor();
  });
});

test('a first visit to an embed registers no service worker and downloads only what it draws', {
  skip: !CHISO_SAVE_URL && 'CHISO_SAVE_URL is not set (run through cargo xtask test)',
}, async (t) => {
  const log = await serverLog(CHISO_SAVE_URL);
  const page = await open(t, `${CHISO_SAVE_URL}?embed=chart&eid=e2e&anim=0`);
  await waitForApp(page);
  // Past the first chart and the idle moment the full app would wait for.
  await page.waitForTimeout(3000);
  assert.deepEqual(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  const fetched = (await log.done()).map((r) => r.path);
  // The default view's embed is the chart drawn at build time, made live by ECharts: not even the app is fetched
  // (the dataset is, once, to check that the build's figures are still the published ones).
  for (const never of [/^sw\.js$/, /^geo\//, /^echarts\/extra\.js$/, /^manifest\.webmanifest$/, /\.wasm$/]) {
    assert.deepEqual(fetched.filter((p) => never.test(p)), [], `${never} is not downloaded by an embed`);
  }
  console.log(`embed first visit: ${sent(await log.done())} bytes sent by the server`);
});

test('with Save-Data no service worker is registered, and the save button still works on request', {
  skip: !CHISO_SAVE_URL && 'CHISO_SAVE_URL is not set (run through cargo xtask test)',
}, async (t) => {
  const page = await open(t, 'about:blank');
  await page.addInitScript(() => {
    if (navigator.connection) Object.defineProperty(navigator.connection, 'saveData', { get: () => true });
  });
  const log = await serverLog(CHISO_SAVE_URL);
  await page.goto(`${CHISO_SAVE_URL}?anim=0`);
  await waitForApp(page);
  await page.waitForTimeout(3000);
  assert.deepEqual(await page.evaluate(async () => (await navigator.serviceWorker.getRegistrations()).length), 0);
  assert.ok(!(await log.done()).some((r) => r.path === 'sw.js'), 'sw.js is not even downloaded');
  // The reader may still ask: the button has no size yet (nothing registered to ask), and saving works.
  await page.getByRole('button', { name: 'Lưu để dùng ngoại tuyến' }).click();
  await page.getByText('Đã lưu, dùng được khi mất mạng').waitFor({ timeout: 30_000 });
});

test('a first visit to the full app downloads the shell once and no boundary', {
  skip: !CHISO_SAVE_URL && 'CHISO_SAVE_URL is not set (run through cargo xtask test)',
}, async (t) => {
  const log = await serverLog(CHISO_SAVE_URL);
  const page = await open(t, `${CHISO_SAVE_URL}?anim=0`);
  await waitForApp(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  await page.waitForTimeout(10_000);
  const visit = await log.done();
  assert.ok(!visit.some((r) => r.path.startsWith('geo/') || r.path === 'echarts/extra.js'));
  const twice = Object.entries(
    visit.filter((r) => r.status === 200).reduce((m, r) => ({ ...m, [r.path]: (m[r.path] ?? 0) + 1 }), {}),
  ).filter(([path, n]) => n > 1 && path !== 'sw.js');
  assert.deepEqual(twice, [], 'no file is downloaded twice');
  console.log(`full app first visit, first 10 s: ${sent(visit)} bytes sent by the server`);
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
  // The file worker runs from the single file too (a blob with its wasm and the dataset inside).
  await page.getByRole('button', { name: 'Mở tệp dữ liệu của bạn' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mở tệp dữ liệu của bạn' });
  const row = 'clean_strong_orgs_pct,40,,2015,70.5,Báo cáo thử,https://example.org/bao-cao,2026,Ban Tổ chức,"Tỉ lệ đạt 70,5%.",vi,';
  const buffer = Buffer.from(`${HEADER}\r\n${row}\r\n`, 'utf8');
  await dialog.getByLabel('Chọn tệp').setInputFiles({ name: 'mot-tep.csv', mimeType: 'text/csv', buffer });
  await dialog.getByText('Đã mở mot-tep.csv').waitFor();
});

test('a returning reader sees the dataset the Board replaced on the server at once, and keeps that copy offline', {
  skip: !CHISO_SAVE_URL && 'CHISO_SAVE_URL is not set (run through cargo xtask test)',
}, async (t) => {
  const page = await open(t, `${CHISO_SAVE_URL}?anim=0`);
  await waitForApp(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  const clean = async () => (await chartSeries(page, 'chart-line')).find((s) => /trong sạch vững mạnh/.test(s.name)).values;
  assert.deepEqual(await clean(), [63.04, 68.6]);
  // The Board publishes a correction as HOW-TO.md says: nghe-an.json replaced in the folder, no new build.
  const file = `${CHISO_SAVE_DIR}/nghe-an.json`;
  const original = await readFile(file, 'utf8');
  const corrected = original.replace('"value":68.6,', '"value":68.7,');
  assert.notEqual(corrected, original, 'the test changed a figure');
  const copies = [`${file}.br`, `${file}.gz`];
  for (const c of copies) await rename(c, `${c}.away`).catch(() => {});
  try {
    await writeFile(file, corrected);
    await page.reload();
    await waitForApp(page);
    assert.deepEqual(await clean(), [63.04, 68.7], 'the replaced file, not the worker\'s copy of the build\'s');
    await withoutNetwork(page, CHISO_SAVE_DIR, async () => {
      await page.reload();
      await waitForApp(page);
      assert.deepEqual(await clean(), [63.04, 68.7], 'offline, the copy of the replaced file');
    });
  } finally {
    await writeFile(file, original);
    for (const c of copies) await rename(`${c}.away`, c).catch(() => {});
  }
});
