// The main flows of the explorer, run in one engine's browser session (see support.mjs): the first chart with its
// published values, a filter change, the map, English, dark mode, embed mode (alone and in the demo article on a
// second origin), and the phone layout inside a 360 px iframe (Firefox and WebKitGTK windows cannot be that narrow).
// The figures are those the Chromium tests read (e2e/explorer.test.mjs, e2e/map.test.mjs): the same build must show
// the same numbers in every engine. Screenshots go to target/screenshots/engines-<engine>-*.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  By,
  DESKTOP,
  HOST_URL,
  BASE_URL,
  Select,
  appUrl,
  chartPaint,
  chartSeries,
  colourByQuarter,
  decodePng,
  engineSession,
  horizontalOverflow,
  pageState,
  savePng,
  setInnerSize,
  waitForApp,
  waitForCharts,
  waitInPage,
} from './support.mjs';

/** The headline of the default view, with its Vietnamese diacritics (NFC, as the dataset writes them). */
const HEADLINE = 'Tổ chức đảng trong sạch vững mạnh · Tổ chức đảng yếu kém';
/** Phone: the iframe's size, and how tall the header may grow before the chart falls off the first screen. */
const PHONE = { width: 360, height: 740 };
const PHONE_HEADER_MAX = 320;
/** At least this much of the first chart is on the first screen of a phone. */
const PHONE_CHART_VISIBLE = 120;
// A flow that hangs fails instead (cold wasm compiles are slow on 2 shared cores).
const LIMIT = { timeout: 180_000 };

/** Registers the flows of this engine (`firefox` or `webkit`) as tests of the calling file. */
export function engineFlows(name) {
  const session = engineSession(name);
  const shot = async (what) => savePng(`engines-${name}-${what}`, await session.driver.takeScreenshot());

  /** Opens the app at the desktop size with this query and waits until its charts are drawn. */
  async function open(query) {
    const { driver } = session;
    await driver.switchTo().defaultContent();
    await setInnerSize(driver, DESKTOP);
    await driver.get(appUrl(query));
    await waitForApp(driver);
    return driver;
  }

  /** Fails unless the chart with this id is on screen with a box and ink on its canvas. */
  async function assertDrawn(driver, testId, { minHeight = 200 } = {}) {
    const paint = await chartPaint(driver, testId);
    assert.ok(paint, `the chart ${testId} is missing`);
    assert.ok(paint.height >= minHeight && paint.width > 200, `the chart ${testId} has a box of ${paint.width}×${paint.height} px`);
    assert.ok(paint.canvas, `the chart ${testId} has no canvas`);
    // Axes, lines and labels cover well over 1% of a drawn chart; a blank or unpainted canvas has none.
    assert.ok(paint.inked > paint.samples / 100, `the chart ${testId} looks blank: ${paint.inked} of ${paint.samples} sampled pixels drawn`);
    return paint;
  }

  test(`${name}: the default chart shows the published 63,04% (2001) and 68,6% (2013), with diacritics`, LIMIT, async (t) => {
    const driver = await open('?anim=0');
    t.diagnostic(`${session.label}: ${session.version}`);
    assert.equal(await driver.executeScript(() => document.documentElement.lang), 'vi');

    const series = await chartSeries(driver, 'chart-line');
    assert.ok(series, 'the line chart exists');
    const clean = series.find((s) => /trong sạch vững mạnh/.test(s.name));
    assert.ok(clean, `a series of clean and strong organisations: ${JSON.stringify(series)}`);
    assert.deepEqual(clean.values, [63.04, 68.6], 'the published figures of 2001 and 2013');
    assert.ok(series.some((s) => /yếu kém/.test(s.name)), 'the weak organisations line is there too');

    const aria = await driver.findElement(By.css('[data-testid="chart-line"]')).getAttribute('aria-label');
    assert.match(aria, /63,04%.*68,6%/, 'the chart describes its values the Vietnamese way');
    const headings = await driver.executeScript(() => [...document.querySelectorAll('h1, h2')].map((h) => h.textContent.trim()));
    assert.ok(headings.includes(HEADLINE), `the headline is written with its diacritics: ${JSON.stringify(headings)}`);
    const source = await driver.executeScript(() => document.body.textContent);
    assert.match(source, /Báo Nghệ An/, 'the source is named');

    await assertDrawn(driver, 'chart-line');
    const overflow = await horizontalOverflow(driver);
    assert.ok(overflow.overflow <= 0, `the page scrolls sideways at 1280 px: ${JSON.stringify(overflow)}`);

    // What the engine put on screen: the first series' colour along the chart, and the legend's hollow marker
    // (estimated values) drawn all round — as a dashed border it was two arcs on one side in WebKit.
    const base64 = await driver.takeScreenshot();
    t.diagnostic(`screenshot: ${await savePng(`engines-${name}-1280`, base64)}`);
    const png = decodePng(base64);
    const seen = await driver.executeScript(() => {
      const box = (el) => {
        const r = el.getBoundingClientRect();
        return { left: r.left, top: r.top, width: r.width, height: r.height };
      };
      const hex = getComputedStyle(document.documentElement).getPropertyValue('--series-1').trim();
      return {
        dpr: window.devicePixelRatio,
        colour: [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)),
        chart: box(document.querySelector('[data-testid="chart-line"]')),
        hollow: box(document.querySelector('.chart-legend .marker.hollow')),
      };
    });
    assert.equal(seen.dpr, 1, 'screenshots are taken at a device pixel ratio of 1');
    const line = colourByQuarter(png, seen.chart, seen.colour).reduce((a, b) => a + b, 0);
    assert.ok(line > 200, `the first series (${seen.colour}) is drawn on screen: ${line} pixels of its colour in the chart's box`);
    const ring = colourByQuarter(png, seen.hollow, seen.colour, 120);
    assert.ok(ring.every((n) => n > 0), `the hollow legend marker is drawn all round (pixels per quarter ${ring}, box ${JSON.stringify(seen.hollow)})`);
  });

  test(`${name}: a filter change — Huyện Tân Kỳ at district level reads 61% for 2013 in the table`, LIMIT, async (t) => {
    const driver = await open('?anim=0');
    await new Select(await driver.findElement(By.id('level'))).selectByValue('district');
    const search = await driver.findElement(By.css('input.place-search'));
    await search.sendKeys('tan ky');
    const box = await waitInPage(
      driver,
      () =>
        [...document.querySelectorAll('.place-list label')]
          .find((l) => l.querySelector('.place-name')?.textContent === 'Huyện Tân Kỳ')
          ?.querySelector('input[type="checkbox"]'),
      { message: 'searching "tan ky" at district level lists Huyện Tân Kỳ' },
    );
    await box.click();
    await new Select(await driver.findElement(By.id('indicator'))).selectByValue('clean_strong_orgs_pct');
    await driver.findElement(By.id('tab-table')).click();
    const cells = await waitInPage(
      driver,
      () => {
        const row = [...document.querySelectorAll('[data-testid="data-table"] tr')].find(
          (r) => r.textContent.includes('Huyện Tân Kỳ') && r.textContent.includes('2013'),
        );
        return row && [...row.querySelectorAll('td, th')].map((c) => c.innerText.trim());
      },
      { message: 'the table has a row of Huyện Tân Kỳ in 2013' },
    );
    assert.ok(cells.includes('61%'), `the row shows 61%: ${JSON.stringify(cells)}`);
    const url = await driver.getCurrentUrl();
    assert.match(url, /level=district/, 'the level is in the address');
    assert.match(url, /units=423@2013/, 'the chosen unit is in the address');
    t.diagnostic(`screenshot: ${await shot('table')}`);
  });

  test(`${name}: the map draws the 21 districts of 2020, three excellent and Nghĩa Đàn completed`, LIMIT, async (t) => {
    const driver = await open('?anim=0&level=district&ind=district_party_committee_rating');
    await driver.findElement(By.id('tab-map')).click();
    const state = await waitInPage(
      driver,
      () => {
        const el = document.querySelector('[data-testid="chart-map"]');
        const chart = el && window.echarts.getInstanceByDom(el);
        const series = chart?.getOption().series[0];
        const geo = series && window.echarts.getMap(series.map);
        if (!geo) return null;
        return {
          map: series.map,
          features: geo.geoJSON.features.length,
          items: series.data.map((d) => ({ id: d.name, color: d.itemStyle?.areaColor })),
        };
      },
      { message: 'the map view draws a map (boundaries fetched and registered, the map part of ECharts loaded)' },
    );
    await waitForCharts(driver);
    assert.equal(state.map, '2020-district');
    assert.equal(state.features, 21, 'the 21 districts of 2020 are drawn');
    const byColor = (c) => state.items.filter((i) => i.color === c).map((i) => i.id).sort();
    assert.deepEqual(byColor('#1b7a3e'), ['412@2020', '416@2020', '430@2020'], 'excellent (HTXSNV) districts');
    assert.deepEqual(byColor('#f0b429'), ['419@2020'], 'Nghĩa Đàn completed its tasks (HTNV)');
    const legend = await driver.findElement(By.css('[data-testid="map-legend"]')).getText();
    assert.match(legend, /Xuất sắc \(HTXSNV\)/, 'the legend names the categories with diacritics');
    await assertDrawn(driver, 'chart-map');
    t.diagnostic(`screenshot: ${await shot('map')}`);
  });

  test(`${name}: in English the page, its numbers and the chart's description are English`, LIMIT, async (t) => {
    const driver = await open('?anim=0&lang=en');
    assert.equal(await driver.executeScript(() => document.documentElement.lang), 'en');
    const aria = await driver.findElement(By.css('[data-testid="chart-line"]')).getAttribute('aria-label');
    assert.match(aria, /63\.04%.*68\.6%/, 'English numbers have a decimal point');
    assert.equal(await driver.findElement(By.id('tab-table')).getText(), 'Table');
    await assertDrawn(driver, 'chart-line');
    t.diagnostic(`screenshot: ${await shot('en')}`);
  });

  test(`${name}: dark mode darkens the page and the chart, and the toggle brings light back`, LIMIT, async (t) => {
    const driver = await open('?anim=0&theme=dark');
    assert.equal(await driver.executeScript(() => document.documentElement.dataset.theme), 'dark');
    const colors = await driver.executeScript(() => {
      const rgb = (c) => (c.match(/\d+(\.\d+)?/g) || []).slice(0, 3).map(Number);
      const lum = ([r, g, b]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
      const canvas = document.querySelector('[data-testid="chart-line"] canvas');
      const px = canvas.getContext('2d').getImageData(2, 2, 1, 1).data;
      const body = getComputedStyle(document.body);
      return {
        background: lum(rgb(body.backgroundColor)),
        text: lum(rgb(body.color)),
        chartCorner: px[3] === 0 ? null : lum([px[0], px[1], px[2]]),
      };
    });
    assert.ok(colors.background < 0.3, `the page background is dark: ${JSON.stringify(colors)}`);
    assert.ok(colors.text > 0.6, `the text is light: ${JSON.stringify(colors)}`);
    // The chart's canvas is either transparent (the dark page shows through) or painted dark.
    assert.ok(colors.chartCorner === null || colors.chartCorner < 0.3, `the chart is not a white box: ${JSON.stringify(colors)}`);
    await assertDrawn(driver, 'chart-line');
    t.diagnostic(`screenshot: ${await shot('dark')}`);

    await driver.findElement(By.css('.theme-toggle')).click();
    await waitInPage(driver, () => document.documentElement.dataset.theme === 'light', { message: 'the toggle turns dark mode off' });
    assert.match(await driver.getCurrentUrl(), /theme=light/);
  });

  test(`${name}: embed mode shows only the chart, its source and a link to the full explorer`, LIMIT, async (t) => {
    const driver = await open('?anim=0&embed=chart&eid=x1');
    const parts = await driver.executeScript(() => ({
      header: document.querySelectorAll('.site-header').length,
      controls: document.querySelectorAll('aside.controls').length,
      text: document.body.innerText,
      open: [...document.querySelectorAll('a')].find((a) => /Mở trong Chỉ số/.test(a.textContent))?.getAttribute('href') ?? null,
    }));
    assert.equal(parts.header, 0, 'no site header in an embed');
    assert.equal(parts.controls, 0, 'no filters in an embed unless asked for');
    assert.match(parts.text, /Nguồn: Báo Nghệ An, 2014/, 'the source line is shown');
    assert.ok(parts.open !== null, 'a link opens the full explorer');
    assert.doesNotMatch(parts.open, /embed=/, 'the link to the explorer is not an embed');
    const series = await chartSeries(driver, 'chart-line');
    assert.deepEqual(series?.find((s) => /trong sạch/.test(s.name))?.values, [63.04, 68.6]);
    await assertDrawn(driver, 'chart-line');
    t.diagnostic(`screenshot: ${await shot('embed')}`);
  });

  test(`${name}: in the demo article on another origin, embed.js sizes both frames to their content`, LIMIT, async (t) => {
    const { driver } = session;
    await driver.switchTo().defaultContent();
    await setInnerSize(driver, DESKTOP);
    await driver.get(`${HOST_URL}?app=${encodeURIComponent(BASE_URL)}`);
    for (const id of ['demo-1', 'demo-2']) {
      const frame = await waitInPage(driver, (i) => document.getElementById(i), { arg: id, message: `the demo page has iframe#${id}` });
      await driver.executeScript((el) => el.scrollIntoView({ block: 'center' }), frame);
      await driver.switchTo().frame(frame);
      await waitForApp(driver);
      // The frame's height follows its content by messages: compare the two until they agree (or time out).
      const until = Date.now() + 20_000;
      let sized;
      for (;;) {
        await driver.switchTo().defaultContent();
        const host = await driver.executeScript((i) => {
          const el = document.getElementById(i);
          return { style: el.style.height, height: el.getBoundingClientRect().height };
        }, id);
        await driver.switchTo().frame(await driver.findElement(By.id(id)));
        const content = await driver.executeScript(() => document.documentElement.scrollHeight);
        sized = { ...host, content };
        if (host.style !== '150px' && Math.abs(host.height - content) <= 3) break;
        assert.ok(Date.now() < until, `iframe#${id} is sized by its height messages to its content: ${JSON.stringify(sized)}`);
        await driver.sleep(100);
      }
      await driver.switchTo().defaultContent();
      assert.ok(sized.height > 300, `iframe#${id} is tall enough for its chart: ${JSON.stringify(sized)}`);
    }
    t.diagnostic(`screenshot: ${await shot('embed-demo')}`);
  });

  test(`${name}: on a phone (a 360 px iframe) nothing scrolls sideways and the chart starts on the first screen`, LIMIT, async (t) => {
    const { driver } = session;
    await driver.switchTo().defaultContent();
    await setInnerSize(driver, DESKTOP);
    await driver.get('about:blank');
    const frame = await driver.executeScript(
      (src, w, h) => {
        document.body.style.margin = '0';
        const f = document.createElement('iframe');
        f.id = 'phone';
        f.src = src;
        f.width = String(w);
        f.height = String(h);
        f.style.border = '0';
        f.style.display = 'block';
        document.body.appendChild(f);
        return f;
      },
      appUrl('?anim=0'),
      PHONE.width,
      PHONE.height,
    );
    await driver.switchTo().frame(frame);
    await waitForApp(driver);
    const layout = await driver.executeScript(() => {
      const box = (s) => {
        const el = document.querySelector(s);
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return { top: Math.round(r.top), height: Math.round(r.height), width: Math.round(r.width) };
      };
      const level = document.getElementById('level');
      return {
        viewport: [window.innerWidth, window.innerHeight, document.documentElement.clientWidth],
        header: box('.site-header'),
        chart: box('[data-testid="chart-line"]'),
        headings: [...document.querySelectorAll('h1, h2')].map((h) => h.textContent.trim()),
        filtersShown: !!level && level.getClientRects().length > 0 && getComputedStyle(level).visibility !== 'hidden',
      };
    });
    const why = JSON.stringify(layout);
    // A phone's scrollbars overlay the page: the layout is the whole 360 px wide.
    assert.deepEqual(layout.viewport, [PHONE.width, PHONE.height, PHONE.width], `the app sees a phone viewport: ${why}`);
    const overflow = await horizontalOverflow(driver);
    assert.ok(overflow.overflow <= 0, `the page scrolls sideways at 360 px: ${JSON.stringify(overflow)}`);
    assert.ok(layout.header && layout.header.height <= PHONE_HEADER_MAX, `the header is at most ${PHONE_HEADER_MAX} px tall: ${why}`);
    assert.ok(layout.chart && layout.chart.height > 150, `the chart has a box: ${why}`);
    assert.ok(layout.chart.width <= PHONE.width, `the chart fits the width: ${why}`);
    assert.ok(
      layout.chart.top + PHONE_CHART_VISIBLE <= PHONE.height,
      `at least ${PHONE_CHART_VISIBLE} px of the chart are on the first screen: ${why}`,
    );
    assert.equal(layout.filtersShown, false, `the filters start closed in a drawer: ${why}`);
    assert.ok(layout.headings.includes(HEADLINE), `the headline keeps its diacritics: ${why}`);
    await assertDrawn(driver, 'chart-line', { minHeight: 150 });
    const state = await pageState(driver);
    assert.equal(state.panic, null);
    const phoneShot = async (what) => {
      await driver.switchTo().defaultContent();
      const png = session.elementScreenshots
        ? await driver.findElement(By.id('phone')).takeScreenshot()
        : await driver.takeScreenshot();
      t.diagnostic(`screenshot: ${await savePng(`engines-${name}-${what}`, png)}`);
      await driver.switchTo().frame(await driver.findElement(By.id('phone')));
    };
    await phoneShot('360');

    // The filters drawer open: its selects hold long option texts that must not widen the page (WebKit counted
    // them as overflow).
    await driver.findElement(By.css('.filters-toggle')).click();
    await waitInPage(driver, () => document.getElementById('level')?.getClientRects().length > 0, {
      message: 'the filters toggle opens the drawer',
    });
    await waitInPage(driver, () => document.getAnimations().every((a) => a.playState !== 'running'), {
      message: "the drawer's transitions end",
    });
    const open = await horizontalOverflow(driver);
    assert.ok(open.overflow <= 0, `the page scrolls sideways at 360 px with the filters open: ${JSON.stringify(open)}`);
    await phoneShot('360-filters');
    await driver.switchTo().defaultContent();
  });
}
