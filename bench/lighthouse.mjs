// Lighthouse (performance only) on the app and on the plain-JS baseline, mobile and desktop, medians of N runs.
// It serves nothing: give it the URLs of pages someone else serves (`cargo xtask bench` and
// `cargo xtask bench --lighthouse-only` serve a copy of dist/ with its precompressed .br/.gz files, and the
// baseline at bench/baseline.html, on 127.0.0.1).
//
// Usage:
//   node bench/lighthouse.mjs --app http://127.0.0.1:PORT/ --baseline http://127.0.0.1:PORT/bench/baseline.html \
//        [--runs 3] [--json target/bench/lighthouse.json] [--md target/bench/lighthouse.md] [--chromium PATH]
//
// Three pages: the app as a reader opens it (`/`), the same app as an article embeds its default view
// (`?embed=chart&eid=lh`: the chart drawn at build time, made live by the first chart's ECharts, no wasm) and the
// baseline.
//
// Each run launches Debian's Chromium (never a downloaded one) with a fresh user-data-dir through chrome-launcher
// (Lighthouse's own launcher, installed with it), flags CHROME_FLAGS below, then runs Lighthouse 12's navigation
// with only the performance category:
// - mobile: Lighthouse's default settings (a Moto G Power sized screen, 4× CPU slowdown, simulated slow 4G:
//   150 ms RTT, 1.6 Mbit/s; the metrics are simulated from the trace by Lantern);
// - desktop: Lighthouse's desktop preset (core/config/desktop-config.js: 1350×940, no CPU slowdown, simulated
//   40 ms RTT, 10 Mbit/s).
// Runs alternate app / baseline. Reported per page and preset, the median of: the performance score, FCP, LCP,
// TBT, CLS, Speed Index, Time to Interactive (all simulated), total bytes (`total-byte-weight`: bytes on the wire of every request
// Lighthouse saw) and, read from the same run, the bytes on the wire of the requests that had ended when the
// page marked `chiso:first-chart` (both pages mark it on ECharts' first `finished` event; observed, unthrottled
// timeline: the order of requests, not their simulated time), and of those that had ended when the first chart
// was interactive: the app's `chiso:first-chart-interactive` (the build-time chart live, echarts/first-chart.js), the
// baseline's `chiso:first-chart` (its chart is live when drawn). A canvas is never an LCP candidate, so LCP is the
// largest text or image, not the chart.
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const argv = process.argv.slice(2);
const arg = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const APP = arg('app', null);
const BASELINE = arg('baseline', null);
const RUNS = +arg('runs', 3);
const OUT_JSON = arg('json', 'target/bench/lighthouse.json');
const OUT_MD = arg('md', 'target/bench/lighthouse.md');
const CHROMIUM = arg('chromium', process.env.CHROMIUM || '/usr/bin/chromium');
if (!APP || !BASELINE) {
  console.error('usage: node bench/lighthouse.mjs --app URL --baseline URL [--runs 3] [--json F] [--md F]');
  process.exit(2);
}

export const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const PRESETS = [
  { name: 'mobile', config: undefined },
  { name: 'desktop', config: desktopConfig },
];
const PAGES = [
  { name: 'app', url: APP },
  { name: 'embed', url: `${APP}${APP.includes('?') ? '&' : '?'}embed=chart&eid=lh` },
  { name: 'baseline', url: BASELINE },
];

const log = (...a) => console.log('[lighthouse]', ...a);

/** One Lighthouse run in a fresh Chromium profile: the measures of one page. */
async function runOnce(url, config) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'chiso-lh-'));
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: CHROME_FLAGS,
    userDataDir,
    logLevel: 'silent',
  });
  try {
    const result = await lighthouse(
      url,
      { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] },
      config,
    );
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const audit = (id) => lhr.audits[id]?.numericValue ?? null;
    const requests = lhr.audits['network-requests']?.details?.items ?? [];
    const marks = lhr.audits['user-timings']?.details?.items ?? [];
    const mark = (name) => marks.find((m) => m.name === name && m.timingType === 'Mark');
    const firstChart = mark('chiso:first-chart');
    const live = mark('chiso:first-chart-interactive') ?? firstChart;
    // network-requests times and user-timing marks are both observed, in ms from the navigation's start.
    const bytesBefore = (t) =>
      t == null ? null : requests.filter((r) => r.networkEndTime <= t).reduce((a, r) => a + (r.transferSize || 0), 0);
    return {
      score: lhr.categories.performance.score == null ? null : lhr.categories.performance.score * 100,
      fcp: audit('first-contentful-paint'),
      lcp: audit('largest-contentful-paint'),
      tbt: audit('total-blocking-time'),
      cls: audit('cumulative-layout-shift'),
      si: audit('speed-index'),
      // Time to Interactive: no longer in the score since Lighthouse 10, still computed (simulated).
      tti: audit('interactive') ?? lhr.audits.metrics?.details?.items?.[0]?.interactive ?? null,
      bytes: audit('total-byte-weight'),
      // Which element Lighthouse took as the largest paint (a snippet of its HTML), to read in the JSON.
      lcpElement: lhr.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? null,
      requests: requests.length,
      firstChartMs: firstChart?.startTime ?? null,
      bytesFirstChart: bytesBefore(firstChart?.startTime),
      liveMs: live?.startTime ?? null,
      bytesInteractive: bytesBefore(live?.startTime),
      lighthouse: lhr.lighthouseVersion,
      userAgent: lhr.environment?.hostUserAgent,
      warnings: lhr.runWarnings,
    };
  } finally {
    await chrome.kill();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

const median = (xs) => {
  const s = xs.filter((x) => typeof x === 'number' && isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const started = Date.now();
const runs = {};
for (const preset of PRESETS) {
  for (let i = 0; i < RUNS; i++) {
    for (const page of PAGES) {
      const key = `${preset.name}/${page.name}`;
      const r = await runOnce(page.url, preset.config);
      (runs[key] ??= []).push(r);
      log(
        `${key} run ${i + 1}/${RUNS}: score ${r.score?.toFixed(0)}, FCP ${r.fcp?.toFixed(0)} ms, ` +
          `LCP ${r.lcp?.toFixed(0)} ms, TBT ${r.tbt?.toFixed(0)} ms, bytes ${r.bytes}`,
      );
    }
  }
}

const MEASURES = [
  'score', 'fcp', 'lcp', 'tbt', 'cls', 'si', 'tti', 'bytes', 'bytesInteractive', 'bytesFirstChart', 'liveMs', 'firstChartMs',
  'requests',
];
const medians = {};
for (const [key, list] of Object.entries(runs)) {
  medians[key] = Object.fromEntries(MEASURES.map((m) => [m, median(list.map((r) => r[m]))]));
}
const any = Object.values(runs)[0][0];
const seconds = Math.round((Date.now() - started) / 1000);

// ------------------------------------------------------------------------------------------------ Markdown
const ms = (x) => (x == null ? '—' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);
const kb = (x) => (x == null ? '—' : `${(x / 1000).toFixed(1)} KB`);
const fmt = {
  score: (x) => (x == null ? '—' : `**${Math.round(x)}**`),
  fcp: ms,
  lcp: ms,
  tbt: ms,
  cls: (x) => (x == null ? '—' : x.toFixed(3)),
  si: ms,
  tti: ms,
  bytes: kb,
  bytesInteractive: kb,
  bytesFirstChart: kb,
};
const LABELS = {
  score: 'performance score (0–100)',
  fcp: 'First Contentful Paint',
  lcp: 'Largest Contentful Paint',
  tbt: 'Total Blocking Time',
  cls: 'Cumulative Layout Shift',
  si: 'Speed Index',
  tti: 'Time to Interactive',
  bytes: 'total bytes (on the wire)',
  bytesInteractive: 'bytes before the first chart is interactive (on the wire)',
  bytesFirstChart: 'bytes before the app has drawn its first chart (on the wire)',
};
const ratio = (a, b) => (a == null || b == null || b === 0 ? '—' : `${(a / b).toFixed(2)}×`);
let md = `Lighthouse ${any.lighthouse}, performance category only, ${RUNS} runs per page and preset (median), app and `;
md += `baseline alternating, each in a fresh profile of ${any.userAgent?.match(/Chrome\/[\d.]+/)?.[0] ?? 'Chromium'} `;
md += `(\`${CHROME_FLAGS.join(' ')}\`). Run took ${seconds} s.\n`;
for (const preset of PRESETS) {
  const a = medians[`${preset.name}/app`];
  const e = medians[`${preset.name}/embed`];
  const b = medians[`${preset.name}/baseline`];
  md += `\n### ${preset.name === 'mobile' ? 'Mobile (default: simulated slow 4G, 4× CPU)' : 'Desktop (preset: simulated 10 Mbit/s, 40 ms RTT, no CPU slowdown)'}\n\n`;
  md += '| measure | app | embed | baseline | app ÷ baseline | embed ÷ baseline |\n|---|---:|---:|---:|---:|---:|\n';
  for (const m of Object.keys(LABELS)) {
    const plain = m === 'score' || m === 'cls';
    const embedCell = m === 'bytesFirstChart' ? '— (no app)' : fmt[m](e[m]);
    md += `| ${LABELS[m]} | ${fmt[m](a[m])} | ${embedCell} | ${fmt[m](b[m])} | ${plain ? '' : ratio(a[m], b[m])} | ${plain || m === 'bytesFirstChart' ? '' : ratio(e[m], b[m])} |\n`;
  }
}
const warnings = [...new Set(Object.values(runs).flat().flatMap((r) => r.warnings ?? []))];
if (warnings.length) md += `\nLighthouse warned: ${warnings.map((w) => `“${w}”`).join('; ')}\n`;

mkdirSync(dirname(OUT_JSON), { recursive: true });
writeFileSync(OUT_JSON, JSON.stringify({ runs: RUNS, medians, all: runs }, null, 2));
mkdirSync(dirname(OUT_MD), { recursive: true });
writeFileSync(OUT_MD, md);
log(`wrote ${OUT_JSON} and ${OUT_MD} in ${seconds} s`);
