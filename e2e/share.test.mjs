// Share, export and presentation: the downloaded CSV matches the table, the PNG is a real picture, the embed
// dialog gives a working snippet, phones and dark mode look right.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { openApp, screenshot, waitForApp } from './support/browser.mjs';

/** A small RFC 4180 reader (quotes, doubled quotes, line breaks inside quotes); strips the BOM. */
function parseCsv(text) {
  assert.equal(text.charCodeAt(0), 0xfeff, 'the CSV starts with a BOM so Excel reads UTF-8');
  text = text.slice(1);
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

async function download(page, buttonName) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: buttonName }).click()]);
  return { name: file.suggestedFilename(), path: await file.path() };
}

test('the downloaded CSV parses, matches the table and neutralises formula cells', async (t) => {
  const page = await openApp('?anim=0&level=district&units=423@2013&ind=clean_strong_orgs_pct&view=table', { t });
  await waitForApp(page);
  const { name, path } = await download(page, 'Tải CSV');
  assert.equal(name, 'chiso_clean-strong-orgs_tan-ky_2013.csv');
  const rows = parseCsv(await readFile(path, 'utf8'));
  const [header, ...data] = rows;
  assert.equal(header[0], 'indicator_id');
  assert.ok(rows.every((r) => r.length === header.length), 'every row has every column');
  const col = (n) => header.indexOf(n);
  assert.equal(data.length, 1);
  assert.equal(data[0][col('unit')], 'Huyện Tân Kỳ');
  assert.equal(data[0][col('value')], '61');
  assert.equal(data[0][col('reference_period')], '2013');
  assert.match(data[0][col('exact_sentence')], /61% of Party cells/);
  const tableValue = await page.getByTestId('data-table').getByRole('row', { name: /Huyện Tân Kỳ/ }).getByRole('cell').nth(2).innerText();
  assert.equal(tableValue, '61%');

  const all = parseCsv(await readFile((await download(page, 'Toàn bộ dữ liệu (CSV)')).path, 'utf8'));
  assert.equal(all.length, 152, 'header and 151 figures');
  for (const r of all.slice(1)) {
    for (const cell of r) {
      assert.ok(!/^[=+\-@\t\r]/.test(cell) || /^-?\d/.test(cell), `a text cell may not start a formula: ${cell}`);
    }
  }
});

test('the PNG download is a real picture twice the chart size, and the SVG is an SVG', async (t) => {
  const page = await openApp('?anim=0', { t });
  await waitForApp(page);
  const png = await download(page, 'Tải ảnh PNG');
  assert.equal(png.name, 'chiso_clean-strong-orgs_nghe-an_2001-2013.png');
  const bytes = await readFile(png.path);
  assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'PNG signature');
  const info = await page.evaluate(async (b64) => {
    // Decoded here, not fetched from a data: URL: the page's Content-Security-Policy allows fetches of its own files only.
    const blob = new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' });
    const bmp = await createImageBitmap(blob);
    const canvas = new OffscreenCanvas(bmp.width, bmp.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(bmp, 0, 0);
    const { data } = ctx.getImageData(0, 0, bmp.width, bmp.height);
    const colours = new Set();
    for (let i = 0; i < data.length; i += 4 * 97) colours.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
    return { width: bmp.width, height: bmp.height, colours: colours.size };
  }, bytes.toString('base64'));
  assert.equal(info.width, 2000, 'drawn at 2× a 1000 px wide frame');
  assert.ok(info.height > 800);
  assert.ok(info.colours > 10, `the image is not blank (${info.colours} colours sampled)`);

  const svg = await download(page, 'Tải ảnh SVG');
  const text = await readFile(svg.path, 'utf8');
  assert.match(text, /^<svg/);
  assert.match(text, /Nguồn: Báo Nghệ An, 2014/);
});

test('the embed dialog gives an iframe snippet of the current view with a working preview', async (t) => {
  const page = await openApp('?anim=0', { t });
  await waitForApp(page);
  await page.getByRole('button', { name: 'Nhúng' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nhúng vào bài viết' });
  await dialog.waitFor();
  const snippet = await dialog.getByLabel('Mã nhúng (HTML)').inputValue();
  assert.match(snippet, /^<iframe src="[^"]+\?v=1&amp;embed=chart&amp;eid=chiso-[0-9a-f]{8}(&amp;anim=0)?"/);
  assert.match(snippet, /title="Tổ chức đảng trong sạch vững mạnh/);
  await dialog.getByLabel('Biểu đồ và bảng').check();
  assert.match(await dialog.getByLabel('Mã nhúng (HTML)').inputValue(), /embed=table/);
  const frame = page.frameLocator('iframe.embed-preview');
  await frame.locator('[data-ready="true"]').waitFor();
  await frame.getByText(/Nguồn: Báo Nghệ An, 2014/).waitFor();
  await screenshot(page, 'embed-dialog');
  await dialog.getByRole('button', { name: 'Đóng' }).click();
  await page.locator('iframe.embed-preview').waitFor({ state: 'detached' });
});

test('embed mode shows the chart with its title, source and a link to the full explorer', async (t) => {
  const page = await openApp('?anim=0&embed=chart&eid=x1', { t, viewport: { width: 320, height: 600 } });
  await waitForApp(page);
  assert.equal(await page.locator('.site-header').count(), 0);
  assert.equal(await page.locator('aside.controls').count(), 0, 'no filters unless asked for');
  await page.getByText('Nguồn: Báo Nghệ An, 2014').waitFor();
  const open = page.getByRole('link', { name: /Mở trong Chỉ số/ });
  assert.doesNotMatch(await open.getAttribute('href'), /embed=/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 320 px (${overflow} px too wide)`);
  await screenshot(page, 'embed-320');
});

test('on a 360×640 phone the filters are a drawer and nothing scrolls sideways', async (t) => {
  const page = await openApp('?anim=0', { t, viewport: { width: 360, height: 640 } });
  await waitForApp(page);
  const toggle = page.getByRole('button', { name: 'Bộ lọc' });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await page.getByLabel('Cấp', { exact: true }).isVisible(), false, 'the filters start closed');
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok((await overflow()) <= 0, 'no horizontal scrolling');
  await screenshot(page, 'phone-360');
  await toggle.click();
  await page.getByLabel('Cấp', { exact: true }).waitFor({ state: 'visible' });
  await screenshot(page, 'phone-360-filters');
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('button, select, input[type="search"]')]
      .filter((e) => e.offsetParent !== null)
      .map((e) => ({ text: e.textContent.trim() || e.getAttribute('aria-label') || e.tagName, h: e.getBoundingClientRect().height }))
      .filter((e) => e.h < 44),
  );
  assert.deepEqual(small, [], 'touch targets are at least 44 px high');
});

test('dark mode follows the system and the toggle, and charts follow it', async (t) => {
  const page = await openApp('?anim=0', { t });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await waitForApp(page);
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(bg, 'rgb(255, 255, 255)');
  await screenshot(page, 'dark-mode');
  await page.getByRole('button', { name: 'Nền tối' }).click();
  assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
  assert.match(page.url(), /theme=light/);
});
