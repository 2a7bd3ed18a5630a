// Smoke test: the built bundle loads in Chromium without errors. Tolerant of the app still being a stub:
// once the app renders <main>, it must also become ready (data-ready="true").

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshot, waitForApp } from './support/browser.mjs';

test('the page loads with its title, bundle and data, without console errors', async (t) => {
  const page = await openApp('?anim=0', { t, waitUntil: 'networkidle' });

  assert.match(await page.title(), /Chỉ số/);
  assert.equal(await page.getAttribute('html', 'lang'), 'vi');

  // The custom ECharts build defines the global `echarts` with what the app needs.
  const ec = await page.evaluate(() => ({
    version: window.echarts?.version,
    init: typeof window.echarts?.init,
    registerMap: typeof window.echarts?.registerMap,
  }));
  assert.equal(ec.init, 'function', 'window.echarts.init is missing: is echarts/core.js loaded before the wasm?');
  assert.equal(ec.registerMap, 'function');
  assert.match(ec.version ?? '', /^5\./);

  // The wasm module was served with its MIME type (instantiateStreaming needs application/wasm).
  const wasm = await page.evaluate(() =>
    performance
      .getEntriesByType('resource')
      .map((e) => e.name)
      .find((n) => n.endsWith('.wasm')),
  );
  assert.ok(wasm, 'no .wasm file was loaded');
  const wasmType = await page.evaluate(
    async (u) => (await fetch(u, { method: 'HEAD' })).headers.get('content-type'),
    wasm,
  );
  assert.equal(wasmType, 'application/wasm');

  // The dataset is shipped next to index.html and fetched with a relative URL.
  const data = await page.evaluate(async () => {
    const r = await fetch('nghe-an.json');
    return { status: r.status, type: r.headers.get('content-type'), ok: typeof (await r.json()) === 'object' };
  });
  assert.deepEqual(data, { status: 200, type: 'application/json', ok: true });

  if (await page.$('main')) {
    await waitForApp(page);
    // The first chart needs only the first part of ECharts; the map and export part loads on first use.
    const scripts = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => new URL(e.name).pathname)
        .filter((p) => p.includes('/echarts/')),
    );
    assert.ok(scripts.some((p) => p.endsWith('/echarts/core.js')), `echarts/core.js is loaded: ${scripts}`);
    assert.ok(!scripts.some((p) => p.endsWith('/echarts/extra.js')), `echarts/extra.js waits for a map: ${scripts}`);
  } else {
    t.diagnostic('no <main> yet: the app is still a stub, skipping the readiness check');
  }
  const shot = await screenshot(page, 'smoke');
  t.diagnostic(`screenshot: ${shot}`);
});
