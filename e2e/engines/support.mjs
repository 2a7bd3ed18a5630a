// The other engines (Firefox ESR through geckodriver, WebKitGTK through WebKitWebDriver under xvfb-run), driven
// over WebDriver with npm selenium-webdriver. One browser session per engine, reused by every flow of its file.
//
// Nothing is downloaded: the drivers are started here from explicit paths (never by selenium-manager), and
// selenium-webdriver is only told the address of the running driver (`usingServer`).
//
// Environment (set by `cargo xtask test` / `cargo xtask e2e engines`): CHISO_URL (the served dist/), CHISO_HOST_URL
// (the embed demo page on a second origin); optional GECKODRIVER, FIREFOX, WEBKIT_DRIVER, MINIBROWSER to override
// the installed paths.

import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chartsSettled, seriesOf, wakeChart } from '../support/in-page.mjs';

// selenium-manager is never asked for a driver or a browser (it would try to download them).
process.env.SE_OFFLINE = 'true';
const { Builder, By } = await import('selenium-webdriver');
const { Select } = await import('selenium-webdriver/lib/select.js');

export { By, Select };
export const BASE_URL = process.env.CHISO_URL || 'http://127.0.0.1:8080/';
export const HOST_URL = process.env.CHISO_HOST_URL || 'http://127.0.0.1:8081/demo.html';
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'target', 'screenshots');

/** The desktop window's inner size, as in the Chromium tests. */
export const DESKTOP = { width: 1280, height: 800 };

/** How each engine is started: its driver's command line and the session's capabilities. */
const ENGINES = {
  firefox: {
    label: 'Firefox ESR',
    elementScreenshots: true,
    driver: () => firstExisting(process.env.GECKODRIVER, join(homedir(), '.cargo/bin/geckodriver'), '/usr/local/bin/geckodriver'),
    hint: 'geckodriver is installed by `cargo xtask setup` (cargo install --locked geckodriver)',
    command: (driver, port) => [driver, ['--host', '127.0.0.1', '--port', String(port)]],
    capabilities: () => {
      const binary = firstExisting(process.env.FIREFOX, '/usr/bin/firefox-esr', '/usr/bin/firefox');
      assert.ok(binary, 'Firefox ESR is not installed: `apt-get install firefox-esr` (or `cargo xtask setup` as root)');
      return {
        browserName: 'firefox',
        'moz:firefoxOptions': {
          binary,
          args: ['-headless', `--width=${DESKTOP.width}`, `--height=${DESKTOP.height}`],
          prefs: {
            'intl.accept_languages': 'vi-VN, vi',
            'ui.prefersReducedMotion': 1,
            'browser.shell.checkDefaultBrowser': false,
            'app.update.disabledForTesting': true,
            'network.captive-portal-service.enabled': false,
            'network.connectivity-service.enabled': false,
            // Scrollbars over the page, as on a phone: a 360 px frame lays its page out 360 px wide.
            'ui.useOverlayScrollbars': 1,
          },
        },
      };
    },
  },
  webkit: {
    label: 'WebKitGTK',
    // WebKitWebDriver's element screenshots of an iframe come with a black band over its top: the whole window
    // is taken instead (the frame at its top left).
    elementScreenshots: false,
    driver: () => firstExisting(process.env.WEBKIT_DRIVER, '/usr/bin/WebKitWebDriver'),
    hint: 'WebKitWebDriver comes with Debian\'s webkit2gtk-driver (`cargo xtask setup` as root installs it)',
    // A virtual screen larger than the desktop window, so the window is not clipped to the screen.
    command: (driver, port) => [
      'xvfb-run',
      ['-a', '-s', '-screen 0 1600x1200x24 -nolisten tcp', driver, '--host=127.0.0.1', `--port=${port}`],
    ],
    capabilities: () => {
      const binary = firstExisting(
        process.env.MINIBROWSER,
        '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
        '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
      );
      assert.ok(binary, "WebKitGTK's MiniBrowser is missing (Debian package libwebkit2gtk-4.1-0, pulled by webkit2gtk-driver)");
      return { browserName: 'MiniBrowser', 'webkitgtk:browserOptions': { binary, args: ['--automation'] } };
    },
  },
};

function firstExisting(...paths) {
  return paths.find((p) => p && existsSync(p));
}

/** A free TCP port on 127.0.0.1. */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls the driver's /status until it answers, or fails with what it printed. */
async function waitForDriver(url, proc, output, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (proc.exitCode !== null) throw new Error(`the driver exited with code ${proc.exitCode}:\n${output.join('')}`);
    try {
      const res = await fetch(`${url}/status`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the driver did not answer on ${url} within ${timeoutMs} ms:\n${output.join('')}`);
}

/**
 * Starts the engine's driver and one browser session, registered to be closed after every test of the file
 * (`after`). Returns an object whose `driver` is filled once `before` has run.
 */
export function engineSession(name) {
  const engine = ENGINES[name];
  const session = { name, label: engine.label, elementScreenshots: engine.elementScreenshots, driver: null, version: '' };
  let proc = null;
  before(async () => {
    const driver = engine.driver();
    assert.ok(driver, `${engine.label}: its WebDriver is missing (${engine.hint})`);
    const port = await freePort();
    const [cmd, args] = engine.command(driver, port);
    const output = [];
    // Its own process group, so that the driver, the browser and Xvfb are stopped together.
    proc = spawn(cmd, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout.on('data', (d) => output.length < 200 && output.push(String(d)));
    proc.stderr.on('data', (d) => output.length < 200 && output.push(String(d)));
    const url = `http://127.0.0.1:${port}`;
    await waitForDriver(url, proc, output, 30_000);
    session.driver = await new Builder().usingServer(url).withCapabilities(engine.capabilities()).build();
    await session.driver.manage().setTimeouts({ pageLoad: 60_000, script: 30_000, implicit: 0 });
    const caps = await session.driver.getCapabilities();
    session.version = `${caps.get('browserName')} ${caps.get('browserVersion')}`;
    await setInnerSize(session.driver, DESKTOP);
  });
  after(async () => {
    try {
      await session.driver?.quit();
    } finally {
      if (proc && proc.exitCode === null) {
        try {
          process.kill(-proc.pid, 'SIGTERM');
        } catch {
          // already gone
        }
      }
    }
  });
  return session;
}

/** Resizes the window so that the page's viewport is `width`×`height` (the window's frame differs per engine). */
export async function setInnerSize(driver, { width, height }) {
  await driver.manage().window().setRect({ width, height });
  const inner = await driver.executeScript('return [window.innerWidth, window.innerHeight]');
  const dw = width - inner[0];
  const dh = height - inner[1];
  if (dw !== 0 || dh !== 0) await driver.manage().window().setRect({ width: width + dw, height: height + dh });
}

/** The absolute URL of the app with a query string such as `?anim=0&lang=en`. */
export function appUrl(query = '') {
  return new URL(query, BASE_URL).href;
}

/** Waits until `fn` (a function run in the page) returns a truthy value; fails with `message` and its last value. */
export async function waitInPage(driver, fn, { timeout = 30_000, message, arg } = {}) {
  const until = Date.now() + timeout;
  let last;
  for (;;) {
    last = await driver.executeScript(`return (${fn})(arguments[0]);`, arg);
    if (last) return last;
    if (Date.now() > until) {
      const state = await pageState(driver).catch((e) => ({ unreadable: String(e) }));
      assert.fail(`${message} (waited ${timeout} ms; last value ${JSON.stringify(last)}; page: ${JSON.stringify(state)})`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What the page shows, for failure messages: address, readiness, alerts, the panic panel. */
export function pageState(driver) {
  return driver.executeScript(() => ({
    url: location.href,
    ready: !!document.querySelector('[data-ready="true"]'),
    prerender: !!document.getElementById('prerender'),
    alerts: [...document.querySelectorAll('[role="alert"]')]
      .filter((e) => !e.closest('[hidden]'))
      .map((e) => e.textContent.trim().slice(0, 300)),
    panic: document.querySelector('.panic-panel')?.textContent.slice(0, 500) ?? null,
  }));
}

/**
 * Waits until the app has its data and has taken over the page drawn at build time (or, in an article embed of the
 * default view, the build-time chart is live: no app is loaded there), and every ECharts instance has finished
 * animating; then fails if the app shows its panic panel or an error alert.
 */
export async function waitForApp(driver, { timeout = 60_000 } = {}) {
  await waitInPage(
    driver,
    // An article embed of the default view is complete without the app (`pr-static`: the build-time chart, live).
    () =>
      !!document.querySelector('[data-ready="true"]') &&
      (!document.getElementById('prerender') || document.documentElement.classList.contains('pr-static')),
    { timeout, message: 'the app did not become ready (data-ready="true", the prerendered page taken over)' },
  );
  await waitForCharts(driver);
  const state = await pageState(driver);
  assert.equal(state.panic, null, `the app panicked: ${state.panic}`);
  assert.deepEqual(state.alerts, [], `the app shows an error: ${state.alerts.join(' | ')}`);
}

/** Waits until every ECharts instance on the page has finished animating, then for two animation frames. */
export async function waitForCharts(driver, { timeout = 30_000 } = {}) {
  await waitInPage(
    driver,
    chartsSettled,
    { timeout, message: 'the charts did not finish drawing' },
  );
  await driver.executeAsyncScript(
    'const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done()));',
  );
}

/**
 * Series of the chart with this test id, as ECharts holds them: names and y values (null if no chart). A first
 * chart still showing the build-time picture is woken first, as a reader's pointer wakes it (`wakeChart`).
 */
export async function chartSeries(driver, testId) {
  if (await driver.executeScript(wakeChart, testId)) {
    await driver.wait(async () => (await driver.executeScript(seriesOf, testId)) !== null, 10_000);
  }
  return driver.executeScript(seriesOf, testId);
}

/**
 * What the chart with this test id looks like on screen: its box, and how many pixels of its canvas differ from
 * the first (background) pixel, sampled on a grid — a drawn chart has many, a blank canvas none.
 */
export function chartPaint(driver, testId) {
  return driver.executeScript((id) => {
    const el = document.querySelector(`[data-testid="${id}"]`);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    const canvas = el.querySelector('canvas');
    let inked = 0;
    let samples = 0;
    if (canvas && canvas.width > 0 && canvas.height > 0) {
      const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      const bg = [px[0], px[1], px[2], px[3]];
      const step = Math.max(1, Math.floor(Math.min(canvas.width, canvas.height) / 100));
      for (let y = 0; y < canvas.height; y += step) {
        for (let x = 0; x < canvas.width; x += step) {
          const i = (y * canvas.width + x) * 4;
          samples += 1;
          if (Math.abs(px[i] - bg[0]) + Math.abs(px[i + 1] - bg[1]) + Math.abs(px[i + 2] - bg[2]) + Math.abs(px[i + 3] - bg[3]) > 40) {
            inked += 1;
          }
        }
      }
    }
    return { top: r.top, left: r.left, width: r.width, height: r.height, canvas: !!canvas, inked, samples };
  }, testId);
}

/**
 * How far the document is wider than its viewport (0 or less: nothing scrolls sideways), with the culprits for the
 * failure message: elements past the right edge outside any scroll container, and elements whose content spills
 * over them (the chain up from the one that widens the page).
 */
export function horizontalOverflow(driver) {
  return driver.executeScript(() => {
    const doc = document.scrollingElement || document.documentElement;
    const vw = doc.clientWidth;
    const describe = (el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`;
    const scrolled = (el) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        if (getComputedStyle(p).overflowX !== 'visible') return true;
      }
      return false;
    };
    const outside = [];
    const spilling = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > vw + 0.5 && !scrolled(el)) outside.push(`${describe(el)} (right ${Math.round(r.right)})`);
      if (el.clientWidth > 0 && el.scrollWidth > el.clientWidth && getComputedStyle(el).overflowX === 'visible' && !scrolled(el)) {
        spilling.push(`${describe(el)} (${el.scrollWidth} > ${el.clientWidth})`);
      }
    }
    return { overflow: doc.scrollWidth - vw, viewport: vw, outside: outside.slice(0, 5), spilling: spilling.slice(-5) };
  });
}

/** Saves a PNG (a base64 WebDriver screenshot) to target/screenshots/<name>.png and returns its path. */
export async function savePng(name, base64) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await writeFile(path, Buffer.from(base64, 'base64'));
  return path;
}

/**
 * Decodes a PNG as the WebDriver screenshots are written (8-bit RGB or RGBA, not interlaced) into
 * `{ width, height, rgba }`, so that tests can look at what the engine actually put on screen.
 */
export function decodePng(base64) {
  const buf = Buffer.from(base64, 'base64');
  assert.equal(buf.toString('latin1', 1, 4), 'PNG', 'a screenshot is a PNG');
  let pos = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat = [];
  while (pos < buf.length) {
    const len = buf.readUInt32BE(pos);
    const type = buf.toString('latin1', pos + 4, pos + 8);
    const data = buf.subarray(pos + 8, pos + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colorType, , , interlace] = data.subarray(8, 13);
      assert.ok(depth === 8 && (colorType === 2 || colorType === 6) && interlace === 0, `a PNG this decoder reads (depth ${depth}, colour type ${colorType}, interlace ${interlace})`);
      channels = colorType === 6 ? 4 : 3;
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    pos += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const rows = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i += 1) {
      const a = i >= channels ? rows[y * stride + i - channels] : 0;
      const b = y > 0 ? rows[(y - 1) * stride + i] : 0;
      const c = i >= channels && y > 0 ? rows[(y - 1) * stride + i - channels] : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      rows[y * stride + i] = (line[i] + pred) & 0xff;
    }
  }
  const rgba = Buffer.alloc(width * height * 4);
  for (let p = 0; p < width * height; p += 1) {
    rows.copy(rgba, p * 4, p * channels, p * channels + 3);
    rgba[p * 4 + 3] = channels === 4 ? rows[p * channels + 3] : 255;
  }
  return { width, height, rgba };
}

/** The pixels of `png` inside `box` (CSS pixels of the viewport; screenshots are taken at a device pixel ratio of 1) that are close to `rgb`, counted per quarter of the box. */
export function colourByQuarter(png, box, [r, g, b], tolerance = 60) {
  const quarters = [0, 0, 0, 0];
  const x0 = Math.max(0, Math.floor(box.left));
  const y0 = Math.max(0, Math.floor(box.top));
  const x1 = Math.min(png.width, Math.ceil(box.left + box.width));
  const y1 = Math.min(png.height, Math.ceil(box.top + box.height));
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  for (let y = y0; y < y1; y += 1) {
    for (let x = x0; x < x1; x += 1) {
      const i = (y * png.width + x) * 4;
      const d = Math.abs(png.rgba[i] - r) + Math.abs(png.rgba[i + 1] - g) + Math.abs(png.rgba[i + 2] - b);
      if (d <= tolerance) quarters[(y < cy ? 0 : 2) + (x < cx ? 0 : 1)] += 1;
    }
  }
  return quarters;
}
