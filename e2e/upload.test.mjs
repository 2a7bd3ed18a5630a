// "Open your own file": a sheet with two errors shows both with their rows and is not opened; the fixed sheet
// opens under a banner that says it is not published data, and the reader can go back. A 50 MB sheet is read in
// slices with a moving progress bar. The reading and checking happen in the file worker (a second wasm, loaded
// when the dialog first opens): a worker that cannot start or stops says so, and a retry reads the same file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HEADER, spread } from '../bench/sheets.mjs';
import { REPO_ROOT, openApp, screenshot, waitForApp } from './support/browser.mjs';
import { recordLongTasks } from './support/in-page.mjs';

const row = (indicator, code, period, value, sentence) =>
  `${indicator},${code},,${period},${value},Báo cáo thử,https://example.org/bao-cao,2026,Ban Tổ chức,"${sentence}",vi,`;

function sheet(rows) {
  return Buffer.from(`${[HEADER, ...rows].join('\r\n')}\r\n`, 'utf8');
}

async function openSheet(page, name, buffer) {
  await page.getByRole('button', { name: 'Mở tệp dữ liệu của bạn' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mở tệp dữ liệu của bạn' });
  await dialog.getByLabel('Chọn tệp').setInputFiles({ name, mimeType: 'text/csv', buffer });
  return dialog;
}

/**
 * The values the progress bar shows until `done` is visible. Stops at once, failing with its text, if the file is
 * refused instead (an alert): waiting on for a file that will never open kept the test polling for minutes.
 */
async function watchProgress(page, dialog, done, { refused = false } = {}) {
  const seen = new Set();
  const alert = dialog.getByRole('alert');
  while (!(await done.isVisible())) {
    if (!refused && (await alert.isVisible())) assert.fail(`the file was refused: ${(await alert.innerText()).slice(0, 500)}`);
    const value = await page.evaluate(() => document.querySelector('dialog progress')?.value ?? null);
    if (value !== null) seen.add(value);
    await new Promise((r) => setTimeout(r, 20));
  }
  return seen;
}

/** The scripts of the page's dedicated workers. */
const workerFiles = (page) => page.workers().map((w) => w.url());

test('a sheet with two errors lists both with their rows; the fixed sheet opens under a banner', async (t) => {
  const page = await openApp('?anim=0', { t });
  await waitForApp(page);
  assert.deepEqual(await workerFiles(page), [], 'the file worker is not part of the first load');

  const bad = sheet([
    row('clean_strong_orgs_pct', '40', '2015', '70.5', 'Tỉ lệ đạt 70,5%.'),
    row('clean_strong_orgs_pct', '40', '2016', '104.5', 'Tỉ lệ đạt 104,5%.'),
    row('party_members', '99999', '2016', '1200', 'Có 1.200 đảng viên.'),
  ]);
  const dialog = await openSheet(page, 'so-lieu-thu.csv', bad);
  const issues = dialog.getByTestId('import-issues');
  await issues.waitFor();
  assert.ok((await workerFiles(page)).some((n) => n.endsWith('/chiso-worker_loader.js')), 'the worker read the file');
  const rows = await issues.locator('tbody tr').allInnerTexts();
  const errors = rows.filter((r) => r.includes('Lỗi'));
  assert.equal(errors.length, 2, rows.join('\n'));
  assert.match(errors.join('\n'), /^3\t/m, 'the percent above 100 is on row 3');
  assert.match(errors.join('\n'), /^4\t/m, 'the unknown unit is on row 4');
  assert.match(await dialog.getByRole('alert').innerText(), /2 lỗi/);
  assert.equal(await page.getByTestId('own-data-banner').count(), 0, 'nothing was opened');
  await screenshot(page, 'upload-errors');

  const fixed = sheet([
    row('clean_strong_orgs_pct', '40', '2015', '70.5', 'Tỉ lệ đạt 70,5%.'),
    row('clean_strong_orgs_pct', '40', '2016', '71.5', 'Tỉ lệ đạt 71,5%.'),
  ]);
  await dialog.getByLabel('Chọn tệp').setInputFiles({ name: 'so-lieu-thu.csv', mimeType: 'text/csv', buffer: fixed });
  await dialog.getByText('Đã mở so-lieu-thu.csv').waitFor();
  await dialog.getByRole('button', { name: 'Đóng' }).click();
  const banner = page.getByTestId('own-data-banner');
  await banner.waitFor();
  assert.match(await banner.innerText(), /Tệp của bạn: so-lieu-thu\.csv — không phải số liệu đã công bố/);
  await page.getByRole('img', { name: /70,5%.*71,5%/ }).waitFor();
  await screenshot(page, 'upload-opened');

  await banner.getByRole('button', { name: 'Quay lại số liệu đã công bố' }).click();
  await page.getByRole('img', { name: /63,04%.*68,6%/ }).waitFor();
  assert.equal(await page.getByTestId('own-data-banner').count(), 0);
});

test('a file worker that cannot start says so, and a retry reads the file chosen', async (t) => {
  const page = await openApp('?anim=0', {
    t,
    allowErrors: [/test: no worker/],
    before: (p) =>
      p.addInitScript(() => {
        window.__Worker = window.Worker;
        window.Worker = function () {
          throw new Error('test: no worker');
        };
      }),
  });
  await waitForApp(page);
  const good = sheet([row('clean_strong_orgs_pct', '40', '2015', '70.5', 'Tỉ lệ đạt 70,5%.')]);
  const dialog = await openSheet(page, 'so-lieu-thu.csv', good);
  const alert = dialog.getByTestId('worker-trouble');
  await alert.waitFor();
  assert.match(await alert.innerText(), /Không khởi động được phần đọc tệp \(test: no worker\)/);
  await screenshot(page, 'upload-worker-failed');
  await page.setViewportSize({ width: 360, height: 740 });
  await screenshot(page, 'upload-worker-failed-phone');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.evaluate(() => {
    window.Worker = window.__Worker;
  });
  await alert.getByRole('button', { name: 'Thử lại' }).click();
  await dialog.getByText('Đã mở so-lieu-thu.csv').waitFor();
});

test('a file worker that stops while reading says so, keeps the page, and a retry starts a new one', async (t) => {
  const page = await openApp('?anim=0&lang=en', {
    t,
    allowErrors: [/test crash/],
    before: (p) =>
      p.addInitScript(() => {
        // The first message to a worker is followed by an error event, as a crash (a panic aborts the worker) is.
        const post = Worker.prototype.postMessage;
        window.__crash = true;
        Worker.prototype.postMessage = function (...args) {
          post.apply(this, args);
          if (window.__crash) {
            window.__crash = false;
            this.dispatchEvent(new ErrorEvent('error', { message: 'test crash' }));
          }
        };
      }),
  });
  await waitForApp(page);
  const good = sheet([row('clean_strong_orgs_pct', '40', '2015', '70.5', 'Tỉ lệ đạt 70,5%.')]);
  await page.getByRole('button', { name: 'Open your data file' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open your data file' });
  await dialog.getByLabel('Choose a file').setInputFiles({ name: 'mine.csv', mimeType: 'text/csv', buffer: good });
  const alert = dialog.getByTestId('worker-trouble');
  await alert.waitFor();
  assert.match(await alert.innerText(), /The file reader stopped with an error \(test crash\)\. The file you chose is kept: try again\./);
  await alert.getByRole('button', { name: 'Try again' }).click();
  await dialog.getByText('mine.csv is open').waitFor();
});

test('a file that is not UTF-8 is refused with a message that says how to save it', async (t) => {
  const page = await openApp('?anim=0', { t });
  await waitForApp(page);
  // "Nghệ An" in Windows-1258 is not valid UTF-8.
  const bytes = Buffer.concat([Buffer.from(`${HEADER}\r\nparty_members,40,Ngh`), Buffer.from([0xea, 0xd2]), Buffer.from(' An,2016,1,x,,2016,,x,vi,\r\n')]);
  const dialog = await openSheet(page, 'excel.csv', bytes);
  await dialog.getByRole('alert').waitFor();
  assert.match(await dialog.getByRole('alert').innerText(), /UTF-8/);
});

test('a 50 MB sheet is read in slices: the progress bar moves, the page answers, then it opens', async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'chiso-')), 'bang-tinh-lon.csv');
  const rows = spread(path, false);
  t.after(() => rmSync(path, { force: true }));
  const size = statSync(path).size;
  assert.ok(size > 45e6 && size < 64 * 1024 * 1024, `${size} bytes: large, but under the stated limit`);

  const page = await openApp('?anim=0', { t });
  await waitForApp(page);
  await page.evaluate(recordLongTasks);
  await page.getByRole('button', { name: 'Mở tệp dữ liệu của bạn' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mở tệp dữ liệu của bạn' });
  await dialog.getByLabel('Chọn tệp').setInputFiles(path);
  // Each read of the bar is a separate task in the page: seeing it at several values means the page painted and
  // answered between slices instead of freezing until the end.
  const seen = await watchProgress(page, dialog, dialog.getByText('Đã mở bang-tinh-lon.csv'));
  assert.ok(seen.size >= 3, `the bar showed ${[...seen].join(', ')}`);
  const longest = Math.max(0, ...(await page.evaluate(() => window.__longTasks)));
  t.diagnostic(`${rows} rows, ${size} bytes; bar values seen: ${seen.size}; longest task ${Math.round(longest)} ms`);
  await dialog.getByRole('button', { name: 'Đóng' }).click();
  assert.match(await page.getByTestId('own-data-banner').innerText(), /bang-tinh-lon\.csv — không phải số liệu đã công bố/);
});

test('a 50 MB sheet where nearly every row is an error: the page answers, shows 500 lines, counts the rest and downloads them all', async (t) => {
  const path = join(mkdtempSync(join(tmpdir(), 'chiso-')), 'bang-tinh-loi.csv');
  const rows = spread(path, false, { valueInSentence: false });
  t.after(() => rmSync(path, { force: true }));

  const page = await openApp('?anim=0', { t });
  await waitForApp(page);
  await page.evaluate(recordLongTasks);
  await page.getByRole('button', { name: 'Mở tệp dữ liệu của bạn' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mở tệp dữ liệu của bạn' });
  await dialog.getByLabel('Chọn tệp').setInputFiles(path);
  const alert = dialog.getByRole('alert');
  const seen = await watchProgress(page, dialog, alert, { refused: true });
  assert.ok(seen.size >= 3, `the bar showed ${[...seen].join(', ')}`);

  const head = await alert.locator('p').first().innerText();
  const errors = Number(/: ([\d.]+) lỗi/.exec(head)?.[1].replaceAll('.', ''));
  assert.ok(errors > 0.9 * rows && errors <= rows, head);
  assert.equal(await dialog.getByTestId('import-issues').locator('tbody tr').count(), 500, 'the table stops at 500 lines');
  const leftOff = (errors - 500).toLocaleString('de-DE');
  assert.equal(await dialog.getByTestId('issues-left-off').innerText(), `… và ${leftOff} vấn đề khác không hiện ở đây.`);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Tải toàn bộ danh sách lỗi (CSV)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'loi-bang-tinh-loi.csv');
  const lines = readFileSync(await download.path(), 'utf8').trimEnd().split('\r\n');
  assert.equal(lines[0], '\uFEFFtệp,dòng,cột,giá trị,mức,lỗi,cách sửa');
  assert.equal(lines.length - 1, errors, 'every error is in the downloaded list');
  const longest = Math.max(0, ...(await page.evaluate(() => window.__longTasks)));
  t.diagnostic(`${rows} rows, ${errors} errors; bar values seen: ${seen.size}; longest task ${Math.round(longest)} ms`);
  await screenshot(page, 'upload-many-errors');
});

test('the published figures download as the sheet to start from, the bytes of the data tool\'s template', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chiso-template-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('cargo', ['build', '--quiet', '-p', 'chiso-data', '--bin', 'chiso-data'], { cwd: REPO_ROOT, stdio: 'inherit' });
  execFileSync(join(REPO_ROOT, 'target', 'debug', 'chiso-data'), ['template', dir], { cwd: REPO_ROOT });

  const page = await openApp('?anim=0', { t });
  await waitForApp(page);
  await page.getByRole('button', { name: 'Mở tệp dữ liệu của bạn' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mở tệp dữ liệu của bạn' });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    dialog.getByRole('button', { name: 'Tải bảng số liệu đang công bố (CSV)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'published-figures.csv');
  assert.ok(readFileSync(await download.path()).equals(readFileSync(join(dir, 'published-figures.csv'))));
});
