// "Open your own file": a sheet with two errors shows both with their rows and is not opened; the fixed sheet
// opens under a banner that says it is not published data, and the reader can go back.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshot, waitForApp } from './support/browser.mjs';

const HEADER =
  'indicator,unit_code,unit_name,reference_period,value,source_title,source_url,source_date,source_publisher,exact_sentence,sentence_language,note';
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

test('a sheet with two errors lists both with their rows; the fixed sheet opens under a banner', async (t) => {
  const page = await openApp('?anim=0', { t });
  await waitForApp(page);

  const bad = sheet([
    row('clean_strong_orgs_pct', '40', '2015', '70.5', 'Tỉ lệ đạt 70,5%.'),
    row('clean_strong_orgs_pct', '40', '2016', '104.5', 'Tỉ lệ đạt 104,5%.'),
    row('party_members', '99999', '2016', '1200', 'Có 1.200 đảng viên.'),
  ]);
  const dialog = await openSheet(page, 'so-lieu-thu.csv', bad);
  const issues = dialog.getByTestId('import-issues');
  await issues.waitFor();
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

test('a file that is not UTF-8 is refused with a message that says how to save it', async (t) => {
  const page = await openApp('?anim=0', { t });
  await waitForApp(page);
  // "Nghệ An" in Windows-1258 is not valid UTF-8.
  const bytes = Buffer.concat([Buffer.from(`${HEADER}\r\nparty_members,40,Ngh`), Buffer.from([0xea, 0xd2]), Buffer.from(' An,2016,1,x,,2016,,x,vi,\r\n')]);
  const dialog = await openSheet(page, 'excel.csv', bytes);
  await dialog.getByRole('alert').waitFor();
  assert.match(await dialog.getByRole('alert').innerText(), /UTF-8/);
});
