// The page's Content-Security-Policy (written by `cargo xtask build`, xtask/src/csp.rs) lets the whole app work:
// across the main flows — the first view, the map, English, dark mode, a chart's tooltip, an embed (alone and in
// the demo article), opening a reader's own sheet, saving for offline use — no `securitypolicyviolation` event
// fires in any frame and no CSP error reaches the console. The harness first proves it sees a violation.
//
// Environment: CHISO_URL (the app), CHISO_HOST_URL (the embed demo page); `cargo xtask test` sets both.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, openApp, screenshot, waitForApp, waitForCharts } from './support/browser.mjs';

const HOST_URL = process.env.CHISO_HOST_URL || 'http://127.0.0.1:8081/demo.html';
const CSP_CONSOLE = /Content Security Policy|Refused to (load|execute|apply|compile|connect|frame|create)/i;

/** Records every CSP violation of every frame of the page, from before its first script. */
async function watchViolations(page) {
  page.cspConsole = [];
  page.on('console', (msg) => {
    if (CSP_CONSOLE.test(msg.text())) page.cspConsole.push(msg.text());
  });
  await page.addInitScript(() => {
    window.chisoCsp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.chisoCsp.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
}

/** Violations seen so far, in every frame, and CSP errors on the console. */
async function violations(page) {
  const seen = [];
  for (const frame of page.frames()) {
    const list = await frame.evaluate(() => window.chisoCsp ?? []).catch(() => []);
    seen.push(...list.map((v) => `${frame.url()}: ${v}`));
  }
  return [...seen, ...page.cspConsole.map((m) => `console: ${m}`)];
}

async function assertNoViolations(page, step) {
  assert.deepEqual(await violations(page), [], `CSP violations after: ${step}`);
}

/** The app with the violations watched from the start. */
async function open(t, query, options = {}) {
  return openApp(query, { t, before: watchViolations, ...options });
}

test('the built page carries a policy with script hashes and no inline scripts allowed', async (t) => {
  // The one violation of this file is on purpose, below.
  const page = await open(t, '?anim=0', { allowErrors: [/^console\.error: Executing inline script violates/] });
  const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(policy, /script-src 'self' 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/]+=*')+;/);
  assert.doesNotMatch(policy.match(/script-src[^;]*/)[0], /'unsafe-inline'|'unsafe-eval'/);
  for (const d of ["default-src 'self'", "connect-src 'self'", "img-src 'self' data: blob:", "worker-src 'self'"]) {
    assert.ok(policy.includes(d), `${d} in ${policy}`);
  }
  await waitForApp(page);
  // The harness sees a violation when there is one: an inline script the build did not hash is refused.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.chisoInjected = true';
    document.head.append(s);
  });
  await page.waitForFunction(() => window.chisoCsp.length > 0);
  assert.equal(await page.evaluate(() => window.chisoInjected), undefined, 'the unhashed script did not run');
  const seen = (await violations(page)).join('\n');
  assert.match(seen, /script-src-elem blocked inline/, 'the event');
  assert.match(seen, /console: Executing inline script violates/, 'the console error');
});

test('the first view, English, dark mode and a tooltip work under the policy', async (t) => {
  const page = await open(t, '?anim=0');
  await waitForApp(page);
  await assertNoViolations(page, 'the first view');
  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('button', { name: 'Tiếng Việt' }).waitFor();
  await waitForCharts(page);
  await assertNoViolations(page, 'English');
  await page.getByRole('button', { name: 'Dark mode' }).click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
  await waitForCharts(page);
  // ECharts writes its tooltip as HTML with style attributes (allowed by style-src-attr).
  await page.evaluate(() => {
    const chart = window.echarts.getInstanceByDom(document.querySelector('[_echarts_instance_]'));
    chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 1 });
  });
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[_echarts_instance_] div')].some(
      (d) => d.style.position === 'absolute' && /68\.6%/.test(d.textContent) && getComputedStyle(d).display !== 'none',
    ),
  );
  await screenshot(page, 'csp-dark-english');
  await assertNoViolations(page, 'dark mode and a tooltip');
});

test('the map and a phone-sized embed work under the policy', async (t) => {
  const page = await open(t, '?anim=0&view=map&level=district&ind=district_party_committee_rating');
  await waitForApp(page);
  // The map part of ECharts (echarts/extra.js) and a boundary file are loaded on first use, then drawn.
  await page.getByTestId('chart-map').waitFor();
  await waitForCharts(page);
  const regions = await page.evaluate(() => {
    const chart = window.echarts.getInstanceByDom(document.querySelector('[data-testid="chart-map"]'));
    return window.echarts.getMap(chart.getOption().series[0].map).geoJSON.features.length;
  });
  assert.ok(regions >= 20, `the district map has its regions (${regions})`);
  await screenshot(page, 'csp-map');
  await assertNoViolations(page, 'the map');
  const embed = await open(t, '?anim=0&embed=chart&eid=csp', { viewport: { width: 360, height: 640 } });
  await waitForApp(embed);
  await screenshot(embed, 'csp-embed-360');
  await assertNoViolations(embed, 'an embed');
});

test('the embed demo article frames the app with no violation in any frame', async (t) => {
  const page = await open(t, 'about:blank');
  await page.goto(`${HOST_URL}?app=${encodeURIComponent(BASE_URL)}`);
  for (const id of ['demo-1', 'demo-2']) {
    const handle = await page.waitForSelector(`iframe#${id}`, { state: 'attached' });
    await handle.scrollIntoViewIfNeeded();
    const frame = await handle.contentFrame();
    await frame.waitForSelector('[data-ready="true"]', { state: 'attached', timeout: 30_000 });
    await waitForCharts(frame);
  }
  await assertNoViolations(page, 'the demo article');
});

test("a reader's own sheet opens under the policy", async (t) => {
  const page = await open(t, '?anim=0');
  await waitForApp(page);
  const header = 'indicator,unit_code,unit_name,reference_period,value,source_title,source_url,source_date,' +
    'source_publisher,exact_sentence,sentence_language,note';
  const row = (period, value) =>
    `clean_strong_orgs_pct,40,,${period},${value},Báo cáo thử,https://example.org/bao-cao,2026,Ban Tổ chức,` +
    `"Tỉ lệ đạt ${value.replace('.', ',')}%.",vi,`;
  const rows = [row('2015', '70.5'), row('2016', '71.5')];
  await page.getByRole('button', { name: 'Mở tệp dữ liệu của bạn' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mở tệp dữ liệu của bạn' });
  await dialog.getByLabel('Chọn tệp').setInputFiles({
    name: 'so-lieu-thu.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(`${[header, ...rows].join('\n')}\n`),
  });
  await dialog.getByText('Đã mở so-lieu-thu.csv').waitFor();
  await dialog.getByRole('button', { name: 'Đóng' }).click();
  await page.getByTestId('own-data-banner').waitFor();
  await waitForCharts(page);
  await assertNoViolations(page, 'opening a sheet');
});

test('saving for offline use works under the policy', async (t) => {
  const page = await open(t, '?anim=0');
  await waitForApp(page);
  await page.getByRole('button', { name: /^Lưu để dùng ngoại tuyến/ }).click({ timeout: 30_000 });
  await page.getByText('Đã lưu, dùng được khi mất mạng').waitFor({ timeout: 60_000 });
  await assertNoViolations(page, 'saving for offline use');
});
