// Accessibility, end to end: axe-core (node_modules/axe-core, pinned) finds no violation, best-practice rules
// included, in every view, in both languages, light and dark, in embed mode and with the phone's filter drawer
// open; and a keyboard walk: Tab through the page with focus always visible, never lost to <body> after a
// control removes itself (a chip, "clear all", the breadcrumb, a profile), the tabs and the export toolbar
// moved through with the arrow keys, Escape closing the phone drawer.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, openApp, screenshot, waitForApp, waitForCharts } from './support/browser.mjs';

const AXE_SOURCE = readFileSync(join(REPO_ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const PHONE = { width: 360, height: 740 };

/** Runs axe on the page; fails listing each violation as rule id, target and help. */
async function assertAxeClean(page, what) {
  // Evaluated through the DevTools protocol, not as a <script> tag: the page's Content-Security-Policy refuses
  // inline scripts, as it should.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return r.violations.map((v) => ({
      id: v.id,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 6),
      count: v.nodes.length,
    }));
  });
  const lines = violations.map((v) => `- ${v.id} (${v.count}×): ${v.help}\n    at ${v.targets.join('\n    at ')}`);
  assert.equal(violations.length, 0, `axe found ${violations.length} violation(s) in ${what}:\n${lines.join('\n')}`);
}

/** Opens the app at `query` and waits until its view (and a map's boundaries) are drawn. */
async function ready(t, query, opts = {}) {
  const page = await openApp(query, { t, ...opts });
  await waitForApp(page);
  if (/view=map/.test(query)) await page.locator('.map-view .echart').first().waitFor({ timeout: 20_000 });
  await waitForCharts(page);
  return page;
}

const VIEWS = ['line', 'bar', 'map', 'table', 'sources'];
const LOOKS = [
  { name: 'Vietnamese, light', query: '' },
  { name: 'English, dark', query: '&lang=en&theme=dark' },
];

for (const look of LOOKS) {
  for (const view of VIEWS) {
    test(`axe finds no violation in the ${view} view (${look.name}, 1280 px)`, async (t) => {
      const page = await ready(t, `?anim=0&view=${view}${look.query}`);
      await assertAxeClean(page, `the ${view} view (${look.name})`);
    });
  }
}

test('axe finds no violation in a district drill-down with a profile open and a rating indicator', async (t) => {
  const page = await ready(t, '?anim=0&level=commune&in=423@2013&profile=413@2020&view=table');
  await assertAxeClean(page, 'the drill-down with a profile');
  const rating = await ready(t, '?anim=0&level=district&ind=district_party_committee_rating&view=bar&lang=en');
  await assertAxeClean(rating, 'the ratings view');
});

for (const look of LOOKS) {
  test(`axe finds no violation on a phone with the filter drawer open (${look.name})`, async (t) => {
    const page = await ready(t, `?anim=0${look.query}`, { viewport: PHONE });
    await page.locator('.filters-toggle').click();
    await page.locator('#filters.open').waitFor();
    await assertAxeClean(page, `the phone drawer (${look.name})`);
    await screenshot(page, `a11y-phone-drawer-${look.query ? 'en-dark' : 'vi-light'}`);
  });

  test(`axe finds no violation on a phone, where the tables read as cards (${look.name})`, async (t) => {
    const query = `?anim=0&view=table&level=district&ind=grassroots_party_orgs&units=412@2013~413@2013${look.query}`;
    const page = await ready(t, query, { viewport: PHONE });
    await assertAxeClean(page, `the phone's table cards (${look.name})`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.equal(wide, PHONE.width, 'nothing is wider than the phone');
    await screenshot(page, `a11y-phone-table-${look.query ? 'en-dark' : 'vi-light'}`);
  });

  test(`axe finds no violation in embed mode, chart and table (${look.name})`, async (t) => {
    const page = await ready(t, `?anim=0&embed=table${look.query}`, { viewport: PHONE });
    await assertAxeClean(page, `the embedded chart and table (${look.name})`);
    const table = await ready(t, `?anim=0&embed=1&view=table&filters=1${look.query}`);
    await assertAxeClean(table, `the embedded table with filters (${look.name})`);
  });
}

test('axe finds no violation in an embed of the default view, which the app never replaces, light and dark', async (t) => {
  const page = await ready(t, '?embed=chart&eid=a11y', { viewport: PHONE });
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('pr-static')), 'the static embed');
  await assertAxeClean(page, 'the static embed (light)');
  await page.emulateMedia({ colorScheme: 'dark' });
  await waitForCharts(page);
  await assertAxeClean(page, 'the static embed (dark)');
  await screenshot(page, 'a11y-embed-static-dark');
});

/** What has focus: a short description, and whether it shows a focus indicator. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { body: true };
    // A select drawn by its face (the indicator): the face shows the ring; the select lies transparent on top.
    const ring = el.closest('.select-face')?.querySelector('.face') ?? el;
    const s = getComputedStyle(ring);
    const drawn = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    const visible = drawn && (ring !== el || getComputedStyle(el).opacity !== '0');
    const r = el.getBoundingClientRect();
    return {
      body: false,
      desc: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} "${(el.getAttribute('aria-label') || el.textContent || el.value || '').trim().slice(0, 40)}"`,
      visible,
      shown: r.width > 0 && r.height > 0,
      focusVisible: el.matches(':focus-visible'),
    };
  });
}

async function assertFocusNotLost(page, after) {
  await page.waitForTimeout(100);
  const f = await focused(page);
  assert.equal(f.body, false, `focus was lost to <body> after ${after}`);
  assert.ok(f.visible && f.focusVisible, `focus is not visible after ${after}: ${f.desc}`);
  return f;
}

for (const viewport of [{ width: 1280, height: 800 }, PHONE]) {
  test(`Tab walks the page at ${viewport.width} px: a visible focus on a shown control at every stop, never <body>`, async (t) => {
    const page = await ready(t, '?anim=0', { viewport });
    const seen = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      const f = await focused(page);
      if (f.body) break; // past the last control, the browser's own UI would be next
      assert.ok(f.visible && f.focusVisible, `stop ${i + 1} has no visible focus: ${f.desc}`);
      assert.ok(f.shown, `stop ${i + 1} is not laid out (hidden): ${f.desc}`);
      seen.push(f.desc);
    }
    assert.match(seen[0], /skip-link/, `the first stop is the skip link: ${seen[0]}`);
    assert.ok(seen.some((d) => /role|tab-line/.test(d)), `the walk reaches the tabs: ${seen.join(', ')}`);
    // One stop for the tab row and one for the toolbar (roving tabindex): not one per button.
    assert.equal(seen.filter((d) => /^button#tab-/.test(d)).length, 1, `one tab stop: ${seen.join(', ')}`);
  });
}

test('the skip link moves focus to the view, past the header and the filters', async (t) => {
  const page = await ready(t, '?anim=0');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  const id = await page.evaluate(() => document.activeElement?.id);
  assert.equal(id, 'view-panel');
  assert.doesNotMatch(page.url(), /#/, 'the address keeps no fragment');
});

test('the tabs follow the ARIA tabs pattern: arrows, Home and End move focus, Enter opens, one tab stop', async (t) => {
  const page = await ready(t, '?anim=0');
  await page.locator('#tab-line').focus();
  const tabindex = await page.locator('[role="tab"]').evaluateAll((l) => l.map((e) => e.getAttribute('tabindex')));
  assert.deepEqual(tabindex, ['0', '-1', '-1', '-1', '-1']);
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-bar');
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-sources');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-line', 'ArrowRight wraps to the first');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-sources', 'ArrowLeft wraps to the last');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await page.getByTestId('data-table').waitFor();
  assert.equal(await page.locator('#tab-table').getAttribute('aria-selected'), 'true');
  assert.equal(await page.locator('#tab-table').getAttribute('tabindex'), '0');
  await assertFocusNotLost(page, 'opening a tab');
});

test('the export toolbar follows the ARIA toolbar pattern: one stop, arrows, Home and End', async (t) => {
  const page = await ready(t, '?anim=0');
  const bar = page.getByRole('toolbar');
  const stops = await bar.locator('button').evaluateAll((l) => l.filter((e) => e.tabIndex === 0).length);
  assert.equal(stops, 1, 'one button of the toolbar is in the Tab order');
  await bar.locator('button').first().focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Nhúng');
  await page.keyboard.press('End');
  assert.match(await page.evaluate(() => document.activeElement.textContent), /Toàn bộ dữ liệu/);
  assert.equal(await page.evaluate(() => document.activeElement.tabIndex), 0, 'the focused button is the stop');
  await page.keyboard.press('Home');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Chia sẻ');
  await assertFocusNotLost(page, 'moving in the toolbar');
});

test('removing a chip moves focus to the next chip, then to the field it belongs to', async (t) => {
  const page = await ready(t, '?anim=0&level=district&units=412@2013~413@2013');
  const chips = page.locator('.place-chips button');
  assert.equal(await chips.count(), 2);
  await chips.first().focus();
  await page.keyboard.press('Enter');
  const f = await assertFocusNotLost(page, 'removing the first unit chip');
  assert.match(f.desc, /Bỏ /, `focus is on the remaining chip: ${f.desc}`);
  await page.keyboard.press('Enter');
  const g = await assertFocusNotLost(page, 'removing the last unit chip');
  assert.match(g.desc, /place-search/, `focus is on the unit search: ${g.desc}`);
  // The indicator chip (the compared indicator of the default view).
  await page.getByRole('button', { name: /^Bỏ Tổ chức đảng yếu kém/ }).focus();
  await page.keyboard.press('Enter');
  const h = await assertFocusNotLost(page, 'removing the indicator chip');
  assert.match(h.desc, /compare/, `focus is on the compare select: ${h.desc}`);
});

test('ticking a unit keeps focus on its box; "clear all" shows only with a selection and hands focus to the search', async (t) => {
  const page = await ready(t, '?anim=0');
  const clear = page.getByRole('button', { name: 'Bỏ chọn tất cả' });
  assert.equal(await clear.count(), 0, 'nothing chosen: no "clear all"');
  // The list is drawn again when a box is ticked: focus stays on that box (its successor), not on <body>.
  await page.getByRole('checkbox', { name: /Tỉnh Nghệ An/ }).focus();
  await page.keyboard.press('Space');
  await clear.waitFor();
  const box = await assertFocusNotLost(page, 'ticking a unit');
  assert.match(box.desc, /^input/, `focus is on the ticked box: ${box.desc}`);
  assert.equal(await page.evaluate(() => document.activeElement.checked), true);
  await clear.focus();
  await page.keyboard.press('Enter');
  const f = await assertFocusNotLost(page, '"clear all"');
  assert.match(f.desc, /place-search/);
});

test('the breadcrumb and closing a profile leave focus on a neighbour, not <body>', async (t) => {
  const page = await ready(t, '?anim=0&level=commune&in=423@2013&profile=413@2020');
  await page.getByTestId('profile').getByRole('button', { name: /Đóng|Close/ }).first().focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('profile').waitFor({ state: 'detached' });
  await assertFocusNotLost(page, 'closing the profile');
  await page.locator('.breadcrumb button').first().focus();
  await page.keyboard.press('Enter');
  await page.locator('.breadcrumb').waitFor({ state: 'detached' });
  await assertFocusNotLost(page, 'the breadcrumb');
});

test('Escape closes the phone filter drawer and gives focus back to its button', async (t) => {
  const page = await ready(t, '?anim=0', { viewport: PHONE });
  await page.locator('.filters-toggle').focus();
  await page.keyboard.press('Enter');
  await page.locator('#filters.open').waitFor();
  await page.locator('#level').focus();
  await page.keyboard.press('Escape');
  await page.locator('#filters.open').waitFor({ state: 'detached' });
  assert.equal(await page.locator('.filters-toggle').getAttribute('aria-expanded'), 'false');
  const f = await assertFocusNotLost(page, 'Escape in the drawer');
  assert.match(f.desc, /filters-toggle/);
});
