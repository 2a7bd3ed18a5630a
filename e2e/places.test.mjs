// Places across the reorganisations: the search that finds former units, unit profiles, and Back/Forward.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, screenshot, waitForApp } from './support/browser.mjs';

test('searching "Cửa Lò" finds the former town, says where it went, and opens its profile', async (t) => {
  const page = await openApp('?anim=0', { t });
  await waitForApp(page);
  await page.getByRole('searchbox', { name: 'Tìm địa danh ở mọi thời kỳ' }).fill('Cửa Lò');
  const hit = page.getByRole('button', { name: /Thị xã Cửa Lò/ });
  await hit.waitFor();
  assert.match(await hit.innerText(), /→ Thành phố Vinh \(1\/1\/2025\)/);
  await hit.click();
  const profile = page.getByTestId('profile');
  await profile.getByRole('heading', { name: 'Thị xã Cửa Lò' }).waitFor();
  assert.match(await profile.innerText(), /Sáp nhập vào Thành phố Vinh từ 1\/1\/2025/);
  assert.match(page.url(), /profile=413@/);
  await screenshot(page, 'profile-cua-lo');
});

test('the Môn Sơn profile reads unchanged in 2020 and part of the new Môn Sơn from 1 July 2025', async (t) => {
  const page = await openApp('?anim=0&lang=en&profile=17263@2013', { t });
  await waitForApp(page);
  const profile = page.getByTestId('profile');
  await profile.getByRole('heading', { name: 'Môn Sơn Commune' }).waitFor();
  const text = await profile.innerText();
  assert.match(text, /Con Cuông District/);
  assert.match(text, /Unchanged on 1 Jan 2020/);
  assert.match(text, /Part of the new Môn Sơn Commune from 1 Jul 2025/);
  await profile.getByRole('button', { name: 'Môn Sơn Commune' }).click();
  await profile.getByText(/Formed on 1 Jul 2025 from/).waitFor();
  const formed = await profile.locator('.history li').first().innerText();
  assert.match(formed, /^Formed on 1 Jul 2025 from: [^,]+, [^,]+$/, 'the predecessors, separated by a comma');
  const text2 = await profile.innerText();
  assert.doesNotMatch(text2, /Formed from:|Became:/, 'the predecessors are not listed a second time');
  await screenshot(page, 'profile-mon-son');
});

test('Back and Forward walk through views, and a reload restores the same view', async (t) => {
  const page = await openApp('?anim=0', { t });
  await waitForApp(page);
  await page.getByRole('tab', { name: 'Bảng' }).click();
  await page.getByTestId('data-table').waitFor();
  assert.match(page.url(), /view=table/);
  await page.goBack();
  await page.getByTestId('chart-line').waitFor();
  assert.equal(await page.getByRole('tab', { name: 'Biểu đồ đường' }).getAttribute('aria-selected'), 'true');
  await page.goForward();
  await page.getByTestId('data-table').waitFor();
  await page.reload();
  await waitForApp(page);
  assert.equal(await page.getByRole('tab', { name: 'Bảng' }).getAttribute('aria-selected'), 'true');
});

test('the sources say which titles were derived from the link, write dates as the rest of the page, and label English notes', async (t) => {
  const page = await openApp('?anim=0&view=sources&level=province&ind=upper_grassroots_party_committees', { t });
  await waitForApp(page);
  const sources = page.locator('section.sources');
  await sources.getByText('Xếp loại 28 đảng bộ trực thuộc Tỉnh ủy Nghệ An năm 2023').first().waitFor();
  const text = await sources.innerText();
  assert.doesNotMatch(text, /URL slug|title not shown/);
  assert.match(text, /\(tiêu đề suy ra từ đường dẫn\)/);
  assert.match(text, /Báo Nghệ An, 1\/2024/);
  assert.doesNotMatch(text, /\b\d{4}-\d{2}(-\d{2})?\b/, 'no ISO dates');
  assert.match(text, /Ghi chú của người biên tập \(tiếng Anh\): /);
  assert.equal(await sources.locator('.notes [lang="en"]').first().count(), 1);
  await screenshot(page, 'sources-derived-title');
});
