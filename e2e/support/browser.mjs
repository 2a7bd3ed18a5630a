// Shared end-to-end helpers: one headless Chromium per test file (Debian's /usr/bin/chromium driven by
// playwright-core; nothing is downloaded), pages that collect console and page errors, screenshots, and
// waits for the app and its charts.
//
// Environment: CHISO_URL (the served dist/, default http://127.0.0.1:8080/), CHROMIUM (the browser binary).
// `cargo xtask test` sets both.

import { after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chartsSettled, seriesOf, wakeChart } from './in-page.mjs';

export const BASE_URL = process.env.CHISO_URL || 'http://127.0.0.1:8080/';
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'target', 'screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browserPromise = null;

/** The shared browser of this test file, launched on first use. */
export function browser() {
  browserPromise ??= chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
  return browserPromise;
}

/** Closes the shared browser (registered automatically after all tests of the file). */
export async function closeBrowser() {
  if (browserPromise) {
    const b = await browserPromise.catch(() => null);
    browserPromise = null;
    await b?.close();
  }
}
after(closeBrowser);

/** The absolute URL of the app with a query string such as `?anim=0&lang=en`. */
export function appUrl(query = '') {
  return new URL(query, BASE_URL).href;
}

/**
 * Opens the app at CHISO_URL + query in a fresh context (1280×800, vi-VN, Asia/Ho_Chi_Minh) and collects
 * console errors, page errors and failed requests in `page.appErrors`.
 *
 * Pass the test context `t` to check automatically when the test ends (`t.after`): the test fails if any error
 * was logged (unless it matches one of `allowErrors`, an array of RegExps), then the page is closed. Without
 * `t`, call `await closeApp(page)` yourself.
 *
 * `before(page)`, when given, runs before the first navigation: routes and init scripts set there see every
 * request of the page (the service worker does not control a first visit yet).
 */
export async function openApp(query = '', { t, allowErrors = [], viewport, waitUntil = 'load', before } = {}) {
  const b = await browser();
  const context = await b.newContext({
    viewport: viewport ?? { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.appErrors = [];
  page.allowErrors = allowErrors;
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      page.appErrors.push(`console.error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => page.appErrors.push(`page error: ${err.stack || err.message || err}`));
  page.on('requestfailed', (req) => {
    const why = req.failure()?.errorText ?? 'failed';
    // Navigations away abort pending requests: not an app error.
    if (why !== 'net::ERR_ABORTED') page.appErrors.push(`request failed: ${req.url()} (${why})`);
  });
  if (t) t.after(() => closeApp(page));
  if (before) await before(page);
  await page.goto(appUrl(query), { waitUntil });
  return page;
}

/** The errors collected so far, minus the allowed ones. */
export function appErrors(page) {
  return page.appErrors.filter((e) => !page.allowErrors.some((re) => re.test(e)));
}

/** Fails if the page logged errors. */
export function assertNoErrors(page) {
  const errors = appErrors(page);
  assert.deepEqual(errors, [], `the page logged ${errors.length} error(s):\n${errors.join('\n')}`);
}

/** Asserts no errors were logged, then closes the page and its context (idempotent). */
export async function closeApp(page) {
  if (page.closedByHarness) return;
  page.closedByHarness = true;
  try {
    assertNoErrors(page);
  } finally {
    await page.context().close();
  }
}

/**
 * Waits until the app has loaded its data (`<main data-ready="true">`), then until the charts are drawn.
 * Errors logged while waiting are reported in the timeout message.
 */
export async function waitForApp(page, { timeout = 20_000 } = {}) {
  try {
    await page.waitForSelector('[data-ready="true"]', { state: 'attached', timeout });
  } catch (e) {
    const errors = appErrors(page);
    e.message += errors.length ? `\nerrors logged meanwhile:\n${errors.join('\n')}` : '';
    throw e;
  }
  await waitForCharts(page, { timeout });
}

/**
 * Waits until every ECharts instance on the page has finished animating (immediate with `anim=0`),
 * then for two animation frames so the canvas is painted.
 */
export async function waitForCharts(page, { timeout = 20_000 } = {}) {
  await page.waitForFunction(
    chartsSettled,
    null,
    { timeout, polling: 50 },
  );
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );
}

/** Saves a full-page screenshot to target/screenshots/<name>.png and returns its path. */
export async function screenshot(page, name) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Series of the chart with this test id, as ECharts holds them: names and y values (null if no chart). A first
 * chart still showing the build-time picture is woken first, as a reader's pointer wakes it (`wakeChart`).
 */
export async function chartSeries(page, testId) {
  if (await page.evaluate(wakeChart, testId)) await page.waitForFunction(seriesOf, testId);
  return page.evaluate(seriesOf, testId);
}
