// The browser benchmark of Chỉ số: the app's release build against the plain-JS floor (bench/baseline.html),
// both served from one loopback origin, in one headless Chromium, interleaved run by run.
//
// Usage (normally through `cargo xtask bench`, which builds, stages and serves the files):
//   node bench/run.mjs --url http://127.0.0.1:PORT/ --root target/bench/www \
//        [--runs 10] [--syn-runs 10] [--changes 200] [--cpu 4] [--json out.json] [--md out.md] [--quick]
//        [--gzip-sizes target/bench/gzip-sizes.json]
//
// The served root holds a copy of dist/ (the app at /), bench/ (the baseline at /bench/baseline.html) and the
// synthetic dataset at /synthetic/nghe-an-synthetic.json.
//
// What is measured (see BENCHMARKS.md for the results and the method):
// - first chart: time from navigation start to the `chiso:first-chart` performance mark (both pages mark it on
//   ECharts' first `finished` event), each run in a fresh browser context (cold HTTP and code caches);
// - bytes of the first chart: every response (Resource Timing + navigation entry) that ended before that mark;
//   raw bytes as served, gzip -9 and brotli (q 11) sizes of the same files (the loopback server sends them
//   uncompressed); the gzip sizes are read from --gzip-sizes, written by `cargo xtask bench` with the sizer of the
//   budget (xtask/src/util.rs `gzip_size`), so both report the same bytes; without it, node's zlib at level 9;
// - filter change → chart updated: the indicator <select> labelled "Chỉ số" of the app (the baseline's
//   `__bench.change(id)`), from just before the change event to the next `chiso:chart-updated` mark; also to the
//   call of ECharts' setOption (the page's own work) and its duration, read by wrapping `echarts.init`;
// - memory after loading: CDP HeapProfiler.collectGarbage, then Performance.getMetrics JSHeapUsedSize, and the
//   wasm linear memory (`WebAssembly.Memory` of the app, from Trunk's TrunkApplicationStarted event);
// - the same with CDP Emulation.setCPUThrottlingRate (4×) as a phone stand-in.
import { chromium } from 'playwright-core';
import { readFileSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync, brotliCompressSync, constants as zc } from 'node:zlib';
import os from 'node:os';

// ------------------------------------------------------------------------------------------------ arguments
const argv = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const flag = (name) => argv.includes(`--${name}`);
const QUICK = flag('quick');
const BASE = arg('url', process.env.CHISO_BENCH_URL || 'http://127.0.0.1:8080/');
const ROOT = resolve(arg('root', 'target/bench/www'));
const RUNS = +arg('runs', QUICK ? 2 : 10);
const SYN_RUNS = +arg('syn-runs', QUICK ? 1 : RUNS);
const CHANGES = +arg('changes', QUICK ? 20 : 200);
const CPU = +arg('cpu', 4);
const OUT_JSON = arg('json', 'target/bench/browser.json');
const OUT_MD = arg('md', 'target/bench/browser.md');
const TIMEOUT = 180_000;
const GZIP_SIZES_FILE = arg('gzip-sizes', null);
const GZIP_SIZES = GZIP_SIZES_FILE ? JSON.parse(readFileSync(GZIP_SIZES_FILE, 'utf8')) : null;

const SYN = 'synthetic/nghe-an-synthetic.json';
const SYN_IND = 'synthetic_17~synthetic_18';
const VIEWPORT = { width: 1280, height: 800 };
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
];

const log = (...a) => console.log('[bench]', ...a);

// ------------------------------------------------------------------------------------------------ stats
function quantile(xs, q) {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
function stats(xs) {
  xs = xs.filter((x) => typeof x === 'number' && isFinite(x));
  if (!xs.length) return null;
  return {
    n: xs.length,
    median: quantile(xs, 0.5),
    p25: quantile(xs, 0.25),
    p75: quantile(xs, 0.75),
    p95: quantile(xs, 0.95),
    min: Math.min(...xs),
    max: Math.max(...xs),
  };
}

// ------------------------------------------------------------------------------------------------ sizes
const sizeCache = new Map();
/** The gzip size of a file of ROOT: xtask's (--gzip-sizes) when given, else node's zlib at level 9. */
function gzipSize(rel, buf) {
  if (!GZIP_SIZES) return gzipSync(buf, { level: 9 }).length;
  const n = GZIP_SIZES[rel];
  if (typeof n !== 'number') throw new Error(`${rel} is not in ${GZIP_SIZES_FILE} (stage and size it with xtask)`);
  return n;
}
/** Raw, gzip -9 and brotli q11 sizes of the served file behind a URL (null when it is not a file of ROOT). */
function fileSizes(url) {
  const u = new URL(url);
  let path = decodeURIComponent(u.pathname);
  if (path.endsWith('/')) path += 'index.html';
  const file = join(ROOT, path);
  if (!file.startsWith(ROOT)) return null;
  if (sizeCache.has(file)) return sizeCache.get(file);
  let out = null;
  let buf = null;
  try {
    if (statSync(file).isFile()) buf = readFileSync(file);
  } catch {
    buf = null;
  }
  if (buf) {
    // Brotli at quality 11 takes minutes on the 106 MB synthetic file: large files get gzip only.
    const big = buf.length > 8_000_000;
    out = {
      path: path.replace(/^\//, ''),
      raw: buf.length,
      gzip: gzipSize(path.replace(/^\//, ''), buf),
      brotli: big
        ? null
        : brotliCompressSync(buf, {
            params: { [zc.BROTLI_PARAM_QUALITY]: 11, [zc.BROTLI_PARAM_SIZE_HINT]: buf.length },
          }).length,
    };
  }
  sizeCache.set(file, out);
  return out;
}

/** A sum, or null when any part is unknown. */
const sum = (xs) => (xs.some((x) => x == null) ? null : xs.reduce((a, x) => a + x, 0));

// ------------------------------------------------------------------------------------------------ pages
/** Runs in every page before its scripts: wraps `echarts.init` (to time setOption) and keeps the app's wasm. */
function initScript() {
  addEventListener('TrunkApplicationStarted', (e) => {
    window.__benchWasm = e.detail && e.detail.wasm;
  });
  let ec;
  Object.defineProperty(window, 'echarts', {
    configurable: true,
    enumerable: true,
    get() {
      return ec;
    },
    set(v) {
      if (!v || typeof v.init !== 'function' || v.__bench) {
        ec = v;
        return;
      }
      // esbuild's namespace object has getter-only exports: wrap a plain copy instead.
      const copy = { ...v, __bench: true };
      const init = v.init;
      copy.init = function (...args) {
        const chart = init.apply(this, args);
        const setOption = chart.setOption;
        chart.setOption = function (...a) {
          const start = performance.now();
          const r = setOption.apply(this, a);
          (window.__benchSetOptions ??= []).push([start, performance.now()]);
          return r;
        };
        return chart;
      };
      ec = copy;
    },
  });
}

let browser;
async function openPage(url, cpu, { thenCpu } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, locale: 'vi-VN' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  await page.addInitScript(initScript);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT });
  let first;
  try {
    const h = await page.waitForFunction(
      () => performance.getEntriesByName('chiso:first-chart')[0]?.startTime,
      null,
      { timeout: TIMEOUT, polling: 50 },
    );
    first = await h.jsonValue();
  } catch (e) {
    await context.close();
    throw new Error(`no chiso:first-chart mark on ${url} (${e.message.split('\n')[0]})\n${errors.join('\n')}`);
  }
  if (thenCpu && thenCpu !== cpu) await cdp.send('Emulation.setCPUThrottlingRate', { rate: thenCpu });
  return { context, page, cdp, first, errors };
}

/** One cold load: time to first chart, bytes before it, and (optionally) memory. */
async function loadRun(url, cpu, { memory = false } = {}) {
  const { context, page, cdp, first, errors } = await openPage(url, cpu);
  const entries = await page.evaluate(() =>
    [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map((e) => ({
      name: e.name,
      start: e.startTime,
      end: e.responseEnd,
      transfer: e.transferSize,
      body: e.encodedBodySize,
    })),
  );
  const files = entries
    .filter((e) => e.end <= first)
    .map((e) => ({ ...e, sizes: fileSizes(e.name) }))
    .filter((e) => e.sizes);
  const out = {
    firstChart: first,
    files: files.map((e) => e.sizes.path),
    raw: sum(files.map((e) => e.sizes.raw)),
    gzip: sum(files.map((e) => e.sizes.gzip)),
    brotli: sum(files.map((e) => e.sizes.brotli)),
    transfer: files.reduce((a, e) => a + (e.transfer || 0), 0),
    errors: errors.length,
  };
  if (memory) {
    await page.waitForTimeout(300);
    await cdp.send('HeapProfiler.enable');
    await cdp.send('HeapProfiler.collectGarbage');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    out.jsHeapUsed = m.JSHeapUsedSize;
    out.jsHeapTotal = m.JSHeapTotalSize;
    out.wasmMemory = await page.evaluate(() => window.__benchWasm?.memory?.buffer?.byteLength ?? 0);
  }
  await context.close();
  return out;
}

/** The app's indicator select ("Chỉ số"), or the baseline's hook, as one `change(id)` done inside the page. */
async function changeRun(kind, url, cpu, ids, count) {
  // Loaded at full speed (the load is measured elsewhere), then throttled for the changes.
  const { context, page } = await openPage(url, 1, { thenCpu: cpu });
  let target;
  if (kind === 'app') {
    target = page.getByLabel('Chỉ số', { exact: true });
    const tag = await target.evaluate((el) => el.tagName);
    if (tag !== 'SELECT') throw new Error(`the control labelled "Chỉ số" is a ${tag}, not a select`);
    const offered = await target.evaluate((el) => [...el.options].map((o) => o.value));
    const missing = ids.filter((id) => !offered.includes(id));
    if (missing.length) throw new Error(`the app's indicator select lacks ${missing.join(', ')}`);
  } else {
    await page.evaluate(() => window.__bench.ready);
    target = page.locator('body');
  }
  const samples = [];
  for (let i = 0; i < count; i++) {
    const id = ids[i % ids.length];
    const r = await target.evaluate(
      (el, { id, kind }) =>
        new Promise((resolve, reject) => {
          performance.clearMarks('chiso:chart-updated');
          window.__benchSetOptions = [];
          const t0 = performance.now();
          if (kind === 'app') {
            el.value = id;
            el.dispatchEvent(new Event('change', { bubbles: true }));
          } else {
            window.__bench.change(id);
          }
          const deadline = t0 + 30000;
          const check = () => {
            const m = performance.getEntriesByName('chiso:chart-updated')[0];
            if (m) {
              const so = window.__benchSetOptions;
              resolve({
                drawn: m.startTime - t0,
                before: so.length ? so[0][0] - t0 : null,
                inside: so.length ? so[0][1] - so[0][0] : null,
                setOptions: so.length,
              });
            } else if (performance.now() > deadline) reject(new Error(`no chiso:chart-updated after ${id}`));
            else setTimeout(check, 1);
          };
          check();
        }),
      { id, kind },
    );
    samples.push(r);
  }
  await context.close();
  return samples;
}

/** Numeric indicators with figures for unit 40 (the baseline page computes them from the same JSON). */
async function indicatorList(baseUrl) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(baseUrl, { timeout: TIMEOUT });
  await page.evaluate(() => window.__bench.ready);
  const ids = await page.evaluate(() => window.__bench.indicators());
  await context.close();
  return ids;
}

// ------------------------------------------------------------------------------------------------ main
const started = Date.now();
browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: CHROMIUM_ARGS,
  headless: true,
});
const version = browser.version();
log(`Chromium ${version}, ${BASE}, runs ${RUNS} (synthetic ${SYN_RUNS}), ${CHANGES} changes, CPU ×1 and ×${CPU}`);

const appUrl = (q) => new URL(`?anim=0${q}`, BASE).href;
// The baseline's chart gets the app chart's width (measured once), so both draw the same canvas.
let width = 800;
{
  const { context, page } = await openPage(appUrl(''), 1);
  width = Math.round(await page.evaluate(() => document.querySelector('.echart')?.getBoundingClientRect().width || 800));
  await context.close();
}
const baseUrl = (q) => new URL(`bench/baseline.html?anim=0&w=${width}${q}`, BASE).href;

const datasets = {
  published: { app: appUrl(''), base: baseUrl('') },
  synthetic: { app: appUrl(`&data=${SYN}&ind=${SYN_IND}`), base: baseUrl(`&data=../${SYN}&ind=${SYN_IND}`) },
};
const results = { chromium: version, url: BASE, width, runs: RUNS, synRuns: SYN_RUNS, changes: CHANGES, cpu: CPU, load: {}, change: {}, map: null };

// Loads, interleaved: app, baseline, baseline, app, …
for (const [name, urls] of Object.entries(datasets)) {
  // The synthetic dataset is loaded at full speed only (memory and time); at 4× a load takes ~10 s per page.
  for (const cpu of name === 'synthetic' ? [1] : [1, CPU]) {
    const runs = name === 'synthetic' ? SYN_RUNS : RUNS;
    const key = `${name}@${cpu}x`;
    const acc = { app: [], base: [] };
    for (let r = 0; r < runs; r++) {
      const order = r % 2 ? ['base', 'app'] : ['app', 'base'];
      for (const kind of order) {
        const one = await loadRun(urls[kind], cpu, { memory: cpu === 1 });
        acc[kind].push(one);
        log(`load ${key} ${kind} #${r + 1}: first chart ${one.firstChart.toFixed(0)} ms, ${one.gzip} B gzip` +
          (one.jsHeapUsed != null ? `, heap ${(one.jsHeapUsed / 2 ** 20).toFixed(1)} MiB, wasm ${(one.wasmMemory / 2 ** 20).toFixed(1)} MiB` : ''));
      }
    }
    results.load[key] = Object.fromEntries(
      Object.entries(acc).map(([kind, list]) => [
        kind,
        {
          firstChart: stats(list.map((x) => x.firstChart)),
          raw: stats(list.map((x) => x.raw)),
          gzip: stats(list.map((x) => x.gzip)),
          brotli: stats(list.map((x) => x.brotli)),
          jsHeapUsed: stats(list.map((x) => x.jsHeapUsed)),
          wasmMemory: stats(list.map((x) => x.wasmMemory)),
          files: list[0].files,
          errors: list.reduce((a, x) => a + x.errors, 0),
        },
      ]),
    );
  }
}

// Per-file sizes of the first chart (the app's and the baseline's, published dataset).
results.firstLoadFiles = Object.fromEntries(
  ['app', 'base'].map((kind) => [
    kind,
    results.load['published@1x'][kind].files.map((p) => fileSizes(new URL(p, BASE).href)),
  ]),
);

// Filter changes: two interleaved blocks of CHANGES/2 per page kind.
for (const [name, urls] of Object.entries(datasets)) {
  const ids = await indicatorList(urls.base);
  // Start away from the initial view so the first change is a real change.
  const cycle = [...ids.slice(1), ids[0]];
  for (const cpu of [1, CPU]) {
    const key = `${name}@${cpu}x`;
    const acc = { app: [], base: [] };
    const blocks = 2;
    for (let b = 0; b < blocks; b++) {
      for (const kind of b % 2 ? ['base', 'app'] : ['app', 'base']) {
        const n = Math.ceil(CHANGES / blocks);
        const s = await changeRun(kind, urls[kind], cpu, ids.length > 1 ? cycle : ids, n);
        acc[kind].push(...s);
        log(`change ${key} ${kind} block ${b + 1}: median ${quantile(s.map((x) => x.drawn), 0.5).toFixed(1)} ms`);
      }
    }
    results.change[key] = Object.fromEntries(
      Object.entries(acc).map(([kind, list]) => [
        kind,
        {
          drawn: stats(list.map((x) => x.drawn)),
          before: stats(list.map((x) => x.before)),
          inside: stats(list.map((x) => x.inside)),
          setOptions: stats(list.map((x) => x.setOptions)),
          indicators: ids.length,
        },
      ]),
    );
  }
}

// The map view's extra bytes (lazy boundaries), app only, once: files fetched that the line view does not load.
{
  const { context, page } = await openPage(appUrl('&view=map'), 1);
  await page.waitForLoadState('networkidle').catch(() => {});
  const names = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name));
  const lineFiles = new Set(results.load['published@1x'].app.files);
  const extra = names.map((n) => fileSizes(n)).filter((s) => s && !lineFiles.has(s.path));
  results.map = {
    files: extra,
    raw: sum(extra.map((s) => s.raw)),
    gzip: sum(extra.map((s) => s.gzip)),
    brotli: sum(extra.map((s) => s.brotli)),
  };
  await context.close();
}
await browser.close();
results.seconds = Math.round((Date.now() - started) / 1000);
results.machine = `${os.cpus()[0]?.model?.trim()} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()}, Node ${process.version}`;

// ------------------------------------------------------------------------------------------------ report
const ms = (x) => (x == null ? '—' : x < 10 ? x.toFixed(2) : x < 100 ? x.toFixed(1) : x.toFixed(0));
const kb = (x) => (x == null ? '—' : (x / 1000).toFixed(1));
const bytes = (x) => (x == null ? '—' : x.toLocaleString('en'));
const mib = (x) => (x == null ? '—' : (x / 2 ** 20).toFixed(1));
const ratio = (a, b) => (a == null || b == null || b === 0 ? '—' : `**${(a / b).toFixed(2)}×**`);
const spread = (s, f) => (s ? `${f(s.p25)}–${f(s.p75)}` : '—');

const md = [];
md.push(`Chromium ${version} (headless, \`--disable-gpu\`), viewport ${VIEWPORT.width}×${VIEWPORT.height}, chart ${width}×380 px, ` +
  `both pages without animation (\`anim=0\`). ${RUNS} cold loads per page and setting (synthetic: ${SYN_RUNS}), ` +
  `interleaved app/baseline; ${CHANGES} filter changes per page and setting in 2 interleaved blocks. Run took ${results.seconds} s.`);
md.push('');
md.push('### Headline: app ÷ baseline');
md.push('');
md.push('| measure | dataset | CPU | app | baseline | ratio | target |');
md.push('|---|---|---|---:|---:|---:|---|');
{
  const l = results.load['published@1x'];
  md.push(`| first-chart bytes, gzip -9 (KB) | published | — | ${kb(l.app.gzip.median)} | ${kb(l.base.gzip.median)} | ${ratio(l.app.gzip.median, l.base.gzip.median)} | app ≤ 300 KB |`);
  md.push(`| first-chart bytes, brotli 11 (KB) | published | — | ${kb(l.app.brotli.median)} | ${kb(l.base.brotli.median)} | ${ratio(l.app.brotli.median, l.base.brotli.median)} | |`);
  md.push(`| first-chart bytes, raw (KB) | published | — | ${kb(l.app.raw.median)} | ${kb(l.base.raw.median)} | ${ratio(l.app.raw.median, l.base.raw.median)} | |`);
}
for (const key of Object.keys(results.load)) {
  const [name, cpu] = key.split('@');
  const l = results.load[key];
  md.push(`| time to first chart, median (ms) | ${name} | ${cpu} | ${ms(l.app.firstChart?.median)} | ${ms(l.base.firstChart?.median)} | ${ratio(l.app.firstChart?.median, l.base.firstChart?.median)} | ≤ 1.25× |`);
}
for (const key of Object.keys(results.change)) {
  const [name, cpu] = key.split('@');
  const c = results.change[key];
  md.push(`| filter → chart drawn, p95 (ms) | ${name} | ${cpu} | ${ms(c.app.drawn?.p95)} | ${ms(c.base.drawn?.p95)} | ${ratio(c.app.drawn?.p95, c.base.drawn?.p95)} | ≤ 16 ms, ≤ 1× (synthetic) |`);
}
{
  const s = results.load['synthetic@1x'];
  const appMem = (s.app.jsHeapUsed?.median ?? 0) + (s.app.wasmMemory?.median ?? 0);
  const baseMem = (s.base.jsHeapUsed?.median ?? 0) + (s.base.wasmMemory?.median ?? 0);
  md.push(`| memory after load, JS heap + wasm (MiB) | synthetic | 1× | ${mib(appMem)} | ${mib(baseMem)} | ${ratio(appMem, baseMem)} | ≤ 64 MB |`);
}
md.push('');
md.push('### Loads (cold, fresh context each): median and interquartile range');
md.push('');
md.push('| dataset | CPU | page | first chart ms (IQR) | min–max | raw KB | gzip KB | brotli KB | JS heap MiB | wasm MiB | errors |');
md.push('|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const [key, l] of Object.entries(results.load)) {
  const [name, cpu] = key.split('@');
  for (const kind of ['app', 'base']) {
    const x = l[kind];
    md.push(`| ${name} | ${cpu} | ${kind === 'app' ? 'app' : 'baseline'} | ${ms(x.firstChart?.median)} (${spread(x.firstChart, ms)}) | ` +
      `${ms(x.firstChart?.min)}–${ms(x.firstChart?.max)} | ${kb(x.raw?.median)} | ${kb(x.gzip?.median)} | ${kb(x.brotli?.median)} | ` +
      `${mib(x.jsHeapUsed?.median)} | ${cpu === '1x' ? mib(x.wasmMemory?.median) : '—'} | ${x.errors} |`);
  }
}
md.push('');
md.push('JS heap and wasm memory are measured at 1× only (after a forced GC, once the first chart is drawn). The ' +
  'synthetic dataset is loaded at 1× only; its gzip size is that of the 106 MB file, brotli is not computed for it.');
md.push('');
md.push('### Filter change → chart updated (ms)');
md.push('');
md.push('"drawn": from just before the change event to the `chiso:chart-updated` mark. Without animation ECharts paints ' +
  'the canvas synchronously inside `setOption` (`zr.flush()`) and emits `finished` there, so this is main-thread time up to ' +
  'the canvas draw calls (compositing to the screen follows in the next frame for both pages alike). It splits into ' +
  '"before ECharts" (change event → the first `setOption` call: for the app, the Leptos update, the query, the chart option ' +
  'in Rust and its JSON → JS conversion; for the baseline, its filter and option) and "inside setOption" (ECharts model, ' +
  'layout and paint). "calls": `setOption` calls between the change and the mark (median / max).');
md.push('');
md.push('| dataset | CPU | page | drawn p50 | drawn p95 | drawn max | before ECharts p50 / p95 | inside setOption p50 / p95 | calls | indicators cycled |');
md.push('|---|---|---|---:|---:|---:|---:|---:|---:|---:|');
for (const [key, c] of Object.entries(results.change)) {
  const [name, cpu] = key.split('@');
  for (const kind of ['app', 'base']) {
    const x = c[kind];
    md.push(`| ${name} | ${cpu} | ${kind === 'app' ? 'app' : 'baseline'} | ${ms(x.drawn?.median)} | ${ms(x.drawn?.p95)} | ` +
      `${ms(x.drawn?.max)} | ${ms(x.before?.median)} / ${ms(x.before?.p95)} | ${ms(x.inside?.median)} / ${ms(x.inside?.p95)} | ` +
      `${x.setOptions?.median ?? '—'} / ${x.setOptions?.max ?? '—'} | ${x.indicators} |`);
  }
}
md.push('');
md.push('### Files of the first chart (published dataset)');
md.push('');
md.push('| page | file | raw B | gzip -9 B | brotli 11 B |');
md.push('|---|---|---:|---:|---:|');
for (const kind of ['app', 'base']) {
  for (const f of results.firstLoadFiles[kind].filter(Boolean)) {
    md.push(`| ${kind === 'app' ? 'app' : 'baseline'} | \`${f.path}\` | ${bytes(f.raw)} | ${bytes(f.gzip)} | ${bytes(f.brotli)} |`);
  }
}
md.push('');
md.push(`Map view, extra files beyond the first chart (fetched lazily): ${results.map.files.map((f) => `\`${f.path}\``).join(', ') || 'none'} — ` +
  `${kb(results.map.raw)} KB raw, ${kb(results.map.gzip)} KB gzip -9, ${kb(results.map.brotli)} KB brotli.`);
md.push('');
md.push(`Machine: ${results.machine}.`);

mkdirSync(dirname(resolve(OUT_JSON)), { recursive: true });
writeFileSync(OUT_JSON, JSON.stringify(results, null, 2));
writeFileSync(OUT_MD, md.join('\n') + '\n');
console.log(md.join('\n'));
log(`wrote ${OUT_JSON} and ${OUT_MD} (${results.seconds} s)`);
