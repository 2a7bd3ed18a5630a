import { chromium } from 'playwright-core';
const url = process.argv[2] || 'http://127.0.0.1:8099/';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await b.newContext({ viewport: { width: 412, height: 823 } });
const p = await ctx.newPage();
const cdp = await ctx.newCDPSession(p);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await p.addInitScript(() => {
  window.__lt = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([Math.round(e.startTime), Math.round(e.duration), e.attribution?.[0]?.containerSrc || '']); }).observe({ type: 'longtask', buffered: true });
});
await p.goto(url);
await p.waitForTimeout(12000);
const r = await p.evaluate(() => ({ lt: window.__lt, paint: performance.getEntriesByType('paint').map(e => [e.name, Math.round(e.startTime)]), marks: performance.getEntriesByType('mark').map(m => [m.name, Math.round(m.startTime)]), res: performance.getEntriesByType('resource').map(r => [r.name.split('/').pop().slice(0,30), Math.round(r.startTime), Math.round(r.responseEnd)]) }));
console.log(JSON.stringify(r, null, 0));
await b.close();
