// "Xuất bản / Publish", the whole round trip of the Organisation Board: the data tool's template sheet with one
// figure changed (value and sentence) opens in the app; the Publish panel lists exactly that change; the dataset
// JSON and the review report CSV download under names that say what they are; the data tool's `validate` accepts
// the downloaded dataset and its `diff` sees the same one change.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, openApp, screenshot, waitForApp } from './support/browser.mjs';

/** The data tool's binary, built by cargo (quick when it is already built). */
function dataTool() {
  execFileSync('cargo', ['build', '--quiet', '-p', 'chiso-data', '--bin', 'chiso-data'], { cwd: REPO_ROOT, stdio: 'inherit' });
  return join(REPO_ROOT, 'target', 'debug', 'chiso-data');
}

/** The template's filled sheet with the province's Party members of July 2020 changed (a test edit). */
function editedTemplate(tool, dir) {
  execFileSync(tool, ['template', join(dir, 'mau')], { cwd: REPO_ROOT });
  const sheet = readFileSync(join(dir, 'mau', 'published-figures.csv'), 'utf8');
  const edited = sheet
    .replace('2020-07,193132,', '2020-07,193500,')
    .replace('tổng số 193.132 đảng viên.', 'tổng số 193.500 đảng viên (số sửa thử).');
  assert.notEqual(edited, sheet, 'the figure to edit is in the template');
  const path = join(dir, 'so-lieu-moi.csv');
  writeFileSync(path, edited);
  return path;
}

async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

test('the template with one changed figure publishes that change, and the data tool accepts the downloaded file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chiso-publish-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const tool = dataTool();
  const sheet = editedTemplate(tool, dir);

  const page = await openApp('?anim=0', { t });
  await waitForApp(page);
  await page.getByRole('button', { name: 'Mở tệp dữ liệu của bạn' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mở tệp dữ liệu của bạn' });
  await dialog.getByLabel('Chọn tệp').setInputFiles(sheet);
  await dialog.getByText('Đã mở so-lieu-moi.csv').waitFor();

  const panel = dialog.getByRole('region', { name: 'Xuất bản' });
  await panel.getByRole('button', { name: 'So sánh với số liệu đang công bố' }).click();
  assert.equal(await panel.getByTestId('publish-summary').innerText(), 'Thêm 0, bớt 0, sửa 1 số liệu; 150 số liệu giữ nguyên.');
  const changes = await panel.getByTestId('publish-changes').locator('li').allInnerTexts();
  assert.equal(changes.length, 1, changes.join('\n'));
  assert.match(changes[0], /^sửa Đảng viên.* · Tỉnh Nghệ An \(40\) · 7\/2020: 193\.132 → 193\.500\n/);
  assert.match(changes[0], /Nguồn: .*sáp nhập đơn vị hành chính.*Cũng sửa: câu trích dẫn/s);
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'publish-panel');

  const json = await download(page, panel.getByRole('button', { name: 'Tải bộ dữ liệu (nghe-an.json)' }));
  assert.equal(json.name, 'nghe-an.json');
  const today = await page.evaluate(() => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  });
  const ds = JSON.parse(json.text);
  assert.equal(ds.$schema, 'schema.json');
  assert.equal(ds.published, today);
  assert.ok(ds.sources.length > 0 && ds.observations.length === 151);

  const report = await download(page, panel.getByRole('button', { name: 'Tải báo cáo kiểm tra (CSV)' }));
  assert.equal(report.name, `bao-cao-kiem-tra-${today}.csv`);
  const lines = report.text.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], 'loại,mã chỉ số,chỉ số,mã đơn vị,đơn vị,thời điểm,giá trị cũ,giá trị mới,nguồn,ghi chú');
  assert.match(lines[1], /^sửa,party_members,.*,40,Tỉnh Nghệ An,7\/2020,193\.132,193\.500,/);
  assert.ok(lines.slice(2).every((l) => l.startsWith('cảnh báo,')), 'then the warnings of the check');

  // The data tool writes the same report from the same sheet (the same code, chiso_data::publish).
  const cliReport = join(dir, 'bao-cao.csv');
  execFileSync(tool, ['diff', join(REPO_ROOT, 'data', 'nghe-an.json'), sheet, '--report', cliReport], { cwd: REPO_ROOT, stdio: 'ignore' });
  assert.equal(report.text, readFileSync(cliReport, 'utf8'));

  // The data tool accepts the downloaded dataset as it is, and sees the same single change.
  const published = join(dir, 'nghe-an.json');
  writeFileSync(published, json.text);
  const validate = spawnSync(tool, ['validate', published], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(validate.status, 0, `validate refused the file:\n${validate.stdout}${validate.stderr}`);
  assert.match(validate.stdout, /nghe-an\.json: 0 lỗi/);
  const diff = spawnSync(tool, ['diff', join(REPO_ROOT, 'data', 'nghe-an.json'), published], { cwd: REPO_ROOT, encoding: 'utf8' });
  assert.equal(diff.status, 0, diff.stderr);
  assert.match(diff.stdout, /^Số liệu: thêm 0, bớt 0, sửa 1, giữ nguyên 150\n~ party_members · Tỉnh Nghệ An \(40\) · 2020-07: value 193132 → 193500; sentence\n/);

  // On a phone.
  await page.setViewportSize({ width: 360, height: 740 });
  await panel.scrollIntoViewIfNeeded();
  await screenshot(page, 'publish-panel-phone');
});

test('the published figures opened unchanged say there is nothing to publish', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chiso-publish-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync(dataTool(), ['template', dir], { cwd: REPO_ROOT });
  const page = await openApp('?anim=0&lang=en', { t });
  await waitForApp(page);
  await page.getByRole('button', { name: 'Open your data file' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open your data file' });
  await dialog.getByLabel('Choose a file').setInputFiles(join(dir, 'published-figures.csv'));
  await dialog.getByText('published-figures.csv is open').waitFor();
  const panel = dialog.getByRole('region', { name: 'Publish' });
  await panel.getByRole('button', { name: 'Compare with the published data' }).click();
  assert.equal(
    await panel.getByTestId('publish-summary').innerText(),
    'No change: the file holds the same figures as the published data (151 figures).',
  );
  assert.equal(await panel.getByTestId('publish-changes').count(), 0);
});
