// Opening large files in the app: long tasks while a reader's sheet is read, checked and drawn, and while the
// synthetic dataset streams in through `data=`. Measures only (never asserts); numbers go to BENCHMARKS.md
// ("A reader's own sheet in the browser").
//
//   cargo xtask build && cargo xtask serve            # in one terminal (or any static server of dist/)
//   node bench/large-files.mjs http://127.0.0.1:8080/  # in another
//
// The sheets are generated into target/bench/sheets/ from data/nghe-an.json: real units and indicators, every value
// and sentence invented and labelled synthetic. The synthetic dataset must be served at synthetic/ beside the app
// (`cargo run -p chiso-data -- synthetic`, then copy or link target/synthetic into the served folder); it is
// skipped when the server does not have it.

import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { oneLine, spread } from './sheets.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'target', 'bench', 'sheets');
const URL_ = process.argv[2] || 'http://127.0.0.1:8080/';
const RUNS = 3;
mkdirSync(OUT, { recursive: true });
const sheets = [
  ['spread-comma.csv', (p) => spread(p, true)],
  ['spread.csv', (p) => spread(p, false)],
  ['line-20k.csv', (p) => oneLine(p, 20_000)],
  ['line-40k.csv', (p) => oneLine(p, 40_000)],
  ['line-300k.csv', (p) => oneLine(p, 300_000)],
];
for (const [name, make] of sheets) if (!existsSync(join(OUT, name))) make(join(OUT, name));

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

async function once(target) {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.addInitScript(() => {
    window.__long = [];
    new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
  });
  let start;
  if (target.startsWith('?')) {
    start = Date.now();
    await page.goto(URL_ + target);
    await page.waitForSelector('main[data-ready="true"]', { timeout: 180_000 });
  } else {
    await page.goto(`${URL_}?anim=0`);
    await page.waitForSelector('main[data-ready="true"]');
    await page.evaluate(() => { window.__long = []; });
    await page.getByRole('button', { name: 'Mở tệp dữ liệu của bạn' }).click();
    start = Date.now();
    await page.getByRole('dialog').getByLabel('Chọn tệp').setInputFiles(target);
    await page.getByRole('dialog').getByText(/Đã mở|lỗi/).first().waitFor({ timeout: 300_000 });
    await page.waitForTimeout(300);
  }
  const ms = Date.now() - start;
  const long = await page.evaluate(() => window.__long);
  await ctx.close();
  return { ms, longest: Math.max(0, ...long), over: long.filter((d) => d > 100).length };
}

const targets = sheets.map(([name]) => join(OUT, name));
const probe = await fetch(`${URL_}synthetic/nghe-an-synthetic.json`, { method: 'HEAD' }).catch(() => null);
if (probe?.ok) targets.push('?anim=0&data=synthetic/nghe-an-synthetic.json');
console.log('| file | opened (ms) | longest task (ms) | runs | tasks > 100 ms |');
console.log('|---|---:|---:|---|---:|');
for (const t of targets) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(t));
  const name = t.startsWith('?') ? 'synthetic dataset (data=)' : t.split('/').pop();
  console.log(`| ${name} | ${median(runs.map((r) => r.ms))} | ${Math.round(median(runs.map((r) => r.longest)))} | ${runs.map((r) => Math.round(r.longest)).join(' / ')} | ${median(runs.map((r) => r.over))} |`);
}
await browser.close();
