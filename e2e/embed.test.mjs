// Embedding in an article: the demo host page (embed/demo.html, served from a second origin) builds two iframes of
// the app in embed mode and includes the app's embed.js, which sizes each iframe from the height messages its own
// document posts. Checks the heights, the frames' contents, that foreign or malformed messages are ignored (also
// from frames of another origin than the app's), and the narrow layouts.
//
// Environment: CHISO_URL (the app) and CHISO_HOST_URL (the demo page on another origin, default
// http://127.0.0.1:8081/demo.html, as printed by `cargo xtask serve`). `cargo xtask test` sets both.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE_URL, openApp, screenshot, waitForCharts } from './support/browser.mjs';

const HOST_URL = process.env.CHISO_HOST_URL || 'http://127.0.0.1:8081/demo.html';
const DEMO = `${HOST_URL}?app=${encodeURIComponent(BASE_URL)}`;
const IDS = ['demo-1', 'demo-2'];
// Fail rather than hang (an off-screen cross-origin frame never runs requestAnimationFrame).
const LIMIT = { timeout: 90_000 };

/**
 * The frame of the iframe with this id, once its app is ready and its charts are drawn. The iframe is scrolled into
 * view first, as a reader would: Chromium does not render cross-origin frames that are off screen, so their
 * animation frames and resize observers (which post the heights) wait until they are seen.
 */
async function readyFrame(page, id) {
  const handle = await page.waitForSelector(`iframe#${id}`, { state: 'attached' });
  await handle.scrollIntoViewIfNeeded();
  const frame = await handle.contentFrame();
  assert.ok(frame, `iframe#${id} has a frame`);
  await frame.waitForSelector('[data-ready="true"]', { state: 'attached', timeout: 20_000 });
  await waitForCharts(frame);
  return frame;
}

/** The iframes' inline heights on the host page, by id ("150px", …). */
function styleHeights(page) {
  return page.evaluate(
    (ids) => Object.fromEntries(ids.map((id) => [id, document.getElementById(id).style.height])),
    IDS,
  );
}

/**
 * Waits until the iframe's height was set by a message (no longer the initial 150px) and is within 3 px of its
 * document's content height; returns both.
 */
async function settledHeight(page, frame, id, { timeout = 15_000 } = {}) {
  const until = Date.now() + timeout;
  let last;
  for (;;) {
    const [frameHeight, style] = await page.evaluate((i) => {
      const el = document.getElementById(i);
      return [el.getBoundingClientRect().height, el.style.height];
    }, id);
    const content = await frame.evaluate(() => document.documentElement.scrollHeight);
    last = { style, frameHeight, content };
    if (style !== '150px' && Math.abs(frameHeight - content) <= 3) return last;
    if (Date.now() > until) {
      assert.fail(`iframe#${id} was not sized to its content within ${timeout} ms: ${JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every series value of every ECharts instance in the frame. */
function chartValues(frame) {
  return frame.evaluate(() =>
    [...document.querySelectorAll('[_echarts_instance_]')].flatMap((el) => {
      const chart = window.echarts.getInstanceByDom(el);
      return chart
        ? chart
            .getOption()
            .series.flatMap((s) => s.data.map((d) => (Array.isArray(d) ? d[1] : Array.isArray(d.value) ? d.value[1] : d.value ?? d)))
        : [];
    }),
  );
}

/** True when the element's document has no horizontal overflow. */
const noHorizontalScroll = () => {
  const el = document.scrollingElement || document.documentElement;
  return { ok: el.scrollWidth <= el.clientWidth, scrollWidth: el.scrollWidth, clientWidth: el.clientWidth };
};

async function openDemo(t, viewport) {
  assert.notEqual(new URL(HOST_URL).origin, new URL(BASE_URL).origin, 'the demo page and the app are on two origins');
  const page = await openApp(DEMO, { t, viewport });
  const frames = {};
  for (const id of IDS) {
    frames[id] = await readyFrame(page, id);
    await settledHeight(page, frames[id], id);
  }
  return { page, frames };
}

test('the demo article sizes both embeds to their content, from another origin', LIMIT, async (t) => {
  const { page, frames } = await openDemo(t);
  for (const id of IDS) {
    const h = await settledHeight(page, frames[id], id);
    t.diagnostic(`${id}: ${h.style} for a content height of ${h.content}px`);
    assert.equal(new URL(frames[id].url()).origin, new URL(BASE_URL).origin, `${id} shows the app`);
  }

  // 1: the default view's chart, 63,04% in 2001 and 68,6% in 2013.
  const values = await chartValues(frames['demo-1']);
  assert.ok(values.includes(63.04) && values.includes(68.6), `demo-1 charts 63.04 and 68.6: ${JSON.stringify(values)}`);

  // 2: the Tân Kỳ table, 61% in 2013.
  const row = frames['demo-2'].getByRole('row', { name: /Tân Kỳ/ }).filter({ hasText: '2013' });
  await row.first().waitFor();
  const cells = await row.first().getByRole('cell').allInnerTexts();
  assert.ok(cells.includes('61%'), `the Tân Kỳ row shows 61%: ${JSON.stringify(cells)}`);

  // The aside is the 320 px column, and its embed fits it without a horizontal scrollbar.
  const width = await page.evaluate(() => document.getElementById('demo-2').getBoundingClientRect().width);
  assert.equal(Math.round(width), 320);
  const scroll = await frames['demo-2'].evaluate(noHorizontalScroll);
  assert.ok(scroll.ok, `the 320 px embed scrolls horizontally: ${JSON.stringify(scroll)}`);

  await screenshot(page, 'embed-demo');
});

test('messages of another shape, or from a window other than the frame, leave the heights alone', LIMIT, async (t) => {
  const { page, frames } = await openDemo(t);
  const before = await styleHeights(page);
  await page.evaluate(() => {
    window.testMarks = [];
    addEventListener('message', (e) => {
      if (typeof e.data === 'string' && e.data.startsWith('test:')) window.testMarks.push(e.data);
    });
  });
  const marked = (mark) => page.waitForFunction((m) => window.testMarks.includes(m), mark);

  // Well-formed, but from the host window itself.
  await page.evaluate(() => {
    postMessage({ type: 'chiso:height', id: 'demo-1', height: 777 }, '*');
    postMessage({ 'datawrapper-height': { 'demo-2': 777 } }, '*');
    postMessage('test:host', '*');
  });
  await marked('test:host');

  // From the frame, but malformed: messages from one source arrive in order, so the mark comes last.
  await frames['demo-1'].evaluate(() => {
    const bogus = [
      { type: 'chiso:height', id: 'demo-1', height: '777' },
      { type: 'chiso:height', id: 'demo-1', height: -5 },
      { type: 'chiso:height', id: 'demo-1', height: 50000 },
      { type: 'chiso:height', id: 'demo-1', height: NaN },
      { type: 'chiso:height', id: 'demo-1' },
      { type: 'other', id: 'demo-1', height: 777 },
      { 'datawrapper-height': 777 },
      { 'datawrapper-height': { 'demo-1': 'tall' } },
      { 'datawrapper-height': { 'demo-1': 777, 'demo-2': 778 } },
      { height: 777 },
      '{"type":"chiso:height","id":"demo-1","height":777}',
      [777],
      777,
      null,
    ];
    for (const m of bogus) parent.postMessage(m, '*');
    parent.postMessage('test:frame', '*');
  });
  await marked('test:frame');
  assert.deepEqual(await styleHeights(page), before, 'a malformed message, or one from the host window, resized');

  // Well-formed, naming demo-1, but from another iframe: never an embed by its id.
  await postFromIntruder(page, 'test:intruder');
  assert.deepEqual(await styleHeights(page), before, "another frame's message changed an embed's height");
});

/**
 * Adds an iframe of the host page's origin (`srcdoc`) that posts height messages for itself and the demo frames,
 * then `mark`; waits for the mark (messages from one source arrive in order) and removes the frame. Returns the
 * intruder's height just before.
 */
async function postFromIntruder(page, mark) {
  await page.evaluate(
    (mark) =>
      new Promise((resolve) => {
        const intruder = document.createElement('iframe');
        intruder.id = 'intruder';
        intruder.setAttribute('style', 'height: 150px');
        const script = `<script>parent.postMessage({ type: 'chiso:height', id: 'demo-1', height: 321 }, '*');
          parent.postMessage({ 'datawrapper-height': { 'demo-2': 321 } }, '*');
          parent.postMessage({ type: 'chiso:height', id: 'intruder', height: 321 }, '*');
          parent.postMessage(${JSON.stringify(mark)}, '*');</` + 'script>';
        addEventListener('message', function onMark(e) {
          if (e.data === mark) {
            removeEventListener('message', onMark);
            resolve();
          }
        });
        intruder.srcdoc = script;
        document.body.appendChild(intruder);
      }),
    mark,
  );
  const height = await page.evaluate(() => document.getElementById('intruder').style.height);
  await page.evaluate(() => document.getElementById('intruder').remove());
  return height;
}

test('a frame from another origin than the app posting a height is ignored, even for itself', LIMIT, async (t) => {
  const { page } = await openDemo(t);
  const before = await styleHeights(page);
  // On the host page's origin (srcdoc): the message's origin is not the app's.
  assert.equal(await postFromIntruder(page, 'test:srcdoc'), '150px', 'a srcdoc frame resized itself');
  // A data: frame (an opaque origin, "null").
  const html = (mark) =>
    'data:text/html,' +
    encodeURIComponent(`<script>parent.postMessage({ type: 'chiso:height', id: 'x', height: 321 }, '*');
      parent.postMessage(${JSON.stringify(mark)}, '*');</` + 'script>');
  await page.evaluate(
    ([src, mark]) =>
      new Promise((resolve) => {
        const f = document.createElement('iframe');
        f.id = 'intruder';
        f.setAttribute('style', 'height: 150px');
        addEventListener('message', (e) => e.data === mark && resolve());
        f.src = src;
        document.body.appendChild(f);
      }),
    [html('test:data'), 'test:data'],
  );
  const height = await page.evaluate(() => document.getElementById('intruder').style.height);
  assert.equal(height, '150px', 'a data: frame resized itself');
  await page.evaluate(() => document.getElementById('intruder').remove());
  assert.deepEqual(await styleHeights(page), before, "a foreign frame's message changed an embed's height");
});

test('on a phone (360×740) the article is one column and nothing scrolls sideways', LIMIT, async (t) => {
  const { page, frames } = await openDemo(t, { width: 360, height: 740 });
  const host = await page.evaluate(noHorizontalScroll);
  assert.ok(host.ok, `the demo page scrolls horizontally: ${JSON.stringify(host)}`);
  for (const id of IDS) {
    const width = await page.evaluate((i) => document.getElementById(i).getBoundingClientRect().width, id);
    assert.equal(Math.round(width), 320, `${id} is 320 px wide`);
    const scroll = await frames[id].evaluate(noHorizontalScroll);
    assert.ok(scroll.ok, `${id} scrolls horizontally at 320 px: ${JSON.stringify(scroll)}`);
  }
  await screenshot(page, 'embed-demo-narrow');
});
